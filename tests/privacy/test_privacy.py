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


# --- issue 18: a table of cases the guard must catch, and everyday text it must let through ---
# Valid NHS numbers (modulus 11): 943 476 5919 and 401 023 2137 (NHS examples) and others
# computed with the same check digit rule.
NBSP, NNBSP, THIN, ZWSP = "\u00a0", "\u202f", "\u2009", "\u200b"
EN, EM, MINUS, NBHYPHEN = "\u2013", "\u2014", "\u2212", "\u2011"

PATIENT_TEXT = [
    "9434765919",
    "943 476 5919",
    "943-476-5919",
    f"943{NBSP}476{NBSP}5919",
    f"943{NNBSP}476{NNBSP}5919",
    f"943{THIN}476{THIN}5919",
    f"943{ZWSP}476{ZWSP}5919",
    f"943{EN}476{EN}5919",
    f"943{EM}476{EM}5919",
    f"943{MINUS}476{MINUS}5919",
    f"943{NBHYPHEN}476{NBHYPHEN}5919",
    "943  476  5919",
    "943\t476\t5919",
    "943 476\n5919",
    "943 - 476 - 5919",
    "9434765919.0",
    "9434765919.00",
    "9434765919,0",
    "9.434765919E+09",
    "9.434765919e9",
    "Patient 401 023 2137 had two falls",
    f"NHS no:{NBSP}4010232137",
    f"ID{NBSP}943{NBSP}476{NBSP}5919{NBSP}admitted",
    "4001234564",
    "450 557 7104",
    f"612{EN}345{EN}6784",
    "7000000015.0",
    "DOB: 12/03/1985",
    "D.O.B. 12.03.1985",
    "DOB\t12/03/1985",
    "date of birth 1985-03-12",
    "Date of birth: 29 February 1984",
    "Born on 3 March 1985",
    "born 3rd March 1985",
    "birthdate 1990/07/14",
    "Jane Doe 12/03/1985 admitted",
    "Mary O'Neill (14/07/1962)",
    "John Smith, 01/01/1950",
    "Sam McDonald 5 June 1990",
    "Ann Smith-Jones 12/3/85",
    f"Jane{NBSP}Doe{NBSP}12/03/1985",
    f"Jane Doe 12{EN}03{EN}1985",
    "Tom Hardy   01/02/2003",
    "Jane Cross 01/04/1980",  # Cross is a surname; "Safety Cross" is not a person
    "Learning Session with Jane Doe 12/03/1985",
    "Safety huddle for John Smith, born 12/03/1985",
]

EVERYDAY_TEXT = [
    "Learning Session 12/06/2024",
    "Safety Cross 01/04/2024",
    f"Safety Cross 01{EN}04{EN}2024",
    f"Learning{NBSP}Session{NBSP}12/06/2024",
    "Oak Ward Learning Session 12/06/2024",
    "Quality Improvement 01/04/2024",
    "Go Live 01/04/2024",
    "Bank Holiday 25/12/2024",
    "Christmas Day 25/12/2023",
    "Red Bead 12/06/2024",
    "Sepsis Six 01/04/2024",
    "Mental Health 10/10/2024",
    "Ward Round 01/04/2024",
    "Collaborative Launch 01/04/2024",
    "Kick Off 01/04/2024",
    "Next Review 01/09/2025",
    "Monday Huddle 06/01/2025",
    "Falls Prevention Week 23/09/2024",
    "Observation Audit 01/04/2024",
    "Staff Survey 01/10/2024",
    "Annual Review 31/03/2025",
    "PDSA Cycle 2 14/05/2024",
    "Version 2.1 updated 01/04/2024",
    "Reduce restraint by 30% by March 2027 on Willow Ward",
    "Week 2024-04-01: 12 incidents per 1,000 occupied bed days",
    "Safety huddle started 01/05/2025",
    "Ward phone 0161 496 0000",
    "Tel 020 7946 0958",
    "Starting Monday 01/04/2024 on the night shift",
    "Reduce falls on Oak Ward, 1 April 2026 to 31 March 2027",
    "Team Meeting 02/05/2025: agree the huddle script",
    "Ref 2024-04-01 to 2024-06-30",
    "Mean bed days 14226.3333333333",
    "Mean 9434765919.5",  # a decimal, not a whole number saved with .0
    "Cost £1,234,567,890",
    "9434765918",  # wrong check digit
    f"943{NBSP}476{NBSP}5918",  # wrong check digit, with odd spaces
    f"943{EN}476{EN}5918",
    "1234567890",  # check digit would be 10: never issued
    "9434765918.0",
    "Florence Nightingale 12/05/1820",  # not a date of this shape (the year is 1820)
    "Jane Doe 31/02/1985",  # no such day
    "Sam Jones 01/01/2099 planned start",  # in the future: not a date of birth
    "DOB: 12/03/2099",
    "",
]


@pytest.mark.parametrize("text", PATIENT_TEXT)
def test_patient_details_are_caught_however_they_are_written(text: str):
    assert find_identifiers(text), text
    with pytest.raises(DataError):
        check_text(text, "aim")


@pytest.mark.parametrize("text", EVERYDAY_TEXT)
def test_everyday_ward_and_qi_text_passes(text: str):
    assert find_identifiers(text) == [], text
    check_text(text, "aim")


WEEKLY_UNIX = [1704067200 + 604800 * k for k in range(52)]  # Mondays of 2024, 00:00 UTC


