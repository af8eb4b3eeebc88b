"""The page address and the browser's memory of the team, kept in step with the app.

Voilà hands a kernel the query string of the page that opened it (``?team=...&project=...``),
so what is in the address is what a reload opens. :class:`PageAddress` writes the team's join
code and the open project into the address bar (``history.replaceState``, no reload) and keeps
the team's code in the browser (``localStorage``), so a page opened from the gallery without a
query finds its team again (``remembered``). Two browsers never share what one remembers.
"""

from __future__ import annotations

import anywidget
import traitlets

#: The browser's key for the team's join code.
STORAGE_KEY = "qikit-team"

_ESM = """
const KEY = "qikit-team";
function render({ model, el }) {
  el.style.display = "none";
  const apply = () => {
    const wanted = model.get("query") || {};
    const params = new URLSearchParams(window.location.search);
    for (const [name, value] of Object.entries(wanted)) {
      if (value) { params.set(name, value); } else { params.delete(name); }
    }
    const query = params.toString();
    const address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", address);
    }
    try {
      if ("team" in wanted) {
        if (wanted.team) { window.localStorage.setItem(KEY, wanted.team); }
        else { window.localStorage.removeItem(KEY); }
      }
    } catch (error) { /* storage switched off: the address still carries the team */ }
  };
  let remembered = "";
  try { remembered = window.localStorage.getItem(KEY) || ""; } catch (error) {}
  if (remembered && !model.get("remembered")) {
    model.set("remembered", remembered);
    model.save_changes();
  }
  model.on("change:query", apply);
  apply();
}
export default { render };
"""


class PageAddress(anywidget.AnyWidget):
    """Invisible: ``query`` names query-string values to set ("" removes one); ``remembered``
    is the team code the browser kept from an earlier page, sent once when the page draws."""

    _esm = _ESM
    query = traitlets.Dict().tag(sync=True)
    remembered = traitlets.Unicode("").tag(sync=True)
