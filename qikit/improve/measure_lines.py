"""Reading a measure's values typed as lines of 'date, value' (for drawing PDSA cycles on them)."""

from __future__ import annotations

import datetime as dt
import re

from qikit.errors import DataError
from qikit.improve.fields import read_date


def read_measure_lines(text: str) -> list[tuple[dt.date, float]]:
    """Parse lines such as ``2026-11-02, 12`` into (date, value) pairs, oldest first.

    Blank lines are skipped; a value may be written with a comma, a tab or spaces after the
    date. Errors name the line and show how to write it.
    """
    rows: list[tuple[dt.date, float]] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p for p in re.split(r"[,\t;]\s*|\s+", line, maxsplit=1) if p]
        if len(parts) != 2:
            raise DataError(
                f"Line {number} of the measure data ('{line}') should be a date and a value, "
                "for example '2026-11-02, 12'."
            )
        day, value = parts
        when = read_date(day)
        if when is None:
            raise DataError(
                f"Line {number} of the measure data: '{day}' is not a date written like "
                "02/11/2026 (day first) or 2026-11-02."
            )
        try:
            amount = float(value.strip().rstrip("%").replace(",", ""))
        except ValueError:
            raise DataError(
                f"Line {number} of the measure data: '{value.strip()}' is not a number."
            ) from None
        rows.append((when, amount))
    dates = [d for d, _ in rows]
    if len(set(dates)) != len(dates):
        twice = sorted({d for d in dates if dates.count(d) > 1})[0]
        raise DataError(
            f"The measure data has {twice.isoformat()} more than once. Give one value per date."
        )
    return sorted(rows)
