"""One button per export: one click makes the file and the browser saves it.

:class:`DownloadButton` is a real ``<button>`` (reachable by keyboard, visibly a button in
Voilà and in plain JupyterLab) labelled with what it is and the file's kind, and its size once
made: "Download the chart (PNG, 84 KB)". A click asks the kernel for the file; Python makes
it (``make``) or hands over the one already offered (``offer``) and sends the bytes back in
the widget's own message; the browser turns them into a ``blob:`` address and saves them under
the file name. Nothing leaves the machine and no second link appears.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from qikit.apps.common import plain_message
from qikit.errors import DataError

log = logging.getLogger(__name__)

#: What a file's extension is called on the button, and the type the browser is told.
KINDS: dict[str, tuple[str, str]] = {
    "png": ("PNG", "image/png"),
    "svg": ("SVG", "image/svg+xml"),
    "pdf": ("PDF", "application/pdf"),
    "csv": ("CSV", "text/csv"),
    "md": ("Markdown", "text/markdown"),
    "html": ("HTML", "text/html"),
    "json": ("JSON", "application/json"),
}

_ESM = """
function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "qikit-download";
  const status = document.createElement("span");
  status.className = "qikit-download-error";
  status.setAttribute("role", "alert");
  const draw = () => {
    button.textContent = model.get("text");
    button.hidden = !model.get("available");
    button.removeAttribute("aria-busy");
    status.textContent = model.get("error");
  };
  button.addEventListener("click", () => {
    if (button.getAttribute("aria-busy") === "true") { return; }
    button.setAttribute("aria-busy", "true");
    button.textContent = model.get("label") + " (making the file...)";
    status.textContent = "";
    model.send({ event: "download" });
  });
  model.on("msg:custom", (message, buffers) => {
    if (message.event === "file") {
      const blob = new Blob(buffers || [], { type: message.mime });
      const address = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = address;
      link.download = message.filename;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(address), 60000);
    }
    draw();
  });
  model.on("change:text", draw);
  model.on("change:error", draw);
  model.on("change:available", draw);
  el.classList.add("qikit-download-box");
  el.append(button, status);
  draw();
}
export default { render };
"""

# The widget's own styles, so it is a button in plain JupyterLab as in Voilà; the kit's
# template (qikit_head.html) adds the present-mode size. White on #005eb8 is 6.4:1.
_CSS = """
.qikit-downloads { gap: 0.5em; }
.qikit-download-box { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5em;
  margin: 0.3em 0; }
.qikit-download-box button.qikit-download {
  font: inherit; font-size: 1rem; line-height: 1.4; padding: 0.4em 1em; margin: 0;
  background: #005eb8; color: #ffffff; border: 2px solid #003d78; border-radius: 4px;
  cursor: pointer; text-decoration: none; min-height: 2.4em;
}
.qikit-download-box button.qikit-download:hover { background: #003d78; }
.qikit-download-box button.qikit-download:focus-visible {
  outline: 3px solid #212b32; outline-offset: 2px; box-shadow: 0 0 0 2px #ffb81c inset;
}
.qikit-download-box button.qikit-download[aria-busy="true"] { cursor: progress; opacity: 0.85; }
.qikit-download-box button.qikit-download[hidden] { display: none; }
.qikit-download-error { color: #a00000; font-weight: bold; }
.qikit-download-error:empty { display: none; }
"""


def size_words(size: int) -> str:
    """A file's size as a ward team reads it: "512 bytes", "84 KB", "1.2 MB"."""
    if size < 1024:
        return "1 byte" if size == 1 else f"{size} bytes"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class DownloadButton(anywidget.AnyWidget):
    """A button that saves one file: ``label`` says what it is ("Download the chart"), the
    button adds the kind and, once made, the size. ``make`` makes the file (bytes or text) on
    each click; without it the button saves what :meth:`offer` was last given, and is hidden
    until something is offered."""

    _esm = _ESM
    _css = _CSS
    label = traitlets.Unicode("Download").tag(sync=True)
    filename = traitlets.Unicode("").tag(sync=True)
    mime = traitlets.Unicode("application/octet-stream").tag(sync=True)
    kind = traitlets.Unicode("").tag(sync=True)
    size = traitlets.Int(-1).tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    available = traitlets.Bool(True).tag(sync=True)

    def __init__(
        self,
        label: str,
        filename: str,
        make: Callable[[], bytes | str] | None = None,
        *,
        kind: str | None = None,
        mime: str | None = None,
        **kwargs: Any,
    ) -> None:
        extension = PurePath(filename).suffix.lstrip(".").lower()
        known_kind, known_mime = KINDS.get(extension, (extension.upper() or "file", None))
        super().__init__(
            label=label,
            filename=filename,
            kind=kind or known_kind,
            mime=mime or known_mime or "application/octet-stream",
            available=make is not None,
            **kwargs,
        )
        self._make = make
        self._content: bytes | None = None
        self._words()
        self.on_msg(self._received)

    @traitlets.observe("label", "kind", "size")
    def _changed(self, _: dict) -> None:
        self._words()

    def _words(self) -> None:
        details = self.kind if self.size < 0 else f"{self.kind}, {size_words(self.size)}"
        self.text = f"{self.label} ({details})"

    def offer(self, content: bytes | str, filename: str | None = None) -> None:
        """Offer ``content`` (made already, because it is cheap) for the next click."""
        self._content = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        if filename:
            self.filename = filename
        self.size = len(self._content)
        self.error = ""
        self.available = True

    def withdraw(self) -> None:
        """Take the offer back (it is out of date): the button hides until the next offer."""
        self._content = None
        self.size = -1
        if self._make is None:
            self.available = False

    def make(self) -> bytes:
        """The file's bytes as a click saves them (made now when the button has ``make``)."""
        if self._make is not None:
            made = self._make()
            content = made.encode("utf-8") if isinstance(made, str) else bytes(made)
        elif self._content is not None:
            content = self._content
        else:
            raise DataError("There is nothing to download yet.")
        self.size = len(content)
        return content

    def click(self) -> bytes | None:
        """Do what a click in the browser does (for tests and scripts): the bytes sent."""
        sent: list[bytes] = []
        self._received(self, {"event": "download"}, [], sent)
        return sent[0] if sent else None

    def _received(
        self, _: Any, content: dict, buffers: list, sent: list[bytes] | None = None
    ) -> None:
        if not isinstance(content, dict) or content.get("event") != "download":
            return
        try:
            data = self.make()
        except Exception as error:  # noqa: BLE001 - every error must reach the page in words
            log.exception("Could not make %s", self.filename)
            self.error = plain_message(error)
            self.send({"event": "failed"})
            return
        self.error = ""
        if sent is not None:
            sent.append(data)
        self.send({"event": "file", "filename": self.filename, "mime": self.mime}, buffers=[data])


class DownloadRow(widgets.HBox):
    """A few words and the download buttons they introduce, on one line that wraps."""

    def __init__(self, intro: str, buttons: list[DownloadButton]) -> None:
        self.buttons = list(buttons)
        words = widgets.HTML(f"<p>{html.escape(intro)}</p>")
        super().__init__(
            [words, *self.buttons],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.add_class("qikit-downloads")

    def files(self) -> dict[str, bytes]:
        """Every file on offer, by file name, as a click saves it."""
        return {b.filename: b.make() for b in self.buttons if b.available}


def download_button(
    label: str, filename: str, make: Callable[[], bytes | str] | None = None, **kwargs: Any
) -> DownloadButton:
    """A :class:`DownloadButton`; see there."""
    return DownloadButton(label, filename, make, **kwargs)
