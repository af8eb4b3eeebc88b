"""qikit.spc.verdict: is there a signal, and which rule shows it, on small hand-made series."""

from __future__ import annotations

import warnings

import pandas as pd

from qikit.spc import spc
from qikit.spc.verdict import verdict


def quiet(values, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(pd.DataFrame({"y": [float(v) for v in values]}), y="y", **kw)


STABLE = [12, 9, 11, 14, 10, 13, 8, 12, 11, 15, 10, 9, 13, 11, 12, 10, 14, 9, 12, 11]


def test_no_rule_fires_on_a_stable_series():
    said = verdict(quiet(STABLE))
    assert not said.signal and said.rules_fired == [] and said.keys_fired == frozenset()
    assert said.headline == (
        "No signal by the Anhøj rules: the longest run is 2 points (a signal needs more than 7); "
        "12 crossings of the median (a signal needs fewer than 4)."
    )


def test_a_shift_in_the_middle_is_placed_by_its_points():
    values = [10, 11, 10, 11, 10, 11, 20, 21, 20, 21, 20, 21, 20, 10, 11, 10, 11, 10, 11, 10]
    said = verdict(quiet(values, rules="ihi"))
    assert said.rules_fired[:1] == ["Shift"]
    assert "a shift (points 7 to 13 are all above the median)" in said.headline


def test_a_falling_trend_at_the_end():
    values = STABLE[:14] + [16, 14, 12, 10, 8, 6]
    said = verdict(quiet(values, rules="ihi"))
    assert "Trend" in said.rules_fired
    assert "a trend (the last 6 points keep falling)" in said.headline


def test_control_chart_rules_and_the_moving_range_note():
    values = STABLE[:19] + [40]
    i_chart = verdict(quiet(values, chart="i"))
    assert i_chart.rules_fired == ["Outside the limits"]
    assert i_chart.headline == "A signal by the Anhøj rules: 1 point outside the limits."
    moving = verdict(quiet(values, chart="mr"))
    assert [r.key for r in moving.readings] == ["outside_limits"]
    assert "not used on a moving range chart" in " ".join(moving.sentences())


def test_every_sentence_is_in_explain_and_the_headline_once():
    for kw in ({}, {"rules": "ihi"}, {"chart": "i", "rules": "mdc"}, {"chart": "i"}):
        result = quiet(STABLE[:14] + [16, 14, 12, 10, 8, 6], **kw)
        text = result.explain()
        said = verdict(result)
        assert text.count(said.headline) == 1
        for sentence in said.sentences():
            assert sentence in text
