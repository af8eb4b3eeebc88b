"""The study apps in a real browser: uploads, a trainer answer and the week-by-week reveal."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.browser.pages import (
    ERROR_TEXTS,
    chart_markup,
    serious_accessibility_violations,
    wait_for_redraw,
)
from tests.browser.test_workbooks import open_workbook

pytestmark = pytest.mark.browser
#: Generous: the kernel, the websocket and Vega share two cores with other test runs.
REDRAW_MS = 60_000


def choose_file(page, name: str, content: bytes, mime: str) -> None:
    """Press the upload button and pick a file in the browser's file chooser."""
    with page.expect_file_chooser() as chooser:
        page.locator(".widget-upload").click()
    chooser.value.set_files(files=[{"name": name, "mimeType": mime, "buffer": content}])


def no_error_text(page) -> None:
    text = page.inner_text("body")
    for bad in ERROR_TEXTS:
        assert bad not in text, f"the page shows {bad!r}"


def upload(page, name: str, content: bytes, mime: str) -> None:
    before = chart_markup(page)
    choose_file(page, name, content, mime)
    wait_for_redraw(page, before)


def test_upload_csv_and_excel_and_see_the_chart(server, browser, tmp_path):
    context, page, watch = open_workbook(browser, f"{server}voila/render/06_spc_charts.ipynb")
    try:
        page.get_by_role("button", name="Our own file").click()
        rows = "".join(
            f"2024-{1 + w // 4:02d}-{1 + 7 * (w % 4):02d},{5 + w % 3}\n" for w in range(24)
        )
        upload(page, "huddles.csv", f"Week start,Huddles held\n{rows}".encode(), "text/csv")
        no_error_text(page)
        assert "Huddles held" in chart_markup(page)[0]
        assert "Read huddles.csv: 24 rows" in page.inner_text("body")

        frame = pd.DataFrame({"Month": pd.date_range("2023-01-01", periods=20, freq="MS")})
        frame["Minutes of engagement"] = [40 + (i * 7) % 9 for i in range(20)]
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, engine="openpyxl")
        excel = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        upload(page, "minutes.xlsx", buffer.getvalue(), excel)
        no_error_text(page)
        assert "Minutes of engagement" in chart_markup(page)[0]

        choose_file(page, "empty.csv", b"", "text/csv")
        page.get_by_text("is empty (0 bytes)").wait_for(timeout=REDRAW_MS)
        assert "Minutes of engagement" in chart_markup(page)[0]  # the last chart is kept
        assert watch.external_requests() == [] and watch.console_errors == []
    finally:
        context.close()


def test_answer_a_trainer_question_and_see_feedback(server, browser):
    url = f"{server}voila/render/07_interpretation_trainer.ipynb"
    context, page, watch = open_workbook(browser, url)
    try:
        before = chart_markup(page)
        page.get_by_label("No signal, only noise").check()
        page.get_by_role("button", name="Check my answer").click()
        feedback = page.locator(".qikit-feedback")
        feedback.wait_for(timeout=REDRAW_MS)
        assert any(word in feedback.inner_text() for word in ("Right.", "Wrong.", "Partly right."))
        wait_for_redraw(page, before)
        assert "the correct reading" in chart_markup(page)[0]
        assert "Your score" in page.inner_text("body")
        assert watch.external_requests() == [] and watch.console_errors == []
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()


def test_step_the_reveal_with_the_button_and_the_keyboard(server, browser):
    context, page, watch = open_workbook(
        browser, f"{server}voila/render/08_live_demos.ipynb", min_charts=3
    )
    try:
        before = chart_markup(page)
        page.get_by_label("Somewhere between the limits").check()
        page.get_by_role("button", name="Reveal next week").click()
        page.get_by_text("Week 13:").wait_for(timeout=REDRAW_MS)
        wait_for_redraw(page, before)
        page.get_by_label("Higher than this week").check()
        button = page.get_by_role("button", name="Reveal next week")
        button.focus()
        page.keyboard.press("Enter")
        page.get_by_text("Week 14:").wait_for(timeout=REDRAW_MS)
        no_error_text(page)
        assert watch.external_requests() == [] and watch.console_errors == []
    finally:
        context.close()
