"""Every served page carries the present-mode switch (issue 15): workbooks, exercises, gallery."""

from __future__ import annotations

import re

from qikit.serve.server import TEMPLATE_NAME, TEMPLATE_SOURCE, prepare_templates
from tests.browser.conftest import WORKBOOKS

SCRIPT = "qikit_present.js"
ADDRESS = f"voila/templates/{TEMPLATE_NAME}/static/{SCRIPT}"


def test_workbook_pages_and_the_gallery_load_the_present_mode_script(tmp_path):
    runtime = prepare_templates(tmp_path, WORKBOOKS)
    template = runtime / "voila" / "templates" / TEMPLATE_NAME
    assert (template / "static" / SCRIPT).is_file()
    head = (template / "qikit_head.html").read_text(encoding="utf-8")
    # with its contents' hash (?v=), so browsers keep it until it changes
    assert re.search(
        re.escape(f'src="{{{{ resources.base_url }}}}{ADDRESS}?v=') + '[0-9a-f]+"', head
    )
    gallery = (template / "tree.html").read_text(encoding="utf-8")
    assert re.search(re.escape(f'src="{{{{ base_url }}}}{ADDRESS}?v=') + '[0-9a-f]+"', gallery)
    assert "data-qikit-present-place" in gallery


def test_the_script_keeps_the_agreed_names():
    text = (TEMPLATE_SOURCE / "static" / SCRIPT).read_text(encoding="utf-8")
    assert "'Present mode'" in text  # the button's label
    assert "'qikit-present'" in text  # the class on <html> and <body>, and the kept key
    assert "aria-pressed" in text
    assert "localStorage" in text
    assert ".get('present')" in text  # ?present=1 and ?present=0
    assert "http://" not in text and "https://" not in text  # nothing from the internet


def test_present_mode_makes_text_at_least_20_px_and_charts_fit_their_column():
    head = (TEMPLATE_SOURCE / "qikit_head.html").read_text(encoding="utf-8")
    assert "html.qikit-present { font-size: 20px; }" in head
    assert "--jp-widgets-font-size: 20px;" in head
    assert ".vega-embed svg.marks {" in head and "max-width: 100%; height: auto;" in head
