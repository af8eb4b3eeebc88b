"""Properties that hold for any text people might type."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from qikit.improve import Aim, Measure, MeasurementPlan, read_aim_text
from qikit.improve.feedback import LEVELS

free_text = st.text(max_size=200)


@settings(max_examples=100, deadline=None)
@given(free_text)
def test_any_aim_text_gets_feedback_not_an_error(text):
    facts = read_aim_text(text)
    assert all(isinstance(n, float) for n in facts.numbers + facts.percentages)
    points = Aim.from_text(text).feedback()
    assert points and all(p.level in LEVELS and p.message for p in points)


@settings(max_examples=100, deadline=None)
@given(
    what=free_text,
    baseline=st.none() | st.floats(-1e6, 1e6, allow_nan=False),
    how_much=st.none() | st.floats(0, 1e6, allow_nan=False),
    kind=st.sampled_from(["value", "percent"]),
    direction=st.sampled_from(["", "reduce", "increase"]),
    by_when=st.none() | st.dates().map(lambda d: d.isoformat()),
)
def test_aims_round_trip_through_json(what, baseline, how_much, kind, direction, by_when):
    aim = Aim(
        what=what,
        baseline=baseline,
        how_much=how_much,
        how_much_kind=kind,
        direction=direction,
        by_when=by_when,
    )
    assert Aim.from_dict(json.loads(json.dumps(aim.to_dict()))) == aim


@settings(max_examples=100, deadline=None)
@given(name=free_text, numerator=free_text, denominator=free_text, inclusions=free_text)
def test_any_measure_definition_gets_feedback(name, numerator, denominator, inclusions):
    measure = Measure(
        name=name, numerator=numerator, denominator=denominator, inclusions=inclusions
    )
    plan = MeasurementPlan(measures=[measure])
    points = plan.feedback()
    assert points and all(p.level in LEVELS for p in points)
    assert MeasurementPlan.from_dict(json.loads(json.dumps(plan.to_dict()))) == plan
