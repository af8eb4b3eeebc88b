"""Read a ward's table of data from a CSV, text or Excel file: one reader for every way in.

The apps' upload (:mod:`qikit.teaching.upload`) and ``qikit spc`` both call :func:`read_table`,
so a file reads the same everywhere. It reads what spreadsheets really save:

- text in UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode text") or
  Windows-1252 (older Excel on Windows, for names such as "Café");
- cells separated by commas, semicolons or tabs (found with :class:`csv.Sniffer`);
- decimal commas (``12,5``) in semicolon-separated files, as European Excel saves them; in other
  files a comma between groups of three digits separates thousands (``1,234``);
- numbers with a percent sign (``12%`` is read as 12);
- Excel workbooks (.xlsx, first sheet).

A column whose cells all read as numbers comes back as numbers. In a column of mostly numbers,
cells that are not numbers keep their text, so the message about them can quote what was typed.
Dates are read where the time column is known, by :func:`read_times`: day first, as in the UK
(01/04/2024 is 1 April 2024), in any mix of 2024-04-01, 01/04/2024 and 01-Apr-2024.

Every problem is a :class:`~qikit.errors.DataError` in plain words naming the file or column.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from qikit.errors import DataError
from qikit.privacy import check_table

#: File endings read as text tables and as Excel workbooks.
TEXT_ENDINGS = (".csv", ".txt", ".tsv")
EXCEL_ENDINGS = (".xlsx", ".xlsm")
READABLE_ENDINGS = TEXT_ENDINGS + EXCEL_ENDINGS
#: Characters that may separate the cells of a text table.
SEPARATORS = ",;\t|"
SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars (|)"}
#: How dates are written in ward files (pandas format, and the shape of the text it fits), tried
#: in this order; year first (ISO 8601) comes first so that 2024-04-05 is never read as 4 May.
DATE_FORMATS = (
    ("%Y-%m-%d", r"\d{4}-\d{1,2}-\d{1,2}"),
    ("%Y-%m-%d %H:%M:%S", r"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}:\d{2}"),
    ("%Y/%m/%d", r"\d{4}/\d{1,2}/\d{1,2}"),
    ("%d/%m/%Y", r"\d{1,2}/\d{1,2}/\d{4}"),
    ("%d/%m/%y", r"\d{1,2}/\d{1,2}/\d{2}"),
    ("%d-%m-%Y", r"\d{1,2}-\d{1,2}-\d{4}"),
    ("%d.%m.%Y", r"\d{1,2}\.\d{1,2}\.\d{4}"),
    ("%d-%b-%Y", r"\d{1,2}-[A-Za-z]{3}-\d{4}"),
    ("%d-%b-%y", r"\d{1,2}-[A-Za-z]{3}-\d{2}"),
    ("%d %b %Y", r"\d{1,2} [A-Za-z]{3} \d{4}"),
    ("%d %B %Y", r"\d{1,2} [A-Za-z]{3,9} \d{4}"),
)
_ZIP = b"PK\x03\x04"  # .xlsx workbooks are zip files
_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls workbooks (and old Word files)
_PDF = b"%PDF"
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_THOUSANDS = r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
#: The most qikit reads from one file. Years of weekly data for every ward of a trust fit far
#: below these; past them a file is refused, before it can fill the memory, with a plain message
#: saying how to add the rows up first. An .xlsx file is a zip archive: what it unpacks to is
#: capped too, so a small file cannot unpack to gigabytes (a "zip bomb").
MAX_BYTES = 100 * 1024 * 1024
MAX_ROWS = 2_000_000
MAX_CELLS = 10_000_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
_AGGREGATE = (
    "Add the rows up first, for example into weekly (or monthly) totals per ward with a pivot "
    "table in Excel, keep only the columns the chart needs, and use that smaller file."
)
_BAD_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
#: Times written with a zone are shown as a UK ward's clock shows them.
UK_TIME = "Europe/London"
#: Dates written in numbers, with an optional time of day and zone: year first (ISO 8601:
#: 2024-04-01, 2024-04-01T09:30:00+01:00, 2024/04/01 00:00) or day first (01/04/2024 09:30).
_TIME_OF_DAY = (
    r"(?:(?:T|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
)
_YEAR_FIRST = re.compile(
    r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})" + _TIME_OF_DAY,
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    r"(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})" + _TIME_OF_DAY,
    re.IGNORECASE,
)
_STARTS_WITH_YEAR = re.compile(r"\s*\d{4}\b")
_CLOCK = ("year", "month", "day", "hour", "minute", "second")


def _ending(name: str) -> str:
    return Path(name).suffix.lower()


def _cannot_read(name: str, why: str, what_to_do: str) -> DataError:
    return DataError(f"The file '{name}' could not be read: {why}. {what_to_do}")


def read_table(name: str, content: bytes) -> pd.DataFrame:
    """The table in a file called ``name`` holding ``content``: headings as written, one row per
    line; number columns as numbers, everything else as text.

    Refuses, in plain words: empty files, files that are not tables, rows with more cells than
    headings, and cells that look like patient details (:func:`qikit.privacy.check_table`).
    """
    content = bytes(content)
    ending = _ending(name)
    if not content:
        raise _cannot_read(
            name, "it is empty (0 bytes)", "Check you saved it with the data in it, then try again."
        )
    if ending == ".xls" or content.startswith(_OLD_EXCEL):
        raise _cannot_read(
            name,
            f"it is not a CSV or Excel (.xlsx) file (its name ends '{ending or 'with no ending'}'"
            "; it is an old-style Excel workbook)",
            "Open it in Excel and 'Save As' .xlsx or .csv, then use that file.",
        )
    if ending not in READABLE_ENDINGS:
        raise _cannot_read(
            name,
            f"it is not a CSV or Excel (.xlsx) file (its name ends '{ending or 'with no ending'}')",
            "Save your data as .csv or .xlsx and use that file.",
        )
    if content.startswith(_PDF):
        raise _cannot_read(
            name,
            "it is a PDF document, not a CSV or Excel (.xlsx) file",
            "Use the spreadsheet the report was made from, saved as .csv or .xlsx.",
        )
    if len(content) > MAX_BYTES:
        raise _too_big(name, f"it is {_megabytes(len(content))}", f"{_megabytes(MAX_BYTES)}")
    if ending in EXCEL_ENDINGS or content.startswith(_ZIP):
        raw, decimal = _read_excel(name, content), "."
    else:
        raw, decimal = _read_text(name, content)
    if len(raw.columns) == 0 or len(raw) == 0:
        raise _no_rows(name, raw, content)
    _check_size_of(name, raw)
    check_table(raw, f"'{name}'")
    return numbers_where_possible(raw, decimal)


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size:,} bytes" if size < 1024 else f"{size / 1024:,.0f} KB"
    return f"{size / 1024 / 1024:,.1f} MB"


def _too_big(name: str, found: str, most: str) -> DataError:
    return DataError(
        f"The file '{name}' is too big to read here: {found}; the most qikit reads is "
        f"{most}. {_AGGREGATE}"
    )


def _rows_to_read(columns: int) -> int:
    """How many rows to read at most: one more than allowed, so a file past the cap is seen."""
    return min(MAX_ROWS, MAX_CELLS // max(columns, 1)) + 1


def _check_size_of(name: str, raw: pd.DataFrame) -> None:
    rows, columns = raw.shape
    if rows > MAX_ROWS:
        raise _too_big(name, f"it has more than {MAX_ROWS:,} rows", f"{MAX_ROWS:,} rows")
    if rows * columns > MAX_CELLS:
        raise _too_big(
            name,
            f"it has more than {rows - 1:,} rows of {columns:,} columns",
            f"{MAX_CELLS:,} cells (rows times columns)",
        )


def _check_headings(name: str, headings: list) -> None:
    """Refuse two columns with the same heading: which one a chart used would be a guess."""
    seen: dict[str, int] = {}
    for position, heading in enumerate(headings, start=1):
        if heading is None or (isinstance(heading, float) and np.isnan(heading)):
            continue
        key = str(heading).strip()
        if key in seen:
            raise DataError(
                f"The file '{name}' has two columns with the heading '{key}' (columns "
                f"{seen[key]} and {position}, {_letter(seen[key])} and {_letter(position)} in "
                "Excel). Each column needs a heading of its own: rename or delete one of them, "
                "save, and try again."
            )
        seen[key] = position


def _letter(position: int) -> str:
    """A column's letter in Excel: 1 is A, 27 is AA."""
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _no_rows(name: str, raw: pd.DataFrame, content: bytes) -> DataError:
    if len(raw.columns) > 0:
        return DataError(
            f"The file '{name}' has column headings but no rows of data. Add one row per week "
            "(or month) under the headings and try again."
        )
    sheets = ""
    if content.startswith(_ZIP):
        try:
            names = pd.ExcelFile(io.BytesIO(content), engine="openpyxl").sheet_names
            sheets = f" The workbook's sheets are: {', '.join(repr(s) for s in names)}."
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            sheets = ""
    return DataError(
        f"The file '{name}' has no rows of data: its first sheet is empty.{sheets} Move the "
        "data to the first sheet (headings in row 1), save, and try again."
    )


