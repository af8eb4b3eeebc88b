"""A team's own data: read an uploaded CSV or Excel file and map its columns for a chart.

Every problem is a :class:`~qikit.errors.DataError` that names the file or column, says what was
expected and found, and what to do, so the page can show it and keep the learner's work.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pandas as pd

from qikit.errors import DataError
from qikit.privacy import check_table

#: Largest file the apps accept (10 MB): far more than years of weekly ward data.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
READABLE_ENDINGS = (".csv", ".txt", ".xlsx", ".xlsm")
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
    """Read an uploaded file (CSV, or Excel .xlsx via openpyxl) into a table."""
    content = bytes(content)
    check_size(name, len(content), limit)
    ending = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ending not in READABLE_ENDINGS:
        hint = " Open it in Excel and 'Save As' .xlsx or .csv." if ending == ".xls" else ""
        raise DataError(
            f"The file '{name}' is not a CSV or Excel (.xlsx) file (its name ends "
            f"'{ending or 'with no ending'}').{hint} Save your data as .csv or .xlsx and upload "
            "that."
        )
    if ending in (".xlsx", ".xlsm"):
        frame = _read_excel(name, content)
    else:
        frame = _read_csv(name, content)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.dropna(how="all")
    check_table(frame, f"'{name}'")
    if frame.empty or len(frame.columns) == 0:
        raise DataError(
            f"The file '{name}' has column headings but no rows of data. Add one row per week "
            "(or month) under the headings and upload it again."
        )
    return frame.reset_index(drop=True)


def _read_csv(name: str, content: bytes) -> pd.DataFrame:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise DataError(f"The file '{name}' is not readable text. Save it as CSV (UTF-8).")
    if not text.strip():
        raise DataError(
            f"The file '{name}' has nothing in it but blank space. Check you saved the data, "
            "then upload it again."
        )
    try:
        return pd.read_csv(io.StringIO(text), sep=None, engine="python", dtype=str)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise DataError(
            f"The file '{name}' could not be read as a table ({str(error).splitlines()[0]}). "
            "Check every row has the same number of columns, separated by commas."
        ) from None


def _read_excel(name: str, content: bytes) -> pd.DataFrame:
    try:
        frame = pd.read_excel(io.BytesIO(content), engine="openpyxl", dtype=object)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise DataError(
            f"The file '{name}' could not be opened as an Excel workbook ({error}). Open it in "
            "Excel, 'Save As' .xlsx, and upload it again."
        ) from None
    return frame


@dataclass(frozen=True)
class ColumnMap:
    """Which column holds the time (``x``), the value or numerator (``y``) and the denominator."""

    x: str | None
    y: str
    n: str | None = None


def _numbers(frame: pd.DataFrame, column: str, role: str) -> pd.Series:
    raw = frame[column]
    text = raw.astype(str).str.strip().str.replace(",", "", regex=False).str.rstrip("%")
    text = text.mask(raw.isna() | text.isin(["", "nan", "NaN", "None"]))
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() & text.notna()
    if bad.any():
        rows = [str(i + 2) for i in frame.index[bad][:3]]  # +2: heading row, counting from 1
        found = ", ".join(repr(v) for v in raw[bad].head(3).tolist())
        raise DataError(
            f"The column '{column}' ({role}) should hold numbers, but row(s) {', '.join(rows)} "
            f"of the file hold {found}. Replace the text with numbers (leave a cell empty for a "
            "missing week) and upload again, or choose another column."
        )
    if values.notna().sum() == 0:
        raise DataError(
            f"The column '{column}' ({role}) has no numbers in it. Choose the column that holds "
            "the numbers to chart."
        )
    return values


def _times(frame: pd.DataFrame, column: str) -> pd.Series:
    raw = frame[column]
    numeric = pd.to_numeric(raw, errors="coerce")
    if numeric.notna().all():
        return numeric
    text = raw.astype(str).str.strip()
    if text.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all():  # ISO 8601: year, month, day
        dates = pd.to_datetime(text, errors="coerce", format="%Y-%m-%d")
    else:  # UK files: 01/04/2024 is the first of April
        dates = pd.to_datetime(raw, errors="coerce", dayfirst=True, format="mixed")
    bad = dates.isna()
    if bad.any():
        rows = [str(i + 2) for i in frame.index[bad][:3]]
        found = ", ".join(repr(v) for v in raw[bad].head(3).tolist())
        raise DataError(
            f"The column '{column}' (time) should hold dates or week numbers, but row(s) "
            f"{', '.join(rows)} of the file hold {found}. Write dates as 2024-04-01 or "
            "01/04/2024, or choose another column."
        )
    return dates


def map_columns(frame: pd.DataFrame, mapping: ColumnMap) -> pd.DataFrame:
    """The columns ``x`` (time), ``y`` (value) and ``n`` (denominator, if any) ready for ``spc``.

    Rows are sorted by time; a missing column, text among the numbers or a repeated time raise a
    plain-English DataError.
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
            rows = ", ".join(str(i + 2) for i in frame.index[zero][:3])
            raise DataError(
                f"The denominator column '{mapping.n}' has zero or negative values in row(s) "
                f"{rows}. A denominator must be more than 0; leave the cell empty if unknown."
            )
    if mapping.x is not None:
        out.insert(0, "x", _times(frame, mapping.x))
        repeated = out["x"].duplicated()
        if repeated.any():
            raise DataError(
                f"The time column '{mapping.x}' repeats {_shown(out['x'][repeated].iloc[0])}. Each "
                "week (or month) should have one row; add the rows up first or pick another "
                "column."
            )
        out = out.sort_values("x", kind="stable")
    else:
        out.insert(0, "x", range(1, len(out) + 1))
    out = out.dropna(subset=["y"]).reset_index(drop=True)
    if len(out) < 2:
        raise DataError(
            f"The column '{mapping.y}' has only {len(out)} number(s); a chart needs at least 10 "
            "weeks of data (20 or more for steady control limits)."
        )
    return out


def _shown(value) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return f"{value:g}" if isinstance(value, int | float) else str(value)


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
