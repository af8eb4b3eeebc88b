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


def test_exercises_have_their_own_section_with_the_learners_progress(tmp_path, monkeypatch):
    from qikit.exercises import progress
    from qikit.serve.gallery import exercise_cards, exercise_progress, render_exercise_cards

    monkeypatch.setenv("QIKIT_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setenv("QIKIT_LEARNER", "nurse")
    write_notebook(tmp_path / "00_welcome.ipynb", {"title": "Welcome", "minutes": 10, "order": 0})
    (tmp_path / "exercises").mkdir()
    meta = {"title": "Run charts", "minutes": 20, "order": 5, "topic": "run_charts"}
    write_notebook(tmp_path / "exercises" / "05_run_charts.ipynb", {**meta, "exercises": 4})
    write_notebook(tmp_path / "exercises" / "10_my_progress.ipynb", {"title": "Progress"})

    assert [c.path for c in cards(tmp_path)] == ["00_welcome.ipynb"]
    topics = exercise_cards(tmp_path / "exercises")
    assert [(c.path, c.topic, c.exercises) for c in topics] == [
        ("exercises/05_run_charts.ipynb", "run_charts", 4)
    ]
    assert exercise_progress("run_charts", 4) == "Not started: 4 exercises"
    progress.record("run_charts.q1", "correct")
    progress.record("run_charts.q2", "incorrect")
    progress.record("aims.q1", "correct")
    assert exercise_progress("run_charts", 4) == "1 of 4 exercises done"

    markup = render_exercise_cards(topics)
    env = jinja2.Environment(autoescape=True)
    env.globals["qikit_exercise_progress"] = exercise_progress
    page = env.from_string(markup).render(base_url="/base/")
    assert "<h2" in page and ">Exercises</h2>" in page
    assert 'href="/base/voila/render/exercises/05_run_charts.ipynb"' in page
    assert "1 of 4 exercises done" in page and "About 20 minutes" in page
    # without the server's progress function the card still says how many exercises there are
    plain = jinja2.Environment(autoescape=True).from_string(markup).render(base_url="/")
    assert "4 exercises" in plain


def test_progress_reads_as_words():
    from qikit.serve.gallery import progress_text

    assert progress_text(5, 0) == "Not started: 5 exercises"
    assert progress_text(5, 3) == "3 of 5 exercises done"
    assert progress_text(5, 5) == "All 5 exercises done"


def test_every_exercise_topic_is_in_the_gallery_section():
    from qikit.exercises import all_topics
    from qikit.serve.gallery import exercise_cards

    found = exercise_cards(ROOT / "exercises")
    assert [c.topic for c in found] == [t.slug for t in all_topics()]
    assert all(c.exercises == len(t.exercises) for c, t in zip(found, all_topics(), strict=True))