def _decode(name: str, content: bytes) -> str:
    """The file's text, whichever of the encodings spreadsheets use it was saved in."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    elif content.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    elif content[1:200:2].count(0) > 40:  # UTF-16 without a byte-order mark
        encodings = ("utf-16-le",)
    elif content[0:200:2].count(0) > 40:
        encodings = ("utf-16-be",)
    else:
        encodings = ("utf-8", "cp1252", "latin-1")
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise _cannot_read(
        name,
        "it does not hold text that a spreadsheet saves",
        "Open it in Excel and 'Save As' CSV, or save it as .xlsx, and try again.",
    )


def _separator(text: str) -> str:
    """The character between cells: what csv.Sniffer finds, else the one the headings use most."""
    sample = "\n".join(line for line in text[:20_000].splitlines()[:50] if line.strip())
    header = sample.split("\n", 1)[0]
    try:
        found = csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
        if found in header:
            return found
    except csv.Error:
        pass
    counts = {sep: header.count(sep) for sep in SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_text(name: str, content: bytes) -> tuple[pd.DataFrame, str]:
    """Cells as text, and the decimal mark the file uses."""
    text = _decode(name, content)
    if not text.strip():
        raise _cannot_read(
            name,
            "it has nothing in it but blank space",
            "Check you saved the data in it, then try again.",
        )
    sep = _separator(text)
    try:
        headings = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, header=None, nrows=1)
        raw = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            index_col=False,
            nrows=_rows_to_read(headings.shape[1]),
        )
    except pd.errors.EmptyDataError:
        raise _cannot_read(
            name, "it has no headings or rows", "Check you saved the data in it, then try again."
        ) from None
    except (ValueError, csv.Error) as error:  # pandas' ParserError is a ValueError
        bad = _BAD_LINE.search(str(error))
        why = (
            f"line {bad.group(2)} has {bad.group(3)} cells but the headings have {bad.group(1)}"
            if bad
            else "its rows are not a table"
        )
        raise _cannot_read(
            name,
            why,
            f"Check every row has the same number of cells, separated by {SEPARATOR_NAMES[sep]}, "
            "and that text with a separator in it is in double quotes.",
        ) from None
    _check_headings(name, headings.iloc[0].tolist() if len(headings) else [])
    return raw, "," if sep == ";" else "."


def _read_excel(name: str, content: bytes) -> pd.DataFrame:
    """The first sheet of a workbook, cells as Excel holds them (numbers, dates or text)."""
    try:
        unpacked = sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(content)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        unpacked = 0  # not a zip archive: openpyxl says so below
    if unpacked > MAX_UNPACKED_BYTES:
        raise _too_big(
            name,
            f"the workbook unpacks to {_megabytes(unpacked)} (an .xlsx file is a compressed "
            "archive)",
            f"{_megabytes(MAX_UNPACKED_BYTES)} unpacked",
        )
    try:
        headings = pd.read_excel(
            io.BytesIO(content), engine="openpyxl", dtype=object, header=None, nrows=1
        )
        raw = pd.read_excel(
            io.BytesIO(content),
            engine="openpyxl",
            dtype=object,
            nrows=_rows_to_read(headings.shape[1]),
        )
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError):
        raise _cannot_read(
            name,
            "it could not be opened as an Excel workbook",
            "Open it in Excel, 'Save As' .xlsx, and try again.",
        ) from None
    _check_headings(name, headings.iloc[0].tolist() if len(headings) else [])
    return raw


def to_numbers(raw: pd.Series, decimal: str = ".") -> tuple[pd.Series, pd.Series]:
    """The cells of ``raw`` as numbers, and which cells hold something that is not a number.

    Missing cells are missing (NaN), not bad. Text is read after removing spaces and a final
    percent sign; with ``decimal=","`` a comma is the decimal mark (12,5), otherwise a comma
    between groups of three digits separates thousands (1,234). Infinite values and numbers too
    big to hold (1e999) are not numbers.
    """
    present = raw.notna().to_numpy()
    if pd.api.types.is_bool_dtype(raw):
        values = pd.Series(np.nan, index=raw.index)
    elif pd.api.types.is_numeric_dtype(raw):
        values = raw.astype(float)
    else:
        values = pd.to_numeric(raw, errors="coerce").astype(float)  # plain numbers, quickly
        rest = present & values.isna().to_numpy()
        if rest.any():
            values[rest] = _written_numbers(raw[rest], decimal)
    values = values.where(np.isfinite(values.to_numpy(dtype=float)))
    return values, pd.Series(present & values.isna().to_numpy(), index=raw.index)


def _written_numbers(cells: pd.Series, decimal: str) -> pd.Series:
    """Numbers as people write them: 12%, 1,234 or (with ``decimal=","``) 12,5."""
    text = cells.astype("string").str.strip().str.removesuffix("%").str.rstrip()
    if decimal == ",":
        text = text.str.replace(",", ".", regex=False)
    else:
        grouped = text.str.fullmatch(_THOUSANDS).fillna(False).astype(bool)
        text = text.mask(grouped, text.str.replace(",", "", regex=False))
    looks = text.str.fullmatch(_NUMBER).fillna(False).astype(bool)
    return pd.to_numeric(text.where(looks), errors="coerce").astype(float)


def numbers_where_possible(raw: pd.DataFrame, decimal: str = ".") -> pd.DataFrame:
    """``raw`` with each column that holds numbers read as numbers (see :func:`to_numbers`).

    A column with more numbers than other entries keeps the text of the cells that are not
    numbers (a mixed column), so that a message about them can say what they hold.
    """
    out = raw.copy()
    for position in range(len(raw.columns)):
        cells = raw.iloc[:, position]
        if pd.api.types.is_numeric_dtype(cells) or not _mostly_numbers(cells, decimal):
            continue
        values, bad = to_numbers(cells, decimal)
        found = int(values.notna().sum())
        if not bad.any():
            out.isetitem(position, _whole_if_possible(values))
        elif found >= int(bad.sum()):
            out.isetitem(position, values.astype(object).where(~bad, cells.astype(object)))
    return out


def _mostly_numbers(cells: pd.Series, decimal: str, sample: int = 200) -> bool:
    """A quick look at the first cells: are at least half of them numbers?"""
    first = cells.dropna().head(sample)
    values, bad = to_numbers(first, decimal)
    return len(first) > 0 and values.notna().sum() >= bad.sum()


def _whole_if_possible(values: pd.Series) -> pd.Series:
    """Whole numbers (counts, week numbers) as integers when no cell is missing."""
    exact = values.abs() < 2**53  # beyond this, floats are not exact whole numbers
    if values.notna().all() and exact.all() and (values == values.round()).all():
        return values.astype(np.int64)
    return values


def read_times(frame: pd.DataFrame, column: str) -> pd.Series:
    """The time column as dates (day first: 01/04/2024 is 1 April) or as period numbers.

    Year-first dates (2024-04-01, 2024/04/01, 2024-04-01T09:30) are never read day first. A time
    of day is kept; a time given with a zone (``+01:00``, ``Z``, ``UTC``) is changed to UK time
    (Europe/London) and said in a note, in the result's ``attrs["notes"]``. Missing cells stay
    missing; a cell that is neither a date nor a number is a DataError naming the spreadsheet
    rows (headings are row 1) and what they hold. Each different cell is read once, so a long
    weekly file costs little more than its weeks.
    """
    raw = frame[column]
    if isinstance(raw.dtype, pd.DatetimeTZDtype):
        zone = str(raw.dt.tz)
        return _noted(raw.dt.tz_convert(UK_TIME).dt.tz_localize(None), column, zone)
    if pd.api.types.is_datetime64_any_dtype(raw):
        return raw
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        return pd.to_numeric(raw)
    codes, found = pd.factorize(raw, use_na_sentinel=True)
    cells = pd.Series(found, dtype=object)
    present = codes >= 0
    rows_with = np.bincount(codes[present], minlength=len(cells))  # rows holding each cell
    numbers = pd.to_numeric(cells.mask(_date_cells(cells)), errors="coerce")
    is_number = numbers.notna().to_numpy()
    if rows_with[is_number].sum() == present.sum():
        return _whole_if_possible(_spread(numbers, codes, raw.index))
    if rows_with[is_number].sum() * 2 > present.sum():  # week numbers, with something else here
        _refuse_times(frame, column, present & ~is_number[codes])
    dates, zoned = _dates(cells)
    not_date = dates.isna().to_numpy()
    if not_date.any():
        _refuse_times(frame, column, present & not_date[codes])
    out = _spread(dates, codes, raw.index)
    if zoned.any():
        return _noted(out, column, str(cells[zoned.to_numpy()].iloc[0]).strip())
    return out


def _spread(values: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Values read once per different cell, put back in every row (-1: a missing cell)."""
    if values.dtype.kind != "M":
        values = values.astype(float)
    missing = pd.Series([pd.NaT if values.dtype.kind == "M" else np.nan], dtype=values.dtype)
    every = pd.concat([values, missing], ignore_index=True).to_numpy()
    return pd.Series(every[codes], index=index)


