"""The data-entry workbook (13) in a real headless Chromium: a team's measure with twenty weeks
opens from a link carrying the project and the measure; a week typed in the grid and ten rows
pasted from Excel redraw the chart, with nothing leaving this machine."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator

import pytest

from tests.browser.conftest import WORKBOOKS, running_server
from tests.browser.pages import (
    ERROR_TEXTS,
    PageWatch,
    chart_markup,
    serious_accessibility_violations,
    wait_for_redraw,
)
from tests.team_measures import violence_measure

pytestmark = pytest.mark.browser

WORKBOOK = "13_our_data.ipynb"
START = dt.date(2026, 10, 5)
RENDER_TIMEOUT_MS = 120_000


def uk(k: int) -> str:
    return (START + dt.timedelta(days=7 * k)).strftime("%d/%m/%Y")


@pytest.fixture(scope="module")
def team_server(tmp_path_factory) -> Iterator[tuple[str, str, str]]:
    """A server over workbook 13 and a workspace with one measure and twenty weeks."""
    from qikit.improve import MeasurementPlan
    from qikit.improve.observations import Observation
    from qikit.store import open_workspace

    folder = tmp_path_factory.mktemp("our-data-workbooks")
    shutil.copy(WORKBOOKS / WORKBOOK, folder)
    where = tmp_path_factory.mktemp("workspace")
    workspace = open_workspace(where)
    team = workspace.create_team("Oak ward team")
    project = workspace.create_project(team.id, "Violence reduction")
    measure = violence_measure()
    workspace.save(project.id, MeasurementPlan(measures=[measure]))
    workspace.save_observations(
        measure.id,
        [Observation(uk(k), 3 + k % 4, 1000 + 5 * k) for k in range(20)],
    )
    workspace.close()
    with running_server(
        folder, where, tmp_path_factory.mktemp("serve") / "serve-our-data.log"
    ) as url:
        yield url, project.id, measure.id


def test_a_typed_week_and_pasted_rows_redraw_the_chart(team_server, browser):
    url, project_id, measure_id = team_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    try:
        page.goto(
            f"{url}voila/render/{WORKBOOK}?project={project_id}&measure={measure_id}",
            wait_until="domcontentloaded",
            timeout=RENDER_TIMEOUT_MS,
        )
        page.wait_for_function(
            "() => document.querySelector('.qikit-chart .vega-embed svg, "
            ".qikit-chart .vega-embed canvas')",
            timeout=RENDER_TIMEOUT_MS,
        )
        page.wait_for_load_state("networkidle", timeout=RENDER_TIMEOUT_MS)
        summary = page.locator(".qikit-weeks-summary")
        assert "20 weeks entered" in summary.inner_text()
        assert page.locator(".qikit-new-week input").input_value() == uk(20)

        before = chart_markup(page)
        page.locator(".qikit-new-numerator input").fill("2")
        page.locator(".qikit-new-denominator input").fill("1,120")
        page.locator("button.qikit-add-week").click()
        wait_for_redraw(page, before)
        page.wait_for_function(
            "() => document.querySelector('.qikit-weeks-summary').innerText"
            ".includes('21 weeks entered')",
            timeout=30_000,
        )

        before = chart_markup(page)
        rows = "\n".join(f"{uk(21 + k)}\t{k % 3 + 1}\t1,1{k:02d}" for k in range(10))
        page.locator(".qikit-paste textarea").fill(rows)
        page.locator("button.qikit-paste-rows").click()
        wait_for_redraw(page, before)
        page.wait_for_function(
            "() => document.querySelector('.qikit-weeks-summary').innerText"
            ".includes('31 weeks entered')",
            timeout=30_000,
        )
        text = page.inner_text("body")
        for bad in ERROR_TEXTS:
            assert bad not in text
        assert watch.external_requests() == []
        assert watch.console_errors == []
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()
