"""Reading a team's own CSV or Excel file, mapping its columns, and every bad upload's message."""

from __future__ import annotations

import io
import time

import pandas as pd
import pytest

from qikit.errors import DataError
from qikit.teaching.upload import (
    MAX_UPLOAD_BYTES,
    ColumnMap,
    check_size,
    guess_columns,
    map_columns,
    read_upload,
)

CSV = b"Week start,Restraint,Bed days\n01/04/2024,3,120\n08/04/2024,1,118\n15/04/2024,4,125\n"


def excel_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()


def test_csv_is_read_guessed_and_mapped_with_uk_dates():
    frame = read_upload("ward.csv", CSV)
    assert list(frame.columns) == ["Week start", "Restraint", "Bed days"]
    guess = guess_columns(frame)
    assert guess == ColumnMap(x="Week start", y="Restraint", n="Bed days")
    mapped = map_columns(frame, guess)
    assert list(mapped["x"]) == list(pd.to_datetime(["2024-04-01", "2024-04-08", "2024-04-15"]))
    assert list(mapped["y"]) == [3, 1, 4] and list(mapped["n"]) == [120, 118, 125]


def test_excel_file_is_read_with_openpyxl():
    source = pd.DataFrame({"week": [3, 1, 2], "minutes": [41.5, 38.0, 40.25]})
    frame = read_upload("ward.xlsx", excel_bytes(source))
    mapped = map_columns(frame, ColumnMap(x="week", y="minutes"))
    assert list(mapped["x"]) == [1, 2, 3]  # sorted by time
    assert list(mapped["y"]) == [38.0, 40.25, 41.5]


def test_semicolon_csv_with_byte_order_mark_and_percent_signs():
    content = "\ufeffmonth;share\n1;55%\n2;60%\n3;58%\n".encode()
    mapped = map_columns(read_upload("a.csv", content), ColumnMap(x="month", y="share"))
    assert list(mapped["y"]) == [55, 60, 58]


def test_a_50_megabyte_file_is_refused_before_it_is_read():
    started = time.perf_counter()
    with pytest.raises(DataError, match=r"'big.csv' is 50.0 MB; the largest file this page reads"):
        read_upload("big.csv", b"1" * (50 * 1024 * 1024))
    assert time.perf_counter() - started < 5  # refused by size, not parsed
    with pytest.raises(DataError, match="upload that smaller file"):
        check_size("big.xlsx", 50 * 1024 * 1024)
    check_size("fine.csv", MAX_UPLOAD_BYTES)


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("empty.csv", b"", r"is empty \(0 bytes\)"),
        ("blank.csv", b"   \n\n", "nothing in it but blank space"),
        ("headings.csv", b"week,count\n", "has column headings but no rows of data"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "not a CSV or Excel \\(.xlsx\\) file .*'Save As' .xlsx"),
        ("notes.docx", b"abc", "ends '.docx'"),
        ("broken.xlsx", b"this is not a workbook", "could not be opened as an Excel workbook"),
    ],
)
def test_bad_files_are_explained(name, content, words):
    with pytest.raises(DataError, match=words):
        read_upload(name, content)


def test_wrong_columns_name_what_the_file_has():
    frame = read_upload("ward.csv", CSV)
    with pytest.raises(DataError) as error:
        map_columns(frame, ColumnMap(x="week", y="Restraint"))
    message = str(error.value)
    assert "The time column 'week' is not in the file" in message
    assert "Week start, Restraint, Bed days" in message


def test_text_in_numbers_names_the_rows_and_the_values():
    content = b"week,count\n1,3\n2,three\n3,4\n4,4 1/2\n5,n/a\n"
    with pytest.raises(DataError) as error:
        map_columns(read_upload("a.csv", content), ColumnMap(x="week", y="count"))
    message = str(error.value)
    assert "The column 'count' (value) should hold numbers" in message
    assert "row(s) 3, 5 of the file hold 'three', '4 1/2'" in message
    assert "Replace the text with numbers" in message


def test_time_column_with_text_and_repeated_weeks():
    with pytest.raises(DataError, match="should hold dates or week numbers, but row\\(s\\) 3"):
        map_columns(read_upload("a.csv", b"when,y\n2024-04-01,1\nsoon,2\n"), ColumnMap("when", "y"))
    with pytest.raises(DataError, match="repeats 2"):
        map_columns(read_upload("a.csv", b"week,y\n1,1\n2,2\n2,3\n"), ColumnMap("week", "y"))


def test_denominators_must_be_positive_and_different_from_the_value():
    content = b"week,events,bed days\n1,1,100\n2,2,0\n3,1,90\n"
    frame = read_upload("a.csv", content)
    with pytest.raises(DataError, match="zero or negative values in row\\(s\\) 3"):
        map_columns(frame, ColumnMap("week", "events", "bed days"))
    with pytest.raises(DataError, match="both 'events'"):
        map_columns(frame, ColumnMap("week", "events", "events"))


def test_missing_weeks_are_dropped_not_refused():
    content = b"week,y\n1,5\n2,\n3,7\n4,n/a\n"
    mapped = map_columns(read_upload("a.csv", content), ColumnMap("week", "y"))
    assert list(mapped["x"]) == [1, 3]


def test_unicode_text_from_excel_and_decimal_commas_are_read():
    utf16 = "Week start\tRestraint\n01/04/2024\t3\n08/04/2024\t1\n".encode("utf-16")
    mapped = map_columns(read_upload("ward.txt", utf16), ColumnMap("Week start", "Restraint"))
    assert list(mapped["x"]) == list(pd.to_datetime(["2024-04-01", "2024-04-08"]))
    semicolons = b"week;minutes\n1;12,5\n2;9,75\n3;10\n"
    mapped = map_columns(read_upload("a.csv", semicolons), ColumnMap("week", "minutes"))
    assert list(mapped["y"]) == [12.5, 9.75, 10.0]


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("inf", "should hold numbers, but row(s) 3 of the file hold 'inf'"),
        ("1e999", "should hold numbers, but row(s) 3 of the file hold '1e999'"),
        ("1e308", "far too big for a ward measure: row(s) 3 of the file hold 1e+308"),
    ],
)
def test_infinite_and_huge_values_are_refused(cell, words):
    content = f"week,count\n1,3\n2,{cell}\n3,4\n".encode()
    with pytest.raises(DataError) as error:
        map_columns(read_upload("a.csv", content), ColumnMap(x="week", y="count"))
    assert words in str(error.value) and "'count'" in str(error.value)


def test_a_row_with_no_date_is_left_out_and_a_repeated_date_named():
    content = b"week,y\n01/04/2024,5\n,6\n15/04/2024,7\n"
    mapped = map_columns(read_upload("a.csv", content), ColumnMap("week", "y"))
    assert list(mapped["y"]) == [5, 7]
    content = b"week,y\n01/04/2024,5\n2024-04-01,6\n"  # the same day written two ways
    with pytest.raises(DataError, match="repeats 2024-04-01"):
        map_columns(read_upload("a.csv", content), ColumnMap("week", "y"))
