"""What a team types is still there after the tab is closed and the page opened again."""

from __future__ import annotations

import pytest

from tests.browser.pages import PageWatch

pytestmark = pytest.mark.browser

CASES = [
    (
        "01_model_for_improvement.ipynb",
        ".qikit-aim-statement textarea",
        "Reduce restraint on Willow Ward from 12 to 6 per 1,000 occupied bed days by March 2027",
    ),
    (
        "02_pdsa.ipynb",
        ".qikit-pdsa-objective textarea",
        "Test a safety huddle at the start of one night shift",
    ),
]


def open_app(browser, url: str, selector: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(selector, timeout=120_000)
    return context, page, watch


@pytest.mark.parametrize(("workbook", "selector", "text"), CASES, ids=["aim", "pdsa"])
def test_text_survives_closing_the_tab(server, browser, workbook, selector, text):
    url = f"{server}voila/render/{workbook}"
    context, page, watch = open_app(browser, url, selector)
    try:
        page.locator(selector).first.fill(text)
        page.locator(selector).first.press("Tab")
        page.wait_for_timeout(2500)  # the workspace saves after a quiet spell
        assert watch.external_requests() == []
    finally:
        context.close()

    context, page, watch = open_app(browser, url, selector)
    try:
        page.wait_for_function(
            "([sel, text]) => { const box = document.querySelector(sel);"
            " return box && box.value === text; }",
            arg=[selector, text],
            timeout=30_000,
        )
        assert watch.console_errors == []
    finally:
        context.close()
