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
    wait_for_redraw,
)

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p for p in WORKBOOKS.glob("*.ipynb") if not p.name.startswith("_"))
RENDER_TIMEOUT_MS = 120_000


def open_workbook(browser, url: str, min_charts: int = 1, width: int = 1280, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    page.goto(url, wait_until="domcontentloaded", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(".jupyter-widgets", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(
        "(least) => { const charts = [...document.querySelectorAll('.qikit-chart')];"
        " return charts.length >= least && charts.every("
        "c => c.querySelector('.vega-embed svg, .vega-embed canvas')); }",
        arg=min_charts,
        timeout=RENDER_TIMEOUT_MS,
    )
    page.wait_for_load_state("networkidle", timeout=RENDER_TIMEOUT_MS)
    return context, page, watch


def change_first_widget(page, interaction: dict | None = None) -> str:
    """Change a widget as a person would; say which.

    A workbook may name the control to use in ``metadata.qikit.browser_interaction``:
    ``{"selector": CSS, "action": "click" | "press:KEY" | "select:LABEL" | "fill:TEXT"}``.
    Otherwise the first slider, drop-down or set of toggle buttons is changed.
    """
    if interaction:
        target = page.locator(interaction["selector"]).first
        action, _, value = interaction.get("action", "click").partition(":")
        if action == "click":
            target.click()
        elif action == "press":
            target.focus()
            target.press(value)
        elif action == "select":
            target.select_option(label=value)
        elif action == "fill":
            target.fill(value)
            target.press("Enter")
        return interaction["selector"]
    handle = page.locator(".widget-slider .noUi-handle").first
    if handle.count():
        handle.focus()
        handle.press("ArrowRight")
        return "slider"
    select = page.locator(".widget-dropdown select").first
    if select.count():
        values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
        current = select.input_value()
        select.select_option(value=next(v for v in values if v != current))
        return "dropdown"
    toggle = page.locator(".widget-toggle-buttons button").nth(1)
    if toggle.count():
        toggle.click()
        return "toggle buttons"
    raise AssertionError("no slider, drop-down or toggle buttons to change on this page")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_workbook_renders_offline_and_responds(server, browser, notebook: Path):
    meta = json.loads(notebook.read_text())["metadata"].get("qikit", {})
    url = f"{server}voila/render/{notebook.name}"
    context, page, watch = open_workbook(browser, url, 0 if meta.get("charts") == 0 else 1)
    try:
        text = page.inner_text("body")
        for bad in ERROR_TEXTS:
            assert bad not in text, f"{notebook.name} shows {bad!r} on the page"
        assert page.locator(".jupyter-widgets").count() > 0, "no widgets on the page"

        before = chart_markup(page)
        assert all(before), "every chart must be drawn as svg or canvas"
        if before:
            what = change_first_widget(page, meta.get("browser_interaction"))
            wait_for_redraw(page, before)
            page.wait_for_timeout(300)
            text = page.inner_text("body")
            for bad in ERROR_TEXTS:
                assert bad not in text, f"{notebook.name} shows {bad!r} after changing the {what}"
        else:  # a workbook with no chart says so; its widgets are checked by its own tests
            assert meta.get("charts") == 0, "no chart drawn; set metadata.qikit.charts = 0"

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
        links = page.eval_on_selector_all(
            ".card h2 a, .card h3 a", "as => as.map(a => a.getAttribute('href'))"
        )
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
