"""qikit.thread: a team's measure charted with its own settings and its linked cycles."""

from __future__ import annotations

import datetime as dt

from qikit.improve import PDSA, Measure
from qikit.thread import cycle_marks, settings


def test_a_ramp_names_its_change_idea_once():
    cycles = [
        PDSA(cycle_number=2, change_idea="Safety huddle", start_date=dt.date(2026, 5, 11)),
        PDSA(cycle_number=1, change_idea="Safety huddle", start_date=dt.date(2026, 4, 20)),
        PDSA(cycle_number=3, change_idea="Calm box", start_date=dt.date(2026, 6, 1)),
        PDSA(cycle_number=4, change_idea="Calm box"),  # not started: not on the chart
    ]
    assert [label for _, label in cycle_marks(cycles)] == [
        "PDSA 1: Safety huddle",
        "PDSA 2",
        "PDSA 3: Calm box",
    ]


def test_settings_come_from_the_measure_and_can_be_changed():
    m = Measure(
        name="Falls",
        denominator="Occupied bed days",
        form="rate",
        multiplier=1000,
        better="lower",
        target=4,
        rules="anhoej",
    )
    chosen = settings(m)
    assert (chosen.chart, chosen.multiply, chosen.improvement, chosen.target, chosen.rules) == (
        "u",
        1000.0,
        "decrease",
        4,
        "anhoej",
    )
    assert settings(m, chart="up", rules="ihi").chart == "up"
    assert (
        settings(Measure(name="% of shifts", form="percentage", denominator="Shifts")).multiply
        == 100
    )
    assert "lower is better" in chosen.words() and "per 1,000" in chosen.words()
