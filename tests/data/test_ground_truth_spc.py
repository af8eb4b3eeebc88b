"""The SPC engine finds the changes recorded in the ground truth, and mostly not the others.

Each change is charted as a learner would: incident rates as 4-weekly totals on a u chart, shares
weekly on a p chart, limits frozen on the periods before the change (QI_REFERENCE 4.4), Anhøj
rules. A change counts as found when the runs analysis signals, or a point after the change lies
outside the frozen limits on the side the change should push it.
"""

import warnings

import pandas as pd
import pytest

from qikit.spc import spc


def _chart_of(collaborative, change):
    weekly = collaborative.weekly[collaborative.weekly["ward_id"] == change.ward_id]
    if change.chart == "u":
        periods = weekly.assign(period=(weekly["week"] - 1) // 4 + 1)
        data = periods.groupby("period", as_index=False)[[change.measure, change.denominator]].sum()
        x, freeze = "period", (change.start_week - 1) // 4
    else:
        data, x, freeze = weekly, "week", change.start_week - 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = spc(
            data, y=change.measure, n=change.denominator, x=x, chart=change.chart,
            rules="anhoej", freeze=freeze,
        )  # fmt: skip
    return result, freeze


def _found(result, freeze, upward):
    points = result.points
    after = points[points["x"] > freeze]
    side = after["y"] > after["ucl"] if upward else after["y"] < after["lcl"]
    outside = bool((after["sigma_signal"].astype(bool) & side).any())
    return bool(result.summary["runs_signal"].iloc[0]) or outside


def _upward(change):
    worse = change.expected_signal == "concern"
    return (change.improvement_direction == "increase") != worse


@pytest.fixture(scope="module")
def findings(collaborative):
    rows = []
    for change in collaborative.changes.itertuples():
        result, freeze = _chart_of(collaborative, change)
        rows.append(
            {
                "change_id": change.change_id,
                "measure": change.measure,
                "expected_signal": change.expected_signal,
                "has_effect": change.has_effect,
                "found": _found(result, freeze, _upward(change)),
            }
        )
    return pd.DataFrame(rows)


def test_every_change_expected_to_show_is_found_by_the_rules(findings):
    expected = findings[findings["expected_signal"] != "none"]
    assert len(expected) >= 10
    assert {"improvement", "concern"} <= set(expected["expected_signal"])
    missed = expected[~expected["found"]]
    assert missed.empty, missed.to_string()


def test_changes_with_no_effect_mostly_show_nothing(findings):
    no_effect = findings[~findings["has_effect"]]
    assert len(no_effect) >= 6
    assert no_effect["found"].mean() <= 1 / 3


def test_the_worsening_balancing_measure_shows_as_a_concern(collaborative):
    changes = collaborative.changes
    balancing = changes[(changes["measure_role"] == "balancing") & changes["has_effect"]].iloc[0]
    result, freeze = _chart_of(collaborative, balancing)
    assert _found(result, freeze, upward=True)
    after = result.points[result.points["x"] > freeze]
    assert (after["y"] > after["ucl"]).sum() >= 2  # special cause on the side of concern
    assert not (after["y"] < after["lcl"]).any()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_other_seeds_show_their_changes_too(seed):
    from qikit.data import generate_collaborative

    other = generate_collaborative(seed=seed)
    expected = other.changes[other.changes["expected_signal"] != "none"]
    found = [_found(*_chart_of(other, c), _upward(c)) for c in expected.itertuples()]
    assert sum(found) >= 0.9 * len(found)
