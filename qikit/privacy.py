"""Keeping patient-identifiable data out of the kit.

qikit is for aggregate or synthetic data. Uploads and free text are checked for two things that
would identify a patient, and refused with an explanation:

- a valid **NHS number**: ten digits (spaces or dashes allowed) whose last digit is the modulus 11
  check digit (NHS Data Dictionary, "NHS Number"); and
- a **name with a date of birth**: a date labelled as a date of birth (DOB, D.O.B., date of birth,
  born), or a date of birth straight after a capitalised first name and surname.

Text is first written the plain way (:func:`normalise`): non-breaking and other odd spaces, tabs
and runs of spaces become one space, en and em dashes and minus signs become "-", and a ten-digit
number saved as a decimal by a spreadsheet (``9434765919.0``, ``9.434765919E+09``) loses its
decimal part, so none of them hides an NHS number.

Context keeps everyday text out of the net:

- a name is two capitalised words that are not words of ward life or quality improvement
  ("Learning Session 12/06/2024", "Safety Cross 01/04/2024", "Oak Ward 1 April 2026" name no one);
- a date of birth is a real date, not in the future and not before 1900;
- in a table, a column of ten-digit numbers that are times (Unix timestamps: seconds since 1970,
  in the years 2001-2100, all on the minute, or under a heading such as "time" or "week") is read as
  times, not NHS numbers; a column headed as a date of birth ("DOB") is refused when it holds dates.

These checks are a safety net, not a guarantee: they catch the common slips.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qikit.errors import DataError

#: Spaces of every kind (non-breaking, narrow, thin, zero-width, tabs, line breaks), and runs of
#: them, become one plain space.
_SPACES = re.compile(r"[\s\u00a0\u1680\u180e\u2000-\u200b\u202f\u205f\u2060\u3000\ufeff]+")
#: Hyphens and dashes of every kind (en, em, figure, minus, non-breaking) become "-".
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]")
#: A ten-digit number written as a decimal by a spreadsheet: 9434765919.0 or 9434765919,00.
_FLOAT_FORM = re.compile(r"(?<![\d.,])(\d{10})[.,]0+(?![\d.,])")
#: ... or in scientific notation with every digit kept: 9.434765919E+09.
_SCIENTIFIC = re.compile(r"(?<![\d.,])(\d)\.(\d{9})[eE]\+?0?9(?![\d.,])")

#: Ten digits, grouped 3-3-4 by a space or a dash (or not at all), that are not part of a longer
#: number or of a decimal (the digits after the point of 14226.3333333333 are no NHS number).
_NHS_NUMBER = re.compile(
    r"(?<![\d-])(?<!\d[.,])(\d{3})(?: ?- ?| )?(\d{3})(?: ?- ?| )?(\d{4})(?![\d-])(?![.,]\d)"
)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE = (
    r"(\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}|\d{4}[-/]\d{1,2}[-/]\d{1,2}"
    r"|\d{1,2}(?:st|nd|rd|th)? (?:" + _MONTHS + r")\.? \d{4})(?![\d/.-]\d)"
)
_DOB_LABEL = re.compile(
    r"\b(?:d\.?o\.?b\.?|date of birth|birth ?date|born(?: on)?)\s*[:\-]?\s*" + _DATE,
    re.IGNORECASE,
)
#: Capitalised words that are not a person's name but often come before a date in ward plans
#: ("Starting Monday 01/04/2024", "Oak Ward, 1 April 2026", "Learning Session 12/06/2024"):
#: days, months, places, meetings, and the words of ward life and quality improvement. Words
#: that are also common surnames (Cross, Hall, Bell, Green) are left out, so "Jane Cross" is
#: still a name; "Safety Cross" is not, because "Safety" is here.
_NOT_NAMES = (
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|" + _MONTHS + "|"
    "Ward|Wards|Unit|Units|House|Lodge|Centre|Center|Hospital|Clinic|Suite|Wing|Court|Site|"
    "Team|Teams|Service|Services|Trust|Board|Meeting|Meetings|Huddle|Huddles|Review|Reviews|"
    "Cycle|Cycles|Week|Weeks|Day|Days|Night|Nights|Shift|Shifts|Start|Starting|Started|Starts|"
    "From|Since|Until|Before|After|On|By|Due|Ends|Ending|Audit|Audits|Data|Report|Reports|"
    "Baseline|Test|Tests|Testing|Plan|Plans|Study|Act|Do|"
    "Learning|Session|Sessions|Safety|Quality|Improvement|Improvements|Collaborative|Launch|"
    "Launched|Event|Events|Workshop|Workshops|Conference|Training|Teaching|Go|Live|Round|"
    "Rounds|Handover|Handovers|Holiday|Holidays|Easter|Christmas|Boxing|New|Year|Years|Mental|"
    "Health|Falls|Fall|Prevention|Restraint|Restrictive|Practice|Practices|Reduction|Sepsis|"
    "Six|Bead|Beads|Run|Runs|Chart|Charts|Control|Stage|Phase|Step|Steps|Wave|Survey|Surveys|"
    "Census|Snapshot|Checklist|Bundle|Bundles|Visit|Visits|Walkround|Away|Staff|Nurse|Nurses|"
    "Nursing|Medical|Medicine|Medicines|Pharmacy|Patient|Patients|Carer|Carers|Family|"
    "Families|Community|Inpatient|Inpatients|Outpatient|Acute|Crisis|Home|Treatment|Care|"
    "Clinical|Governance|Committee|Group|Groups|Forum|Network|Programme|Program|Project|"
    "Projects|Pilot|Trial|Kick|Off|Celebration|Spread|Sustain|Measure|Measures|Measurement|"
    "Outcome|Outcomes|Process|Balancing|Driver|Drivers|Diagram|Aim|Aims|Charter|Change|Changes|"
    "Idea|Ideas|Update|Updates|Summary|Version|Draft|Final|Deadline|Target|Targets|Milestone|"
    "Completed|Submitted|Agreed|Approved|Published|Closed|Opened|Term|Half|Quarter|Month|"
    "Months|Financial|Annual|Monthly|Weekly|Daily|Bed|Beds|Observation|Observations|Incident|"
    "Incidents|Seclusion|Rapid|Tranquillisation|Ligature|Harm|Violence|Aggression|Positive|"
    "Behaviour|Support|Safewards|Calm|Down|Method|Methods|Mutual|Help|Reassurance|Discharge|"
    "Discharges|Admission|Admissions|Leave|Section|Tribunal|Managers|Manager|Ready|Set|Next|"
    "Last|First|Second|Third|Fourth|Fifth|Pdsa|Sprint|Huddleboard|Dashboard|Poster|Storyboard|"
    "Showcase|Celebrating|Welcome|Induction|Away|Refresher|Simulation|Debrief|Briefing|Brief|"
    "Safe|Safer|Wellbeing|Activity|Activities|Therapy|Therapies|Group|Lunch|Breakfast|Dinner|"
    "Evening|Morning|Afternoon|Today|Tomorrow|Yesterday|Updated|Created|Edited|Saved|Exported|"
    "Printed|Shared|Commencing|Beginning|Period|Periods|Total|Totals"
)
#: A word is a name word unless it is one of those (any letter case).
_VOCABULARY = frozenset(w.lower() for w in _NOT_NAMES.split("|"))
#: A first name and surname: Jane Smith, Mary O'Neill, Sam McDonald, Ann Smith-Jones.
_NAME_WORD = r"(?:[A-Z]')?[A-Z][a-z]+(?:-?[A-Z][a-z]+)*"
_NAME_THEN_DATE = re.compile(r"\b([A-Z][a-z]+) (" + _NAME_WORD + r")\s*[,(]?\s*" + _DATE)
#: Headings of columns that hold dates of birth.
_BIRTH_HEADING = re.compile(r"\b(?:d\.?o\.?b\.?|birth|born)\b|date_?of_?birth|birth_?date", re.I)
#: Headings of columns that hold times, for ten-digit numbers that are Unix timestamps.
_TIME_HEADING = re.compile(
    r"(?<![a-z])(?:time|times|timestamp|stamp|epoch|unix|date|datetime|week|month|day|period|"
    r"when|start|end|seconds)(?![a-z])",
    re.IGNORECASE,
)
#: Ten-digit Unix timestamps of the years 2001 to 2100 (seconds since 1 January 1970).
_UNIX_2001, _UNIX_2100 = 1_000_000_000, 4_102_444_800

WHY = (
    "qikit is for aggregate or synthetic data only, never details that identify a patient. "
    "Remove it and use counts, rates or percentages instead."
)


def normalise(text: str) -> str:
    """``text`` written the plain way, so odd spaces, dashes or decimals cannot hide a number."""
    text = _SPACES.sub(" ", str(text))
    text = _DASHES.sub("-", text)
    text = _SCIENTIFIC.sub(r"\1\2", text)
    return _FLOAT_FORM.sub(r"\1", text)


def is_valid_nhs_number(digits: str) -> bool:
    """True when ``digits`` (ten digits, spaces or dashes allowed) passes the modulus 11 check."""
    clean = re.sub(r"[ -]", "", normalise(digits))
    if not re.fullmatch(r"\d{10}", clean):
        return False
    total = sum(int(d) * w for d, w in zip(clean[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(clean[9])


def mask(identifier: str) -> str:
    """Show only enough of an identifier for someone to find it: the first three characters."""
    return identifier[:3] + "*" * max(len(identifier) - 3, 0)


@dataclass(frozen=True)
class Finding:
    """One piece of text that looks like it identifies a patient."""

    kind: str  # "NHS number" or "name and date of birth"
    masked: str


def _birth_date(text: str) -> dt.date | None:
    """The date in ``text`` (day first, as in the UK) if it could be a date of birth: a real
    date, not in the future, not before 1900."""
    text = text.strip()
    for form in ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d-%m-%y", "%Y-%m-%d", "%Y/%m/%d"):
        try:
            found = dt.datetime.strptime(text.replace(".", "/"), form).date()
            break
        except ValueError:
            continue
    else:
        words = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|\.", "", text)
        for form in ("%d %B %Y", "%d %b %Y"):
            try:
                found = dt.datetime.strptime(words.replace("Sept ", "Sep "), form).date()
                break
            except ValueError:
                continue
        else:
            return None
    return found if dt.date(1900, 1, 1) <= found <= dt.date.today() else None


def _is_name(first: str, surname: str) -> bool:
    """Two capitalised words that name a person: neither is a word of ward life or of quality
    improvement (the words around the date say what it is)."""
    words = [first, *surname.replace("'", "").split("-")]
    return not any(w.lower() in _VOCABULARY for w in words if w)


def find_identifiers(text: str) -> list[Finding]:
    """Everything in ``text`` that looks like patient-identifiable data."""
    text = normalise(text)
    found = [
        Finding("NHS number", mask("".join(m.groups())))
        for m in _NHS_NUMBER.finditer(text)
        if is_valid_nhs_number("".join(m.groups()))
    ]
    found += [
        Finding("date of birth", mask(m.group(0)))
        for m in _DOB_LABEL.finditer(text)
        if _birth_date(m.group(1))
    ]
    found += [
        Finding("name and date of birth", mask(m.group(0)))
        for m in _NAME_THEN_DATE.finditer(text)
        if _is_name(m.group(1), m.group(2)) and _birth_date(m.group(3))
    ]
    return found


#: What stands in for each letter and digit of a patient's detail hidden in a box.
HIDDEN = "\u2022"


def hide_identifiers(text: str) -> tuple[str, list[Finding]]:
    """``text`` with every detail :func:`find_identifiers` finds hidden, and the findings.

    Each letter and digit of the detail becomes a dot and the spaces and punctuation stay
    ("NHS number 943 476 5919" becomes "NHS number \u2022\u2022\u2022 \u2022\u2022\u2022
    \u2022\u2022\u2022\u2022"), so a form can keep the rest of what was typed without the detail.
    The text is read the plain way (:func:`normalise`) but hidden where it was typed: its line
    breaks and spacing stay as they were."""
    text = str(text)
    found = find_identifiers(text)
    if not found:
        return text, []
    plain, spans = _normalised_with_spans(text)
    hidden = list(text)
    for start, end in _identifier_spans(plain):
        first, last = spans[start][0], spans[end - 1][1]
        for k in range(first, last):
            if hidden[k].isalnum():
                hidden[k] = HIDDEN
    return "".join(hidden), found


def _identifier_spans(text: str) -> list[tuple[int, int]]:
    """Where in (normalised) ``text`` each detail :func:`find_identifiers` finds lies."""
    spans = [
        m.span() for m in _NHS_NUMBER.finditer(text) if is_valid_nhs_number("".join(m.groups()))
    ]
    spans += [m.span(1) for m in _DOB_LABEL.finditer(text) if _birth_date(m.group(1))]
    spans += [
        m.span()
        for m in _NAME_THEN_DATE.finditer(text)
        if _is_name(m.group(1), m.group(2)) and _birth_date(m.group(3))
    ]
    return spans


def _normalised_with_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """:func:`normalise` of ``text``, and for each of its characters the stretch of ``text``
    it came from."""
    spans = [(k, k + 1) for k in range(len(text))]
    for pattern, replacement in (
        (_SPACES, " "),
        (_DASHES, "-"),
        (_SCIENTIFIC, r"\1\2"),
        (_FLOAT_FORM, r"\1"),
    ):
        pieces: list[str] = []
        new_spans: list[tuple[int, int]] = []
        position = 0
        for m in pattern.finditer(text):
            pieces.append(text[position : m.start()])
            new_spans += spans[position : m.start()]
            written = m.expand(replacement)
            stretch = (spans[m.start()][0], spans[m.end() - 1][1])
            pieces.append(written)
            new_spans += [stretch] * len(written)
            position = m.end()
        pieces.append(text[position:])
        new_spans += spans[position:]
        text, spans = "".join(pieces), new_spans
    return text, spans


def check_text(text: str, field: str) -> None:
    """Raise :class:`DataError` when free text in ``field`` looks like it identifies a patient."""
    found = find_identifiers(text)
    if found:
        first = found[0]
        raise DataError(
            f"'{field}' looks like it contains a patient's {first.kind} ({first.masked}). {WHY}"
        )


def check_table(data: pd.DataFrame, name: str = "the file") -> None:
    """Raise :class:`DataError` when any cell of an uploaded table looks patient-identifiable.

    Each different cell is checked once, so a long weekly file costs little more than its weeks.
    """
    for position, column in enumerate(data.columns):
        series = data.iloc[:, position]
        if pd.api.types.is_bool_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        cells = _cells_as_text(series)
        if cells.empty:
            continue
        different = pd.Series(cells.unique())
        times = _are_times(different, str(column))
        # only cells with five or more digits can hold an NHS number or a date of birth
        suspect = different[different.str.count(r"\d") >= 5]
        for value in suspect:
            found = [f for f in find_identifiers(value) if not (times and f.kind == "NHS number")]
            if not found and _BIRTH_HEADING.search(str(column)):
                date = re.search(_DATE, normalise(value))
                if date and _birth_date(date.group(1)):
                    found = [Finding("date of birth", mask(date.group(1)))]
            if found:
                row = cells.index[(cells == value).to_numpy()][0]
                raise DataError(
                    f"Column '{column}' of {name} looks like it contains a patient's "
                    f"{found[0].kind} (row {_row_label(data, row)}: {found[0].masked}). {WHY}"
                )
    header = " ".join(str(c) for c in data.columns)
    if find_identifiers(header):
        raise DataError(f"The column names of {name} look like patient details. {WHY}")


def _cells_as_text(series: pd.Series) -> pd.Series:
    """The column's cells as text; whole numbers (also in a column of decimals) without ".0"."""
    series = series.dropna()
    if pd.api.types.is_float_dtype(series):
        values = series.to_numpy(dtype=float)
        whole = np.isfinite(values) & (values == np.round(values)) & (np.abs(values) < 2**53)
        text = series.astype(str)
        text[whole] = pd.Series(values[whole].astype(np.int64), index=series.index[whole]).astype(
            str
        )
        return text
    return series.astype(str)


def _are_times(cells: pd.Series, heading: str) -> bool:
    """True when a column's ten-digit numbers are Unix timestamps, not NHS numbers: at least three
    of them, all whole numbers of seconds in the years 2001-2100, and either all on the minute
    (weekly or daily times are) or under a heading that names a time."""
    numbers = pd.to_numeric(cells.map(normalise), errors="coerce")
    if numbers.empty or numbers.isna().any():
        return False
    values = numbers.to_numpy(dtype=float)
    if not ((values >= _UNIX_2001) & (values < _UNIX_2100) & (values == np.round(values))).all():
        return False
    on_the_minute = len(values) >= 3 and bool((values % 60 == 0).all())
    return on_the_minute or bool(_TIME_HEADING.search(heading))


def _row_label(data: pd.DataFrame, row: object) -> int:
    """The spreadsheet row a person would look at (header is row 1)."""
    position = data.index.get_loc(row)
    return int(position) + 2 if isinstance(position, int | np.integer) else 0
