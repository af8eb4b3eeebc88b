"""Present mode for a facilitator, and charts that fit the page, in a real headless Chromium.

The switch (a "Present mode" button on every page) and the address (``?present=1`` or
``?present=0``) turn present mode on and off; the choice is kept for the next page. In present
mode text and controls are at least 20 px. In both modes charts follow the window (no reload)
and nothing runs off the side at a laptop, a projector and 150 % browser zoom.
"""

from __future__ import annotations

import pytest

from tests.browser.pages import PageWatch

pytestmark = pytest.mark.browser

TIMEOUT_MS = 120_000
#: (name, width, height): a laptop, a projector, and both at 150 % browser zoom (the page is then
#: laid out in two thirds of the pixels; the device scale factor changes no layout).
SIZES = [
    ("1366x768", 1366, 768),
    ("1024x768", 1024, 768),
    ("1366x768 at 150%", 911, 512),
    ("1024x768 at 150%", 683, 512),
]
PAGES = ["05_run_charts.ipynb", "08_live_demos.ipynb", "11_collaborative.ipynb"]
SWITCH = "button.qikit-present-switch"

IS_ON_JS = (
    "() => document.body.classList.contains('qikit-present')"
    " && document.documentElement.classList.contains('qikit-present')"
)
IS_OFF_JS = (
    "() => !document.body.classList.contains('qikit-present')"
    " && !document.documentElement.classList.contains('qikit-present')"
)

#: Every piece of text and every control smaller than 20 px, outside the charts.
SMALL_TEXT_JS = r"""
() => {
  const found = [];
  const shown = (el) => el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility === 'visible' && !el.closest('[aria-hidden="true"]');
  const controls = 'input, select, textarea, button, label, .widget-label, .widget-readout';
  for (const el of document.querySelectorAll(controls)) {
    if (!shown(el) || el.closest('.vega-embed')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 20) found.push(`${el.tagName.toLowerCase()}.${el.className} ${size}px`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest('.vega-embed, script, style')) continue;
    if (!shown(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 20) found.push(`"${node.textContent.trim().slice(0, 40)}" ${size}px`);
  }
  return [...new Set(found)].slice(0, 12);
}
"""

#: What runs off the side: the page, the box that scrolls the cells, any widget box that
#: scrolls sideways, and any chart wider than a box that clips it or than the window.
OVERFLOW_JS = r"""
() => {
  const found = [];
  const root = document.scrollingElement || document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    found.push(`the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`);
  }
  for (const box of document.querySelectorAll('#rendered_cells, #rendered_cells .widget-box')) {
    const style = getComputedStyle(box);
    if (box.getClientRects().length === 0) continue;
    if (['auto', 'scroll'].includes(style.overflowX) && box.scrollWidth > box.clientWidth + 1) {
      found.push(`a box ${box.clientWidth} px wide scrolls sideways to ${box.scrollWidth} px ` +
                 `(${box.id || box.className})`);
    }
  }
  const charts = '.vega-embed svg.marks, .vega-embed canvas.marks';
  for (const chart of document.querySelectorAll(charts)) {
    if (chart.getClientRects().length === 0) continue;
    const rect = chart.getBoundingClientRect();
    if (rect.right > window.innerWidth + 1) {
      found.push(`a chart ${Math.round(rect.width)} px wide runs off a ` +
                 `${window.innerWidth} px window`);
    }
    for (let box = chart.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX === 'visible') continue;
      const outer = box.getBoundingClientRect();
      if (rect.right > outer.right + 1 || rect.left < outer.left - 1) {
        found.push(`a chart ${Math.round(rect.width)} px wide is clipped by a box ` +
                   `${Math.round(outer.width)} px wide`);
        break;
      }
    }
  }
  return [...new Set(found)];
}
"""

#: The drawn width of each chart on the page, and the width of the column it sits in.
CHART_WIDTHS_JS = r"""
() => [...document.querySelectorAll('.qikit-chart .vega-embed svg.marks')]
  .filter(svg => svg.getClientRects().length > 0)
  .map(svg => ({ width: svg.getBoundingClientRect().width,
                 column: svg.closest('.qikit-chart').getBoundingClientRect().width,
                 drawn: svg.viewBox.baseVal.width }))
"""


def open_page(browser, url: str, width: int = 1366, height: int = 768, charts: bool = True):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
    page.wait_for_selector(SWITCH, state="visible", timeout=TIMEOUT_MS)
    if charts:
        page.wait_for_selector("#rendered_cells", state="visible", timeout=TIMEOUT_MS)
        page.wait_for_function(
            "() => { const charts = [...document.querySelectorAll('.qikit-chart')];"
            " return charts.length > 0 && charts.every("
            "c => c.querySelector('.vega-embed svg.marks')); }",
            timeout=TIMEOUT_MS,
        )
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    return context, page, watch


