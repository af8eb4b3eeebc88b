"""A team's own data: read an uploaded CSV or Excel file and map its columns for a chart.

Every problem is a :class:`~qikit.errors.DataError` that names the file or column, says what was
expected and found, and what to do, so the page can show it and keep the learner's work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qikit.errors import DataError
from qikit.spc.validate import LARGEST_VALUE
from qikit.tables import check_one_row_per_time, read_table, read_times, to_numbers

#: Largest file the apps accept (10 MB unless ``qikit serve --max-upload-mb`` says otherwise):
#: far more than years of weekly ward data.
MAX_UPLOAD_BYTES = int(os.environ.get("QIKIT_MAX_UPLOAD_BYTES") or 10 * 1024 * 1024)
#: Column names that usually hold the time, value and denominator of a measure.
TIME_WORDS = ("week_start", "date", "week", "month", "period", "day", "time")
DENOMINATOR_WORDS = ("denominator", "due", "surveyed", "total", "bed_days", "occupied", "shifts")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_size(name: str, size: int, limit: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse a file larger than ``limit`` before reading any of it."""
    if size > limit:
        raise DataError(
            f"The file '{name}' is {_megabytes(size)}; the largest file this page reads is "
            f"{_megabytes(limit)}. Save only the columns and weeks you need (for example one "
            "ward's measure) and upload that smaller file."
        )
    if size == 0:
        raise DataError(
            f"The file '{name}' is empty (0 bytes). Check you saved it before uploading, "
            "then upload it again."
        )


def read_upload(name: str, content: bytes, limit: int = MAX_UPLOAD_BYTES) -> pd.DataFrame:
    """Read an uploaded file (CSV or text in any usual encoding and separator, or Excel .xlsx)
    into a table with :func:`qikit.tables.read_table`; headings lose surrounding spaces."""
    content = bytes(content)
    check_size(name, len(content), limit)
    frame = read_table(name, content)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.dropna(how="all")
    if frame.empty:
        raise DataError(
            f"The file '{name}' has column headings but no rows of data. Add one row per week "
            "(or month) under the headings and upload it again."
        )
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class ColumnMap:
    """Which column holds the time (``x``), the value or numerator (``y``) and the denominator."""

    x: str | None
    y: str
    n: str | None = None


def _rows(mask: pd.Series) -> str:
    """The first three spreadsheet rows where ``mask`` is true (headings are row 1)."""
    return ", ".join(str(k + 2) for k in np.flatnonzero(mask.to_numpy())[:3])


def _numbers(frame: pd.DataFrame, column: str, role: str) -> pd.Series:
    raw = frame[column]
    values, bad = to_numbers(raw)
    if bad.any():
        found = ", ".join(repr(v) for v in raw[bad].head(3).tolist())
        raise DataError(
            f"The column '{column}' ({role}) should hold numbers, but row(s) {_rows(bad)} "
            f"of the file hold {found}. Replace the text with numbers (leave a cell empty for a "
            "missing week) and upload again, or choose another column."
        )
    if values.notna().sum() == 0:
        raise DataError(
            f"The column '{column}' ({role}) has no numbers in it. Choose the column that holds "
            "the numbers to chart."
        )
    too_big = values.abs() > LARGEST_VALUE
    if too_big.any():
        found = ", ".join(f"{v:g}" for v in values[too_big].head(3))
        raise DataError(
            f"The column '{column}' ({role}) holds a number far too big for a ward measure: "
            f"row(s) {_rows(too_big)} of the file hold {found}. Check what was typed there "
            f"(the largest number a chart can use is {LARGEST_VALUE:,.0f}) and upload again."
        )
    return values


def map_columns(frame: pd.DataFrame, mapping: ColumnMap) -> pd.DataFrame:
    """The columns ``x`` (time), ``y`` (value) and ``n`` (denominator, if any) ready for ``spc``.

    Rows are sorted by time; a missing column, text among the numbers or a repeated time raise a
    plain-English DataError. Notes for the learner (times changed to UK time) are in
    ``attrs["notes"]``.
    """
    columns = list(frame.columns)
    for role, name in (("time", mapping.x), ("value", mapping.y), ("denominator", mapping.n)):
        if name is not None and name not in columns:
            raise DataError(
                f"The {role} column '{name}' is not in the file. The file has the columns: "
                f"{', '.join(map(str, columns))}. Choose one of those."
            )
    if mapping.y is None:
        raise DataError("Choose the column that holds the values to chart.")
    out = pd.DataFrame({"y": _numbers(frame, mapping.y, "value")})
    if mapping.n is not None:
        if mapping.n == mapping.y:
            raise DataError(
                f"The value and the denominator are both '{mapping.y}'. Choose a different column "
                "for the denominator, or 'none'."
            )
        out["n"] = _numbers(frame, mapping.n, "denominator")
        zero = out["n"] <= 0
        if zero.any():
            raise DataError(
                f"The denominator column '{mapping.n}' has zero or negative values in row(s) "
                f"{_rows(zero)}. A denominator must be more than 0; leave the cell empty if "
                "unknown."
            )
    notes: list[str] = []
    if mapping.x is not None:
        times = read_times(frame, mapping.x)
        notes = times.attrs.get("notes", [])
        out.insert(0, "x", times)
        check_one_row_per_time(out["x"], mapping.x)
        out = out.dropna(subset=["x"]).sort_values("x", kind="stable")
    else:
        out.insert(0, "x", range(1, len(out) + 1))
    out = out.dropna(subset=["y"]).reset_index(drop=True)
    if len(out) < 2:
        raise DataError(
            f"The column '{mapping.y}' has only {len(out)} number(s); a chart needs at least 10 "
            "weeks of data (20 or more for steady control limits)."
        )
    out.attrs["notes"] = list(notes)
    return out


def guess_columns(frame: pd.DataFrame) -> ColumnMap:
    """A first guess at the mapping, for the learner to check: time, value and denominator."""
    names = list(frame.columns)
    lower = {name: name.lower().replace(" ", "_") for name in names}
    x = next((n for w in TIME_WORDS for n in names if w in lower[n]), None)
    numeric = [
        n for n in names if n != x and pd.to_numeric(frame[n], errors="coerce").notna().mean() > 0.8
    ]
    n_col = next((n for n in numeric if any(w in lower[n] for w in DENOMINATOR_WORDS)), None)
    y = next((n for n in numeric if n != n_col), None)
    if y is None:
        y = next((n for n in names if n != x), names[0])
    return ColumnMap(x=x, y=y, n=n_col)
