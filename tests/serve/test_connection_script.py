"""The qikit template carries the script that says when the connection is gone (issue 18)."""

from __future__ import annotations

import re

from qikit.serve.server import TEMPLATE_NAME, prepare_templates
from tests.browser.conftest import WORKBOOKS

SCRIPT = "qikit_connection.js"


def test_every_workbook_page_loads_the_connection_script_from_the_template(tmp_path):
    runtime = prepare_templates(tmp_path, WORKBOOKS)
    template = runtime / "voila" / "templates" / TEMPLATE_NAME
    script = template / "static" / SCRIPT
    assert script.is_file()
    head = (template / "qikit_head.html").read_text(encoding="utf-8")
    # Served by Voila as a template static file: the same address the page pings, with its
    # contents' hash (?v=), so browsers keep it until it changes.
    address = f"voila/templates/{TEMPLATE_NAME}/static/{SCRIPT}"
    assert re.search(
        re.escape(f'src="{{{{ resources.base_url }}}}{address}?v=') + '[0-9a-f]{16}"', head
    )
    # In the head, so it wraps WebSocket before Voila's bundle (at the end of the body) runs.
    page = (template / "index.html.j2").read_text(encoding="utf-8")
    assert page.index('{% include "qikit_head.html" %}') < page.index("{{ super.super() }}")


def test_the_script_says_what_is_kept_in_plain_words():
    from qikit.serve.server import TEMPLATE_SOURCE

    text = (TEMPLATE_SOURCE / "static" / SCRIPT).read_text(encoding="utf-8")
    assert "The connection to the server is lost. " in text
    assert "kept in this browser and will be saved when you reload the page" in text
    assert "'restarting'" in text and "'dead'" in text  # kernel status messages watched
    assert "http://" not in text.replace("http://127", "") and "https://" not in text
