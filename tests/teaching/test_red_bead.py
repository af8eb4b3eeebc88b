"""The red bead experiment over many seeds, against exact hypergeometric figures."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from qikit.errors import DataError
from qikit.teaching.red_bead import red_bead, red_bead_p_chart, worker_totals

RED, WHITE, PADDLE = 800, 3200, 50
EXPERIMENTS = 2000


def hypergeometric(k: int) -> float:
    """P(k red beads in a paddle of 50 from 800 red and 3,200 white), exactly."""
    return math.comb(RED, k) * math.comb(WHITE, PADDLE - k) / math.comb(RED + WHITE, PADDLE)


@pytest.fixture(scope="module")
def many() -> pd.DataFrame:
    return pd.concat(red_bead(seed=s).assign(seed=s) for s in range(EXPERIMENTS))


def test_mean_proportion_is_twenty_percent(many):
    # 48,000 paddles: the standard error of the mean proportion is about 0.00026
    assert abs(many["proportion_red"].mean() - 0.20) < 0.0015


def test_spread_is_the_hypergeometric_spread(many):
    variance = PADDLE * 0.2 * 0.8 * (RED + WHITE - PADDLE) / (RED + WHITE - 1)  # 7.902
    assert variance == pytest.approx(7.902, abs=0.001)
    assert many["red_beads"].var() == pytest.approx(variance, abs=0.3)
    exact = sum(k * k * hypergeometric(k) for k in range(PADDLE + 1)) - 100
    assert exact == pytest.approx(variance, rel=1e-9)


def test_paddles_outside_the_p_chart_limits_are_as_rare_as_chance_says(many):
    # p chart limits 20% +/- 3 sqrt(0.16 / 50): 3.03% to 36.97%, i.e. 1.5 to 18.5 red beads
    chance = hypergeometric(0) + hypergeometric(1) + sum(hypergeometric(k) for k in range(19, 51))
    outside = ((many["red_beads"] <= 1) | (many["red_beads"] >= 19)).mean()
    assert 0.001 < chance < 0.005  # near the 0.27% of three-sigma limits
    assert abs(outside - chance) < 0.0015


def test_the_best_worker_is_a_matter_of_chance(many):
    totals = many.groupby(["seed", "worker"])["red_beads"].sum().unstack()
    best = totals.eq(totals.min(axis=1), axis=0)
    share = best.div(best.sum(axis=1), axis=0).mean()  # ties shared
    assert np.allclose(share, 1 / 6, atol=0.03), share


def test_one_experiment_and_its_p_chart():
    frame = red_bead(seed=7)
    assert len(frame) == 24 and frame["draw"].tolist() == list(range(1, 25))
    assert frame["worker"].tolist()[:7] == ["Asha", "Ben", "Chloe", "Dev", "Erin", "Femi", "Asha"]
    assert red_bead(seed=7).equals(frame)
    result = red_bead_p_chart(frame)
    p_bar = frame["red_beads"].sum() / (24 * 50)
    half_width = 3 * math.sqrt(p_bar * (1 - p_bar) / 50)
    assert result.points["cl"].iloc[0] == pytest.approx(100 * p_bar)
    assert result.points["ucl"].iloc[0] == pytest.approx(100 * (p_bar + half_width))
    assert len(red_bead_p_chart(frame, upto=5).points) == 5
    ranking = worker_totals(frame)
    assert ranking["total_red_beads"].is_monotonic_increasing
    assert ranking["total_red_beads"].sum() == frame["red_beads"].sum()


def test_bad_settings_are_explained():
    with pytest.raises(DataError, match="'days' should be a whole number of 1 or more"):
        red_bead(days=0)
    with pytest.raises(DataError, match="at least one willing worker"):
        red_bead(workers=())
    with pytest.raises(DataError, match="Press 'Next worker'"):
        red_bead_p_chart(red_bead(), upto=0)
