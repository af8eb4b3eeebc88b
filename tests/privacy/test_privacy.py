"""Patient-identifiable data is refused, with a reason, without repeating it in full."""

from __future__ import annotations

import pandas as pd
import pytest

from qikit.errors import DataError
from qikit.privacy import check_table, check_text, find_identifiers, is_valid_nhs_number


# 943 476 5919 is the NHS's published example number: weights 10..2 give 299, 299 mod 11 = 2,
# 11 - 2 = 9, the last digit. 401 023 2137 is the second worked example used in NHS test data.
@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_valid_nhs_numbers(number: str):
    assert is_valid_nhs_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "9434765918",  # wrong check digit
        "1234567890",  # check digit would be 10: never issued
        "943476591",  # nine digits
        "94347659190",  # eleven digits
        "abcdefghij",
    ],
)
def test_invalid_nhs_numbers(number: str):
    assert not is_valid_nhs_number(number)


def test_free_text_with_an_nhs_number_is_refused_and_masked():
    with pytest.raises(DataError) as refused:
        check_text("Patient 943 476 5919 had two falls", "PDSA: what happened")
    message = str(refused.value)
    assert "PDSA: what happened" in message and "NHS number" in message
    assert "9434765919" not in message and "943 476 5919" not in message
    assert "aggregate or synthetic" in message


@pytest.mark.parametrize(
    "text",
    [
        "DOB: 12/03/1985",
        "date of birth 1985-03-12",
        "Jane Doe 12/03/1985 admitted",
        "Born on 3 March 1985",
        "Safety huddle for John Smith, born 12/03/1985",
        "Mary O'Neill (14/07/1962)",
    ],
)
def test_dates_of_birth_are_refused(text: str):
    assert find_identifiers(text)


@pytest.mark.parametrize(
    "text",
    [
        "Reduce restraint by 30% by March 2027 on Willow Ward",
        "Week 2024-04-01: 12 incidents per 1,000 occupied bed days",
        "Safety huddle started 01/05/2025",
        "Ward phone 0161 496 0000",  # not ten digits in NHS grouping with a valid check digit
        "Starting Monday 01/04/2024 on the night shift",
        "Reduce falls on Oak Ward, 1 April 2026 to 31 March 2027",
        "Team Meeting 02/05/2025: agree the huddle script",
        "Mean bed days 14226.3333333333",  # the digits after a decimal point are no NHS number
    ],
)
def test_ordinary_qi_text_passes(text: str):
    check_text(text, "aim")


def test_uploaded_table_with_nhs_numbers_names_column_and_row():
    data = pd.DataFrame({"week": [1, 2, 3], "patient": ["", "9434765919", ""]})
    with pytest.raises(DataError, match=r"Column 'patient' .*row 3"):
        check_table(data, "ward.csv")


def test_nhs_numbers_stored_as_integers_are_found():
    data = pd.DataFrame({"week": [1, 2], "id": [9434765919, 4010232137]})
    with pytest.raises(DataError, match="Column 'id'"):
        check_table(data)


def test_aggregate_table_passes():
    data = pd.DataFrame({"week": range(1, 5), "incidents": [3, 4, 2, 5], "bed_days": [140] * 4})
    check_table(data)
