"""One ``qikit serve`` offers the workbooks and, under ``exercises/``, the exercise apps."""

from __future__ import annotations

import re
from pathlib import Path

from qikit.serve.server import (
    EXERCISES_DENYLIST,
    ServeError,
    ServeOptions,
    check,
    exercises_folder,
    prepare_templates,
    site_folder,
    trust_workbooks,
    voila_config,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_exercises_beside_the_workbooks_are_served_with_them(tmp_path: Path):
    options = ServeOptions(workbooks=ROOT / "workbooks")
    exercises = exercises_folder(options)
    assert exercises == ROOT / "exercises"

    site = site_folder(tmp_path, options.workbooks, exercises)

    assert (site / "05_run_charts.ipynb").read_bytes() == (
        ROOT / "workbooks" / "05_run_charts.ipynb"
    ).read_bytes()
    assert (site / "exercises" / "05_run_charts.ipynb").is_file()
    assert sorted(p.name for p in (ROOT / "workbooks").glob("*.ipynb")) == sorted(
        p.name for p in site.glob("*.ipynb")
    )
    assert not (ROOT / "workbooks" / "exercises").exists(), "the workbooks folder is untouched"


def test_the_exercises_folder_alone_is_served_as_it_is(tmp_path: Path):
    options = ServeOptions(workbooks=ROOT / "exercises")
    assert exercises_folder(options) is None
    assert site_folder(tmp_path, options.workbooks, None) == ROOT / "exercises"


def test_a_missing_exercises_folder_is_said_in_words(tmp_path: Path):
    options = ServeOptions(workbooks=ROOT / "workbooks", exercises=tmp_path / "nowhere")
    try:
        check(options)
    except ServeError as error:
        assert "exercises folder" in str(error) and "--exercises" in str(error)
    else:
        raise AssertionError("a missing exercises folder must be refused")


def test_the_gallery_lists_the_exercises_in_their_own_section(tmp_path: Path):
    runtime = prepare_templates(tmp_path, ROOT / "workbooks", exercises=ROOT / "exercises")
    cards = (runtime / "voila" / "templates" / "qikit" / "gallery_cards.html").read_text()
    workbooks, section = cards.split('<section class="exercises"')
    assert "voila/render/exercises/" not in workbooks
    assert section.count('class="card exercise-card"') == 9
    assert "voila/render/exercises/05_run_charts.ipynb" in section
    assert "qikit_exercise_progress(" in section


def test_exercise_pages_get_no_waiting_kernel_and_are_trusted(tmp_path: Path):
    denied = voila_config(ServeOptions(workbooks=ROOT / "workbooks"))["VoilaKernelManager"]
    assert denied["preheat_denylist"] == [EXERCISES_DENYLIST]
    assert re.match(EXERCISES_DENYLIST, "exercises/05_run_charts.ipynb")
    assert re.match(EXERCISES_DENYLIST, "exercises\\05_run_charts.ipynb")
    assert not re.match(EXERCISES_DENYLIST, "05_run_charts.ipynb")
    settings = trust_workbooks(tmp_path, ROOT / "workbooks", ROOT / "exercises")
    assert Path(settings["NotebookNotary"]["db_file"]).is_file()
