import json

import pytest

from qikit.errors import DataError
from qikit.improve import PDSA, Ramp, quality


def full_cycle(number=1, scale="one_shift", decision="adapt", **changes):
    values = dict(
        cycle_number=number,
        team="Oak ward",
        aim="Reduce physical violence by 30% by March 2027",
        change_idea="Safety huddle every shift",
        driver="Shared risk picture at each shift",
        start_date="2026-12-01",
        end_date="2026-12-01",
        scale=scale,
        objective="See if a 10-minute huddle fits the start of the early shift",
        questions=[
            {
                "question": "Can the huddle finish within 10 minutes?",
                "prediction": "Yes, about 8 minutes",
                "reason": "Handover already covers most risks",
                "result": "It took 14 minutes",
            }
        ],
        plan_who="Nurse in charge",
        plan_what="Huddle using the draft prompt card",
        plan_when="Early shift, 1 December",
        plan_where="Nursing office",
        data_what="Minutes taken; staff view on usefulness (1-5)",
        data_who="Student nurse",
        data_when="At the end of the huddle",
        data_where="Huddle log",
        do_as_planned=True,
        do_what_happened="Huddle held with 5 staff",
        do_surprises="Two staff arrived late from handover",
        data_collected="14 minutes; usefulness 4, 4, 5, 3, 4",
        study_learned="Longer than predicted because the card has too many prompts",
        act_decision=decision,
        act_next="Cut the card to 5 prompts and test on two shifts",
        contributors=[{"role": "registered nurse"}, {"role": "patient"}],
    )
    values.update(changes)
    return PDSA(**values)


def test_full_cycle_scores_five_of_five():
    report = quality(full_cycle())
    assert (report.score, report.out_of) == (5, 5)
    assert report.to_improve == []
    assert full_cycle().stage == "done"


@pytest.mark.parametrize(
    ("changes", "failing"),
    [
        # Without a prediction the study has nothing to compare with: two features fail.
        (dict(questions=[]), ["prediction", "study"]),
        (dict(questions=[{"question": "Will it work?", "result": "Yes"}]), ["prediction", "study"]),
        (dict(scale="one_ward"), ["scale"]),
        (dict(scale=""), ["scale"]),
        (dict(data_what=""), ["data"]),
        (dict(data_collected=""), ["data"]),
        (dict(questions=[{"question": "Q", "prediction": "P"}]), ["study"]),
        (dict(study_learned=""), ["study"]),
        (dict(act_decision=""), ["act"]),
        (dict(act_next=""), ["act"]),
    ],
)
def test_each_missing_feature_costs_a_point(changes, failing):
    report = quality(full_cycle(**changes))
    assert report.score == 5 - len(failing)
    assert [c.field for c in report.to_improve] == failing


def test_large_scale_is_fine_after_the_first_cycle():
    assert quality(full_cycle(number=3, scale="one_ward")).score == 5


def test_stage_follows_the_worksheet():
    blank = PDSA(change_idea="Huddle")
    assert blank.stage == "plan"
    planned = full_cycle(do_what_happened="", data_collected="")
    assert planned.stage == "do"
    assert full_cycle(act_decision="").stage == "act"


def test_cycle_feedback_includes_plan_gaps_and_coproduction():
    cycle = full_cycle(plan_where="", plan_when="", contributors=[])
    fields = {p.field: p for p in cycle.feedback() if p.level != "ok"}
    assert fields["plan"].message == "The plan does not yet say when, where."
    assert fields["contributors"].level == "missing"


def test_round_trip():
    cycle = full_cycle()
    assert PDSA.from_dict(json.loads(json.dumps(cycle.to_dict()))) == cycle


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cycle_number", 0),
        ("cycle_number", 1.5),
        ("scale", "a few wards"),
        ("act_decision", "keep"),
        ("do_as_planned", "maybe"),
        ("start_date", "1st Dec"),
    ],
)
def test_bad_values_name_the_field(field, value):
    with pytest.raises(DataError, match=field):
        full_cycle(**{field: value})


