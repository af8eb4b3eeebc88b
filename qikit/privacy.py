"""Keeping patient-identifiable data out of the kit.

qikit is for aggregate or synthetic data. Uploads and free text are checked for two things that
would identify a patient, and refused with an explanation:

- a valid **NHS number**: ten digits (spaces or dashes allowed) whose last digit is the modulus 11
  check digit (NHS Data Dictionary, "NHS Number"); and
- a **name with a date of birth**: a date labelled as a date of birth (DOB, D.O.B., date of birth,
  born), or a date of birth straight after a capitalised first name and surname.

These checks are a safety net, not a guarantee: they catch the common slips.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from qikit.errors import DataError

#: Ten digits, spaced 3-3-4 or not, that are not part of a longer number or of a decimal
#: (the digits after the point of 14226.3333333333 are not an NHS number).
_NHS_NUMBER = re.compile(r"(?<![\d-])(?<!\d[.,])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])(?![.,]\d)")
_DATE = r"(\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]{2,8} \d{4})"
_DOB_LABEL = re.compile(
    r"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*" + _DATE, re.IGNORECASE
)
#: Capitalised words that are not a person's name but often come before a date in ward plans
#: ("Starting Monday 01/04/2024", "Oak Ward, 1 April 2026"): days, months, places, meetings.
_NOT_NAMES = (
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|"
    "June|July|August|September|October|November|December|Ward|Wards|Unit|House|Lodge|Centre|"
    "Center|Hospital|Clinic|Suite|Wing|Court|Site|Team|Service|Trust|Board|Meeting|Huddle|"
    "Review|Cycle|Week|Day|Night|Shift|Start|Starting|Started|Starts|From|Since|Until|Before|"
    "After|On|By|Due|Ends|Ending|Audit|Data|Report|Baseline|Test|Plan|Study|Act|Do"
)
#: A surname: Smith, O'Neill, McDonald, Smith-Jones.
#: Each part starts with a capital, so the pattern cannot match one word in many ways.
_NAME_WORD = r"(?!(?:" + _NOT_NAMES + r")\b)(?:[A-Z]')?[A-Z][a-z]+(?:-?[A-Z][a-z]+)*"
_NAME_THEN_DATE = re.compile(
    r"\b((?!(?:" + _NOT_NAMES + r")\b)[A-Z][a-z]+ " + _NAME_WORD + r")\s*[,(]?\s*" + _DATE
)

WHY = (
    "qikit is for aggregate or synthetic data only, never details that identify a patient. "
    "Remove it and use counts, rates or percentages instead."
)


def is_valid_nhs_number(digits: str) -> bool:
    """True when ``digits`` (ten digits, spaces or dashes allowed) passes the modulus 11 check."""
    clean = re.sub(r"[ -]", "", str(digits))
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


def find_identifiers(text: str) -> list[Finding]:
    """Everything in ``text`` that looks like patient-identifiable data."""
    text = str(text)
    found = [
        Finding("NHS number", mask("".join(m.groups())))
        for m in _NHS_NUMBER.finditer(text)
        if is_valid_nhs_number("".join(m.groups()))
    ]
    found += [Finding("date of birth", mask(m.group(0))) for m in _DOB_LABEL.finditer(text)]
    found += [
        Finding("name and date of birth", mask(m.group(0))) for m in _NAME_THEN_DATE.finditer(text)
    ]
    return found


def check_text(text: str, field: str) -> None:
    """Raise :class:`DataError` when free text in ``field`` looks like it identifies a patient."""
    found = find_identifiers(text)
    if found:
        first = found[0]
        raise DataError(
            f"'{field}' looks like it contains a patient's {first.kind} ({first.masked}). {WHY}"
        )


def check_table(data: pd.DataFrame, name: str = "the file") -> None:
    """Raise :class:`DataError` when any cell of an uploaded table looks patient-identifiable."""
    for column in data.columns:
        series = data[column]
        if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
            if pd.api.types.is_integer_dtype(series):
                series = series.astype("string")
            else:
                continue
        values = series.dropna().astype(str)
        for row, value in values.items():
            found = find_identifiers(value)
            if found:
                raise DataError(
                    f"Column '{column}' of {name} looks like it contains a patient's "
                    f"{found[0].kind} (row {_row_label(data, row)}: {found[0].masked}). {WHY}"
                )
    header = " ".join(str(c) for c in data.columns)
    if find_identifiers(header):
        raise DataError(f"The column names of {name} look like patient details. {WHY}")


def _row_label(data: pd.DataFrame, row: object) -> int:
    """The spreadsheet row a person would look at (header is row 1)."""
    position = data.index.get_loc(row)
    return int(position) + 2 if isinstance(position, int) else 0
