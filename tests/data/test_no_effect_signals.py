"""What the collaborative dashboard shows for changes with no real effect, over several seeds.

docs/culture-and-reliability.md and datasets/README.md state these numbers (measured over 200 seeds
with ``benchmarks/no_effect_signals.py``). The kit used to claim that "at most a third of the
changes with no real effect show improvement", which held for the shipped seed only; the first
test below fails against that claim.

Small collaboratives (8 wards, the usual 104 weeks) keep this fast: what one ward's chart shows
depends on its weeks, not on how many other wards there are.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from qikit.collaborative import signals
from qikit.data import generate_collaborative

SEEDS = range(1, 13)


@pytest.fixture(scope="module")
def shown() -> pd.DataFrame:
    """Every seed's ground truth with the signal the dashboard shows after the change."""
    rows = []
    for seed in SEEDS:
        collaborative = generate_collaborative(seed=seed, trusts=2, wards_per_trust=4)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            charts = signals.chart_all(collaborative.weekly, collaborative.changes)
        table = signals.signal_table(charts)[["ward_id", "measure", "signal"]]
        truth = collaborative.changes[["ward_id", "measure", "has_effect", "expected_signal"]]
        rows.append(table.merge(truth, on=["ward_id", "measure"]).assign(seed=seed))
    out = pd.concat(rows, ignore_index=True)
    out["improvement"] = out["signal"].isin(["improvement", "both"])
    out["concern"] = out["signal"].isin(["concern", "both"])
    return out


def test_more_than_a_third_of_no_effect_changes_can_show_improvement(shown):
    """The old claim ('at most a third') is false: it held for seed 2016, not in general."""
    no_effect = shown[~shown["has_effect"]]
    assert len(no_effect) >= 40
    per_seed = (no_effect["signal"] == "improvement").groupby(no_effect["seed"]).mean()
    assert per_seed.max() > 1 / 3  # the dashboard test's own measure, on one seed
    assert no_effect["improvement"].mean() > 1 / 3  # improvement (or both), pooled


def test_about_a_third_show_improvement_and_as_many_show_concern(shown):
    """Restated claim: roughly a third of no-effect charts show special-cause improvement
    (35% over 200 seeds) and about as many show concern (40%): false alarms go both ways,
    so they are chance, not a trend the whole collaborative shares."""
    no_effect = shown[~shown["has_effect"]]
    improvement, concern = no_effect["improvement"].mean(), no_effect["concern"].mean()
    assert 0.2 <= improvement <= 0.6
    assert 0.2 <= concern <= 0.6
    assert abs(improvement - concern) <= 0.15
    assert (no_effect["signal"] != "none").mean() >= 0.4  # most show some special cause


def test_real_but_small_effects_marked_none_mostly_show(shown):
    """expected_signal 'none' is not 'no effect': most real cuts judged too small for one
    4-weekly point still show as a shift or two of three on the dashboard (94% over 200 seeds)."""
    small = shown[shown["has_effect"] & (shown["expected_signal"] == "none")]
    assert len(small) >= 30
    assert small["improvement"].mean() >= 0.85
