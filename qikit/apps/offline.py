"""Charts with no internet: where the browser gets Vega from.

Altair's ``JupyterChart`` normally imports Vega from a CDN, which venue wifi cannot be trusted to
reach. Offline, the whole Vega bundle (about 0.9 MB of JavaScript) is built once by vl-convert and
cached on disk. How it reaches the browser depends on who serves the page:

* Under ``qikit serve`` the server publishes the bundle as a static file and tells every kernel
  where it is (:data:`BUNDLE_URL_ENV`). Each chart then carries only a small loader, and the
  browser fetches the bundle once, caches it, and parses it while drawing, so a page opens
  quickly even when a room of delegates arrives together.
* Anywhere else (JupyterLab, a notebook run by the tests) each chart carries the bundle itself.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path

log = logging.getLogger("qikit.apps")

#: Set by ``qikit serve`` for its kernels: the bundle's address relative to the server's base URL.
BUNDLE_URL_ENV = "QIKIT_CHART_BUNDLE_URL"

LOADER = """\
const bundlePath = %s;
let loading;
function bundleUrl() {
  const config = document.getElementById("jupyter-config-data");
  let base = "/";
  try {
    base = (config && JSON.parse(config.textContent).baseUrl) || "/";
  } catch (error) {
    base = "/";
  }
  return new URL(bundlePath, new URL(base, document.baseURI)).href;
}
async function render(context) {
  loading ??= import(bundleUrl());
  const bundle = await loading;
  return (bundle.default ?? bundle).render(context);
}
export default { render };
"""


def bundle_path() -> Path:
    """Where the offline Vega bundle for this Altair and vl-convert pair is cached."""
    folder = Path(os.environ.get("QIKIT_CACHE", Path.home() / ".cache" / "qikit"))
    key = f"altair-{version('altair')}-vlc-{version('vl-convert-python')}"
    return folder / f"jupyterchart-offline-{key}.js"


def bundle_text() -> str | None:
    """The offline bundle's JavaScript, built (seconds) and cached on first use."""
    cache = bundle_path()
    if cache.is_file():
        return cache.read_text(encoding="utf-8")
    import altair as alt

    chart_class = alt.JupyterChart
    was_offline = getattr(chart_class, "_is_offline", False)
    chart_class.enable_offline()
    bundle = getattr(chart_class, "_esm", None)
    if not was_offline:
        chart_class.enable_offline(False)
    if not isinstance(bundle, str):
        return None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=cache.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(bundle)
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, cache)
    except OSError:  # a read-only home folder only costs speed
        log.info("Could not cache the offline chart bundle at %s", cache)
    return bundle


def publish_bundle(static_folder: Path, name: str | None = None) -> str | None:
    """Copy the bundle into a server's static folder (as ``name``, else its cache file's name);
    return its file name (None if unbuilt)."""
    bundle = bundle_text()
    if bundle is None:
        return None
    cache = bundle_path()
    static_folder.mkdir(parents=True, exist_ok=True)
    target = static_folder / (name or cache.name)
    if cache.is_file():
        shutil.copyfile(cache, target)
    else:
        target.write_text(bundle, encoding="utf-8")
    return target.name


def loader(bundle_url: str) -> str:
    """The small module each chart carries when the server publishes the bundle."""
    return LOADER % json.dumps(bundle_url)


def enable_offline() -> None:
    """Make every ``JupyterChart`` in this kernel draw with no internet."""
    import altair as alt

    chart_class = alt.JupyterChart
    if getattr(chart_class, "_is_offline", False):
        return
    published = os.environ.get(BUNDLE_URL_ENV)
    if published:
        chart_class._esm = loader(published)
        chart_class._is_offline = True
        return
    bundle = bundle_text()
    if bundle is not None:
        chart_class._esm = bundle
        chart_class._is_offline = True
