"""How long browsers keep a page's files: a year for files whose address changes with their
contents, a cheap "not modified" check for the rest; and only the lab extensions pages need."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from qikit.serve import voila_main
from qikit.serve.server import (
    PAGE_EXTENSIONS,
    ServeOptions,
    content_version,
    version_static_links,
    versioned_bundle_address,
    voila_config,
)

ROOT = Path(__file__).resolve().parents[2]
YEAR = "max-age=31536000"


def test_links_to_the_templates_own_files_carry_their_hash(tmp_path: Path):
    (tmp_path / "qikit_connection.js").write_text("let a = 1;\n")
    page = (
        '<script src="{{ resources.base_url }}voila/templates/qikit/static/qikit_connection.js">'
        '</script><script src="/voila/templates/qikit/static/missing.js"></script>'
    )
    versioned = version_static_links(page, tmp_path)
    stamp = content_version(tmp_path / "qikit_connection.js")
    assert f'static/qikit_connection.js?v={stamp}"' in versioned
    assert 'static/missing.js"' in versioned  # a file not there is left as it was
    (tmp_path / "qikit_connection.js").write_text("let a = 2;\n")
    assert content_version(tmp_path / "qikit_connection.js") != stamp


def test_the_kernels_are_given_the_vega_bundles_address_with_its_hash(tmp_path: Path):
    static = tmp_path / "voila" / "templates" / "qikit" / "static"
    static.mkdir(parents=True)
    (static / "bundle.js").write_text("export default {};\n")
    address = versioned_bundle_address(tmp_path, "voila/templates/qikit/static/bundle.js")
    assert (
        address
        == f"voila/templates/qikit/static/bundle.js?v={content_version(static / 'bundle.js')}"
    )


def test_which_files_are_kept_for_a_year():
    assert voila_main.long_lived(
        "/voila/labextensions/anywidget/static/remoteEntry.698dcaf7.js", {}
    )
    assert voila_main.long_lived("/x/static/718.a7a3f80ef4813fab.js", {})
    assert voila_main.long_lived("/voila/templates/qikit/static/qikit_present.js", {"v": [b"1"]})
    assert not voila_main.long_lived("/voila/templates/qikit/static/qikit_present.js", {})
    assert not voila_main.long_lived("/voila/labextensions/anywidget/package.json", {})
    assert not voila_main.long_lived("/voila/static/1187.voila.js", {})


def test_pages_load_only_the_extensions_they_need():
    allowed = voila_config(ServeOptions(workbooks=ROOT / "workbooks"))["VoilaConfiguration"]
    assert set(allowed["extension_allowlist"]) == set(PAGE_EXTENSIONS)
    assert {"anywidget", "@jupyter-widgets/jupyterlab-manager"} <= set(PAGE_EXTENSIONS)
    assert "jupyterlab_pygments" not in PAGE_EXTENSIONS


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=180) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:  # 304 comes as an error from urllib
        return error.code, dict(error.headers), b""


@pytest.mark.slow
def test_a_live_pages_files_are_cached_as_they_should_be(server: str):
    status, _, body = _get(f"{server}voila/render/00_welcome.ipynb")
    assert status == 200
    page = body.decode()
    config = json.loads(
        re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1)
    )

    # only the extensions pages need
    names = {extension["name"] for extension in config["federated_extensions"]}
    assert {"anywidget", "@jupyter-widgets/jupyterlab-manager"} <= names <= set(PAGE_EXTENSIONS)

    # Voilà's JavaScript, under an address that carries its hash: kept a year
    static = config["fullStaticUrl"]
    assert re.search(r"/voila/static/v-[0-9a-f]{16}$", static)
    origin = server.rstrip("/")
    for name in ("voila.js", "1187.voila.js"):
        status, headers, _ = _get(f"{origin}{static}/{name}")
        assert status == 200
        assert YEAR in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]

    # the same file at its plain address: asked about each time, answered 304 when unchanged
    status, headers, _ = _get(f"{server}voila/static/voila.js")
    assert headers["Cache-Control"] == "no-cache" and headers.get("Etag")
    status, _, _ = _get(f"{server}voila/static/voila.js", {"If-None-Match": headers["Etag"]})
    assert status == 304

    # our own scripts carry their hash in the page, and are kept a year
    scripts = re.findall(r'src="([^"]*/static/qikit_[a-z_]+\.js\?v=[0-9a-f]+)"', page)
    assert len(scripts) >= 2
    for src in scripts:
        assert YEAR in _get(f"{origin}{src}")[1]["Cache-Control"]

    # a lab extension's hashed file
    anywidget = next(e for e in config["federated_extensions"] if e["name"] == "anywidget")
    load = anywidget["load"].removeprefix("./")
    _, headers, _ = _get(f"{server}voila/labextensions/anywidget/{load}")
    assert YEAR in headers["Cache-Control"]

    # the offline Vega bundle, at the address the kernels are given
    from qikit.apps.offline import bundle_path

    bundle = bundle_path()
    if not bundle.is_file():
        pytest.skip("the offline Vega bundle is not built on this machine")
    url = f"{server}voila/templates/qikit/static/{bundle.name}?v={content_version(bundle)}"
    status, headers, _ = _get(url)
    assert status == 200
    assert YEAR in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
