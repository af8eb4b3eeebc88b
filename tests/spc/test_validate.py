"""Every DataError message of spc(): it names the column or setting, the rows, what was expected
and what was found."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from qikit.errors import DataError
from qikit.spc import spc


@pytest.fixture
def ward():
    return pd.DataFrame(
        {
            "week": pd.date_range("2024-01-01", periods=12, freq="W-MON"),
            "falls": [3, 5, 2, 4, 6, 3, 2, 5, 4, 3, 6, 2],
            "bed_days": [200, 210, 190, 205, 220, 200, 195, 210, 200, 205, 215, 190],
            "ward": ["Oak"] * 6 + ["Ash"] * 6,
        }
    )


def fails(data, match, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(DataError, match=match) as info:
            spc(data, **kw)
    return str(info.value)


def test_error_is_a_value_error():
    assert issubclass(DataError, ValueError)


def test_not_a_table():
    fails([1, 2, 3], "needs a table of data .* given a list", y="y")


def test_empty_table():
    fails(pd.DataFrame({"y": []}), "empty", y="y")


@pytest.mark.parametrize(
    ("kw", "role"),
    [
        (dict(y="Falls"), "y \\(values\\) column 'Falls'"),
        (dict(y="falls", x="date"), "x \\(time\\) column 'date'"),
        (dict(y="falls", n="beddays", chart="u"), "n \\(denominator\\) column 'beddays'"),
        (dict(y="falls", facet="Ward"), "facet column 'Ward'"),
    ],
)
def test_missing_column(ward, kw, role):
    message = fails(ward, role + " is not in the data", **kw)
    assert "'falls', 'bed_days'" in message  # lists what is there


def test_non_numeric_values_name_rows_and_examples(ward):
    data = ward.astype({"falls": object})
    data.loc[[2, 5], "falls"] = ["3%", "n/a"]
    message = fails(data, "'falls' must hold numbers", y="falls")
    assert "rows 3 and 6" in message and "'3%'" in message


def test_non_numeric_denominator(ward):
    data = ward.astype({"bed_days": object})
    data.loc[0, "bed_days"] = "two hundred"
    message = fails(data, "'bed_days' must hold numbers", y="falls", n="bed_days", chart="u")
    assert "row 1 holds something else" in message


def test_x_that_is_neither_date_nor_number(ward):
    data = ward.astype({"week": object})
    data.loc[4, "week"] = "last Tuesday"
    fails(data, "x column 'week' must hold dates or numbers.*row 5", y="falls", x="week")


def test_negative_counts(ward):
    data = ward.copy()
    data.loc[7, "falls"] = -1
    fails(
        data,
        "'falls' holds counts .* cannot be negative.*row 8 is below zero",
        y="falls",
        chart="c",
    )


@pytest.mark.parametrize("bad", [0, -5])
def test_zero_or_negative_denominator(ward, bad):
    data = ward.copy()
    data.loc[[1, 9], "bed_days"] = bad
    fails(
        data,
        "'bed_days' must be greater than zero.*rows 2 and 10 are zero or negative",
        y="falls",
        n="bed_days",
        chart="u",
    )


def test_numerator_bigger_than_denominator_on_p_chart(ward):
    data = ward.copy()
    data.loc[0, "falls"] = 500
    fails(data, "cannot be bigger.*row 1 has more", y="falls", n="bed_days", chart="p")


def test_p_chart_without_denominator(ward):
    fails(ward, "needs a denominator: give n=", y="falls", chart="p")


def test_subgroup_of_one(ward):
    data = pd.DataFrame({"week": [1, 1, 2, 3, 3], "minutes": [5.0, 6, 7, 8, 9]})
    fails(
        data,
        "at least two measurements in every subgroup.*row 3 is a subgroup of one",
        y="minutes",
        x="week",
        chart="xbar",
    )


def test_subgroup_chart_without_x():
    fails(
        pd.DataFrame({"y": [1.0, 2]}), "needs x= the column naming each subgroup", y="y", chart="s"
    )


def test_every_row_missing():
    fails(pd.DataFrame({"y": [None, None]}), "Every row has a missing value in 'y'", y="y")


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        (dict(chart="xmr"), "'chart' must be one of 'run', 'i'.*given 'xmr'"),
        (dict(rules="nelson"), "'rules' must be 'anhoej'.*given 'nelson'"),
        (dict(improvement="better"), "'improvement' says which direction.*given 'better'"),
        (dict(multiply=0), "'multiply' .* positive number.*given 0"),
        (dict(target="ten"), "'target' must be a number.*given 'ten'"),
        (dict(shift_length=1), "'shift_length' is a number of points.*given 1"),
        (dict(trend_length=5.5), "'trend_length' is a number of points.*given 5.5"),
        (dict(freeze=0), "'freeze' must be a number of points.*given 0"),
        (dict(exclude=[2, "x"]), "'exclude' must be point numbers.*given 'x'"),
        (dict(part=0), "'part' lists the last point of each phase.*given 0"),
    ],
)
def test_bad_settings(ward, kw, match):
    fails(ward, match, y="falls", **kw)


def test_part_date_needs_an_x_column(ward):
    fails(ward, "no x column to find it in", y="falls", part=["2024-03-01"])


def test_part_that_is_not_a_date(ward):
    fails(ward, "neither a point number nor a date", y="falls", x="week", part=["soon"])
