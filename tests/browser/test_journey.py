"""One team's thread in a real headless Chromium, from an empty workspace.

A new team writes its aim (01), adds a measure with a denominator and a direction (04), enters
twenty weeks with UK dates in the grid and pastes ten more (13), runs two PDSA cycles linked to
the measure (02), sees its u chart with the right limits, direction colours and PDSA markers
(06), and opens its storyboard with that chart on it (12). Every step is reloaded and must have
lost nothing; the chart's numbers are compared with ``qikit.spc()`` on the same observations.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from qikit.improve.choose import CHART_NAMES
from tests.browser.conftest import WORKBOOKS, running_server
from tests.browser.pages import ERROR_TEXTS, PageWatch, chart_markup

pytestmark = pytest.mark.browser

USED = (
    "01_model_for_improvement.ipynb",
    "02_pdsa.ipynb",
    "04_measurement_strategy.ipynb",
    "06_spc_charts.ipynb",
    "12_storyboard.ipynb",
    "13_our_data.ipynb",
)
TEAM, PROJECT = "Cedar ward team", "Fewer violent incidents on Cedar"
AIM = (
    "Reduce violent incidents on Cedar ward from 12 to 6 per 1,000 occupied bed days by 31/03/2027"
)
MEASURE = "Violent incidents per 1,000 occupied bed days"
START = dt.date(2026, 1, 5)
TIMEOUT = 120_000
#: Incidents and occupied bed days, week by week: a fall after the huddles start (week 16).
INCIDENTS = [4, 3, 5, 4, 6, 3, 4, 5, 3, 4, 5, 4, 3, 5, 4, 2, 1, 2, 1, 1] + [
    1,
    0,
    1,
    2,
    1,
    0,
    1,
    1,
    0,
    1,
]
BED_DAYS = [300 + (k * 7) % 23 for k in range(30)]


def uk(k: int) -> str:
    return (START + dt.timedelta(weeks=k)).strftime("%d/%m/%Y")


@pytest.fixture(scope="module")
def journey(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A server over the thread's workbooks, with an empty workspace of its own."""
    folder = tmp_path_factory.mktemp("journey-workbooks")
    for name in USED:
        shutil.copy(WORKBOOKS / name, folder)
    workspace = tmp_path_factory.mktemp("journey-workspace")
    with running_server(folder, workspace, tmp_path_factory.mktemp("serve") / "journey.log") as url:
        yield url, workspace


class App:
    """One workbook open in its own tab, with helpers to find controls by their labels."""

    def __init__(self, browser, url: str, workbook: str, query: str = "") -> None:
        self.browser = browser
        self.url = f"{url}voila/render/{workbook}{query}"
        self.open()

    def open(self) -> None:
        self.context = self.browser.new_context(viewport={"width": 1366, "height": 768})
        self.page = self.context.new_page()
        self.watch = PageWatch()
        self.watch.attach(self.page)
        self.page.goto(self.url, wait_until="domcontentloaded", timeout=TIMEOUT)
        self.page.wait_for_selector(".jupyter-widgets", timeout=TIMEOUT)
        self.page.wait_for_load_state("networkidle", timeout=TIMEOUT)

    def reload(self) -> None:
        """Close the tab once the workspace has saved, and open the page again."""
        self.page.wait_for_timeout(2500)  # autosave after a quiet spell
        self.check_clean()
        self.context.close()
        self.open()

    def control(self, kind: str, label: str, element: str):
        """The ``element`` of the ipywidget of ``kind`` whose label reads ``label``."""
        words = re.compile(rf"^\s*{re.escape(label)}\s*$")
        label_element = self.page.locator("label.widget-label", has_text=words)
        widget = self.page.locator(f".widget-{kind}").filter(has=label_element)
        return widget.first.locator(element)

    def text(self, label: str):
        return self.control("text", label, "input")

    def area(self, label: str):
        return self.control("textarea", label, "textarea")

    def dropdown(self, label: str):
        return self.control("dropdown", label, "select")

    def choose(self, label: str, option: str) -> None:
        """Pick ``option`` (its words, with any spacing) in the drop-down labelled ``label``."""
        select = self.dropdown(label)
        value = select.evaluate(
            "(s, words) => { const norm = t => t.replace(/\\s+/g, ' ').trim();"
            " const o = [...s.options].find(o => norm(o.textContent) === words);"
            " return o ? o.value : null; }",
            option,
        )
        assert value is not None, f"no option {option!r} in {label!r}"
        select.select_option(value=value)

    def button(self, name: str):
        return (
            self.page.locator("button")
            .filter(has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))
            .first
        )

    def wait_for_text(self, words: str, timeout: float = 60_000) -> None:
        self.page.wait_for_function(
            "(w) => document.body.innerText.includes(w)", arg=words, timeout=timeout
        )

    def wait_for_summary(self, words: str) -> None:
        """Wait until the data-entry summary says ``words``; on failure, say what the page says."""
        try:
            self.page.wait_for_function(
                "(w) => (document.querySelector('.qikit-weeks-summary') || {innerText: ''})"
                ".innerText.includes(w)",
                arg=words,
                timeout=TIMEOUT,
            )
        except Exception:
            shown = self.page.inner_text("body")
            raise AssertionError(
                f"the page never said {words!r}; it says:\n{shown[-3000:]}"
            ) from None

    def check_clean(self) -> None:
        body = self.page.inner_text("body")
        for bad in ERROR_TEXTS:
            assert bad not in body, bad
        assert self.watch.external_requests() == []
        assert self.watch.console_errors == []

    def close(self) -> None:
        self.context.close()


