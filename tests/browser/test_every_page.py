"""The page check on every workbook and exercise page, in normal and in present mode.

Each page is opened once, checked at a laptop, a projector and 150 % zoom (the window is resized
in place, so charts must follow it), then switched to present mode with its switch and checked
again at the same sizes. axe-core is run in both modes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, WORKBOOKS
from tests.browser.page_check import SIZES, problems_at_every_size
from tests.browser.pages import serious_accessibility_violations
from tests.browser.test_workbooks import open_workbook

pytestmark = pytest.mark.browser

WORKBOOK_PAGES = sorted(p for p in WORKBOOKS.glob("*.ipynb") if not p.name.startswith("_"))
EXERCISE_PAGES = sorted(p for p in (ROOT / "exercises").glob("*.ipynb"))
PAGES = [(p, f"voila/render/{p.name}") for p in WORKBOOK_PAGES] + [
    (p, f"voila/render/exercises/{p.name}") for p in EXERCISE_PAGES
]


def expected_charts(notebook: Path) -> int:
    meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("qikit", {})
    return 0 if meta.get("charts") == 0 or "topic" in meta or "exercises" in str(notebook) else 1


@pytest.mark.parametrize(
    ("notebook", "address"), PAGES, ids=[f"{p.parent.name}/{p.stem}" for p, _ in PAGES]
)
def test_page_passes_the_page_check(server, browser, notebook: Path, address: str):
    context, page, watch = open_workbook(
        browser, server + address, expected_charts(notebook), SIZES[0][1], SIZES[0][2]
    )
    try:
        found = [f"normal mode, {p}" for p in problems_at_every_size(page)]
        found += [f"normal mode: {v}" for v in serious_accessibility_violations(page)]

        switch = page.get_by_role("button", name="Present mode")
        if switch.count() != 1:
            found.append(f"the page has {switch.count()} 'Present mode' switches, not one")
        else:
            switch.click()
            page.wait_for_function(
                "() => document.body.classList.contains('qikit-present')"
                " || document.documentElement.classList.contains('qikit-present')"
            )
            found += [f"present mode, {p}" for p in problems_at_every_size(page)]
            found += [f"present mode: {v}" for v in serious_accessibility_violations(page)]
        assert watch.external_requests() == [], "requests left this machine"
        assert found == [], f"{address}:\n" + "\n".join(found)
    finally:
        context.close()
