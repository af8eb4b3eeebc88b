"""The study apps in a real browser: uploads, a trainer answer and the week-by-week reveal."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.browser.pages import (
    ERROR_TEXTS,
    chart_markup,
    serious_accessibility_violations,
    wait_for_redraw,
)
from tests.browser.test_workbooks import open_workbook
from tests.team_measures import violence_measure

pytestmark = pytest.mark.browser
#: Generous: the kernel, the websocket and Vega share two cores with other test runs.
REDRAW_MS = 60_000


def test_the_chart_downloads_with_one_click_from_the_keyboard(server, browser):
    """06: the chart's download is a real button, visibly one, that saves the PNG at once."""
    context, page, watch = open_workbook(browser, f"{server}voila/render/06_spc_charts.ipynb")
    try:
        button = page.get_by_role("button", name="Download the chart (PNG")
        look = button.evaluate(
            "b => { const s = getComputedStyle(b); return [s.backgroundColor, s.color,"
            " s.borderTopStyle, s.cursor]; }"
        )
        assert look == ["rgb(0, 94, 184)", "rgb(255, 255, 255)", "solid", "pointer"]
        button.focus()
        with page.expect_download(timeout=REDRAW_MS) as saved:
            page.keyboard.press("Enter")
        assert saved.value.suggested_filename == "spc_chart.png"
        assert Path(saved.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        expect(button).to_have_text(re.compile(r"^Download the chart \(PNG, \d+ KB\)$"))
        assert page.locator("a[download]").count() == 0  # no second link to click
        no_error_text(page)
        assert watch.external_requests() == [] and watch.console_errors == []
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()


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


def violence_csv() -> bytes:
    """The walkthrough file: 30 weeks of violent incidents and occupied bed days, UK dates."""
    start = pd.Timestamp("2026-01-05")
    lines = ["Week commencing,Violent incidents,Occupied bed days"]
    for k in range(30):
        incidents = (11 + k % 4) if k < 15 else (4 + k % 3)
        lines.append(f"{(start + pd.Timedelta(weeks=k)):%d/%m/%Y},{incidents},{560 + 7 * k % 45}")
    return ("\n".join(lines) + "\n").encode()


def test_upload_counts_over_bed_days_asks_and_draws_a_u_chart_per_1000(server, browser):
    context, page, watch = open_workbook(browser, f"{server}voila/render/06_spc_charts.ipynb")
    try:
        page.get_by_role("button", name="Our own file").click()
        upload(page, "violence.csv", violence_csv(), "text/csv")
        no_error_text(page)
        assert "Violent incidents per 1,000 occupied bed days" in chart_markup(page)[0]
        assert "neither better nor worse" in page.inner_text("body")
        before = chart_markup(page)
        page.locator(".qikit-direction select").select_option(label="Worse")
        wait_for_redraw(page, before)
        no_error_text(page)
        assert "neither better nor worse" not in page.inner_text("body")
        assert page.locator(".qikit-per select").input_value() is not None
        assert watch.external_requests() == [] and watch.console_errors == []
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()


@pytest.fixture
def team_server(tmp_path):
    """A server of its own over a workspace holding a team's measure, 24 weeks of data and a
    PDSA cycle linked to it; yields the server's address and the project's id."""
    import datetime as dt

    from qikit.improve import PDSA, MeasurementPlan, Ramp
    from qikit.improve.observations import Observation
    from qikit.store import open_workspace
    from tests.browser.conftest import WORKBOOKS, running_server

    folder = tmp_path / "workspace"
    monday = dt.date(2026, 1, 5)
    with open_workspace(folder) as ws:
        team = ws.create_team("Willow team")
        project = ws.create_project(team.id, "Calmer ward")
        measure = violence_measure()
        ws.save(project.id, MeasurementPlan(measures=[measure]))
        ws.save_observations(
            measure.id,
            [Observation(monday + dt.timedelta(weeks=k), 12 - k // 4, 600 + k) for k in range(24)],
        )
        ramp = Ramp(change_idea="Safety huddle")
        ramp.add_cycle(start_date=monday + dt.timedelta(weeks=10), measure_ids=[measure.id])
        ws.save(project.id, ramp)
        ws.save(project.id, PDSA(change_idea="Calm box", start_date=monday, measure_ids=[]))
    with running_server(WORKBOOKS, folder, tmp_path / "serve.log") as url:
        yield url, project.id


def test_team_measure_in_06_and_02_from_the_page_address(team_server, browser):
    url, project_id = team_server
    page_url = f"{url}voila/render/06_spc_charts.ipynb?project={project_id}"
    context, page, watch = open_workbook(browser, page_url)
    try:
        no_error_text(page)
        chart = chart_markup(page)[0]
        assert "Violent incidents per 1,000 occupied bed days" in chart
        assert "PDSA 1: Safety huddle" in chart and "Calm box" not in chart
        assert "lower is better" in page.inner_text("body")
        page.get_by_role("button", name="Save these settings to the measure").click()
        page.get_by_text("Every app now draws this measure this way").wait_for(timeout=REDRAW_MS)
        assert watch.external_requests() == [] and watch.console_errors == []
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()
    page_url = f"{url}voila/render/02_pdsa.ipynb?project={project_id}"
    context, page, watch = open_workbook(browser, page_url, min_charts=2)
    try:
        no_error_text(page)
        assert any("PDSA 1: Safety huddle" in c for c in chart_markup(page))
        options = page.locator(".qikit-pdsa-measures select option").all_inner_texts()
        options = [o.replace("\xa0", " ") for o in options]  # ipywidgets keeps spaces as nbsp
        assert options == ["Violent incidents per 1,000 occupied bed days"]
        assert watch.external_requests() == [] and watch.console_errors == []
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()
