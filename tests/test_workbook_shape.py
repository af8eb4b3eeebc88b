"""Every workbook has one page shape: one title block first, the app next, the narrative below."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

WORKBOOKS = sorted((Path(__file__).resolve().parents[1] / "workbooks").glob("*.ipynb"))
APPS = Path(__file__).resolve().parents[1] / "qikit" / "apps"


def _cells(path: Path) -> tuple[dict, list[dict]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return nb["metadata"].get("qikit", {}), nb["cells"]


def _text(cell: dict) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.stem)
def test_title_block_is_the_first_cell_and_the_only_h1(path: Path):
    meta, cells = _cells(path)
    first = _text(cells[0])
    assert cells[0]["cell_type"] == "markdown"
    assert first.startswith(f"# {meta['title']}\n"), "the h1 is the gallery's title"
    assert f"**Time needed:** about {meta['minutes']} minutes" in first
    assert "**You will be able to**" in first and "**Key point" in first
    h1s = [c for c in cells if c["cell_type"] == "markdown" and re.search(r"(?m)^# ", _text(c))]
    assert h1s == [cells[0]]


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.stem)
def test_the_app_comes_straight_after_the_title_block(path: Path):
    _, cells = _cells(path)
    assert cells[1]["cell_type"] == "code" and "from qikit.apps import" in _text(cells[1])


def test_no_app_draws_a_page_title():
    for module in APPS.glob("*.py"):
        assert "<h1" not in module.read_text(encoding="utf-8"), f"{module.name} draws an h1"