def _noted(times: pd.Series, column: str, example: str) -> pd.Series:
    times = times.copy()
    times.attrs["notes"] = [
        f"The times in column '{column}' carry a time zone (for example {_shown(example)}); "
        f"they have been changed to UK time ({UK_TIME}), as a ward's clock shows them."
    ]
    return times


def _date_cells(raw: pd.Series) -> pd.Series:
    """Which cells already hold a date (as Excel cells do)."""
    if not pd.api.types.is_object_dtype(raw):
        return pd.Series(False, index=raw.index)
    return raw.map(lambda v: isinstance(v, dt.date | pd.Timestamp | np.datetime64)).astype(bool)


def _dates(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each cell as a date (NaT where none fits), and which cells gave a time zone.

    Numbers in a date are read by their shape: year first (2024-04-01, 2024/04/01 09:30,
    2024-04-01T00:00:00Z) or day first (01/04/2024, 01/04/24 09:30); then the
    :data:`DATE_FORMATS` with month names; then pandas' own reading, day first unless the text
    starts with a four-digit year.
    """
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
    zoned = pd.Series(False, index=raw.index)
    stamps = _date_cells(raw)
    for key in np.flatnonzero(stamps.to_numpy()):
        out.iloc[key], zoned.iloc[key] = _uk_time(pd.Timestamp(raw.iloc[key]))
    text = raw.where(~stamps & raw.notna()).astype("string").str.strip()
    unread = text.notna().to_numpy().copy()
    for shape in (_YEAR_FIRST, _DAY_FIRST):
        fits = unread & text.str.fullmatch(shape).fillna(False).to_numpy(dtype=bool)
        if fits.any():
            out[fits], zoned[fits] = _numeric_dates(text[fits], shape)
            unread &= ~fits  # a shape that fits but is no real date (31/02/2024) stays NaT
    for form, shape in DATE_FORMATS:
        if not unread.any():
            break
        fits = unread & text.str.fullmatch(shape).fillna(False).to_numpy(dtype=bool)
        if fits.any():
            out[fits] = pd.to_datetime(text[fits], format=form, errors="coerce")
            unread &= ~fits
    # any other way of writing a date (with a number and a separator: "Mar 2024", "1.4.24"),
    # read day first unless it starts with a year; a lone number or word ("7", "Total") is not
    unread &= text.str.contains(r"\d.*[/\-. ]|[/\-. ].*\d").fillna(False).to_numpy(dtype=bool)
    for key in np.flatnonzero(unread):
        cell = text.iloc[key]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                found = pd.to_datetime(cell, dayfirst=not _STARTS_WITH_YEAR.match(cell))
            except (ValueError, TypeError, OverflowError):
                continue
        if not pd.isna(found):
            out.iloc[key], zoned.iloc[key] = _uk_time(found)
    return out, zoned


def _uk_time(stamp: pd.Timestamp) -> tuple[pd.Timestamp, bool]:
    """A time as a UK clock shows it, and whether it had to be changed from another zone."""
    if stamp.tzinfo is None:
        return stamp, False
    return stamp.tz_convert(UK_TIME).tz_localize(None), True


def _numeric_dates(text: pd.Series, shape: re.Pattern) -> tuple[pd.Series, pd.Series]:
    """Dates written in numbers in the given ``shape``, with any time of day and zone."""
    parts = text.str.extract(shape)
    number = {k: pd.to_numeric(parts[k], errors="coerce") for k in _CLOCK}
    year = number["year"]
    number["year"] = year.where(year >= 100, year + np.where(year < 69, 2000, 1900))  # as %y
    for k, top in (("hour", 23), ("minute", 59), ("second", 59)):
        number[k] = number[k].fillna(0).where(lambda v, top=top: v <= top)
    stamps = pd.to_datetime(pd.DataFrame(number), errors="coerce")
    zone = parts["zone"].fillna("").str.upper()
    zoned = (zone != "").to_numpy()
    if zoned.any():
        sign = np.where(zone.str.startswith("-"), -1, 1)
        digits = zone.str.replace(r"[^0-9]", "", regex=True).str.pad(4, "right", "0")
        hours = pd.to_numeric(digits.str[:2], errors="coerce").fillna(0)
        minutes = pd.to_numeric(digits.str[2:4], errors="coerce").fillna(0)
        utc = stamps - pd.to_timedelta(sign * (hours * 60 + minutes), unit="min")
        local = utc.dt.tz_localize("UTC").dt.tz_convert(UK_TIME).dt.tz_localize(None)
        stamps = stamps.where(~zoned, local)
    return stamps, pd.Series(zoned, index=text.index)


def _refuse_times(frame: pd.DataFrame, column: str, bad) -> None:
    bad = np.asarray(bad, dtype=bool)
    rows = [str(k + 2) for k in np.flatnonzero(bad)[:3]]  # headings are row 1
    found = ", ".join(_shown(v) for v in frame[column][bad].head(3).tolist())
    raise DataError(
        f"The column '{column}' (time) should hold dates or week numbers, but row(s) "
        f"{', '.join(rows)} of the file hold {found}. Write dates as 2024-04-01 or "
        "01/04/2024 (day first), or choose another column."
    )


def _shown(value, most: int = 40) -> str:
    """A cell quoted in a message, cut short: a message never repeats a huge cell."""
    text = repr(value)
    return text if len(text) <= most else text[: most - 5] + "...'"


def shown_time(value) -> str:
    """A time as a person writes it: 2024-05-06, or 7 for a week number."""
    if isinstance(value, pd.Timestamp | np.datetime64 | dt.date):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    return f"{value:g}" if isinstance(value, int | float | np.number) else str(value)


def check_one_row_per_time(
    times: pd.Series, column: str, groups: pd.DataFrame | None = None, what_to_do: str = ""
) -> None:
    """Refuse a time that appears twice (within each group, when ``groups`` is given)."""
    keys = pd.DataFrame({"time": times.to_numpy()}, index=times.index)
    if groups is not None:
        for name in groups.columns:
            keys[f"group {name}"] = groups[name].to_numpy()
    repeated = keys.duplicated() & times.notna().to_numpy()
    if repeated.any():
        first = times[repeated].iloc[0]
        raise DataError(
            f"The time column '{column}' repeats {shown_time(first)}. Each week (or month) "
            f"should have one row; {what_to_do or 'add the rows up first or pick another column.'}"
        )