def test_one_team_from_aim_to_storyboard(journey, browser):
    url, workspace_folder = journey

    # 01: a new team names itself and writes its aim
    app = App(browser, url, "01_model_for_improvement.ipynb")
    try:
        app.text("Team").fill(TEAM)
        app.text("Project").fill(PROJECT)
        app.button("Open project").click()
        app.wait_for_text(f"Working on {PROJECT}")
        app.page.locator(".qikit-aim-statement textarea").first.fill(AIM)
        app.page.locator(".qikit-aim-statement textarea").first.press("Tab")
        app.reload()
        assert app.text("Team").input_value() == TEAM
        assert app.page.locator(".qikit-aim-statement textarea").first.input_value() == AIM
        app.check_clean()
    finally:
        app.close()

    # 04: a measure with a denominator, a multiplier and a direction
    app = App(browser, url, "04_measurement_strategy.ipynb")
    try:
        assert app.text("Project").input_value() == PROJECT
        app.button("Add a blank measure").click()
        app.page.wait_for_timeout(1500)
        app.text("Name").fill(MEASURE)
        app.text("Numerator").fill("Violent incidents recorded on Datix")
        app.text("Denominator").fill("Occupied bed days")
        app.choose("Type", "Outcome")
        app.choose("Form", "Rate")
        app.text("Multiplier").fill("1000")
        app.text("Unit").fill("per 1,000 occupied bed days")
        app.choose("Chart", CHART_NAMES["u"])
        app.choose("Is higher or lower better?", "Lower is better")
        app.text("Unit").press("Tab")
        app.reload()
        assert app.text("Name").input_value() == MEASURE
        assert (
            app.dropdown("Chart")
            .evaluate("s => s.selectedOptions[0].textContent")
            .replace("\xa0", " ")
            == CHART_NAMES["u"]
        )
        assert app.text("Multiplier").input_value() == "1000"
        app.check_clean()
    finally:
        app.close()

    from qikit.store import open_workspace

    with open_workspace(workspace_folder) as ws:
        [project] = [p for p in ws.projects() if p.name == PROJECT]
        [measure] = ws.measures(project.id)
    assert (measure.chart_type, measure.multiplier, measure.better) == ("u", 1000, "lower")

    # 13: twenty weeks typed in the grid with UK dates, ten more pasted from Excel
    app = App(browser, url, "13_our_data.ipynb")
    try:
        for k in range(20):
            app.page.locator(".qikit-new-week input").fill(uk(k))
            app.page.locator(".qikit-new-numerator input").fill(str(INCIDENTS[k]))
            app.page.locator(".qikit-new-denominator input").fill(str(BED_DAYS[k]))
            app.page.locator("button.qikit-add-week").click()
            app.wait_for_summary(f"{k + 1} week")
        rows = "\n".join(f"{uk(k)}\t{INCIDENTS[k]}\t{BED_DAYS[k]:,}" for k in range(20, 30))
        app.page.locator(".qikit-paste textarea").fill("Week commencing\tIncidents\tOBDs\n" + rows)
        app.page.locator("button.qikit-paste-rows").click()
        app.wait_for_summary("30 weeks entered")
        app.reload()
        assert "30 weeks entered" in app.page.locator(".qikit-weeks-summary").inner_text()
        app.check_clean()
    finally:
        app.close()

    with open_workspace(workspace_folder) as ws:
        table = ws.observation_table(measure.id)
    assert table["numerator"].tolist() == INCIDENTS
    assert table["denominator"].tolist() == BED_DAYS
    assert table["period"].dt.date.tolist() == [START + dt.timedelta(weeks=k) for k in range(30)]

    # 02: two PDSA cycles on a safety huddle, linked to the measure
    app = App(browser, url, "02_pdsa.ipynb")
    try:
        app.text("Change idea").fill("Safety huddle at handover")
        app.control("select-multiple", "Measures this cycle should move", "select").select_option(
            label=MEASURE
        )
        app.control("datepicker", "Start date", "input").fill("2026-04-20")
        app.page.locator(".qikit-pdsa-objective textarea").first.fill(
            "Try a safety huddle at one handover"
        )
        app.button("Start the next cycle").click()
        app.page.wait_for_timeout(1000)
        app.control("select-multiple", "Measures this cycle should move", "select").select_option(
            label=MEASURE
        )
        app.control("datepicker", "Start date", "input").fill("2026-05-11")
        app.page.locator(".qikit-pdsa-objective textarea").first.fill(
            "Huddle at every handover for a week"
        )
        app.page.locator(".qikit-pdsa-objective textarea").first.press("Tab")
        app.reload()
        assert app.text("Change idea").input_value() == "Safety huddle at handover"
        app.check_clean()
    finally:
        app.close()

    with open_workspace(workspace_folder) as ws:
        [ramp] = ws.records(project.id, "ramp")
    cycles = ramp.item.cycles
    assert [c.start_date for c in cycles] == [dt.date(2026, 4, 20), dt.date(2026, 5, 11)]
    assert all(c.measure_ids == [measure.id] for c in cycles)

    check_explorer(browser, url, project.id, measure, table)
    check_storyboard(browser, url, project.id)


