"""The live poll's questions: right answers from the trainer's ground truth (the pattern each
question was drawn with) and from the chart's own reading, a team's chart only when shared."""

from __future__ import annotations

import json

import numpy as np
import pytest

from qikit.errors import DataError
from qikit.improve.observations import Observation
from qikit.room.poll import (
    KINDS,
    NEXT_CHOICES,
    Poll,
    from_team,
    from_trainer,
    from_ward,
    team_charts,
    ward_charts,
)
from qikit.store import SQLiteWorkspace
from qikit.teaching import trainer
from tests.store.test_measures import huddles, weeks

#: Known questions of the trainer's bank (seed 2016) and the pattern each was drawn with.
SHIFT = (1, 1)  # a run chart with a shift
STABLE_RUN = (1, 3)  # a run chart with common-cause variation only
OUTLIER = (2, 3)  # an I chart with one point outside the limits
STABLE_I = (2, 1)


def test_the_bank_questions_are_the_patterns_these_tests_expect():
    assert trainer.question(*SHIFT).pattern == "shift"
    assert trainer.question(*STABLE_RUN).pattern == "stable"
    assert trainer.question(*OUTLIER).pattern == "outlier"
    assert trainer.question(*STABLE_I).pattern == "stable"


@pytest.mark.parametrize(
    ("where", "right"), [(SHIFT, ("yes",)), (OUTLIER, ("yes",)), (STABLE_RUN, ("no",))]
)
def test_is_there_a_signal_takes_the_trainers_ground_truth(where, right):
    poll = from_trainer(*where)
    assert poll.question == "Is there a signal?" and poll.choice_keys == ["yes", "no"]
    assert poll.right == right
    q = trainer.question(*where)
    assert q.description in poll.explanation


def test_the_explanation_is_what_the_trainer_says():
    poll = from_trainer(*STABLE_RUN)
    assert poll.explanation.startswith("There is no signal here")
    assert "tampering" in poll.feedback["no"]
    shift = from_trainer(*SHIFT)
    assert shift.explanation.startswith("There is a signal.")
    assert shift.feedback["yes"].startswith("You read it correctly.")


def test_which_rule_names_the_rule_of_the_pattern():
    shift = from_trainer(*SHIFT, kind="rule")
    assert shift.choice_keys == list(trainer.RULE_WORDS)
    assert "long_run" in shift.right and "outside_limits" not in shift.right
    assert from_trainer(*OUTLIER, kind="rule").right == ("outside_limits",)
    assert "a point outside the limits" in from_trainer(*OUTLIER, kind="rule").explanation
    with pytest.raises(DataError, match="no signal, so there is no rule"):
        from_trainer(*STABLE_RUN, kind="rule")


def test_what_next_has_a_taught_answer():
    assert [c.key for c in from_trainer(*SHIFT, kind="next").choices] == [
        k for k, _ in NEXT_CHOICES
    ]
    assert from_trainer(*SHIFT, kind="next").right == ("find_cause",)
    stable = from_trainer(*STABLE_I, kind="next")
    assert stable.right == ("carry_on",) and "tampering" in stable.explanation


def test_an_unknown_question_is_refused_in_words():
    with pytest.raises(DataError, match="Which rule shows it"):
        from_trainer(*SHIFT, kind="why")
    assert list(KINDS) == ["signal", "rule", "next"]


def test_every_page_redraws_the_same_chart_from_the_poll():
    for where in (SHIFT, OUTLIER, (3, 2)):
        q = trainer.question(*where)
        poll = Poll.from_dict(json.loads(json.dumps(from_trainer(*where).to_dict())))
        again = poll.result()
        assert np.allclose(again.points["y"], q.result.points["y"])
        assert np.allclose(again.points["ucl"], q.result.points["ucl"], equal_nan=True)
        assert trainer.found_rules(again) == q.found_rules


def test_tally_is_in_the_order_of_the_choices():
    poll = from_trainer(*SHIFT)
    assert [(c.key, n) for c, n in poll.tally({"no": 4, "yes": 7})] == [("yes", 7), ("no", 4)]
    assert [n for _, n in poll.tally({})] == [0, 0]
    rule = from_trainer(*SHIFT, kind="rule")
    assert [c.key for c, _ in rule.tally({"trend": 1})] == list(trainer.RULE_WORDS)


def test_a_damaged_poll_is_refused_in_words():
    data = from_trainer(*SHIFT).to_dict()
    data["right"] = ["maybe"]
    with pytest.raises(DataError, match="could not be read"):
        Poll.from_dict(data)
    with pytest.raises(DataError, match="could not be read"):
        Poll.from_dict({"kind": "signal"})


def test_a_synthetic_wards_chart_is_read_by_its_rules():
    charts = ward_charts()
    assert len(charts) > 10 and all(label.split(": ")[1] for label, _ in charts)
    from qikit import datasets

    changes = datasets.load("changes")
    # A ward whose change had an effect where the dashboard expects an improvement signal.
    row = changes[changes["expected_signal"] == "improvement"].iloc[0]
    poll = from_ward(row["ward_id"], row["measure"])
    assert poll.right == ("yes",) and poll.source == "ward"
    assert "Synthetic data" in poll.explanation
    assert from_ward(row["ward_id"], row["measure"], "next").right == ("find_cause",)
    with pytest.raises(DataError, match="no chart"):
        from_ward("W99", "falls")


def test_a_teams_chart_needs_its_project_shared(tmp_path):
    with SQLiteWorkspace(tmp_path / "workspace.db") as ws:
        team = ws.create_team("Cedar ward")
        project = ws.create_project(team.id, "Safety huddles")
        measure = huddles()
        ws.save_measure(project.id, measure)
        steady = [Observation(w, 10 + (k % 3), 21) for k, w in enumerate(weeks(16))]
        ws.save_observations(measure.id, steady)
        assert team_charts(ws) == []
        with pytest.raises(DataError, match="not shared its project"):
            from_team(ws, measure.id)
        ws.share_project(project.id)
        assert team_charts(ws) == [("Cedar ward: % of shifts with a safety huddle", measure.id)]
        poll = from_team(ws, measure.id)
        assert poll.source == "team" and poll.title.startswith("Cedar ward")
        assert poll.right == ("no",)  # three values repeating: no rule fires
