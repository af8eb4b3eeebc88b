"""The collaborative's timeline and the IHI Assessment Scale (QI_REFERENCE 8.1, 8.2)."""

from __future__ import annotations

import pandas as pd
import pytest

from qikit.collaborative import assessment, timeline
from qikit.errors import DataError


def test_default_timeline_of_104_weeks():
    phases = timeline.timeline(104, "2024-04-01")
    assert phases["phase"].tolist() == [
        "Pre-work",
        "Learning session 1",
        "Action period 1",
        "Learning session 2",
        "Action period 2",
        "Learning session 3",
        "Action period 3 (holding the gains)",
        "Summative congress",
    ]
    assert phases[["first_week", "last_week"]].values.tolist() == [
        [1, 25], [26, 26], [27, 51], [52, 52], [53, 77], [78, 78], [79, 103], [104, 104],
    ]  # fmt: skip
    # every week belongs to exactly one phase
    covered = [w for a, b in phases[["first_week", "last_week"]].values for w in range(a, b + 1)]
    assert covered == list(range(1, 105))
    assert phases["first_date"].iloc[1] == pd.Timestamp("2024-09-23")  # 25 weeks after 1 April
    assert timeline.phase_of(40, phases) == "Action period 1"
    assert timeline.checkpoints(phases)["week"].tolist() == [26, 52, 78, 104]


def test_sessions_are_a_setting_and_checked():
    phases = timeline.timeline(52, sessions=[9, 22, 35])
    assert phases["first_week"].tolist()[1::2] == [9, 22, 35, 52]
    with pytest.raises(DataError, match="increasing order"):
        timeline.timeline(52, sessions=[22, 9])
    with pytest.raises(DataError, match="weeks"):
        timeline.timeline(4)
    with pytest.raises(DataError, match="outside the collaborative"):
        timeline.phase_of(60, phases)


def test_scale_labels_and_checks():
    assert assessment.label(3.0) == "Modest improvement"
    assert assessment.label("4") == "Significant improvement"
    assert list(assessment.scale_table()["score"]) == [x / 2 for x in range(1, 11)]
    for bad in (0, 3.2, 5.5, "good"):
        with pytest.raises(DataError, match="0.5 to 5.0"):
            assessment.check_score(bad)


@pytest.mark.parametrize(
    "week, expected",
    [
        (30, 2.0),  # no cycle started yet
        (40, 2.5),  # cycles under way, nothing adopted, no signal
        (50, 3.0),  # process measure improved (week 48)
        (60, 3.5),  # outcome improved (week 55), adopted only at small scale
        (70, 4.0),  # whole-ward adoption in week 65 and outcome improved
    ],
)
def test_suggested_score_by_hand(week, expected):
    score = assessment.suggest_score(
        week,
        has_baseline=True,
        cycle_starts=[38, 41, 44],
        adopted=[(58, "one shift a day for a week"), (65, "every shift, the whole ward")],
        improvement_weeks={"outcome": 55, "process": 48, "balancing": None},
    )
    assert score == expected


def test_no_baseline_is_planning_and_adoption_alone_is_modest():
    assert (
        assessment.suggest_score(
            10, has_baseline=False, cycle_starts=[], adopted=[], improvement_weeks={}
        )
        == 1.5
    )
    assert assessment.suggest_score(
        50, has_baseline=True, cycle_starts=[40], adopted=[(45, "one nurse on one shift")],
        improvement_weeks={"outcome": None},
    ) == 3.0  # fmt: skip
