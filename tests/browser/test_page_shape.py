"""One page shape for every workbook and exercise page, in a real Chromium at 1366 by 768.

Each page is opened once and checked for: exactly one visible h1 (the title block); one
``<nav aria-label="Workbooks">`` with "Back to the gallery" and the next page in teaching order
(the last page of each sequence: Back only), both links resolving; and, on a workbook, the app's
first control showing without scrolling.

A Next link resolves when it is the address of the next page, which its own case opens and
requires to answer 200 (fetching it here as well would start one more kernel per page).
"""

from __future__ import annotations

import urllib.request
from urllib.parse import urljoin

import pytest

from qikit.serve.navigation import GALLERY, address, page_links
from tests.browser.conftest import ROOT, WORKBOOKS

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1366, "height": 768}
TIMEOUT_MS = 120_000
LINKS = page_links(WORKBOOKS, ROOT / "exercises")
#: What a learner can operate in an app.
CONTROLS = (
    ".jupyter-widgets input:not([type=hidden]), .jupyter-widgets button, "
    ".jupyter-widgets select, .jupyter-widgets textarea, .jupyter-widgets [role=slider]"
)
#: JavaScript: the page's y of the bottom of the first visible control, or null.
FIRST_CONTROL_JS = """sel => {
  const shown = [...document.querySelectorAll(sel)].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
  });
  if (!shown.length) { return null; }
  return shown[0].getBoundingClientRect().bottom + window.scrollY;
}"""


def _open(browser, url: str):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    response = page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=TIMEOUT_MS)
    page.wait_for_selector(".jupyter-widgets", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.qikit-chart')].every("
        "c => c.querySelector('.vega-embed svg, .vega-embed canvas'))",
        timeout=TIMEOUT_MS,
    )
    return context, page, response


@pytest.mark.parametrize("link", LINKS, ids=lambda link: link.path)
def test_page_has_one_title_back_and_next_and_the_app_in_view(server, browser, link):
    context, page, response = _open(browser, f"{server}{address(link.path)}")
    try:
        assert response is not None and response.status == 200
        assert page.locator("h1:visible").count() == 1, "one title block per page"
        assert page.locator("h1:visible").inner_text().strip() == link.title

        nav = page.locator('nav[aria-label="Workbooks"]')
        assert nav.count() == 1, "one Back / Next nav per page"
        back = nav.get_by_role("link", name="Back to the gallery")
        assert back.is_visible()
        gallery = urljoin(page.url, back.get_attribute("href"))
        assert gallery == f"{server}{GALLERY}"
        with urllib.request.urlopen(gallery, timeout=30) as answer:
            assert answer.status == 200

        links = nav.get_by_role("link")
        if link.next_path is None:
            assert links.count() == 1, "the last page has only Back"
        else:
            following = nav.get_by_role("link", name=f"{link.next_label}: {link.next_title}")
            assert following.is_visible()
            href = urljoin(page.url, following.get_attribute("href"))
            assert href == f"{server}{address(link.next_path)}"
            assert any(other.path == link.next_path for other in LINKS)  # opened by its own case
            assert links.count() == 2
        style = back.evaluate(
            "a => { const s = getComputedStyle(a); return [s.color, s.textDecorationLine]; }"
        )
        assert style == ["rgb(0, 94, 184)", "underline"], "links look like links (NHS blue)"
        back.focus()
        ring = back.evaluate("a => getComputedStyle(a).outlineStyle")
        assert ring == "solid", "a focus ring shows on the focused link"

        if not link.path.startswith("exercises/"):
            bottom = page.evaluate(FIRST_CONTROL_JS, CONTROLS)
            assert bottom is not None, "the app has a control"
            assert bottom <= VIEWPORT["height"], (
                f"the first control ends {bottom:.0f} px down, below the first screen"
            )
    finally:
        context.close()
