import datetime as dt

import pytest

from qikit.errors import DataError
from qikit.improve.measure_lines import read_measure_lines


def test_lines_in_several_styles_sorted_by_date():
    text = "2026-11-09, 10\n\n2026-11-02\t12\n2026-11-16 1,014.5\n2026-11-23; 85%"
    assert read_measure_lines(text) == [
        (dt.date(2026, 11, 2), 12.0),
        (dt.date(2026, 11, 9), 10.0),
        (dt.date(2026, 11, 16), 1014.5),
        (dt.date(2026, 11, 23), 85.0),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-11-02", "Line 1 .* should be a date and a value"),
        ("2026-11-02, 12\n31/02/2026, 3", "Line 2 .* '31/02/2026' is not a date"),
        ("2026-11-02, twelve", "Line 1 .* 'twelve' is not a number"),
        ("2026-11-02, 1\n2026-11-02, 2", "2026-11-02 more than once"),
    ],
)
def test_errors_name_the_line(text, message):
    with pytest.raises(DataError, match=message):
        read_measure_lines(text)


def test_empty():
    assert read_measure_lines("") == []
