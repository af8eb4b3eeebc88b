"""choose_chart against the chart-selection table, QI_REFERENCE 4.1 (qicharts2 vignette [S26])."""

import pytest

from qikit.errors import DataError
from qikit.improve import CHART_NAMES, choose_chart

# One row per line of the table in QI_REFERENCE 4.1: (data description, arguments, chart).
TABLE = [
    ("continuous, one value per period", dict(data_type="continuous"), "i"),
    ("continuous, subgroups", dict(data_type="continuous", subgroup_size=5), "xbar"),
    ("classification", dict(data_type="classification"), "p"),
    ("classification, very large n", dict(data_type="percentage", very_large_subgroups=True), "pp"),
    ("counts, equal area of opportunity", dict(data_type="count"), "c"),
    ("counts with varying exposure", dict(data_type="count", varying_exposure=True), "u"),
    ("rate per 1,000 OBDs", dict(data_type="rate"), "u"),
    ("rate, very large n", dict(data_type="rate", very_large_subgroups=True), "up"),
    ("rare events: cases between", dict(data_type="count", rare_events=True, between="cases"), "g"),
    ("rare events: time between", dict(data_type="count", rare_events=True, between="time"), "t"),
    ("days between incidents", dict(data_type="time between"), "t"),
    ("patients between falls", dict(data_type="cases between"), "g"),
]


@pytest.mark.parametrize(("row", "arguments", "chart"), TABLE, ids=[r[0] for r in TABLE])
def test_table_rows(row, arguments, chart):
    choice = choose_chart(**arguments)
    assert choice.chart == chart
    assert choice.name == CHART_NAMES[chart]
    assert len(choice.reason) > 20


def test_mental_health_mapping_from_reference():
    # QI_REFERENCE 4.1 "MH mapping": restraint per OBD -> U; % NEWS2 on time -> P;
    # days between serious incidents -> T; mean minutes of 1:1 engagement -> I.
    assert choose_chart("rate").chart == "u"
    assert choose_chart("percentage").chart == "p"
    assert choose_chart("time_between").chart == "t"
    assert choose_chart("average").chart == "i"


def test_start_with_a_run_chart_when_few_points():
    # Kit default (QI_REFERENCE 4.3): fewer than 12 points -> run chart only.
    assert choose_chart("rate", points=11).chart == "run"
    assert "11 points" in choose_chart("rate", points=11).reason
    assert choose_chart("rate", points=12).chart == "u"


def test_unknown_data_type_gives_run_chart():
    assert choose_chart("unknown").chart == "run"


def test_bad_inputs_name_the_argument():
    with pytest.raises(DataError, match="data type"):
        choose_chart("colour")
    with pytest.raises(DataError, match="subgroup size"):
        choose_chart("continuous", subgroup_size=0)
    with pytest.raises(DataError, match="between"):
        choose_chart("count", rare_events=True, between="weeks")
