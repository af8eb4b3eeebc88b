"""The facilitator's plan for a two-day learning session, kept as a table the facilitator edits.

The plan ships as ``qikit/data/session_plan.csv``: one row per slot with its day, start and end,
title, purpose, the workbook(s) it uses, the demo, the poll question, the exercises and notes for
the facilitator. A facilitator copies it (``copy_plan`` or ``qikit session-plan --copy``), edits
the copy in a spreadsheet, and prints it as an A4 page (``plan_html``) or reads it as Markdown
(``plan_markdown``). Every problem in an edited copy is reported at once, naming the row (as a
spreadsheet numbers it: the headings are row 1) and the column: a workbook or exercise that is not
in ``workbooks/`` or ``exercises/``, a time that is not a time, a slot that ends before it starts,
two slots that overlap.

The collaborative's structure (learning sessions, action periods, storyboards, teams of three) is
IHI's Breakthrough Series (QI_REFERENCE 8.1); the reference gives no agenda or timings for a
learning session, so the shipped times are a usual UK training day, with each slot at least as
long as its workbook's own estimate (``metadata.qikit.minutes``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import difflib
import html
import io
import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from qikit.errors import DataError

#: The plan's columns, in order, with what each holds.
COLUMNS = {
    "day": "the day of the session: 1 or 2",
    "start": "when the slot starts, 24-hour hours and minutes such as 09:30",
    "end": "when the slot ends, such as 10:15",
    "slot": "the slot's title",
    "purpose": "what the slot is for, in a sentence",
    "workbook": "the workbook file(s) in workbooks/, separated by ';'",
    "demo": "what the facilitator shows",
    "poll": "the question put to the room",
    "exercises": "the exercise notebook(s) in exercises/, separated by ';'",
    "facilitator_notes": "notes for whoever runs the slot",
}
SHIPPED = Path(__file__).resolve().parent / "data" / "session_plan.csv"
ROOT = Path(__file__).resolve().parents[1]
#: The most problems listed in one message (the rest are counted).
MOST_LISTED = 12


@dataclass(frozen=True)
class Slot:
    """One slot of the session, as one row of the plan."""

    row: int
    day: int
    start: dt.time
    end: dt.time
    slot: str
    purpose: str = ""
    workbooks: tuple[str, ...] = ()
    demo: str = ""
    poll: str = ""
    exercises: tuple[str, ...] = ()
    facilitator_notes: str = ""

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    @property
    def times(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def in_the_kit(self) -> bool:
        return bool(self.workbooks or self.demo or self.poll or self.exercises)


@dataclass
class SessionPlan:
    """The slots of a learning session, in order, and notes on the plan (not errors)."""

    slots: list[Slot]
    source: str = ""
    notes: list[str] = field(default_factory=list)

    def days(self) -> dict[int, list[Slot]]:
        out: dict[int, list[Slot]] = {}
        for slot in self.slots:
            out.setdefault(slot.day, []).append(slot)
        return out


# ----- reading ---------------------------------------------------------------------------------
def _text(raw: bytes) -> str:
    """The file's text: UTF-8 (with or without Excel's byte-order mark), else Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _rows(path: Path) -> list[tuple[int, dict[str, str], int]]:
    """(row number as a spreadsheet counts it, the row's cells by column, how many cells it has
    beyond the columns) for each row that is not blank."""
    try:
        text = _text(path.read_bytes())
    except FileNotFoundError:
        raise DataError(f"There is no plan at '{path}'. Check the file name and folder.") from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max(",;\t", key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headings = [h.strip().lower().replace(" ", "_") for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in headings]
    unknown = [h for h in headings if h and h not in COLUMNS]
    problems = [
        f"The plan has no column '{c}' ({COLUMNS[c]}). Its first row should name the columns: "
        f"{', '.join(COLUMNS)}."
        for c in missing
    ]
    problems += [
        f"The column '{h}' is not one the plan uses; the columns are {', '.join(COLUMNS)}."
        for h in unknown
    ]
    if problems:
        raise DataError(" ".join(problems))
    reader.fieldnames = headings
    rows = []
    for number, row in enumerate(reader, start=2):
        extra = [v for v in row.pop(None, None) or [] if v.strip()]
        values = {k: (v or "").strip() for k, v in row.items() if k}
        if extra or any(values.values()):
            rows.append((number, values, len(extra)))
    return rows


def _time(value: str) -> dt.time | None:
    parts = value.replace(".", ":").split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        return None
    hour, minute = int(parts[0]), int(parts[1])
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _names(value: str) -> tuple[str, ...]:
    names = [n.strip() for n in value.replace(",", ";").split(";")]
    return tuple(n if n.endswith(".ipynb") else f"{n}.ipynb" for n in names if n)


def default_folder(name: str) -> Path:
    """``workbooks`` or ``exercises`` of a source checkout, else of the current folder."""
    here = ROOT / name
    return here if here.is_dir() else Path.cwd() / name


def _where(number: int, values: dict[str, str]) -> str:
    title = values.get("slot") or "no title"
    day = values.get("day") or "?"
    return f"Row {number} (day {day}, '{title}')"


def _check_names(
    where: str, column: str, names: tuple[str, ...], folder: Path | None, kind: str
) -> list[str]:
    if folder is None:
        return []
    have = sorted(p.name for p in folder.glob("*.ipynb"))
    problems = []
    for name in names:
        if name in have:
            continue
        close = difflib.get_close_matches(name, have, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else f" The {kind}s are: {', '.join(have)}."
        problems.append(
            f"{where}, column '{column}': there is no {kind} '{name}' in {folder.name}/.{hint}"
        )
    return problems


def _minutes_of(folder: Path | None, name: str) -> int | None:
    """A workbook's own estimate of its minutes (``metadata.qikit.minutes``), if it has one."""
    if folder is None or not (folder / name).is_file():
        return None
    try:
        meta = json.loads((folder / name).read_text(encoding="utf-8"))["metadata"]
        return int(meta.get("qikit", {}).get("minutes") or 0) or None
    except (ValueError, KeyError, TypeError):
        return None


def _folder(given: Path | str | None, name: str, notes: list[str]) -> Path | None:
    folder = Path(given) if given is not None else default_folder(name)
    if folder.is_dir():
        return folder
    notes.append(f"The folder {folder} was not found, so the {name} named were not checked.")
    return None


def check_plan(
    path: Path | str | None = None,
    *,
    workbooks: Path | str | None = None,
    exercises: Path | str | None = None,
) -> tuple[SessionPlan | None, list[str]]:
    """The plan and every problem in it (an empty list when it is right). The plan is None when
    a problem leaves it unreadable."""
    path = Path(path) if path is not None else SHIPPED
    try:
        rows = _rows(path)
    except DataError as error:
        return None, [str(error)]
    notes: list[str] = []
    books = _folder(workbooks, "workbooks", notes)
    exercise_folder = _folder(exercises, "exercises", notes)
    problems: list[str] = []
    slots: list[Slot] = []
    for number, values, extra in rows:
        where = _where(number, values)
        bad = len(problems)
        if extra:
            problems.append(
                f"{where} has {extra} cell(s) more than the plan's {len(COLUMNS)} columns. A cell "
                "with a comma in it needs double quotes around it (a spreadsheet adds them when "
                "it saves the plan as CSV)."
            )
        day = values["day"].lower().removeprefix("day").strip()
        if not day.isdigit() or int(day) < 1:
            problems.append(
                f"{where}, column 'day': '{values['day']}' is not a day. Write 1 or 2 "
                "(the day of the session)."
            )
        times = {}
        for column in ("start", "end"):
            times[column] = _time(values[column])
            if times[column] is None:
                problems.append(
                    f"{where}, column '{column}': '{values[column]}' is not a time. Write it as "
                    "24-hour hours and minutes, such as 09:30 or 13:15."
                )
        if not values["slot"]:
            problems.append(f"{where}, column 'slot': the slot has no title. Give it one.")
        if times["start"] and times["end"] and times["end"] <= times["start"]:
            problems.append(
                f"{where}: it ends at {values['end']}, "
                f"{'the same time as' if times['end'] == times['start'] else 'before'} it starts "
                f"at {values['start']}. Check the start and end times."
            )
        workbook_names, exercise_names = _names(values["workbook"]), _names(values["exercises"])
        problems += _check_names(where, "workbook", workbook_names, books, "workbook")
        problems += _check_names(where, "exercises", exercise_names, exercise_folder, "exercise")
        if len(problems) > bad:
            continue
        slots.append(
            Slot(
                row=number,
                day=int(day),
                start=times["start"],
                end=times["end"],
                slot=values["slot"],
                purpose=values["purpose"],
                workbooks=workbook_names,
                demo=values["demo"],
                poll=values["poll"],
                exercises=exercise_names,
                facilitator_notes=values["facilitator_notes"],
            )
        )
    slots.sort(key=lambda s: (s.day, s.start, s.row))
    for before, after in zip(slots, slots[1:], strict=False):
        if before.day == after.day and after.start < before.end:
            problems.append(
                f"Row {after.row} ('{after.slot}', {after.times}) overlaps row {before.row} "
                f"('{before.slot}', {before.times}) on day {after.day}. Move one of them."
            )
    for slot in slots:
        longest = max(
            ((_minutes_of(books, name) or 0, name) for name in slot.workbooks), default=(0, "")
        )
        if longest[0] > slot.minutes:
            notes.append(
                f"Row {slot.row} ('{slot.slot}'): the workbook '{longest[1]}' takes about "
                f"{longest[0]} minutes, and the slot has {slot.minutes}."
            )
    return SessionPlan(slots, source=str(path), notes=notes), problems


def read_plan(
    path: Path | str | None = None,
    *,
    workbooks: Path | str | None = None,
    exercises: Path | str | None = None,
) -> SessionPlan:
    """The plan at ``path`` (the shipped plan if None), checked; a :class:`DataError` lists
    every problem found."""
    plan, problems = check_plan(path, workbooks=workbooks, exercises=exercises)
    if problems:
        listed = problems[:MOST_LISTED]
        more = len(problems) - len(listed)
        tail = [f"...and {more} more."] if more else []
        name = Path(path).name if path is not None else SHIPPED.name
        raise DataError(
            f"The session plan {name} has {len(problems)} problem(s):\n- "
            + "\n- ".join(listed + tail)
        )
    assert plan is not None
    return plan


def copy_plan(destination: Path | str) -> Path:
    """An editable copy of the shipped plan (refuses to write over a file already there)."""
    destination = Path(destination)
    if destination.exists():
        raise DataError(
            f"There is already a file at '{destination}'. Choose another name, so your edits "
            "are not lost."
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIPPED, destination)
    return destination


# ----- writing ---------------------------------------------------------------------------------
TITLE = "Learning session plan: two days"
PREFACE = """\
A facilitator's agenda for a two-day learning session of a ward collaborative, in the shape of
IHI's Breakthrough Series: teams of about three from each ward, learning sessions between action
periods, storyboards shared. Each slot names the workbook it uses, the demonstration, the poll
question for the room and the exercises teams can do afterwards, so a new facilitator can run the
day from the kit.

**Edit it.** The plan is a table, `qikit/data/session_plan.csv`. Make your own copy with
`qikit session-plan --copy my-plan.csv`, change it in a spreadsheet (keep the first row of column
names), then check and print it with `qikit session-plan my-plan.csv --html my-plan.html`. Every
problem is listed with its row and column: a workbook or exercise that is not in `workbooks/` or
`exercises/`, a time that is not a time, a slot that ends before it starts, slots that overlap.
The polls are questions for a show of hands or the room's own polling tool; the kit does not run
polls.

**Where the times come from.** The reference the kit is built on (QI_REFERENCE 8.1) gives the
structure of a Breakthrough Series collaborative (6 to 15 months; learning sessions and action
periods; teams of about three; storyboards) but is silent on the agenda and the times of a learning
session. The times here are our assumption: a usual UK training day of 09:00 to 16:45 (16:30 on
day 2) with two 15-minute breaks and 45 minutes for lunch, and every slot at least as long as its
workbook's own estimate. One faculty coach for every 3 to 5 teams in work-stream time is also our
assumption.
"""


def _list(names: tuple[str, ...]) -> str:
    return "; ".join(names)


def plan_markdown(plan: SessionPlan) -> str:
    """The plan as Markdown: a preface, then each day's slots with the kit each one uses."""
    lines = [f"# {TITLE}", "", PREFACE]
    for day, slots in plan.days().items():
        lines += [f"## Day {day}: {slots[0].start:%H:%M} to {slots[-1].end:%H:%M}", ""]
        for slot in slots:
            lines += [f"### {slot.times} {slot.slot}", ""]
            if slot.purpose:
                lines += [slot.purpose, ""]
            items = [
                ("Workbook", _list(slot.workbooks)),
                ("Demo", slot.demo),
                ("Poll", slot.poll),
                ("Exercises", _list(slot.exercises)),
                ("Facilitator notes", slot.facilitator_notes),
            ]
            said = [f"- **{label}:** {value}" for label, value in items if value]
            if said:
                lines += [*said, ""]
    return "\n".join(lines).rstrip() + "\n"


CSS = """
@page { size: A4 portrait; margin: 14mm 12mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; color: #000; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 14pt 0 4pt; }
h2.next-day { break-before: page; }
p.preface { margin: 0 0 6pt; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #888; padding: 4pt; vertical-align: top; text-align: left; }
th { background: #e8e8e8; }
tr { break-inside: avoid; }
td.time { white-space: nowrap; width: 11%; }
td.slot { width: 30%; }
td.kit { width: 34%; }
tr.pause td { background: #f4f4f4; color: #333; }
.label { font-weight: bold; }
@media screen { body { max-width: 210mm; margin: 12mm auto; } }
"""


def _kit_cell(slot: Slot) -> str:
    e = html.escape
    parts = [
        ("Workbook", _list(slot.workbooks)),
        ("Demo", slot.demo),
        ("Poll", slot.poll),
        ("Exercises", _list(slot.exercises)),
    ]
    return "<br>".join(
        f'<span class="label">{label}:</span> {e(value)}' for label, value in parts if value
    )


def plan_html(plan: SessionPlan) -> str:
    """The plan as one self-contained HTML page for A4 printing (no external files, no
    scripts)."""
    e = html.escape
    body = [f"<h1>{e(TITLE)}</h1>"]
    body.append(
        '<p class="preface">Each slot names its workbook, demo, poll and exercises. The plan is '
        f"a table you can edit: {e(Path(plan.source).name or SHIPPED.name)}.</p>"
    )
    for n, (day, slots) in enumerate(plan.days().items()):
        heading = f"Day {day}: {slots[0].start:%H:%M} to {slots[-1].end:%H:%M}"
        opening = '<h2 class="next-day">' if n else "<h2>"
        body.append(f"{opening}{heading}</h2>")
        body.append(
            "<table><thead><tr><th>Time</th><th>Session and purpose</th><th>From the kit</th>"
            "<th>Facilitator notes</th></tr></thead><tbody>"
        )
        for slot in slots:
            kind = "" if slot.in_the_kit or slot.purpose else ' class="pause"'
            purpose = f"<br>{e(slot.purpose)}" if slot.purpose else ""
            body.append(
                f"<tr{kind}>"
                f'<td class="time">{e(slot.times)}<br>{slot.minutes} min</td>'
                f'<td class="slot"><strong>{e(slot.slot)}</strong>{purpose}</td>'
                f'<td class="kit">{_kit_cell(slot)}</td>'
                f"<td>{e(slot.facilitator_notes)}</td></tr>"
            )
        body.append("</tbody></table>")
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{e(TITLE)}</title><style>{CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def write_plan(plan: SessionPlan, path: Path | str) -> Path:
    """Write the plan as HTML (``.html``) or Markdown (``.md``), by the file's ending."""
    path = Path(path)
    if path.suffix.lower() in (".html", ".htm"):
        text = plan_html(plan)
    elif path.suffix.lower() in (".md", ".markdown"):
        text = plan_markdown(plan)
    else:
        raise DataError(
            f"The plan is written as a web page (.html) or as Markdown (.md); '{path.name}' is "
            "neither. Give the file one of those endings."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ----- the `qikit session-plan` command --------------------------------------------------------
def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "session-plan",
        help="check and print the facilitator's plan for a two-day learning session",
        description="Check the learning-session plan (the shipped one, or your edited copy) "
        "and write it as a printable web page or as Markdown.",
    )
    parser.add_argument("plan", nargs="?", type=Path, help="your copy of the plan (a CSV file)")
    parser.add_argument("--html", type=Path, help="write the plan as an A4 web page here")
    parser.add_argument("--markdown", type=Path, help="write the plan as Markdown here")
    parser.add_argument("--copy", type=Path, help="write an editable copy of the shipped plan here")
    parser.add_argument("--workbooks", type=Path, help="folder holding the workbooks")
    parser.add_argument("--exercises", type=Path, help="folder holding the exercise notebooks")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.copy is not None:
            copied = copy_plan(args.copy)
            print(f"An editable copy of the plan is at {copied}.")
            return 0
        plan = read_plan(args.plan, workbooks=args.workbooks, exercises=args.exercises)
        for note in plan.notes:
            print(f"Note: {note}")
        written = [write_plan(plan, p) for p in (args.html, args.markdown) if p is not None]
        for path in written:
            print(f"Wrote {path}")
        if not written:
            print(f"The plan is right: {len(plan.slots)} slots over {len(plan.days())} day(s).")
        return 0
    except DataError as error:
        print(f"qikit session-plan: {error}", file=sys.stderr)
        return 2
