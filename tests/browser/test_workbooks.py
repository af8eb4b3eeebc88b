"""Every workbook, served by ``qikit serve``, in a real headless Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import WORKBOOKS
from tests.browser.pages import (
    ERROR_TEXTS,
    PageWatch,
    chart_markup,
    serious_accessibility_violations,
)

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p for p in WORKBOOKS.glob("*.ipynb") if not p.name.startswith("_"))
RENDER_TIMEOUT_MS = 120_000


def open_workbook(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    page.goto(url, wait_until="domcontentloaded", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.qikit-chart')].every("
        "c => c.querySelector('.vega-embed svg, .vega-embed canvas'))",
        timeout=RENDER_TIMEOUT_MS,
    )
    page.wait_for_load_state("networkidle", timeout=RENDER_TIMEOUT_MS)
    return context, page, watch


def change_first_widget(page) -> str:
    """Change the first slider or drop-down on the page, as a person would; say which."""
    handle = page.locator(".widget-slider .noUi-handle").first
    if handle.count():
        handle.focus()
        handle.press("ArrowRight")
        return "slider"
    select = page.locator(".widget-dropdown select").first
    if select.count():
        options = select.locator("option").all_inner_texts()
        current = select.input_value()
        other = next(o for o in options if o != current)
        select.select_option(label=other)
        return "dropdown"
    toggle = page.locator(".widget-toggle-buttons button").nth(1)
    if toggle.count():
        toggle.click()
        return "toggle buttons"
    raise AssertionError("no slider, drop-down or toggle buttons to change on this page")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_workbook_renders_offline_and_responds(server, browser, notebook: Path):
    context, page, watch = open_workbook(browser, f"{server}voila/render/{notebook.name}")
    try:
        text = page.inner_text("body")
        for bad in ERROR_TEXTS:
            assert bad not in text, f"{notebook.name} shows {bad!r} on the page"
        assert page.locator(".jupyter-widgets").count() > 0, "no widgets on the page"

        before = chart_markup(page)
        assert before and all(before), "every chart must be drawn as svg or canvas"

        what = change_first_widget(page)
        page.wait_for_function(
            "(before) => { const now = [...document.querySelectorAll('.qikit-chart .vega-embed')]"
            ".map(e => { const g = e.querySelector('svg, canvas');"
            " return g ? (g.tagName === 'CANVAS' ? g.toDataURL() : g.outerHTML) : ''; });"
            " return JSON.stringify(now) !== JSON.stringify(before); }",
            arg=before,
            timeout=15_000,
        )
        page.wait_for_timeout(300)
        text = page.inner_text("body")
        for bad in ERROR_TEXTS:
            assert bad not in text, f"{notebook.name} shows {bad!r} after changing the {what}"

        assert watch.external_requests() == [], "requests left this machine"
        assert watch.console_errors == [], "the browser console shows errors"
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()


def test_gallery_lists_every_workbook(server, browser):
    context = browser.new_context()
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    try:
        page.goto(server, wait_until="networkidle")
        links = page.eval_on_selector_all(".card h2 a", "as => as.map(a => a.getAttribute('href'))")
        expected = {f"/voila/render/{nb.name}" for nb in NOTEBOOKS}
        assert expected <= set(links)
        for nb in NOTEBOOKS:
            meta = json.loads(nb.read_text())["metadata"].get("qikit", {})
            if "minutes" in meta:
                assert f"About {meta['minutes']} minutes" in page.inner_text("body")
        assert watch.external_requests() == []
        assert watch.console_errors == []
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()