def problems_at_every_size(page, settle_ms: int = 500) -> list[str]:
    found = []
    for name, width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(settle_ms)
        found += [f"{name}: {problem}" for problem in page.evaluate(OVERFLOW_JS)]
    page.set_viewport_size({"width": SIZES[0][1], "height": SIZES[0][2]})
    page.wait_for_timeout(settle_ms)
    return found


def test_the_switch_and_the_address_turn_present_mode_on_and_off(server, browser):
    """On the gallery page (no kernel, so quick): the switch, the address and what is kept."""
    context, page, watch = open_page(browser, server, charts=False)
    try:
        switch = page.get_by_role("button", name="Present mode")
        assert switch.count() == 1
        assert switch.get_attribute("aria-pressed") == "false"
        page.wait_for_function(IS_OFF_JS)

        for _ in range(10):  # reached from the keyboard, near the top of the page
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.matches('.qikit-present-switch')"):
                break
        else:
            raise AssertionError("Tab never reaches the Present mode switch")
        page.keyboard.press("Enter")
        page.wait_for_function(IS_ON_JS)
        assert switch.get_attribute("aria-pressed") == "true"
        assert page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)") >= 20

        page.reload(wait_until="domcontentloaded")  # kept for the next page
        page.wait_for_selector(SWITCH)
        page.wait_for_function(IS_ON_JS)
        assert switch.get_attribute("aria-pressed") == "true"

        page.goto(server + "?present=0", wait_until="domcontentloaded")  # the address wins
        page.wait_for_selector(SWITCH)
        page.wait_for_function(IS_OFF_JS)
        assert switch.get_attribute("aria-pressed") == "false"
        page.goto(server, wait_until="domcontentloaded")  # ... and is kept
        page.wait_for_selector(SWITCH)
        page.wait_for_function(IS_OFF_JS)

        page.goto(server + "?present=1", wait_until="domcontentloaded")
        page.wait_for_selector(SWITCH)
        page.wait_for_function(IS_ON_JS)
        switch.click()  # off again, and the address follows so a reload keeps it off
        page.wait_for_function(IS_OFF_JS)
        assert page.url.endswith("?present=0")
        assert watch.console_errors == []
    finally:
        context.close()


def test_a_workbook_opened_with_present_1_has_large_text_and_controls(server, browser):
    url = f"{server}voila/render/08_live_demos.ipynb?present=1"
    context, page, watch = open_page(browser, url, width=1024)
    try:
        page.wait_for_function(IS_ON_JS)
        assert page.locator(SWITCH).get_attribute("aria-pressed") == "true"
        assert page.evaluate(SMALL_TEXT_JS) == []
        assert watch.external_requests() == []
        assert watch.console_errors == []
    finally:
        context.close()


@pytest.mark.parametrize("notebook", PAGES, ids=lambda name: name[:2])
def test_charts_follow_the_window_and_nothing_runs_off_the_side(server, browser, notebook):
    context, page, watch = open_page(browser, f"{server}voila/render/{notebook}?present=0")
    try:
        wide = page.evaluate(CHART_WIDTHS_JS)
        assert wide, "no chart drawn"
        for chart in wide:  # as wide as the column, or as drawn if that is already too tall
            assert chart["width"] <= chart["column"] + 1
            assert chart["width"] >= min(chart["column"], chart["drawn"]) - 1

        page.set_viewport_size({"width": 1024, "height": 768})
        page.wait_for_timeout(500)
        narrow = page.evaluate(CHART_WIDTHS_JS)
        assert len(narrow) == len(wide)
        assert any(n["width"] < w["width"] - 20 for n, w in zip(narrow, wide, strict=True)), (
            f"no chart got narrower with the window: {wide} then {narrow}"
        )
        page.set_viewport_size({"width": 1366, "height": 768})

        found = [f"normal mode, {p}" for p in problems_at_every_size(page)]
        page.locator(SWITCH).click()
        page.wait_for_function(IS_ON_JS)
        found += [f"present mode, {p}" for p in problems_at_every_size(page)]
        page.set_viewport_size({"width": 1024, "height": 768})
        page.wait_for_timeout(500)
        found += [f"present mode, 1024x768: {small}" for small in page.evaluate(SMALL_TEXT_JS)]
        assert found == []
        assert watch.console_errors == []
    finally:
        context.close()
