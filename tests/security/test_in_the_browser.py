"""In a real Chromium: payloads typed into the aim app and shown by its error panel do not run.

A one-off workbook fills the aim app's text boxes with script, img-onerror and style payloads and
shows one in the error panel; the page is served by ``qikit serve`` and loaded headless. Nothing
may run (no marker set on ``window``, no dialog, the page is not hidden by the style), and the
payloads must be visible on the page as the text that was typed.
"""

from __future__ import annotations

import nbformat
import pytest

from tests.browser.conftest import running_server
from tests.browser.pages import PageWatch

pytestmark = pytest.mark.browser

PAYLOADS = {
    "what": '<img src=x onerror="window.qikitRan=1;alert(1)">',
    "statement": "<script>window.qikitRan=2</script>",
    "where": "<style>body{display:none}</style>",
    "error": '"><svg onload="window.qikitRan=3"></svg><img src=x onerror="window.qikitRan=4">',
}

CODE = f"""
from qikit.apps import plan_aim
app = plan_aim.app()
payloads = {PAYLOADS!r}
for box in ("what", "statement", "where"):
    getattr(app.aim, box).value = payloads[box]
app.errors.show(payloads["error"])
app
"""


@pytest.fixture(scope="module")
def payload_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("payload_workbooks")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Typed text stays text"),
                      nbformat.v4.new_code_cell(CODE)]  # fmt: skip
    notebook.metadata["qikit"] = {"title": "Typed text stays text", "charts": 0}
    nbformat.write(notebook, folder / "payloads.ipynb")
    with running_server(
        folder, tmp_path_factory.mktemp("workspace"), folder.parent / "serve.log"
    ) as url:
        yield url


def test_payloads_do_not_run_in_chromium(payload_server, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = PageWatch()
        watch.attach(page)
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(
            payload_server + "voila/render/payloads.ipynb",
            wait_until="domcontentloaded",
            timeout=300_000,
        )
        page.wait_for_selector(".qikit-error-panel .qikit-alert", timeout=300_000)
        page.wait_for_timeout(1500)  # time for anything injected to have run
        assert page.evaluate("window.qikitRan") is None
        assert dialogs == []
        assert page.evaluate("getComputedStyle(document.body).display") != "none"
        panel = page.inner_text(".qikit-error-panel")
        assert PAYLOADS["error"] in panel
        preview = page.inner_text("body")
        assert PAYLOADS["statement"] in preview  # the aim preview shows it as text
        # Nothing was injected: no img or svg inside the panel, no style element with it.
        assert page.locator(".qikit-error-panel img, .qikit-error-panel svg").count() == 0
        styles = page.evaluate("[...document.querySelectorAll('style')].map(s => s.textContent)")
        assert not [s for s in styles if "body{display:none}" in s]
        assert watch.external_requests() == []
    finally:
        context.close()