PATIENT_TABLES = [
    pd.DataFrame({"id": [9434765919, 4010232137]}),
    pd.DataFrame({"id": [9434765919.0, 1.5]}),  # a float column: 9434765919.0
    pd.DataFrame({"id": [9434765919.0, None]}),
    pd.DataFrame({"id": ["9434765919.0", "x"]}),
    pd.DataFrame({"patient": [f"943{NBSP}476{NBSP}5919"]}),
    pd.DataFrame({"patient": [f"943{EN}476{EN}5919"]}),
    pd.DataFrame({"DOB": ["12/03/1985"]}),  # a heading that says date of birth
    pd.DataFrame(
        {"date_of_birth": pd.Series([__import__("datetime").datetime(1985, 3, 12)], dtype=object)}
    ),  # fmt: skip
    pd.DataFrame({"notes": ["", "Jane Doe 12/03/1985"]}),
    pd.DataFrame({"time": [9434765919, 9434765919]}),  # past 2100: not a Unix time
    pd.DataFrame({"id": [4001234564, 4015550005, 4020001111]}),  # in the 2001-2100 range
    pd.DataFrame({"ref": [4010232137]}),
    pd.DataFrame({"Jane Doe 12/03/1985": [1, 2]}),
]


@pytest.mark.parametrize("table", PATIENT_TABLES, ids=range(len(PATIENT_TABLES)))
def test_tables_with_patient_details_are_refused(table: pd.DataFrame):
    with pytest.raises(DataError) as refused:
        check_table(table, "ward.csv")
    assert "aggregate or synthetic" in str(refused.value)


EVERYDAY_TABLES = [
    pd.DataFrame({"week": WEEKLY_UNIX, "incidents": range(52)}),
    pd.DataFrame({"t": WEEKLY_UNIX}),  # no time heading: all on the minute
    pd.DataFrame({"when": [str(t) for t in WEEKLY_UNIX]}),
    pd.DataFrame({"week": [float(t) for t in WEEKLY_UNIX]}),
    pd.DataFrame({"timestamp": [t + 17 for t in WEEKLY_UNIX]}),  # a time heading
    pd.DataFrame({"day": [1704067200 + 86400 * k for k in range(400)]}),
    pd.DataFrame({"annotation": ["Learning Session 12/06/2024", "Safety Cross 01/04/2024"]}),
    pd.DataFrame({"week": ["2024-04-01", "2024-04-08"], "births": [3, 4]}),
    pd.DataFrame({"rate": [14226.333, 9434765918.0]}),
    pd.DataFrame({"week": range(1, 5), "incidents": [3, 4, 2, 5], "bed_days": [140] * 4}),
]


@pytest.mark.parametrize("table", EVERYDAY_TABLES, ids=range(len(EVERYDAY_TABLES)))
def test_everyday_tables_pass(table: pd.DataFrame):
    check_table(table, "ward.csv")


def test_the_table_has_at_least_fifty_cases_each_way():
    assert len(PATIENT_TEXT) + len(PATIENT_TABLES) >= 50
    assert len(EVERYDAY_TEXT) + len(EVERYDAY_TABLES) >= 50


def test_weekly_unix_times_pass_the_check_digit_sometimes_yet_are_not_nhs_numbers():
    assert sum(is_valid_nhs_number(str(t)) for t in WEEKLY_UNIX) == 4  # what the tester found
    from qikit.tables import read_table

    content = "week,incidents\n" + "".join(f"{t},{k % 6}\n" for k, t in enumerate(WEEKLY_UNIX))
    assert len(read_table("ward.csv", content.encode())) == 52


def test_an_upload_with_a_hidden_nhs_number_is_refused():
    from qikit.teaching.upload import read_upload

    content = f"week,note\n1,ok\n2,943{NBSP}476{NBSP}5919\n".encode()
    with pytest.raises(DataError, match=r"Column 'note' .*NHS number \(row 3"):
        read_upload("ward.csv", content)
    with pytest.raises(DataError, match="NHS number"):
        read_upload("ward.csv", b"week,id\n1,9434765919.0\n2,4.5\n")


def test_every_planning_field_normalises_before_checking():
    from qikit.improve.fields import text as field_text

    with pytest.raises(DataError, match="'what happened'.*NHS number"):
        field_text(f"seen 943{EN}476{EN}5919 today", "what happened")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("NHS number 943 476 5919", "NHS number ••• ••• ••••"),
        ("seen 943-476-5919 and 9434765919.0 today", "seen •••-•••-•••• and ••••••••••.• today"),
        ("Jane Smith 12/03/1980 on nights", "•••• ••••• ••/••/•••• on nights"),
        ("DOB: 12/03/1980", "DOB: ••/••/••••"),
        (f"line one\n\nNHS  943{NBSP}476 5919", f"line one\n\nNHS  •••{NBSP}••• ••••"),
    ],
)
def test_hidden_details_keep_the_rest_of_the_text_as_typed(typed, kept):
    from qikit.privacy import hide_identifiers

    hidden, found = hide_identifiers(typed)
    assert hidden == kept and found and not find_identifiers(hidden)


def test_everyday_text_is_not_hidden():
    from qikit.privacy import hide_identifiers

    for text in EVERYDAY_TEXT:
        assert hide_identifiers(text) == (text, [])


def test_every_patient_detail_caught_is_hidden():
    from qikit.privacy import hide_identifiers

    for text in PATIENT_TEXT:
        hidden, found = hide_identifiers(text)
        assert found and not find_identifiers(hidden), text
