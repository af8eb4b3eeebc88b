"""Notebooks are committed with outputs stripped, and hold narrative plus calls into qikit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    p
    for folder in ("workbooks", "exercises")
    for p in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


def test_there_are_notebooks():
    assert any(p.parent.name == "workbooks" for p in NOTEBOOKS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_is_stripped(notebook: Path):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    dirty = [
        i
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert dirty == [], f"cells {dirty} have outputs: strip them before committing"


@pytest.mark.parametrize(
    "notebook",
    [p for p in NOTEBOOKS if p.parent.name == "workbooks"],
    ids=lambda p: p.name,
)
def test_workbook_has_a_gallery_card(notebook: Path):
    meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("qikit", {})
    assert meta.get("title"), "metadata.qikit.title is missing"
    assert isinstance(meta.get("minutes"), int), "metadata.qikit.minutes is missing"
    assert meta.get("objectives"), "metadata.qikit.objectives is missing"


@pytest.mark.parametrize(
    "notebook",
    [p for p in NOTEBOOKS if p.parent.name == "workbooks"],
    ids=lambda p: p.name,
)
def test_workbook_code_is_only_calls_into_qikit(notebook: Path):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    for source in code:
        lines = [line for line in source.splitlines() if line.strip()]
        assert len(lines) <= 6, "a workbook cell should be a few calls into qikit, not logic"
        assert not any(line.lstrip().startswith(("def ", "class ", "for ")) for line in lines)