def test_end_before_start():
    with pytest.raises(DataError, match="end_date"):
        full_cycle(start_date="2026-12-05", end_date="2026-12-01")


def good_ramp():
    ramp = Ramp(change_idea="Safety huddle every shift", driver="Shared risk picture")
    ramp.cycles.append(full_cycle(1, "one_shift"))
    ramp.cycles.append(full_cycle(2, "one_day", id="second"))
    ramp.cycles.append(full_cycle(3, "one_week", decision="adopt"))
    return ramp


def test_good_ramp_scores_five():
    report = good_ramp().quality()
    assert report.score == 5, report.to_improve
    assert report.summary() == "5 of 5 features of a well-run PDSA"


def test_single_cycle_is_not_a_ramp():
    ramp = Ramp(cycles=[full_cycle()])
    report = ramp.quality()
    assert report.score == 4
    assert [c.field for c in report.to_improve] == ["iteration"]  # the cycles name a driver


def test_ramp_starting_big():
    ramp = Ramp(cycles=[full_cycle(1, "one_ward"), full_cycle(2, "several_wards")])
    check = [c for c in ramp.quality().checks if c.field == "scale"][0]
    assert check.level == "missing" and "starts on the whole ward" in check.message


def test_ramp_that_never_grows_or_jumps():
    flat = Ramp(cycles=[full_cycle(n, "one_shift") for n in (1, 2, 3)])
    assert "not grown" in [c for c in flat.quality().checks if c.field == "scale"][0].message
    jump = Ramp(cycles=[full_cycle(1, "one_person"), full_cycle(2, "whole_service")])
    assert "jumps" in [c for c in jump.quality().checks if c.field == "scale"][0].message


def test_unlinked_cycles():
    ramp = Ramp(cycles=[full_cycle(1, decision=""), full_cycle(2, "one_day")])
    check = [c for c in ramp.quality().checks if c.field == "iteration"][0]
    assert check.level == "missing" and "Cycle 1 has no Act decision" in check.message
    abandoned = Ramp(cycles=[full_cycle(1, decision="abandon"), full_cycle(2, "one_day")])
    assert (
        "abandoned" in [c for c in abandoned.quality().checks if c.field == "iteration"][0].message
    )
    gap = Ramp(cycles=[full_cycle(1), full_cycle(3, "one_day")])
    assert "missing" in [c for c in gap.quality().checks if c.field == "iteration"][0].message


def test_cycle_without_prediction_named_in_ramp_feedback():
    ramp = good_ramp()
    ramp.cycles[1].questions[0].prediction = ""
    check = [c for c in ramp.quality().checks if c.field == "prediction"][0]
    assert check.message.startswith("Cycle 2:")
    assert ramp.quality().score == 3  # prediction and study both fail for cycle 2


def test_newest_cycle_under_way_is_not_penalised_for_results():
    ramp = good_ramp()
    ramp.add_cycle(
        scale="one_ward",
        objective="Spread to all shifts",
        questions=[{"question": "Do nights manage it?", "prediction": "Yes"}],
        plan_what="Huddle on every shift for a week",
        data_what="Huddle log",
    )
    assert ramp.cycles[-1].stage == "do"
    assert ramp.quality().score == 5


def test_add_cycle_carries_over_and_numbers():
    ramp = good_ramp()
    new = ramp.add_cycle()
    assert new.cycle_number == 4
    assert new.change_idea == "Safety huddle every shift"
    assert new.team == "Oak ward"
    with pytest.raises(DataError, match="already has a cycle 2"):
        ramp.add_cycle(cycle_number=2)


def test_ramp_round_trip_and_order():
    ramp = good_ramp()
    data = json.loads(json.dumps(ramp.to_dict()))
    data["cycles"].reverse()
    again = Ramp.from_dict(data)
    assert [c.cycle_number for c in again.cycles] == [1, 2, 3]
    assert again == ramp


def test_markers_for_run_chart():
    marks = good_ramp().markers()
    assert marks[0] == {
        "date": "2026-12-01",
        "label": "PDSA 1: Safety huddle every shift (adapt)",
        "cycle_number": 1,
    }
