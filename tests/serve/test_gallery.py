"""The gallery page is built from each workbook's own metadata."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from qikit.serve.gallery import cards, render_cards

ROOT = Path(__file__).resolve().parents[2]


def write_notebook(path: Path, meta: dict | None) -> None:
    nb = {"cells": [], "metadata": {"qikit": meta} if meta else {}, "nbformat": 4}
    nb["nbformat_minor"] = 5
    path.write_text(json.dumps(nb))


def test_cards_in_teaching_order_with_fallback_titles(tmp_path: Path):
    write_notebook(tmp_path / "05_runs.ipynb", {"title": "Run charts", "minutes": 30, "order": 5})
    write_notebook(tmp_path / "00_welcome.ipynb", {"title": "Welcome", "minutes": 10, "order": 0})
    write_notebook(tmp_path / "scratch_pad.ipynb", None)
    (tmp_path / ".ipynb_checkpoints").mkdir()
    write_notebook(tmp_path / ".ipynb_checkpoints" / "00_welcome-checkpoint.ipynb", None)

    found = cards(tmp_path)

    assert [c.title for c in found] == ["Welcome", "Run charts", "Scratch pad"]
    assert found[0].minutes == 10 and found[2].minutes is None


def test_rendered_cards_escape_text_for_html_and_jinja(tmp_path: Path):
    write_notebook(
        tmp_path / "a b.ipynb",
        {
            "title": "<script>alert(1)</script> {{ 7*7 }}",
            "minutes": 5,
            "objectives": ["Use {% x %}"],
        },
    )
    markup = render_cards(cards(tmp_path))
    page = jinja2.Environment(autoescape=True).from_string(markup).render(base_url="/base/")

    assert "<script>" not in page
    assert "{{ 7*7 }}" in page.replace("&#123;", "{").replace("&#125;", "}")
    assert "49" not in page
    assert 'href="/base/voila/render/a%20b.ipynb"' in page
    assert "About 5 minutes" in page


def test_every_shipped_workbook_gets_a_card_with_time_and_objectives():
    found = cards(ROOT / "workbooks")
    assert found and found[0].path == "00_welcome.ipynb"
    assert all(c.minutes and c.objectives for c in found)


def test_empty_folder_says_so(tmp_path: Path):
    assert "No workbooks" in render_cards(cards(tmp_path))
