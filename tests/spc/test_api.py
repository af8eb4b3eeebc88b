"""spc() and SPCResult: columns, facets, phases, combining rows, notes and explain()."""

from __future__ import annotations

import sys
import types
import warnings

import numpy as np
import pandas as pd
import pytest
from reference_cases import REFERENCE

from qikit.spc import POINT_COLUMNS, SUMMARY_COLUMNS, SPCResult, SPCWarning, spc

ISSUE_POINT_COLUMNS = (
    "facet x y numerator denominator cl lcl ucl part baseline include sigma_signal shift_signal "
    "trend_signal two_of_three_signal runs_signal special_cause"
).split()
ISSUE_SUMMARY_COLUMNS = (
    "facet part n_obs n_useful longest_run longest_run_max n_crossings n_crossings_min "
    "runs_signal cl lcl ucl sigma_signals variation_icon assurance"
).split()


def quiet(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(data, **kw)


@pytest.fixture(scope="module")
def infections():
    return pd.read_csv(REFERENCE / "real" / "hospital_infections" / "input.csv")


@pytest.fixture(scope="module")
def shifted():
    return pd.read_csv(REFERENCE / "spc" / "run_shift" / "input.csv")


def test_result_has_the_promised_columns(shifted):
    r = quiet(shifted, y="y", x="date")
    assert set(ISSUE_POINT_COLUMNS) <= set(r.points.columns)
    assert list(r.points.columns) == POINT_COLUMNS
    assert set(ISSUE_SUMMARY_COLUMNS) <= set(r.summary.columns)
    assert list(r.summary.columns) == SUMMARY_COLUMNS
    assert (r.chart_type, r.rules, r.improvement, r.target) == ("run", "anhoej", None, None)
    assert isinstance(r.messages, list)


@pytest.mark.parametrize("rules", ["anhoej", "mdc", "ihi"])
@pytest.mark.parametrize("chart", ["i", "u"])
def test_facets_in_one_pass_equal_each_series_alone(infections, rules, chart):
    kw = dict(y="n", x="month", n="days", chart=chart, rules=rules, multiply=10000)
    together = quiet(infections, facet=["hospital", "infection"], **kw)
    pieces_points, pieces_summary = [], []
    for (hospital, infection), rows in infections.groupby(["hospital", "infection"]):
        alone = quiet(rows.reset_index(drop=True), **kw)
        alone.points["facet"] = alone.summary["facet"] = f"{hospital} / {infection}"
        pieces_points.append(alone.points)
        pieces_summary.append(alone.summary)
    expected_points = pd.concat(pieces_points, ignore_index=True)
    expected_summary = pd.concat(pieces_summary, ignore_index=True)
    points = together.points.assign(facet=together.points["facet"].astype(str))
    expected_points["facet"] = expected_points["facet"].astype(str)
    pd.testing.assert_frame_equal(points, expected_points, check_dtype=False)
    pd.testing.assert_frame_equal(together.summary, expected_summary, check_dtype=False)


def test_part_by_position_equals_part_by_start_date(shifted):
    by_position = quiet(shifted, y="y", x="date", chart="i", part=12)
    by_date = quiet(shifted, y="y", x="date", chart="i", part=[shifted["date"][12]])
    pd.testing.assert_frame_equal(by_position.points, by_date.points)
    assert by_position.points["part"].tolist() == [1] * 12 + [2] * 12


def test_freeze_is_ignored_with_part_and_says_so(shifted):
    r = quiet(shifted, y="y", x="date", chart="i", part=12, freeze=6)
    assert r.points["baseline"].all()
    assert any("freeze" in m for m in r.messages)


def test_rows_sharing_an_x_are_combined_with_a_note():
    data = pd.DataFrame({"week": [1, 1, 2, 3], "falls": [1.0, 3, 2, 4], "days": [10.0, 30, 20, 40]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        u = spc(data, y="falls", x="week", n="days", chart="u")
    notes = [str(w.message) for w in caught if issubclass(w.category, SPCWarning)]
    assert any("more than one row" in note for note in notes)
    assert notes == u.messages
    assert u.points["numerator"].tolist() == [4.0, 2.0, 4.0]
    assert u.points["denominator"].tolist() == [40.0, 20.0, 40.0]
    assert u.points["y"].tolist() == pytest.approx([0.1, 0.1, 0.1])
    i = quiet(data, y="falls", x="week", chart="i")
    assert i.points["y"].tolist() == [2.0, 2.0, 4.0]


def test_unsorted_rows_are_sorted_with_a_warning(shifted):
    reordered = shifted.iloc[::-1].reset_index(drop=True)
    with pytest.warns(SPCWarning, match="not in time order"):
        r = spc(reordered, y="y", x="date", chart="i")
    expected = quiet(shifted, y="y", x="date", chart="i")
    pd.testing.assert_frame_equal(r.points, expected.points)
    assert any("sorted" in m for m in r.messages)


def test_missing_values_are_left_out_with_a_note(shifted):
    data = shifted.copy()
    data.loc[3, "y"] = np.nan
    with pytest.warns(SPCWarning, match="row 4 has a missing value"):
        r = spc(data, y="y", x="date", chart="i")
    assert len(r.points) == len(shifted) - 1


def test_short_series_get_trial_limit_and_run_rule_notes():
    data = pd.DataFrame({"y": [3.0, 5, 4, 6, 5, 4, 6, 5]})
    with pytest.warns(SPCWarning):
        r = spc(data, y="y", chart="i")
    assert any("trial limits" in m for m in r.messages)
    assert any("need at least 10" in m for m in r.messages)


def test_mdc_turns_a_run_chart_into_an_i_chart_with_a_note(shifted):
    r = quiet(shifted, y="y", x="date", rules="mdc")
    assert r.chart_type == "i"
    assert any("XmR" in m for m in r.messages)


def test_mdc_shift_length_six_finds_a_shorter_shift():
    y = [5.0, 4, 6, 5, 4, 6, 5, 4, 6, 5] + [8.0] * 6 + [5.0, 4, 6, 5]
    data = pd.DataFrame({"y": y})
    seven = quiet(data, y="y", chart="i", rules="mdc")
    six = quiet(data, y="y", chart="i", rules="mdc", shift_length=6)
    assert not seven.points["shift_signal"].any()
    assert six.points["shift_signal"].tolist() == [False] * 10 + [True] * 6 + [False] * 4


def test_ihi_summary_has_runs_table_limits(shifted):
    r = quiet(shifted, y="y", x="date", rules="ihi")
    # QI_REFERENCE 3.2: 24 useful observations -> 8 to 18 runs expected
    assert r.summary[["runs_lower", "runs_upper"]].iloc[0].tolist() == [8, 18]
    assert r.summary["n_runs"].iloc[0] == 2
    assert r.summary["runs_signal"].iloc[0]


def test_special_cause_words_follow_the_improvement_direction(shifted):
    up = quiet(shifted, y="y", x="date", chart="i", improvement="increase")
    down = quiet(shifted, y="y", x="date", chart="i", improvement="decrease")
    neither = quiet(shifted, y="y", x="date", chart="i")
    flagged = up.points["special_cause"] != ""
    assert flagged.any()
    high = up.points["y"] > up.points["cl"]
    assert set(up.points.loc[flagged & high, "special_cause"]) == {"improvement"}
    assert set(down.points.loc[flagged & high, "special_cause"]) == {"concern"}
    assert set(neither.points.loc[flagged, "special_cause"]) == {"neutral"}


def test_explain_describes_the_shift(shifted):
    text = quiet(shifted, y="y", x="date").explain()
    assert "run chart" in text
    assert "last 12 points are all above the median" in text
    assert text.count("A signal by the Anhøj rules") == 1


def test_explain_summarises_many_series(infections):
    r = quiet(infections, y="n", x="month", n="days", chart="u", facet="hospital")
    text = r.explain()
    assert "There are 6 series" in text


def test_chart_draws_through_qikit_plot_lazily(monkeypatch, shifted):
    r = quiet(shifted, y="y", x="date")
    calls = []
    fake = types.ModuleType("qikit.plot")
    fake.plot = lambda result, **kw: calls.append((result, kw)) or "drawn"
    monkeypatch.setitem(sys.modules, "qikit.plot", fake)
    assert r.chart(title="Falls") == "drawn"
    assert calls == [(r, {"title": "Falls"})]
    assert callable(SPCResult.chart)
    assert "qikit.plot" not in sys.modules or sys.modules["qikit.plot"] is fake


def test_calculation_does_not_import_plotting():
    """No module of qikit.spc imports plotting or widgets at module level."""
    import ast
    import importlib
    from pathlib import Path

    folder = Path(importlib.import_module("qikit.spc.api").__file__).parent
    for file in folder.rglob("*.py"):
        tree = ast.parse(file.read_text())
        for node in tree.body:  # module level only; lazy imports inside functions are fine
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("qikit.plot", "altair", "ipywidgets")), file


def test_explain_reads_out_the_icons_and_assurance():
    data = pd.read_csv(REFERENCE / "spc" / "i" / "input.csv")
    r = quiet(data, y="y", x="date", chart="i", rules="mdc", improvement="increase", target=45)
    text = r.explain()
    assert "Making Data Count" in text
    assert "special-cause concern, with low values" in text  # NHSRplotthedots: concern_low
    assert "hit and miss" in text


def test_time_zone_aware_dates_are_accepted(shifted):
    data = shifted.assign(date=pd.to_datetime(shifted["date"]).dt.tz_localize("Europe/London"))
    r = quiet(data, y="y", x="date", chart="i", part=[pd.Timestamp("2024-03-25")])
    plain = quiet(shifted, y="y", x="date", chart="i", part=12)
    np.testing.assert_allclose(r.points["ucl"], plain.points["ucl"])
    assert r.points["part"].tolist() == plain.points["part"].tolist()


def test_facet_values_keep_their_type_and_order():
    data = pd.DataFrame({"ward": [3, 3, 1, 1, 2, 2], "y": [1.0, 2, 3, 4, 5, 6]})
    r = quiet(data, y="y", facet="ward", chart="i")
    assert r.summary["facet"].tolist() == [1, 2, 3]
    assert r.points["y"].tolist() == [3.0, 4.0, 5.0, 6.0, 1.0, 2.0]


def test_ihi_trend_length_is_a_setting_and_explained():
    y = [5.0, 6, 5, 6, 5, 6, 5, 6, 1, 2, 3, 4, 5, 9, 5, 6, 5, 6, 5, 6]
    data = pd.DataFrame({"y": y})
    five = quiet(data, y="y", rules="ihi")
    six = quiet(data, y="y", rules="ihi", trend_length=6)
    seven = quiet(data, y="y", rules="ihi", trend_length=7)
    # six points rise in a row: 1, 2, 3, 4, 5, 9 (the 6 before the 1 is higher)
    assert five.points["trend_signal"].tolist()[8:14] == [True] * 6
    assert six.points["trend_signal"].sum() == 6
    assert not seven.points["trend_signal"].any()
    assert "a trend (points 9 to 14 keep rising)" in five.explain()


def test_ihi_on_a_control_chart_uses_provost_and_murray_shewhart_rules():
    # The Health Care Data Guide (QI_REFERENCE 4.2): 8 in a row on one side of the centre line,
    # 6 going up or down, 2 of 3 in the outer third. A run chart keeps 6 and 5.
    base = [11.0, 10, 12, 9] * 4
    seven_above = base + [11.5] * 7 + [9.0, 11, 10]
    data = pd.DataFrame({"y": seven_above})
    control = quiet(data, y="y", chart="i", rules="ihi")
    run = quiet(data, y="y", chart="run", rules="ihi")
    mean = float(control.points["cl"].iloc[0])
    assert mean == pytest.approx(np.mean(seven_above))
    assert (np.array(seven_above[16:23]) > mean).all()
    assert not control.points["shift_signal"].any()  # 7 is not 8
    eight_above = base + [11.5] * 8 + [9.0, 10]
    control8 = quiet(pd.DataFrame({"y": eight_above}), y="y", chart="i", rules="ihi")
    assert control8.points["shift_signal"].tolist()[16:24] == [True] * 8
    # on the run chart the same 7 points are a shift (6 or more around the median)
    assert run.points["shift_signal"].sum() >= 6
    # trend: 5 rising is a run-chart trend, not a control-chart one; 6 rising is both
    five = [10.0, 11, 9, 10, 11, 9, 10, 11, 9, 8, 9, 10, 11, 12, 9, 10, 11, 9, 10, 11]
    assert (
        quiet(pd.DataFrame({"y": five}), y="y", chart="run", rules="ihi")
        .points["trend_signal"]
        .any()
    )
    assert (
        not quiet(pd.DataFrame({"y": five}), y="y", chart="i", rules="ihi")
        .points["trend_signal"]
        .any()
    )
    # two of three beyond two sigma, same side, inside the limits (limits frozen on 16 points)
    stable = [10.0, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10]
    cl, sigma = np.mean(stable), np.mean(np.abs(np.diff(stable))) / 1.128
    near = cl + 2.5 * sigma
    y = stable + [near, 10.5, near, 9.5]
    r = quiet(pd.DataFrame({"y": y}), y="y", chart="i", rules="ihi", freeze=16)
    assert float(r.points["ucl"].iloc[0]) == pytest.approx(cl + 3 * sigma, rel=1e-3)
    assert r.points["two_of_three_signal"].tolist()[16:] == [True, False, True, False]
    assert not r.points["sigma_signal"].any()
    assert not r.summary["runs_signal"].any()  # the runs table is for run charts only
