"""The one table reader (qikit.tables): encodings, separators, the way numbers and dates are
written on UK and European wards, and a plain message for every file that is not a table."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from qikit.errors import DataError
from qikit.tables import check_one_row_per_time, read_table, read_times, to_numbers

WEEKS = [dt.date(2024, 4, 1) + dt.timedelta(weeks=k) for k in range(6)]
COUNTS = [12, 9, 14, 11, 10, 13]
TEXT = "week,ward,incidents\n" + "".join(
    f"{d.isoformat()},Café Ward,{c}\n" for d, c in zip(WEEKS, COUNTS, strict=True)
)


def check_plain(error: pytest.ExceptionInfo) -> str:
    message = str(error.value)
    for word in ("Traceback", "Error:", "codec", "0x", "dtype", "NoneType"):
        assert word not in message
    return message


@pytest.mark.parametrize(
    "content",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with its byte-order mark, as Excel's "Unicode text"
        TEXT.encode("utf-16-le"),  # without one
        TEXT.encode("cp1252"),  # older Excel on Windows
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-no-bom", "cp1252"],
)
def test_every_usual_encoding_reads_the_same_table(content):
    table = read_table("ward.csv", content)
    assert list(table.columns) == ["week", "ward", "incidents"]
    assert table["ward"].tolist() == ["Café Ward"] * 6
    assert table["incidents"].tolist() == COUNTS
    assert table["week"].tolist() == [d.isoformat() for d in WEEKS]


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_the_separator_is_found(sep):
    table = read_table("ward.txt", TEXT.replace(",", sep).encode())
    assert list(table.columns) == ["week", "ward", "incidents"]
    assert table["incidents"].tolist() == COUNTS


def test_a_short_row_is_padded_and_a_header_count_decides_when_sniffing_fails():
    # the heading row names one more column than the rows hold: the last cell is missing
    table = read_table("ward.csv", b"week,incidents,bed_days,ward,note\n1,3,300,Oak\n2,4,310,Oak\n")
    assert table["bed_days"].tolist() == [300, 310]
    assert table["note"].isna().all()


def test_decimal_commas_in_semicolon_files():
    content = b"week;rate;share\n1;12,5;55%\n2;0,25;60,5 %\n3;7;58%\n"
    table = read_table("ward.csv", content)
    assert table["rate"].tolist() == [12.5, 0.25, 7.0]
    assert table["share"].tolist() == [55.0, 60.5, 58.0]


def test_thousands_separators_and_percent_signs_in_comma_files():
    content = b'week,bed_days,share\n1,"1,234",12%\n2,"12,345,678",7.5%\n3,999,100%\n'
    table = read_table("ward.csv", content)
    assert table["bed_days"].tolist() == [1234, 12_345_678, 999]
    assert table["share"].tolist() == [12.0, 7.5, 100.0]


def test_a_comma_that_is_not_a_thousands_separator_is_not_a_number():
    values, bad = to_numbers(pd.Series(["1,234", "1,23", "12,5", "1,2345"]))
    assert values.tolist()[0] == 1234
    assert bad.tolist() == [False, True, True, True]


def test_infinite_and_overflowing_text_is_not_a_number():
    values, bad = to_numbers(pd.Series(["inf", "-Infinity", "1e999", "nan", "1e308", None]))
    assert bad.tolist() == [True, True, True, True, False, False]
    assert values.iloc[4] == 1e308
    numbers, bad = to_numbers(pd.Series([1.0, np.inf, -np.inf, np.nan]))
    assert bad.tolist() == [False, True, True, False]


def test_a_column_of_mostly_numbers_keeps_the_text_that_is_not_a_number():
    content = b"week,incidents\n1,3\n2,three\n3,-\n4,4\n5,N/A\n6,5\n"
    table = read_table("ward.csv", content)
    column = table["incidents"].tolist()
    assert column[:4] == [3.0, "three", "-", 4.0] and column[5] == 5.0
    assert pd.isna(column[4])  # N/A is a missing week, not text
    words = read_table("ward.csv", b"ward,week\nOak,1\nAsh,2\n")["ward"]
    assert words.tolist() == ["Oak", "Ash"]  # a column of words stays words


def test_uk_dates_are_read_day_first_in_any_mix_of_styles():
    written = [
        WEEKS[0].strftime("%d/%m/%Y"),  # 01/04/2024
        WEEKS[1].strftime("%d-%b-%Y"),  # 08-Apr-2024
        WEEKS[2].isoformat(),  # 2024-04-15
        WEEKS[3].strftime("%d/%m/%y"),  # 22/04/24
        WEEKS[4].strftime("%d %B %Y"),  # 29 April 2024
        "2024-05-06",
    ]
    frame = pd.DataFrame({"week": written})
    assert read_times(frame, "week").dt.date.tolist() == WEEKS


def test_year_first_dates_are_never_read_day_first():
    frame = pd.DataFrame({"week": ["2024-04-05", "05/04/2024", "2024-12-01"]})
    assert read_times(frame, "week").dt.date.tolist() == [
        dt.date(2024, 4, 5),
        dt.date(2024, 4, 5),
        dt.date(2024, 12, 1),
    ]


def test_week_numbers_excel_dates_and_missing_times():
    numbers = read_times(pd.DataFrame({"week": [1, 2, 3]}), "week")
    assert numbers.tolist() == [1, 2, 3]
    excel = pd.DataFrame({"week": pd.Series([dt.datetime(2024, 4, 1), "08/04/2024"], dtype=object)})
    assert read_times(excel, "week").dt.date.tolist() == WEEKS[:2]
    gap = read_times(pd.DataFrame({"week": ["01/04/2024", None, "15/04/2024"]}), "week")
    assert gap.isna().tolist() == [False, True, False]


@pytest.mark.parametrize(
    ("cells", "found", "row"),
    [
        (["01/04/2024", "31/02/2024", "15/04/2024"], "'31/02/2024'", "3"),
        (["01/04/2024", "08/04/2024", "Total"], "'Total'", "4"),
        ([1, 2, 3, "Total"], "'Total'", "5"),
        (["01/04/2024", "soon"], "'soon'", "3"),
    ],
)
def test_a_time_that_is_neither_a_date_nor_a_number_is_refused(cells, found, row):
    with pytest.raises(DataError) as error:
        read_times(pd.DataFrame({"week": pd.Series(cells, dtype=object)}), "week")
    message = check_plain(error)
    assert "'week' (time) should hold dates" in message
    assert f"row(s) {row} of the file hold {found}" in message


def test_a_week_given_twice_is_refused_within_a_ward_only():
    times = pd.Series(pd.to_datetime(["2024-04-01", "2024-04-08", "2024-04-01", "2024-04-08"]))
    wards = pd.DataFrame({"ward": ["Oak", "Oak", "Ash", "Ash"]})
    check_one_row_per_time(times, "week", wards)  # one row per ward and week
    with pytest.raises(DataError) as error:
        check_one_row_per_time(times, "week")
    assert "'week' repeats 2024-04-01" in check_plain(error)
    with pytest.raises(DataError, match="repeats 7"):
        check_one_row_per_time(pd.Series([6, 7, 7]), "week")


def workbook_bytes(rows, sheets=("Data",)) -> bytes:
    book = Workbook()
    book.active.title = sheets[0]
    for row in rows:
        book.active.append(row)
    for name in sheets[1:]:
        book.create_sheet(name)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_excel_numbers_stored_as_text_become_numbers():
    content = workbook_bytes([["week", "incidents"], [dt.datetime(2024, 4, 1), "12"], [None, "9"]])
    table = read_table("ward.xlsx", content)
    assert table["incidents"].tolist() == [12, 9]


def test_a_workbook_named_csv_is_read_as_a_workbook():
    content = workbook_bytes([["week", "incidents"], [1, 12], [2, 9]])
    assert read_table("ward.csv", content)["incidents"].tolist() == [12, 9]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("ward.csv", b"", "could not be read: it is empty (0 bytes)"),
        ("ward.csv", b" \n\t\n", "nothing in it but blank space"),
        ("ward.csv", b"week,incidents\n", "has column headings but no rows of data"),
        ("ward.csv", b"a,b\n1,2\n3,4,5\n", "line 3 has 3 cells but the headings have 2"),
        ("ward.csv", b"%PDF-1.4\n%\xe2\xe3\n", "it is a PDF document"),
        ("ward.csv", bytes(range(256)) * 4, "does not hold text that a spreadsheet saves"),
        ("ward.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(50), "'Save As' .xlsx"),
        ("ward.docx", b"abc", "its name ends '.docx'"),
        ("ward", b"week,y\n1,2\n", "its name ends 'with no ending'"),
        ("ward.xlsx", b"not a workbook", "could not be opened as an Excel workbook"),
        ("ward.xlsx", workbook_bytes([], ("Notes", "Data")), "sheets are: 'Notes', 'Data'"),
    ],
    ids=[
        "empty",
        "blank",
        "headings-only",
        "ragged",
        "pdf",
        "binary",
        "xls",
        "docx",
        "no-ending",
        "broken-xlsx",
        "empty-first-sheet",
    ],
)
def test_files_that_are_not_tables_are_explained(name, content, words):
    with pytest.raises(DataError) as error:
        read_table(name, content)
    assert words in check_plain(error)


def test_patient_details_are_refused_before_anything_is_converted():
    # an NHS number as a bare number would lose nothing, but is still refused
    with pytest.raises(DataError) as error:
        read_table("ward.csv", b"week,id\n1,9434765919\n2,4010232137\n")
    assert "NHS number" in check_plain(error)


# --- issue 18: times of day and zones, repeated headings, what the reader will take ---


@pytest.mark.parametrize(
    "cells",
    [
        ["2024-04-01T00:00:00", "2024-04-08T00:00:00"],
        ["2024-04-01 09:30", "2024-04-08 09:30"],
        ["2024/04/01 00:00", "2024/04/08 00:00"],
        ["2024-04-01T09:30:00.000", "2024-04-08T09:30:00.000"],
        ["2024.04.01", "2024.04.08"],
        ["2024-04-01 09:30 AM", "2024-04-08 09:30 AM"],  # read by pandas, still year first
    ],
    ids=["iso-T", "iso-space-minutes", "slashes-time", "fraction", "dots", "am"],
)
def test_year_first_dates_with_a_time_of_day_are_1_april_not_4_january(cells):
    times = read_times(pd.DataFrame({"week": cells}), "week")
    assert times.dt.date.tolist() == [dt.date(2024, 4, 1), dt.date(2024, 4, 8)]
    assert "notes" not in times.attrs


def test_uk_dates_with_a_time_of_day_stay_day_first():
    times = read_times(pd.DataFrame({"week": ["05/10/2026 14:00", "12/10/26 9:05"]}), "week")
    assert times.tolist() == [pd.Timestamp(2026, 10, 5, 14), pd.Timestamp(2026, 10, 12, 9, 5)]


@pytest.mark.parametrize(
    ("cell", "uk"),
    [
        ("2024-04-01T00:00:00+01:00", pd.Timestamp(2024, 4, 1, 0, 0)),  # British Summer Time
        ("2024-04-01T00:00:00Z", pd.Timestamp(2024, 4, 1, 1, 0)),  # UTC: 1 am on a UK clock
        ("2024-01-15T09:30:00Z", pd.Timestamp(2024, 1, 15, 9, 30)),  # winter: UK is UTC
        ("2024-04-01 08:00 -0400", pd.Timestamp(2024, 4, 1, 13, 0)),
        ("2024-04-01 09:00 UTC", pd.Timestamp(2024, 4, 1, 10, 0)),
    ],
)
def test_times_with_a_zone_become_uk_time_with_a_note(cell, uk):
    times = read_times(pd.DataFrame({"week": [cell, "2024-04-08"]}), "week")
    assert times.iloc[0] == uk
    assert times.iloc[1] == pd.Timestamp(2024, 4, 8)
    (note,) = times.attrs["notes"]
    assert "'week'" in note and "UK time (Europe/London)" in note


def test_mixed_zones_never_end_in_a_traceback():
    cells = ["2024-04-01T00:00:00+01:00", "2024-04-08T00:00:00Z", "2024-04-15T00:00:00"]
    table = read_table("ward.csv", ("week,y\n" + "".join(f"{c},1\n" for c in cells)).encode())
    times = read_times(table, "week")
    assert times.dt.date.tolist() == [
        dt.date(2024, 4, 1),
        dt.date(2024, 4, 8),
        dt.date(2024, 4, 15),
    ]
    tz_aware = pd.DataFrame({"week": pd.to_datetime(["2024-04-01T00:00:00Z"], utc=True)})
    assert read_times(tz_aware, "week").tolist() == [pd.Timestamp(2024, 4, 1, 1)]


def test_a_long_weekly_column_is_read_once_per_week_and_put_back_in_every_row():
    weeks = [w.isoformat() for w in WEEKS] * 500 + [None, "01/04/2024"]
    times = read_times(pd.DataFrame({"week": weeks}), "week")
    assert len(times) == len(weeks) and times.isna().sum() == 1
    assert times.iloc[-1] == pd.Timestamp(2024, 4, 1) and times.iloc[6] == times.iloc[0]
    numbers = read_times(pd.DataFrame({"week": ["1", "2", None, "2"]}), "week")
    assert numbers.iloc[[0, 1, 3]].tolist() == [1, 2, 2] and pd.isna(numbers.iloc[2])


def test_a_message_never_repeats_a_huge_cell():
    frame = pd.DataFrame({"week": ["2024-04-01", "x" * 1_000_000]})
    with pytest.raises(DataError) as error:
        read_times(frame, "week")
    message = check_plain(error)
    assert len(message) < 400 and "row(s) 3" in message


@pytest.mark.parametrize(
    ("content", "heading", "where"),
    [
        (b"week,ward,ward,incidents\n1,Oak,Ash,3\n", "ward", "columns 2 and 3, B and C"),
        (b"week;falls;week\n1;3;2\n", "week", "columns 1 and 3, A and C"),
        (b"week,falls , falls\n1,3,2\n", "falls", "columns 2 and 3"),  # spaces are not names
    ],
)
def test_two_columns_with_the_same_heading_are_refused_naming_them(content, heading, where):
    with pytest.raises(DataError) as error:
        read_table("ward.csv", content)
    message = check_plain(error)
    assert f"two columns with the heading '{heading}'" in message and where in message


def test_repeated_headings_in_a_workbook_are_refused_too():
    content = workbook_bytes([["week", "falls", "falls"], [1, 3, 2]])
    with pytest.raises(DataError, match="two columns with the heading 'falls'"):
        read_table("ward.xlsx", content)


def test_the_upload_box_names_repeated_headings():
    from qikit.teaching.upload import read_upload

    with pytest.raises(DataError, match="two columns with the heading 'incidents'"):
        read_upload("ward.csv", b"week,incidents,incidents\n1,3,4\n2,5,6\n")


def weekly_rows(rows: int) -> bytes:
    return ("week,incidents\n" + "".join(f"{k},{k % 7}\n" for k in range(1, rows + 1))).encode()


def test_a_file_with_too_many_rows_is_refused_with_how_to_add_them_up(monkeypatch):
    import qikit.tables as tables

    monkeypatch.setattr(tables, "MAX_ROWS", 50)
    assert len(read_table("ward.csv", weekly_rows(50))) == 50  # at the cap: read
    with pytest.raises(DataError) as error:
        read_table("ward.csv", weekly_rows(51))
    message = check_plain(error)
    assert "more than 50 rows" in message and "weekly (or monthly) totals" in message


def test_a_file_with_too_many_cells_is_refused(monkeypatch):
    import qikit.tables as tables

    monkeypatch.setattr(tables, "MAX_CELLS", 60)
    assert len(read_table("ward.csv", weekly_rows(30))) == 30  # 60 cells: read
    with pytest.raises(DataError) as error:
        read_table("ward.csv", weekly_rows(31))
    assert "60 cells (rows times columns)" in check_plain(error)


def test_a_file_with_too_many_bytes_is_refused_before_it_is_read(monkeypatch):
    import qikit.tables as tables

    monkeypatch.setattr(tables, "MAX_BYTES", 1000)
    with pytest.raises(DataError) as error:
        read_table("ward.csv", weekly_rows(200))
    message = check_plain(error)
    assert "too big to read here: it is 1 KB" in message
    assert "the most qikit reads is 1,000 bytes" in message


def zip_bomb(unpacked_mb: int) -> bytes:
    """A real workbook whose one text cell unpacks to ``unpacked_mb`` megabytes."""
    import zipfile

    small = workbook_bytes([["week", "note"], [1, "x"]])
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(small)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for part in source.infolist():
            if part.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(part, source.read(part))
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/')
            sheet.write(b'2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            for _ in range(unpacked_mb):
                sheet.write(b"A" * (1024 * 1024))
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return buffer.getvalue()


def test_a_small_workbook_that_unpacks_to_gigabytes_is_refused_unopened():
    content = zip_bomb(120)
    assert len(content) < 1024 * 1024  # about 120 KB on disk
    with pytest.raises(DataError) as error:
        read_table("ward.xlsx", content)
    message = check_plain(error)
    assert "unpacks to 120" in message and "weekly (or monthly) totals" in message
    assert len(message) < 600


def test_an_upload_mapped_for_a_chart_keeps_the_time_zone_note():
    from qikit.teaching.upload import ColumnMap, map_columns, read_upload

    weeks = pd.date_range("2024-04-01", periods=12, freq="7D")
    content = "week,falls\n" + "".join(
        f"{w:%Y-%m-%d}T00:00:00Z,{k % 4}\n" for k, w in enumerate(weeks)
    )
    mapped = map_columns(read_upload("ward.csv", content.encode()), ColumnMap(x="week", y="falls"))
    assert mapped["x"].iloc[0] == pd.Timestamp(2024, 4, 1, 1)  # 1 am British Summer Time
    assert "UK time (Europe/London)" in mapped.attrs["notes"][0]
    plain = "week,falls\n" + "".join(f"{w:%d/%m/%Y},{k % 4}\n" for k, w in enumerate(weeks))
    mapped = map_columns(read_upload("ward.csv", plain.encode()), ColumnMap(x="week", y="falls"))
    assert mapped.attrs["notes"] == [] and mapped["x"].iloc[1] == pd.Timestamp(2024, 4, 8)
