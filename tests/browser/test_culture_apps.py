"""The culture, reliability, collaborative and storyboard workbooks in a real headless Chromium.

These workbooks are served on their own (a copy of just these four), so the checks run without
waiting for every other workbook's kernel.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WORKBOOKS, running_server
from tests.browser.pages import (
    ERROR_TEXTS,
    PageWatch,
    chart_markup,
    serious_accessibility_violations,
)

pytestmark = pytest.mark.browser

STEMS = ("09_score_culture", "10_reliability", "11_collaborative", "12_storyboard")
RENDER_TIMEOUT_MS = 180_000


@pytest.fixture(scope="module")
def culture_server(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("culture-workbooks")
    for stem in STEMS:
        shutil.copy(WORKBOOKS / f"{stem}.ipynb", folder)
    with running_server(
        folder,
        tmp_path_factory.mktemp("workspace"),
        tmp_path_factory.mktemp("serve") / "serve.log",
    ) as url:
        yield url


def open_page(browser, url: str, charts: int):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    page.goto(url, wait_until="domcontentloaded", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(
        "(least) => { const c = [...document.querySelectorAll('.qikit-chart')];"
        " return c.length >= least && c.every(x => x.querySelector('.vega-embed svg, "
        ".vega-embed canvas')); }",
        arg=charts,
        timeout=RENDER_TIMEOUT_MS,
    )
    page.wait_for_load_state("networkidle", timeout=RENDER_TIMEOUT_MS)
    return context, page, watch


def wait_for_change(page, before: list[str], index: int, watch: PageWatch) -> None:
    """Wait until chart ``index`` is drawn differently; on failure say what the console said."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        _wait_for_change(page, before, index)
    except PlaywrightTimeout:
        raise AssertionError(
            f"chart {index} was not redrawn; console errors: {watch.console_errors}"
        ) from None


def _wait_for_change(page, before: list[str], index: int) -> None:
    page.wait_for_function(
        "([before, i]) => { const e = document.querySelectorAll('.qikit-chart .vega-embed')[i];"
        " const g = e && e.querySelector('svg, canvas');"
        " const now = g ? (g.tagName === 'CANVAS' ? g.toDataURL() : g.outerHTML) : '';"
        " return now !== before[i]; }",
        arg=[before, index],
        timeout=60_000,
    )


def check_clean(page, watch) -> None:
    text = page.inner_text("body")
    for bad in ERROR_TEXTS:
        assert bad not in text
    assert watch.external_requests() == []
    assert watch.console_errors == []


def test_score_culture_hides_small_groups_and_follows_the_wave(culture_server, browser):
    context, page, watch = open_page(browser, f"{culture_server}voila/render/{STEMS[0]}.ipynb", 1)
    try:
        assert page.locator("td.qikit-hidden").count() > 0
        assert "hidden" in page.inner_text("body")
        before = chart_markup(page)
        page.locator(".qikit-wave select").select_option(label="After the collaborative")
        wait_for_change(page, before, 0, watch)
        check_clean(page, watch)
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()


def test_reliability_what_if_redraws_when_rates_are_typed(culture_server, browser):
    context, page, watch = open_page(browser, f"{culture_server}voila/render/{STEMS[1]}.ipynb", 2)
    try:
        before = chart_markup(page)
        box = page.locator(".qikit-rates input")
        box.fill("85, 85, 85, 85, 85")
        box.press("Enter")
        wait_for_change(page, before, 1, watch)
        page.wait_for_function("document.body.innerText.includes('98.98%')", timeout=30_000)
        check_clean(page, watch)
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()


def test_dashboard_filters_and_funnel(culture_server, browser):
    context, page, watch = open_page(browser, f"{culture_server}voila/render/{STEMS[2]}.ipynb", 2)
    try:
        assert page.locator(".qikit-table img[alt]").count() == 32
        assert page.locator(".qikit-static-chart img[alt]").count() == 2  # scores, timeline
        before = chart_markup(page)
        page.locator(".widget-dropdown select").first.select_option(index=1)  # a trust
        wait_for_change(page, before, 0, watch)
        before = chart_markup(page)
        page.get_by_role("button", name="Off", exact=True).click()  # no over-dispersion allowance
        wait_for_change(page, before, 1, watch)
        check_clean(page, watch)
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()


def test_storyboard_preview_and_downloads_stay_on_this_machine(culture_server, browser):
    context, page, watch = open_page(browser, f"{culture_server}voila/render/{STEMS[3]}.ipynb", 1)
    try:
        page.get_by_role("button", name="Show the storyboard").click()
        frame = page.frame_locator("iframe[title='Storyboard preview']")
        frame.locator("h2", has_text="Our aim").wait_for(timeout=120_000)
        with page.expect_download(timeout=120_000) as saved:
            page.get_by_role("button", name="Download the storyboard as a web page").click()
        assert saved.value.suggested_filename.endswith("_storyboard.html")
        assert "Our aim" in Path(saved.value.path()).read_text(encoding="utf-8")
        button = page.get_by_role("button", name="Download the storyboard as a picture")
        with page.expect_download(timeout=120_000) as saved:
            button.click()  # one click: the PNG is made and saved, no second link
        assert saved.value.suggested_filename.endswith("_storyboard_A4.png")
        assert Path(saved.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        expect(button).to_have_text(re.compile(r"\(PNG, \d+ KB\)$"))
        check_clean(page, watch)
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()


def test_exported_storyboard_opens_with_no_internet(browser, tmp_path):
    from qikit import datasets
    from qikit import storyboard as sb
    from qikit.collaborative import teams
    from qikit.store import open_workspace

    tables = {n: datasets.load(n) for n in ("wards", "changes", "pdsa", "weekly")}
    workspace = open_workspace(tmp_path / "ws")
    project = teams.fill_workspace(workspace, tables, ["W05"])["W05"]
    board = sb.from_workspace(workspace, project)
    board.measures = sb.ward_panels(tables["weekly"], tables["changes"], "W05", board.cycles)
    path = sb.save(board, tmp_path / "storyboard.html")
    workspace.close()
    context = browser.new_context(offline=True)
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    try:
        page.goto(path.as_uri(), wait_until="load")
        widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
        assert len(widths) == 3 and all(w > 0 for w in widths)  # diagram and two measures
        outside = [u for u in watch.requests if urlparse(u).scheme not in ("file", "data")]
        assert outside == []
        assert watch.console_errors == []
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()
