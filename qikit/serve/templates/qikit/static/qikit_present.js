/* qikit: present mode, for a facilitator showing a page on a projector.

   One switch, a button labelled "Present mode" at the top of every served page, turns it on and
   off; its state is in aria-pressed. When it is on, the page's <html> and <body> carry the class
   "qikit-present", and the page's own styles make text and controls large (at least 20 px).

   The choice is kept in this browser (localStorage), so the next page opens the same way until
   the switch is turned off. An address ending in ?present=1 turns it on and ?present=0 turns it
   off, whatever was kept, and is kept in turn. Loaded in the page's <head>: the class is on
   <html> before anything is drawn, so the page does not open small and then jump. */
(function () {
  'use strict';
  if (window.qikitPresent) { return; }

  var KEY = 'qikit-present';
  var CLASS = 'qikit-present';
  var LABEL = 'Present mode';

  function kept() {
    try {
      return window.localStorage.getItem(KEY) === '1';
    } catch (error) { // private mode or storage turned off: start in the everyday mode
      return false;
    }
  }

  function keep(on) {
    try {
      window.localStorage.setItem(KEY, on ? '1' : '0');
    } catch (error) { /* nothing kept: the switch still works on this page */ }
  }

  /* true, false, or null when the address does not say. */
  function asked() {
    var value = null;
    try {
      value = new URLSearchParams(window.location.search).get('present');
    } catch (error) {
      return null;
    }
    if (value === null) { return null; }
    value = value.trim().toLowerCase();
    if (['1', 'true', 'on', 'yes'].indexOf(value) >= 0) { return true; }
    if (['0', 'false', 'off', 'no'].indexOf(value) >= 0) { return false; }
    return null;
  }

  var fromAddress = asked();
  var on = fromAddress === null ? kept() : fromAddress;
  if (fromAddress !== null) { keep(fromAddress); }

  var buttons = [];

  function show() {
    document.documentElement.classList.toggle(CLASS, on);
    if (document.body) { document.body.classList.toggle(CLASS, on); }
    buttons.forEach(function (button) {
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      button.title = on ? 'Present mode is on: large text for a projector. Press to turn it off.'
        : 'Large text and controls for a projector. Press to turn it on.';
    });
  }

  /* Keep the address in step, so reloading the page keeps what the switch says. */
  function updateAddress() {
    try {
      var url = new URL(window.location.href);
      if (!url.searchParams.has('present')) { return; }
      url.searchParams.set('present', on ? '1' : '0');
      window.history.replaceState(window.history.state, '', url.href);
    } catch (error) { /* an address that cannot be changed: nothing to keep in step */ }
  }

  function set(value) {
    on = Boolean(value);
    keep(on);
    show();
    updateAddress();
    window.dispatchEvent(new CustomEvent('qikit-present', { detail: { on: on } }));
  }

  var STYLE = [
    '.qikit-present-bar { display: flex; justify-content: flex-end; margin: 0 0 0.5em; }',
    '.qikit-present-switch {',
    '  font: inherit; font-size: 1rem; line-height: 1.3; padding: 0.35em 0.9em;',
    '  min-height: 2.4em; display: inline-flex; align-items: center; gap: 0.5em;',
    '  background: #ffffff; color: #003d78; border: 2px solid #005eb8; border-radius: 4px;',
    '  cursor: pointer; font-weight: bold;',
    '}',
    /* A small box that is filled when the mode is on: the state is seen, not only announced. */
    '.qikit-present-switch::before {',
    '  content: ""; width: 0.9em; height: 0.9em; border: 2px solid currentColor;',
    '  border-radius: 2px; background: transparent; flex: none;',
    '}',
    '.qikit-present-switch[aria-pressed="true"] { background: #005eb8; color: #ffffff;',
    '  border-color: #003d78; }',
    '.qikit-present-switch[aria-pressed="true"]::before { background: currentColor; }',
    '.qikit-present-switch:hover { border-color: #003d78; text-decoration: underline; }',
    '.qikit-present-switch:focus-visible { outline: 3px solid #ffb81c; outline-offset: 2px; }',
    'html.qikit-present .qikit-present-switch { font-size: 20px; }'
  ].join('\n');

  function makeButton() {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'qikit-present-switch';
    button.textContent = LABEL;
    button.addEventListener('click', function () { set(!on); });
    buttons.push(button);
    return button;
  }

  /* Where the switch goes: a place the page marks with data-qikit-present-place, else the top of
     a Voila page's cells, else the top of the page. */
  function place() {
    if (document.querySelector('.qikit-present-switch')) { return; }
    var style = document.createElement('style');
    style.textContent = STYLE;
    document.head.appendChild(style);
    var bar = document.createElement('div');
    bar.className = 'qikit-present-bar';
    bar.appendChild(makeButton());
    var marked = document.querySelector('[data-qikit-present-place]');
    var cells = document.querySelector('#rendered_cells > div');
    if (marked) {
      marked.appendChild(bar);
    } else if (cells) {
      cells.insertBefore(bar, cells.firstChild);
    } else {
      document.body.insertBefore(bar, document.body.firstChild);
    }
    show();
  }

  show();
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', place);
  } else {
    place();
  }

  window.qikitPresent = {
    isOn: function () { return on; },
    set: set
  };
})();
