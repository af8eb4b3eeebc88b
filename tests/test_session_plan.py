"""The learning-session plan: the shipped plan, the checks on an edited copy, the printable page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qikit import cli
from qikit import session_plan as sp
from qikit.errors import DataError

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_TEXT = sp.SHIPPED.read_text(encoding="utf-8")


def edited(tmp_path: Path, *changes: tuple[str, str], text: str = SHIPPED_TEXT) -> Path:
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "my-plan.csv"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    return sp.check_plan(path)[1]


# ----- the shipped plan -----------------------------------------------------------------------
def test_the_shipped_plan_is_right_and_names_every_topic():
    plan = sp.read_plan()
    assert plan.notes == []
    days = plan.days()
    assert list(days) == [1, 2]
    titles = " | ".join(s.slot.lower() for s in plan.slots)
    for topic in (
        "model for improvement",
        "pdsa",
        "measurement for improvement",
        "measurement strategy",
        "implementing projects",
        "score",
        "coaching",
        "work-stream time",
        "take-away innovations",
        "networking",
        "sharing learning",
    ):
        assert topic in titles, topic


@pytest.mark.parametrize("day", [1, 2])
def test_each_day_is_a_realistic_training_day(day):
    slots = sp.read_plan().days()[day]
    assert slots[0].start.strftime("%H:%M") == "09:00"
    assert slots[-1].end.hour < 17
    # no gaps, a lunch of at least 30 minutes, two breaks, nothing taught for over 75 minutes
    assert all(a.end == b.start for a, b in zip(slots, slots[1:], strict=False))
    assert [s.minutes for s in slots if s.slot.lower().startswith("lunch")][0] >= 30
    assert sum(s.slot == "Break" for s in slots) == 2
    assert max(s.minutes for s in slots) <= 75


def test_every_teaching_slot_names_its_workbook_demo_and_poll():
    for slot in sp.read_plan().slots:
        if slot.workbooks and not slot.slot.lower().startswith("work-stream"):
            assert slot.demo and slot.poll, slot.slot


def test_the_facilitator_docs_are_made_from_the_shipped_plan():
    docs = (ROOT / "docs" / "facilitator" / "session-plan.md").read_text(encoding="utf-8")
    assert docs == sp.plan_markdown(sp.read_plan()), (
        "regenerate with: qikit session-plan --markdown docs/facilitator/session-plan.md"
    )


# ----- an edited copy --------------------------------------------------------------------------
def test_a_misspelt_workbook_is_named_with_its_row_and_column(tmp_path):
    path = edited(tmp_path, ("01_model_for_improvement.ipynb,", "01_model_for_improvment.ipynb,"))
    assert problems(path) == [
        "Row 4 (day 1, 'Model for Improvement: the three questions, aims and driver diagrams'), "
        "column 'workbook': there is no workbook '01_model_for_improvment.ipynb' in workbooks/. "
        "Did you mean '01_model_for_improvement.ipynb'?"
    ]


def test_an_exercise_that_does_not_exist(tmp_path):
    path = edited(tmp_path, ("03_pdsa.ipynb,", "11_spread,"))
    [problem] = problems(path)
    assert problem.startswith(
        "Row 6 (day 1, 'PDSA cycles and ramps'), column 'exercises': there is no exercise "
        "'11_spread.ipynb' in exercises/."
    )


def test_a_slot_that_ends_before_it_starts(tmp_path):
    path = edited(tmp_path, ("1,11:15,12:15,PDSA", "1,11:15,10:15,PDSA"))
    assert problems(path) == [
        "Row 6 (day 1, 'PDSA cycles and ramps'): it ends at 10:15, before it starts at 11:15. "
        "Check the start and end times."
    ]


def test_slots_that_overlap(tmp_path):
    path = edited(tmp_path, ("1,11:00,11:15,Break", "1,10:45,11:15,Break"))
    assert problems(path) == [
        "Row 5 ('Break', 10:45–11:15) overlaps row 4 ('Model for Improvement: the three "
        "questions, aims and driver diagrams', 10:00–11:00) on day 1. Move one of them."
    ]


def test_times_days_and_titles_that_cannot_be_read(tmp_path):
    path = edited(
        tmp_path,
        ("1,09:00,09:30,", "1,9am,09:30,"),
        ("2,09:00,09:15,Welcome back", "Tuesday,09:00,09:15,"),
    )
    assert problems(path) == [
        "Row 2 (day 1, 'Arrival, coffee and registration'), column 'start': '9am' is not a time. "
        "Write it as 24-hour hours and minutes, such as 09:30 or 13:15.",
        "Row 13 (day Tuesday, 'no title'), column 'day': 'Tuesday' is not a day. Write 1 or 2 "
        "(the day of the session).",
        "Row 13 (day Tuesday, 'no title'), column 'slot': the slot has no title. Give it one.",
    ]


def test_a_missing_or_unknown_column(tmp_path):
    path = edited(tmp_path, ("poll,exercises", "question,exercises"))
    [problem] = problems(path)
    assert problem.startswith("The plan has no column 'poll' (the question put to the room).")
    assert "The column 'question' is not one the plan uses" in problem


def test_a_comma_outside_quotes_is_found(tmp_path):
    path = edited(tmp_path, ("Insist on a written prediction before 'Do'.",
                             "Insist on a written prediction, before 'Do'."))  # fmt: skip
    assert problems(path) == [
        "Row 6 (day 1, 'PDSA cycles and ramps') has 1 cell(s) more than the plan's 10 columns. "
        "A cell with a comma in it needs double quotes around it (a spreadsheet adds them when "
        "it saves the plan as CSV)."
    ]


def test_blank_rows_do_not_change_the_row_numbers(tmp_path):
    text = SHIPPED_TEXT.replace("\n1,11:00,11:15,Break", "\n,,,,,,,,,\n1,11:00,11:15,Break", 1)
    path = edited(tmp_path, ("1,11:15,12:15,PDSA", "1,11:15,10:15,PDSA"), text=text)
    assert problems(path)[0].startswith("Row 7 (day 1, 'PDSA cycles and ramps')")


def test_read_plan_lists_every_problem_at_once(tmp_path):
    path = edited(
        tmp_path,
        ("01_model_for_improvement.ipynb,", "01_model.ipynb,"),
        ("1,11:15,12:15,PDSA", "1,11:15,10:15,PDSA"),
    )
    with pytest.raises(DataError) as raised:
        sp.read_plan(path)
    message = str(raised.value)
    assert message.startswith("The session plan my-plan.csv has 2 problem(s):\n- Row 4")
    assert "\n- Row 6" in message


def test_a_copy_saved_by_excel_still_reads(tmp_path):
    # Excel's byte-order mark, semicolons, times with seconds and workbook names without ending
    text = SHIPPED_TEXT.replace("09:30,10:00", "09:30:00,10:00:00").replace(
        "00_welcome.ipynb", "00_welcome"
    )
    rows = list(__import__("csv").reader(text.splitlines()))
    semicolons = "\n".join(";".join(f'"{c}"' for c in row) for row in rows)
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + semicolons.encode("utf-8"))
    plan = sp.read_plan(path)
    assert plan.slots[1].workbooks == ("00_welcome.ipynb",)
    assert len(plan.slots) == len(sp.read_plan().slots)


def test_a_slot_shorter_than_its_workbook_is_a_note_not_an_error(tmp_path):
    path = edited(tmp_path, ("1,11:15,12:15,PDSA", "1,11:15,11:45,PDSA"))
    plan, found = sp.check_plan(path)
    assert found == []
    assert plan.notes == [
        "Row 6 ('PDSA cycles and ramps'): the workbook '02_pdsa.ipynb' takes about 45 minutes, "
        "and the slot has 30."
    ]


def test_copy_plan_never_writes_over_a_file(tmp_path):
    copy = sp.copy_plan(tmp_path / "mine.csv")
    assert copy.read_text(encoding="utf-8") == SHIPPED_TEXT
    with pytest.raises(DataError, match="There is already a file"):
        sp.copy_plan(copy)


# ----- printing --------------------------------------------------------------------------------
def test_the_printable_page_is_a4_and_self_contained(tmp_path):
    path = edited(tmp_path, ("Keep it short.", "Keep it <b>short</b> & sweet."))
    page = sp.plan_html(sp.read_plan(path))
    assert "@page { size: A4 portrait;" in page
    assert not re.search(r"https?:|<script|<link|<img|@import|url\(", page)
    assert "Keep it &lt;b&gt;short&lt;/b&gt; &amp; sweet." in page
    assert page.count("<tr") == len(sp.read_plan().slots) + 2  # plus a heading row per day
    assert '<h2 class="next-day">Day 2: 09:00 to 16:30</h2>' in page
    assert "<strong>Safety culture: the SCORE survey</strong>" in page


def test_the_markdown_lists_each_slot_with_its_kit():
    text = sp.plan_markdown(sp.read_plan())
    assert "## Day 1: 09:00 to 16:45" in text
    assert "### 11:15–12:15 PDSA cycles and ramps" in text
    assert "- **Exercises:** 03_pdsa.ipynb" in text
    assert "silent on the agenda and the times" in text


def test_write_plan_chooses_by_ending(tmp_path):
    plan = sp.read_plan()
    assert sp.write_plan(plan, tmp_path / "plan.html").read_text().startswith("<!DOCTYPE html>")
    assert sp.write_plan(plan, tmp_path / "plan.md").read_text().startswith("# Learning")
    with pytest.raises(DataError, match="'plan.pdf' is neither"):
        sp.write_plan(plan, tmp_path / "plan.pdf")


def test_the_command_line(tmp_path, capsys):
    assert cli.main(["session-plan", "--html", str(tmp_path / "plan.html")]) == 0
    assert (tmp_path / "plan.html").is_file()
    assert cli.main(["session-plan", "--copy", str(tmp_path / "mine.csv")]) == 0
    bad = edited(tmp_path, ("1,11:15,12:15,PDSA", "1,11:15,10:15,PDSA"))
    assert cli.main(["session-plan", str(bad)]) == 2
    assert "Row 6 (day 1, 'PDSA cycles and ramps'): it ends at 10:15" in capsys.readouterr().err