def expected_result(table: pd.DataFrame):
    import qikit

    return qikit.spc(
        table,
        x="period",
        y="numerator",
        n="denominator",
        chart="u",
        multiply=1000,
        improvement="decrease",
        rules="mdc",
    )


def check_explorer(browser, url, project_id, measure, table) -> None:
    """06 opened from a link carrying the project: the team's u chart with its cycles."""
    app = App(browser, url, "06_spc_charts.ipynb", f"?project={project_id}")
    try:
        app.page.wait_for_function(
            "() => document.querySelector('.qikit-chart .vega-embed svg')", timeout=TIMEOUT
        )
        markup = "".join(chart_markup(app.page))
        assert "PDSA 1" in markup and "PDSA 2" in markup
        with app.page.expect_download(timeout=60_000) as saved:
            app.page.get_by_role("button", name="Download the numbers (CSV").click()
        shown = pd.read_csv(saved.value.path())
        expected = expected_result(table).points
        for column in ("y", "cl", "lcl", "ucl"):
            assert shown[column].to_numpy() == pytest.approx(expected[column].to_numpy())
        kinds = set(shown["point_type"]) if "point_type" in shown else set()
        assert kinds == set(expected["point_type"])
        assert "special_cause_improvement" in kinds  # blue: lower is better here
        app.reload()
        app.page.wait_for_function(
            "() => document.querySelector('.qikit-chart .vega-embed svg')", timeout=TIMEOUT
        )
        assert "PDSA 2" in "".join(chart_markup(app.page))
        app.check_clean()
    finally:
        app.close()


def check_storyboard(browser, url, project_id) -> None:
    """12 opened from a link carrying the project: the storyboard carries the team's chart."""
    app = App(browser, url, "12_storyboard.ipynb", f"?project={project_id}")
    try:
        app.button("Show the storyboard").click()
        frame = app.page.frame_locator("iframe[title='Storyboard preview']")
        frame.locator("text=" + MEASURE).first.wait_for(timeout=TIMEOUT)
        page_html = frame.locator("html").inner_html()
        assert "Our own data" in page_html or "our own data" in page_html.lower()
        assert "<svg" in page_html or "<img" in page_html
        for kind in ("PDF", "PNG"):
            with app.page.expect_download(timeout=TIMEOUT) as saved:
                app.page.get_by_role("button", name=f"({kind}").click()
            assert saved.value.suggested_filename.endswith(f".{kind.lower()}")
            assert Path(saved.value.path()).stat().st_size > 20_000  # a page with its chart
        app.check_clean()
    finally:
        app.close()
