import json

import pytest

from qikit.errors import DataError
from qikit.improve import Measure, MeasurementPlan


def violence_rate(**changes):
    values = dict(
        name="Physical violence per 1,000 occupied bed days",
        type="outcome",
        form="rate",
        numerator="Incidents of physical violence by patients on the incident system",
        denominator="Occupied bed days in the month",
        multiplier=1000,
        inclusions="All patients on Oak ward",
        exclusions="Days on leave",
        data_source="Incident reporting system",
        who_collects="Ward manager",
        how_often="Monthly",
        sampling="Every incident",
        chart_type="u",
    )
    values.update(changes)
    return Measure(**values)


def fields_of(measure):
    return {p.field.split(": ", 1)[1]: p.level for p in measure.feedback() if p.level != "ok"}


def test_clear_definition_is_ok():
    points = violence_rate().feedback()
    assert [p.level for p in points] == ["ok"]


def test_missing_type():
    assert fields_of(violence_rate(type="")) == {"type": "missing"}


def test_rate_without_denominator_or_multiplier():
    assert fields_of(violence_rate(denominator="")) == {"denominator": "missing"}
    assert fields_of(violence_rate(multiplier=None)) == {"multiplier": "missing"}


@pytest.mark.parametrize("chart", ["p", "pp", "u", "up"])
def test_a_ratio_chart_with_no_denominator_never_passes(chart):
    # a count charted on a p or u chart still divides by something each week
    m = violence_rate(form="count", chart_type=chart, denominator="")
    found = fields_of(m)
    assert found["denominator"] == "missing"
    message = [p.message for p in m.feedback() if p.field.endswith(": denominator")][0]
    assert "denominator" in message
    assert [p.level for p in violence_rate(form="", chart_type=chart, denominator="").feedback()
            if p.field.endswith(": denominator")] == ["missing"]  # fmt: skip


def test_a_u_chart_with_no_multiplier_never_passes():
    assert fields_of(violence_rate(form="", multiplier=None))["multiplier"] == "missing"
    assert "multiplier" not in fields_of(violence_rate(form="count", chart_type="c"))


def test_vague_words_two_people_could_read_differently():
    m = violence_rate(
        name="% of huddles held in a timely way",
        form="percentage",
        numerator="Huddles held in a timely way",
        denominator="Shifts",
        multiplier=100,
        chart_type="p",
    )
    found = fields_of(m)
    assert found == {"definition": "improve"}
    message = [p.message for p in m.feedback() if p.field.endswith("definition")][0]
    assert "'timely'" in message


def test_a_number_makes_a_judgement_word_clear():
    m = violence_rate(
        name="% of NEWS2 sets complete and on time",
        form="percentage",
        numerator="Sets with all 7 parameters within 30 minutes of the time due",
        denominator="Sets due",
        multiplier=100,
        chart_type="p",
    )
    assert fields_of(m) == {}


def test_form_read_from_name_and_chart_suggestion():
    assert Measure(name="% of shifts with a huddle").likely_form == "percentage"
    assert Measure(name="Falls per 1,000 OBDs").likely_form == "rate"
    assert Measure(name="Days between serious incidents").likely_form == "time between"
    assert Measure(name="Number of prone restraints").suggested_chart() == "c"
    assert Measure(name="Number of falls", denominator="Bed days").suggested_chart() == "u"


def test_chart_type_that_does_not_fit():
    m = violence_rate(chart_type="p")
    assert fields_of(m) == {"chart_type": "improve"}
    # An I chart or run chart is always acceptable (QI_REFERENCE 4.1: the Swiss army knife).
    assert fields_of(violence_rate(chart_type="i")) == {}


def test_collection_gaps():
    m = violence_rate(who_collects="", how_often="", sampling="", inclusions="", exclusions="")
    assert fields_of(m) == {
        "data collection": "missing",
        "sampling": "improve",
        "inclusions": "improve",
    }
    message = [p.message for p in m.feedback() if p.field.endswith("data collection")][0]
    assert message == "The plan does not yet say who collects them, how often."


def plan(*measures):
    return MeasurementPlan(aim="Reduce violence", measures=list(measures))


def test_family_of_measures():
    process = violence_rate(
        name="% of shifts with a huddle",
        type="process",
        form="percentage",
        chart_type="p",
        multiplier=100,
    )
    balancing = violence_rate(name="Staff injuries per 1,000 OBDs", type="balancing")
    points = plan(violence_rate(), process, balancing).feedback()
    assert {p.level for p in points} == {"ok"}


def test_more_than_one_outcome_and_missing_types():
    second = violence_rate(name="Restraints per 1,000 OBDs")
    found = {p.field: p.level for p in plan(violence_rate(), second).feedback()}
    assert found["outcome"] == "improve"
    assert found["process"] == "missing"
    assert found["balancing"] == "missing"
    assert {p.field: p.level for p in plan().feedback()} == {"measures": "missing"}


def test_round_trip():
    p = plan(violence_rate())
    assert MeasurementPlan.from_dict(json.loads(json.dumps(p.to_dict()))) == p


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("type", "outcomes"),
        ("form", "ratio"),
        ("multiplier", "a thousand"),
        ("multiplier", 0),
        ("chart_type", "pie"),
        ("better", "up"),
    ],
)
def test_bad_values(field, value):
    with pytest.raises(DataError, match=f"'{field}'"):
        violence_rate(**{field: value})
