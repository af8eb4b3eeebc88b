"""The collaborative's small multiples and controls speak the ward's language: measures by
their data-dictionary label, dates with their years, no column names."""

from __future__ import annotations

import re

import pytest

from qikit.apps.collaborative_dashboard import DashboardApp, synthetic_dashboard
from qikit.collaborative import charts, dashboard
from qikit.collaborative.words import column_meaning, measure_label

SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


@pytest.fixture(scope="module")
def board():
    return synthetic_dashboard()


def test_measures_are_named_as_the_data_dictionary_names_them():
    assert measure_label("restraint_episodes") == "Restraint"
    assert measure_label("news2_complete") == "NEWS2 sets complete"  # not "News2"
    assert measure_label("violence_incidents", capital=False) == "physical violence"
    assert column_meaning("news2_due") == "NEWS2 sets due"
    assert column_meaning("occupied_bed_days") == "Occupied bed days"


def test_panels_are_titled_in_words_and_read_dates_with_years(board):
    points = dashboard.small_multiples_points(board.charts_for(), board.wards, board.start())
    assert not any(SNAKE.search(p) for p in points["panel"].unique())
    assert points["date"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()
    first = points[points["panel"] == points["panel"].iloc[0]]
    assert first["when"].iloc[0].startswith(("Week commencing ", "4 weeks from "))
    spec = charts.small_multiples(points, "Every team's measures").to_dict(validate=True)
    x = spec["spec"]["layer"][0]["encoding"]["x"]
    assert x["type"] == "temporal" and x["scale"] == {"type": "utc"}
    assert "%b %Y" in x["axis"]["labelExpr"]  # "Jan 2025": every label has its year
    assert x["axis"]["tickCount"] == {"interval": "year", "step": 1}


def test_without_dates_the_panels_number_their_weeks(board):
    points = dashboard.small_multiples_points(board.charts_for("falls"), board.wards)
    spec = charts.small_multiples(points, "Falls").to_dict()
    x = spec["spec"]["layer"][0]["encoding"]["x"]
    assert x["field"] == "week" and x["axis"] == {"format": "d", "tickMinStep": 1}


def test_no_column_name_reaches_the_page(board):
    app = DashboardApp(board, workspace=object())
    shown = [label for label, _ in app.measure.options]
    shown += [label for label, _ in app.funnel_measure.options]
    shown += [label for label, _ in app.work_stream.options] + list(app.trust.options)
    shown.append(app.table.value)
    spec = app.funnel.jupyter_chart.chart.to_dict()
    shown += [spec["title"]["text"], *spec["title"]["subtitle"]]
    small = app.small.jupyter_chart.chart.to_dict()
    shown += [small["title"]["text"], small["title"]["subtitle"]]
    text = " ".join(map(str, shown))
    assert not SNAKE.search(text), SNAKE.findall(text)
    assert "NEWS2 sets complete" in shown and "Physical violence" in shown
    assert "Falls" in shown  # work streams start with a capital letter


def test_the_timeline_reads_months_with_years(board):
    starts = board.pdsa.groupby("ward_id", as_index=False)["start_week"].min()
    spec = charts.timeline_chart(board.timeline, starts.assign(ward="Iris Ward")).to_dict()
    bars, ticks = spec["layer"]
    assert bars["encoding"]["x"]["type"] == "temporal"
    assert "%b %Y" in bars["encoding"]["x"]["axis"]["labelExpr"]
    rows = spec["datasets"][ticks["data"]["name"]]
    assert all(r["when"].startswith("Week commencing ") for r in rows)
    first = min(r["date"] for r in rows)
    assert first >= str(board.timeline["first_date"].min().date())


def test_small_multiples_legend_says_what_each_point_shows(board):
    points = dashboard.small_multiples_points(board.charts_for("falls"), board.wards, board.start())
    spec = charts.small_multiples(points, "Falls").to_dict()
    (dots,) = [lay for lay in spec["spec"]["layer"] if lay["mark"]["type"] == "point"]
    domain = dots["encoding"]["color"]["scale"]["domain"]
    assert domain[0] == "Common cause" and all(d[0].isupper() for d in domain)
    assert dots["encoding"]["shape"]["scale"]["domain"] == domain
