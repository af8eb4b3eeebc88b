"""The SPC explorer's calculation helpers: what a file holds, the usual per-how-many, and the
warning when a chart does not suit the data (the chooser's table, QI_REFERENCE 4.1)."""

from __future__ import annotations

import pandas as pd
import pytest

from qikit.errors import DataError
from qikit.improve import Measure
from qikit.improve.choose import choose_chart
from qikit.teaching import explorer_data as ed


def mapped(y, n=None) -> pd.DataFrame:
    frame = pd.DataFrame({"x": pd.date_range("2026-01-05", periods=len(y), freq="7D"), "y": y})
    if n is not None:
        frame["n"] = n
    return frame


@pytest.mark.parametrize(
    ("denominator", "y", "n", "kind"),
    [
        ("Occupied bed days", [5, 6], [600, 610], "rate"),
        ("OBDs", [5, 6], [600, 610], "rate"),
        ("Patients", [12, 9], [10, 10], "rate"),  # more events than patients: a rate
        ("Observations due", [15, 18], [20, 20], "classification"),
        ("Total", [3, 4], [20, 20], "classification"),
        (None, [5, 6], None, "unknown"),
    ],
)
def test_guess_kind_from_the_denominator(denominator, y, n, kind):
    guess = ed.guess_kind(mapped(y, n), denominator)
    assert ed.DATA_KINDS[guess] == kind


def test_the_usual_per_how_many_and_direction():
    assert ed.per_for("rate") == 1000 and ed.per_for("classification") == 100
    assert ed.per_for("count") == 1
    assert [ed.improvement_of(v) for _, v in ed.DIRECTION_ANSWERS] == [
        None,
        "increase",
        "decrease",
        None,
    ]


@pytest.mark.parametrize("kind", sorted(ed.SUITABLE))
def test_the_chooser_s_own_chart_never_gets_a_warning(kind):
    chart = choose_chart(kind, varying_exposure=kind == "rate", points=30).chart
    assert ed.chart_warning(chart, kind, has_denominator=kind in ("rate", "classification")) == ""
    assert ed.chart_warning("run", kind, has_denominator=False) == ""


def test_a_t_chart_on_a_rate_and_a_ratio_chart_without_a_denominator_are_warned():
    words = ed.chart_warning("t", "rate", True)
    assert "T chart does not suit these data" in words and "U chart" in words
    assert "I chart (XmR) does not suit" in ed.chart_warning("i", "rate", True)
    assert "needs a denominator" in ed.chart_warning("u", "count", False)
    assert ed.chart_warning("p", "unknown", True) == ""  # not sure: no warning


@pytest.mark.parametrize(
    ("measure", "has_n", "kind"),
    [
        (Measure(name="Violent incidents per 1,000 occupied bed days"), True, "rate"),
        (Measure(name="Number of falls", form="count"), False, "count"),
        (Measure(name="Number of falls", form="count"), True, "rate"),
        (Measure(name="% of shifts with a huddle"), True, "classification"),
        (Measure(name="Days between restraints", form="time between"), False, "time between"),
        (Measure(name="Huddles on the early shift", chart_type="p"), True, "classification"),
        (Measure(name="Something"), False, "unknown"),
    ],
)
def test_measure_kind(measure, has_n, kind):
    assert ed.measure_kind(measure, has_n) == kind


def test_file_observations_need_dates():
    rows = ed.file_observations(mapped([5.0, 6.0], [600.0, None]))
    assert [(r.period.isoformat(), r.numerator, r.denominator) for r in rows] == [
        ("2026-01-05", 5.0, 600.0),
        ("2026-01-12", 6.0, None),
    ]
    with pytest.raises(DataError, match="week numbers"):
        ed.file_observations(pd.DataFrame({"x": [1, 2], "y": [5, 6]}))


def test_a_file_of_unknown_kind_is_warned_from_its_values():
    rates = pd.DataFrame({"y": [3.0, 5, 2, 4], "n": [700.0, 650, 720, 690]})
    assert "counts out of something" in ed.chart_warning("t", "unknown", True, rates)
    assert "counts out of something" in ed.chart_warning("g", "unknown", True, rates)
    too_big = pd.DataFrame({"y": [12.0, 5, 2], "n": [10.0, 9, 8]})
    words = ed.chart_warning("p", "unknown", True, too_big)
    assert "12 out of 10" in words and "U chart" in words
    minutes = pd.DataFrame({"y": [41.5, 38.0, 44.2]})
    assert "whole number" in ed.chart_warning("c", "unknown", False, minutes)
    assert "41.5" in ed.chart_warning("g", "unknown", False, minutes)
    assert "below 0" in ed.chart_warning("t", "unknown", False, minutes.assign(y=[3, -2, 5]))
    assert ed.chart_warning("t", "unknown", False, minutes) == ""  # times: a T chart suits
    assert ed.chart_warning("i", "unknown", False, minutes) == ""
    assert ed.chart_warning("c", "unknown", False, minutes.assign(y=[3, 0, 5])) == ""


@pytest.mark.parametrize("chart", ["run", "i", "p", "u", "c", "g", "t"])
def test_every_teaching_series_is_warned_only_off_its_own_chart(chart):
    """The teaching series (qikit.data.teaching) charted as made raise no warning."""
    from qikit.data import teaching

    made = teaching.series("stable", n=24, seed=3, chart=chart)
    frame = made.data.rename(columns={made.y: "y", **({made.n: "n"} if made.n else {})})
    assert ed.chart_warning(chart, "unknown", made.n is not None, frame) == ""
