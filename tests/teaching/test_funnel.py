"""Deming's funnel over many seeds: rule 1 least spread, rule 2 twice the variance, 3 and 4 grow."""

from __future__ import annotations

import numpy as np
import pytest

from qikit.errors import DataError
from qikit.teaching.funnel import FUNNEL_RULES, funnel, funnel_comparison, funnel_spread

SEEDS = range(400)
DROPS = 50


def mean_square(rule: int, drops: int = DROPS) -> np.ndarray:
    """Mean of x squared at each drop, over many seeds (the variance per axis, target 0)."""
    xs = np.array([funnel(rule, drops, seed)["x"].to_numpy() for seed in SEEDS])
    return (xs**2).mean(axis=0)


def test_rule_1_spread_is_the_chance_error_alone():
    assert mean_square(1).mean() == pytest.approx(1.0, abs=0.05)


def test_rule_2_doubles_the_variance():
    # z_1 = e_1, then z_k = e_k - e_(k-1): variance 1 for the first drop, 2 after it
    per_drop = mean_square(2)
    assert per_drop[0] == pytest.approx(1.0, abs=0.2)
    assert per_drop[1:].mean() == pytest.approx(2.0, abs=0.08)


@pytest.mark.parametrize("rule", [3, 4])
def test_rules_3_and_4_explode(rule):
    # z_k = e_k -/+ z_(k-1): the variance of drop k is k
    per_drop = mean_square(rule)
    assert per_drop.mean() == pytest.approx(np.arange(1, DROPS + 1).mean(), rel=0.1)
    assert per_drop[-10:].mean() > 20 * mean_square(1)[-10:].mean()
    longer = np.mean([funnel_spread(funnel(rule, 2 * DROPS, s)) ** 2 for s in range(100)])
    assert longer > 1.6 * per_drop.mean()  # keeps growing with more drops


def test_rule_3_swings_from_side_to_side():
    x = np.array([funnel(3, DROPS, s)["x"].to_numpy() for s in SEEDS])
    neighbours = np.mean(x[:, 1:] * x[:, :-1], axis=0)
    assert (neighbours[5:] < 0).all()  # each drop tends to land opposite the last


def test_same_seed_same_chance_errors_under_every_rule():
    first = {rule: funnel(rule, 10, seed=3).iloc[0] for rule in FUNNEL_RULES}
    assert len({(round(r["x"], 12), round(r["y"], 12)) for r in first.values()}) == 1
    table = funnel_comparison(drops=DROPS, seed=3)
    assert table["rule"].tolist() == [1, 2, 3, 4]
    assert table["times_rule_1"].iloc[0] == 1.0


def test_funnel_positions_follow_each_rule():
    drops = funnel(2, 5, seed=1)
    landed = drops[["x", "y"]].to_numpy()
    at = drops[["funnel_x", "funnel_y"]].to_numpy()
    assert np.allclose(at[1:], at[:-1] - landed[:-1])
    drops = funnel(4, 5, seed=1)
    assert np.allclose(drops[["funnel_x", "funnel_y"]].to_numpy()[1:], drops[["x", "y"]][:-1])


def test_bad_rule_and_drops():
    with pytest.raises(DataError, match="should be 1, 2, 3 or 4; found 5"):
        funnel(5)
    with pytest.raises(DataError, match="whole number of 1 or more; found 0"):
        funnel(1, drops=0)
