"""The learner notebooks: generated from the sources, free of answers, and runnable both ways."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from qikit.exercises import all_topics
from qikit.exercises.build import (
    EXERCISES_DIR,
    PROGRESS_NOTEBOOK,
    code_for,
    main,
    notebook,
    stale,
    write_solutions,
)
from qikit.exercises.progress import read_all

ROOT = Path(__file__).resolve().parents[2]
TOPICS = all_topics()


def learner_text(topic) -> str:
    return (EXERCISES_DIR / topic.notebook_name).read_text(encoding="utf-8")


def test_generated_files_are_up_to_date():
    assert stale() == [], "run: python -m qikit.exercises.build"


def test_the_build_check_fails_on_a_stale_copy(tmp_path, capsys):
    key = tmp_path / "answer-key.md"
    assert main(["--out", str(tmp_path), "--key", str(key), "--check"]) == 1
    assert main(["--out", str(tmp_path), "--key", str(key)]) == 0
    assert main(["--out", str(tmp_path), "--key", str(key), "--check"]) == 0
    assert "out of date" in capsys.readouterr().out


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.slug)
def test_learner_notebook_has_no_solutions(topic):
    text = learner_text(topic)
    cells = "\n".join(
        "".join(c["source"]) for c in json.loads(text)["cells"] if c["cell_type"] == "code"
    )
    for exercise in topic.exercises.values():
        learner = code_for(exercise, solved=False)
        solved = code_for(exercise, solved=True)
        assert learner in cells
        for line in solved.splitlines():
            if line not in learner:
                assert line not in text, f"{exercise.id}: the solution line {line!r} is shown"
        assert exercise.reasoning.split(". ")[0] not in text, f"{exercise.id}: reasoning shown"
        assert exercise.answer_text() not in text


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.slug)
def test_learner_notebook_states_objectives_time_and_placeholders(topic):
    nb = nbformat.reads(learner_text(topic), as_version=4)
    meta = nb.metadata["qikit"]
    assert meta["title"] == topic.title and meta["minutes"] == topic.minutes
    assert meta["objectives"] == topic.objectives and meta["exercises"] >= 3
    first = nb.cells[0].source
    assert "**Time needed:**" in first and all(o in first for o in topic.objectives)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert sum(("..." in c) or ("widget()" in c) for c in code) == len(topic.exercises)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_learner_notebooks_run_under_nbval_and_report_not_attempted(tmp_path):
    env = dict(os.environ, QIKIT_WORKSPACE=str(tmp_path / "workspace"), QIKIT_LEARNER="nbval")
    paths = [str(EXERCISES_DIR / t.notebook_name) for t in TOPICS]
    paths.append(str(EXERCISES_DIR / PROGRESS_NOTEBOOK))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider", *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    entries = read_all(tmp_path / "workspace" / "exercise-progress.json").get("nbval", {})
    checked = [t for t in TOPICS for q in t.exercises.values() if "widget()" not in q.learner_code]
    assert len(entries) == len(checked)
    assert {e["status"] for e in entries.values()} == {"not attempted"}


def test_solved_notebooks_are_all_correct(tmp_path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("QIKIT_LEARNER", "solver")
    workspace = Path(os.environ["QIKIT_WORKSPACE"])
    for path in write_solutions(tmp_path / "solved"):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
        ).execute()
        for cell in nb.cells:
            if cell.cell_type == "code" and ".check(" in cell.source:
                shown = "".join(
                    o.get("data", {}).get("text/plain", "") for o in cell.get("outputs", [])
                )
                assert shown.startswith("Correct."), f"{path.name}: {cell.source}\n{shown}"
    done = read_all(workspace / "exercise-progress.json")["solver"]
    every = {q.id for t in TOPICS for q in t.exercises.values()}
    assert {k for k, v in done.items() if v["done"]} == every


def test_solved_notebooks_differ_from_learner_ones_only_in_answer_cells():
    for topic in TOPICS:
        learner, solved = notebook(topic), notebook(topic, solved=True)
        changed = [
            i
            for i, (a, b) in enumerate(zip(learner.cells, solved.cells, strict=False))
            if a.source != b.source
        ]
        assert len(changed) == len(topic.exercises)


def test_answer_key_gives_every_answer_with_its_reasoning():
    from qikit.exercises.build import ANSWER_KEY

    key = ANSWER_KEY.read_text(encoding="utf-8")
    for topic in TOPICS:
        assert f"exercises/{topic.notebook_name}" in key
        for exercise in topic.exercises.values():
            assert f"`{exercise.id}`" in key
            assert exercise.answer_text() in key
            assert exercise.reasoning.strip() in key


def test_the_build_writes_solved_copies_only_where_asked(tmp_path):
    assert main(["--solutions", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.glob("*.ipynb"))
    assert PROGRESS_NOTEBOOK not in written
    assert written == sorted(t.notebook_name for t in TOPICS)
    solved = nbformat.read(tmp_path / "05_run_charts.ipynb", as_version=4)
    sources = [c.source for c in solved.cells if c.cell_type == "code"]
    assert 'ex.q4.check({"signal": "yes", "rule": "shift", "week": 53})' in sources[-2]
    assert not any("widget()" in s for s in sources)


def test_every_topic_has_its_own_checker_tests():
    for topic in TOPICS:
        assert (Path(__file__).parent / f"test_{topic.slug}.py").exists(), topic.slug
