"""Closing a workbook's tab shuts its kernel down at once, instead of leaving it (about 160 MB)
until idle kernels are culled: the page's 'tab closed' request is accepted."""

from __future__ import annotations

import shutil
import time

import pytest

from tests.browser.conftest import WORKBOOKS, running_server

pytestmark = pytest.mark.browser

WORKBOOK = "00_welcome.ipynb"


def test_closing_the_tab_shuts_the_kernel_down(tmp_path, browser):
    folder = tmp_path / "workbooks"
    folder.mkdir()
    shutil.copy(WORKBOOKS / WORKBOOK, folder)
    log = tmp_path / "serve.log"
    with running_server(folder, tmp_path / "workspace", log) as url:
        context = browser.new_context()
        page = context.new_page()
        refused: list[str] = []
        page.on("response", lambda r: refused.append(r.url) if r.status == 403 else None)
        page.goto(f"{url}voila/render/{WORKBOOK}", wait_until="domcontentloaded", timeout=120_000)
        page.wait_for_selector(".jupyter-widgets", timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=120_000)
        assert "_xsrf" in {c["name"] for c in context.cookies()}
        before = log.read_text().count("Kernel shutdown")
        page.goto("about:blank")  # leaving the page sends the 'tab closed' request
        deadline = time.monotonic() + 20
        while log.read_text().count("Kernel shutdown") == before and time.monotonic() < deadline:
            time.sleep(0.5)
        context.close()
        assert log.read_text().count("Kernel shutdown") == before + 1
        assert refused == []
