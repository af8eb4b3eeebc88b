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
