"""Pages 00 and 05 in a real browser, as a learner uses them: the week 13 answer, and the
run-chart lab redrawing as values are typed (with a message, not an error, for half-typed ones).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import ERROR_TEXTS, chart_markup, wait_for_redraw
from tests.browser.test_workbooks import open_workbook

pytestmark = pytest.mark.browser
REDRAW_MS = 60_000


def test_the_welcome_question_is_answered(server, browser):
    context, page, watch = open_workbook(browser, f"{server}voila/render/00_welcome.ipynb")
    try:
        expect(page.get_by_role("button", name="See the answer")).to_be_hidden()
        page.locator(".noUi-handle, .widget-slider .ui-slider-handle").first.focus()
        for _ in range(18):  # to week 30, from the keyboard
            page.keyboard.press("ArrowRight")
        button = page.get_by_role("button", name="See the answer")
        expect(button).to_be_visible(timeout=REDRAW_MS)
        button.click()
        expect(page.get_by_text("Yes, it is different")).to_be_visible(timeout=REDRAW_MS)
        assert watch.console_errors == []
    finally:
        context.close()


def test_the_run_chart_lab_redraws_as_values_are_typed(server, browser):
    context, page, watch = open_workbook(
        browser, f"{server}voila/render/05_run_charts.ipynb", min_charts=2
    )
    try:
        box = page.locator("textarea").first
        box.click()
        page.keyboard.press("End")
        before = chart_markup(page)
        box.press_sequentially(", 30, 31", delay=80)  # no click away, no Enter
        wait_for_redraw(page, before, REDRAW_MS)
        assert "31" in " ".join(chart_markup(page))
        box.fill("12, 9, 1")
        expect(page.get_by_text("need at least 10 values; found 3")).to_be_visible(
            timeout=REDRAW_MS
        )
        text = page.inner_text("body")
        for bad in ERROR_TEXTS:
            assert bad not in text
        assert watch.console_errors == []
    finally:
        context.close()
