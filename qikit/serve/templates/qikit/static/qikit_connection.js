/* qikit: say when the connection is gone, and keep what is typed meanwhile.

   Loaded in the page's <head>, before Voila's bundle, so that it can watch the kernel's
   websocket. The page is "cut off" when
     - the kernel says it is "restarting" or "dead" (a restarted kernel has none of the page's
       widgets: the app behind the page is gone for good), or
     - no kernel websocket has been open for a few seconds, or
     - the server does not answer a small request (HEAD of this file) made every 2 s while the
       page is visible, and at once when the websocket closes.
   Then a banner says so in plain words, every "All changes saved." on the page is taken back,
   and from then on what is typed in each text box is kept in this browser (localStorage). When
   the page is next loaded, the kept text is put back into its boxes once the widgets are drawn,
   so the kernel receives it and saves it; it is forgotten only after the page says "All changes
   saved." again. If the same kernel comes back (a short network drop), the banner goes away. */
(function () {
  'use strict';
  var NativeWebSocket = window.WebSocket;
  if (!NativeWebSocket || window.qikitConnection) { return; }

  var script = document.currentScript;
  var PING_URL = script && script.src ? script.src.split('?')[0] : null;
  var PING_EVERY_MS = 2000;
  var PING_TIMEOUT_MS = 3000;
  var NO_KERNEL_MS = 3000;
  var KEEP_FOR_MS = 14 * 24 * 3600 * 1000;
  var KEPT_PREFIX = 'qikit-kept:';
  var SAVED = /All changes saved/;
  var TEXT_BOXES = '.jupyter-widgets textarea, .jupyter-widgets input[type="text"]';

  var state = {
    kernelGone: false, // the kernel said "restarting" or "dead": this page's app is gone
    sockets: 0, // kernel websockets open now
    everOpen: false,
    closedAt: null, // when the last open kernel websocket closed
    serverDown: false,
    serverWasDown: false,
    leaving: false, // the page is being reloaded or closed: its sockets closing is no news
    lost: false, // the banner is up and typing is being kept
    cannotKeep: false // this browser refused to keep anything (private mode, full storage)
  };

  /* ---- watching the kernel's websocket ------------------------------------------------- */

  function isKernelSocket(url) {
    return /\/api\/kernels\/[^/?#]+\/channels/.test(String(url));
  }

  function QikitWebSocket(url, protocols) {
    var socket = protocols === undefined
      ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    if (isKernelSocket(url)) { watchKernel(socket); }
    return socket;
  }
  QikitWebSocket.prototype = NativeWebSocket.prototype;
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (name) {
    QikitWebSocket[name] = NativeWebSocket[name];
  });
  window.WebSocket = QikitWebSocket;

  function watchKernel(socket) {
    var open = false;
    socket.addEventListener('open', function () {
      open = true;
      state.sockets += 1;
      state.everOpen = true;
      state.closedAt = null;
      update();
    });
    socket.addEventListener('close', function () {
      if (open) { state.sockets -= 1; }
      open = false;
      if (state.sockets === 0) { state.closedAt = Date.now(); }
      if (state.leaving) { return; }
      ping();
      setTimeout(update, NO_KERNEL_MS + 50);
    });
    socket.addEventListener('message', function (event) { readStatus(event.data); });
  }

  var decoder = window.TextDecoder ? new TextDecoder('utf-8') : null;

  /* Voila 0.5 speaks the v1 kernel websocket protocol: binary frames holding JSON parts. A
     status message is small, so only small frames are read. */
  function readStatus(data) {
    var text = '';
    if (typeof data === 'string') {
      text = data.length < 4096 ? data : '';
    } else if (decoder && data instanceof ArrayBuffer && data.byteLength < 4096) {
      text = decoder.decode(new Uint8Array(data));
    }
    if (text.indexOf('execution_state') < 0 || !/"msg_type"\s*:\s*"status"/.test(text)) {
      return;
    }
    var found = /"execution_state"\s*:\s*"(\w+)"/.exec(text);
    if (found && (found[1] === 'dead' || found[1] === 'restarting')) {
      state.kernelGone = true;
      update();
    }
  }

  /* ---- asking the server whether it is there -------------------------------------------- */

  var pinging = false;
  function ping() {
    if (!PING_URL || pinging || state.leaving || !window.fetch) { return; }
    pinging = true;
    var finished = false;
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () {
      if (controller) { controller.abort(); }
      finish(false);
    }, PING_TIMEOUT_MS);
    function finish(answered) {
      if (finished) { return; }
      finished = true;
      pinging = false;
      clearTimeout(timer);
      state.serverDown = !answered;
      if (!answered) { state.serverWasDown = true; }
      update();
    }
    var options = { method: 'HEAD', cache: 'no-store', credentials: 'same-origin' };
    if (controller) { options.signal = controller.signal; }
    fetch(PING_URL + '?alive=' + Date.now(), options).then(
      function (response) { finish(response.status < 500); }, // a proxy says 502/503 when it is gone
      function () { finish(false); }
    );
  }

  setInterval(function () {
    if (document.visibilityState !== 'hidden') { ping(); }
    update();
  }, PING_EVERY_MS);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState !== 'hidden') { ping(); }
  });
  function leaving() { state.leaving = true; }
  window.addEventListener('beforeunload', leaving);
  window.addEventListener('pagehide', leaving);
  window.addEventListener('pageshow', function () { state.leaving = false; });

  /* ---- what the page says ----------------------------------------------------------------- */

  function problem() {
    if (state.serverDown) { return 'server'; }
    var noKernel = state.everOpen && state.sockets === 0 && state.closedAt !== null &&
      Date.now() - state.closedAt >= NO_KERNEL_MS;
    return state.kernelGone || noKernel ? 'kernel' : null;
  }

  function update() {
    if (state.leaving) { return; }
    var now = problem();
    if (now) {
      if (!state.lost) {
        state.lost = true;
        keepEverythingTyped();
      }
      showBanner(now);
      takeBackSaved();
    } else if (state.lost) {
      state.lost = false;
      hideBanner();
      putBackStatuses();
    }
  }

  function words(now) {
    var kept = state.cannotKeep
      ? 'This browser cannot keep what you type: copy anything new into a document before ' +
        'you reload the page.'
      : 'What you type now is kept in this browser and will be saved when you reload the page';
    if (now === 'server') {
      return 'The connection to the server is lost. ' + kept +
        (state.cannotKeep ? '' : ' once the server is back.');
    }
    if (state.serverWasDown) {
      return 'The server is back, but this page has lost its connection to it. ' + kept +
        (state.cannotKeep ? '' : '. Reload the page now.');
    }
    return 'This page has stopped working: the program behind it has stopped. ' + kept +
      (state.cannotKeep ? '' : '.');
  }

  var banner = null;
  function showBanner(now) {
    if (!document.body) { return; }
    if (!banner) {
      banner = document.createElement('div');
      banner.id = 'qikit-connection';
      banner.className = 'qikit-connection';
      banner.setAttribute('role', 'alert');
      var text = document.createElement('p');
      text.className = 'qikit-connection-words';
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'qikit-connection-reload';
      button.textContent = 'Reload the page';
      button.addEventListener('click', function () { window.location.reload(); });
      banner.appendChild(text);
      banner.appendChild(button);
      document.body.insertBefore(banner, document.body.firstChild);
    }
    var said = words(now);
    var line = banner.querySelector('.qikit-connection-words');
    if (line.textContent !== said) { line.textContent = said; }
    // Reloading helps only when the server answers.
    banner.querySelector('button').hidden = now === 'server';
    banner.hidden = false;
    document.body.style.paddingTop = banner.offsetHeight + 'px';
  }

  function hideBanner() {
    if (!banner) { return; }
    banner.hidden = true;
    document.body.style.paddingTop = '';
  }

  function saveStatuses() {
    var found = Array.prototype.slice.call(document.querySelectorAll('.qikit-save-status'));
    document.querySelectorAll('.qikit-note').forEach(function (note) {
      if (SAVED.test(note.textContent) && !note.closest('.qikit-save-status, .qikit-taken-back')) {
        found.push(note);
      }
    });
    return found;
  }

  /* Every save status on the page is taken back ("All changes saved." is no longer true, and
     "Saving..." will not happen): each is hidden, not changed, so that its widget can still
     redraw it if the same kernel comes back, and a plain "Not saved" is shown in its place. */
  function takeBackSaved() {
    saveStatuses().forEach(function (status) {
      if (status.qikitNotSaved || !status.parentNode) { return; }
      var note = document.createElement('p');
      note.className = 'qikit-alert qikit-not-saved';
      note.textContent = state.cannotKeep
        ? 'Not saved: the connection is lost.'
        : 'Not saved: the connection is lost. What you type is kept in this browser until it ' +
          'can be saved.';
      status.classList.add('qikit-taken-back');
      status.insertAdjacentElement('afterend', note);
      status.qikitNotSaved = note;
    });
  }

  function putBackStatuses() {
    saveStatuses().forEach(function (status) {
      if (!status.qikitNotSaved) { return; }
      status.qikitNotSaved.remove();
      delete status.qikitNotSaved;
      status.classList.remove('qikit-taken-back');
    });
  }

  /* ---- keeping what is typed ------------------------------------------------------------ */

  function keptKey() {
    var project = new URLSearchParams(window.location.search).get('project') || '';
    return KEPT_PREFIX + window.location.pathname + '?project=' + project;
  }

  function readKept() {
    try {
      var kept = JSON.parse(window.localStorage.getItem(keptKey()) || '{}');
      return kept && typeof kept === 'object' ? kept : {};
    } catch (error) {
      return {};
    }
  }

  function writeKept(kept) {
    try {
      if (Object.keys(kept).length) {
        window.localStorage.setItem(keptKey(), JSON.stringify(kept));
      } else {
        window.localStorage.removeItem(keptKey());
      }
      return true;
    } catch (error) {
      state.cannotKeep = true;
      return false;
    }
  }

  function isTextBox(element) {
    return element instanceof HTMLElement && element.matches(TEXT_BOXES);
  }

  /* A box is known by its widget's qikit classes, its label and its place among boxes with the
     same classes and label, so it is found again on the next load of the page. */
  function boxName(box) {
    var widget = box.closest('.jupyter-widgets');
    var classes = Array.prototype.filter.call(widget.classList, function (name) {
      return name.indexOf('qikit-') === 0;
    }).sort().join('.');
    var label = widget.querySelector(':scope > .widget-label');
    return box.tagName.toLowerCase() + '|' + classes + '|' +
      (label ? label.textContent.trim() : '');
  }

  function boxesByKey() {
    var seen = {};
    var boxes = {};
    document.querySelectorAll(TEXT_BOXES).forEach(function (box) {
      var name = boxName(box);
      seen[name] = (seen[name] || 0) + 1;
      boxes[name + '|' + seen[name]] = box;
    });
    return boxes;
  }

  function keyOf(box) {
    var boxes = boxesByKey();
    for (var key in boxes) {
      if (boxes[key] === box) { return key; }
    }
    return null;
  }

  var typed = []; // boxes typed in since the page opened

  function keep(boxes) {
    var kept = readKept();
    boxes.forEach(function (box) {
      var key = keyOf(box);
      if (key) { kept[key] = { value: box.value, at: Date.now() }; }
    });
    if (!writeKept(kept) && banner && !banner.hidden) { showBanner(problem() || 'kernel'); }
  }

  /* Text typed just before the connection went (not yet saved) is kept too. */
  function keepEverythingTyped() {
    keep(typed.filter(function (box) { return box.isConnected; }));
  }

  document.addEventListener('input', function (event) {
    var box = event.target;
    if (!isTextBox(box)) { return; }
    if (typed.indexOf(box) < 0) { typed.push(box); }
    if (state.lost) { keep([box]); }
  }, true);

  /* ---- putting it back on the next load --------------------------------------------------- */

  var waiting = null; // kept keys put back, waiting for "All changes saved."

  function putBack() {
    var kept = readKept();
    var now = Date.now();
    Object.keys(kept).forEach(function (key) {
      if (!kept[key] || typeof kept[key].value !== 'string' || now - kept[key].at > KEEP_FOR_MS) {
        delete kept[key];
      }
    });
    writeKept(kept);
    var keys = Object.keys(kept);
    if (!keys.length) { return; }
    var firstBoxAt = null;
    var timer = setInterval(function () {
      if (state.lost || state.sockets === 0) { return; }
      var boxes = boxesByKey();
      if (!Object.keys(boxes).length) { return; }
      firstBoxAt = firstBoxAt || Date.now();
      var all = keys.every(function (key) { return boxes[key]; });
      if (!all && Date.now() - firstBoxAt < 15000) { return; } // still drawing
      clearInterval(timer);
      var changed = [];
      var same = [];
      keys.forEach(function (key) {
        var box = boxes[key];
        if (!box) { return; }
        if (box.value === kept[key].value) { same.push(key); return; }
        box.value = kept[key].value;
        box.dispatchEvent(new Event('input', { bubbles: true }));
        box.dispatchEvent(new Event('change', { bubbles: true }));
        changed.push(key);
      });
      forget(same);
      if (!changed.length) { return; }
      if (!saveStatuses().length) { forget(changed); return; } // nothing on this page saves
      waiting = { keys: changed, sawSaving: false };
      say('What you typed while the connection was lost has been put back. Saving it now...');
      watchSaved();
    }, 500);
  }

  function forget(keys) {
    if (!keys.length) { return; }
    var kept = readKept();
    keys.forEach(function (key) { delete kept[key]; });
    writeKept(kept);
  }

  function watchSaved() {
    var observer = new MutationObserver(function () {
      if (!waiting || state.lost) { return; }
      var statuses = saveStatuses().map(function (status) { return status.textContent; });
      if (statuses.some(function (text) { return !SAVED.test(text); })) {
        waiting.sawSaving = true;
        return;
      }
      if (waiting.sawSaving && statuses.length) {
        forget(waiting.keys);
        waiting = null;
        observer.disconnect();
        say('What you typed while the connection was lost has been put back and saved.');
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  var note = null;
  function say(text) {
    if (!note) {
      note = document.createElement('div');
      note.className = 'qikit-note qikit-connection-note';
      note.setAttribute('role', 'status');
      document.body.insertBefore(note, document.body.firstChild);
    }
    note.textContent = text;
  }

  function start() { putBack(); }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }

  window.qikitConnection = { state: state, kept: readKept, update: update };
})();
