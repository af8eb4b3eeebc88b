"""The worked example team through the storyboard (12) and the collaborative dashboard (11), in
a real headless Chromium: one click loads it, its storyboard carries its charts, and the
dashboard draws its measures beside the synthetic wards as our own data."""

from __future__ import annotations

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

pytestmark = pytest.mark.browser

STEMS = ("11_collaborative", "12_storyboard")
RENDER_TIMEOUT_MS = 180_000


@pytest.fixture(scope="module")
def team_server(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("team-workbooks")
    for stem in STEMS:
        shutil.copy(WORKBOOKS / f"{stem}.ipynb", folder)
    with running_server(
        folder,
        tmp_path_factory.mktemp("workspace"),
        tmp_path_factory.mktemp("serve") / "serve.log",
    ) as url:
        yield url


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    page.goto(url, wait_until="domcontentloaded", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(
        "() => { const c = [...document.querySelectorAll('.qikit-chart')];"
        " return c.length >= 1 && c.every(x => x.querySelector('.vega-embed svg, "
        ".vega-embed canvas')); }",
        timeout=RENDER_TIMEOUT_MS,
    )
    page.wait_for_load_state("networkidle", timeout=RENDER_TIMEOUT_MS)
    return context, page, watch


def check_clean(page, watch) -> None:
    text = page.inner_text("body")
    for bad in ERROR_TEXTS:
        assert bad not in text, f"the page shows {bad!r}"
    assert watch.external_requests() == []
    assert watch.console_errors == []
    assert serious_accessibility_violations(page) == []


def test_worked_team_storyboard_then_dashboard(team_server, browser):
    context, page, watch = open_page(browser, f"{team_server}voila/render/12_storyboard.ipynb")
    try:
        before = chart_markup(page)
        page.get_by_role("button", name="Load the worked example team").click()
        page.get_by_text("Opened the worked example team").wait_for(timeout=120_000)
        wait_for_redraw(page, before)
        assert "Violent incidents per 1,000 occupied bed days" in chart_markup(page)[0]
        assert "Synthetic data" in page.inner_text("body")
        page.get_by_role("button", name="Show the storyboard").click()
        frame = page.frame_locator("iframe[title='Storyboard preview']")
        frame.locator("h2", has_text="Our measures").wait_for(timeout=120_000)
        assert frame.locator("section.measures figure img").count() == 3
        widths = frame.locator("section.measures figure img").evaluate_all(
            "imgs => imgs.map(i => i.naturalWidth)"
        )
        assert all(w > 0 for w in widths)
        assert "synthetic" in frame.locator("footer").inner_text()
        with page.expect_download(timeout=120_000) as saved:
            page.get_by_role("button", name="Download the storyboard as a picture").click()
        assert saved.value.suggested_filename.endswith("_storyboard_A4.png")
        # A second click opens the same team rather than adding another.
        page.get_by_role("button", name="Load the worked example team").click()
        page.wait_for_timeout(1500)
        options = page.locator(".qikit-team select option").evaluate_all(
            "os => os.map(o => o.textContent.replace(/\\s/g, ' '))"
        )
        assert sum("worked example" in o for o in options) == 1, options
        check_clean(page, watch)
    finally:
        context.close()

    context, page, watch = open_page(browser, f"{team_server}voila/render/11_collaborative.ipynb")
    try:
        assert "Our own data" not in page.locator(".qikit-table").first.inner_text()
        before = chart_markup(page)
        page.get_by_role("checkbox", name="Include our team's measures").check()
        wait_for_redraw(page, before)
        page.wait_for_function(
            "document.querySelector('.qikit-table').innerText.includes('Our own data')",
            timeout=60_000,
        )
        assert "Our own data: Violent incidents" in chart_markup(page)[0]
        assert "the same measure" in page.inner_text("body")
        check_clean(page, watch)
    finally:
        context.close()
