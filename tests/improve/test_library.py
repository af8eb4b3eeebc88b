import pytest

from qikit.errors import DataError
from qikit.improve import change_ideas, choose_chart, measures, work_streams

#: Work streams of QI_REFERENCE 9.2.
EXPECTED_STREAMS = {
    "restrictive_practice",
    "violence_aggression",
    "safewards",
    "self_harm",
    "sexual_safety",
    "falls",
    "observation_engagement",
    "physical_health",
    "safety_huddles",
    "patient_safety_voice",
}


def test_every_work_stream_has_ideas_and_measures():
    assert set(work_streams()) == EXPECTED_STREAMS
    for stream in EXPECTED_STREAMS:
        assert change_ideas(stream), stream
    assert {m.work_stream for m in measures()} == EXPECTED_STREAMS


def test_ideas_have_description_and_source():
    ideas = change_ideas()
    assert len({i.id for i in ideas}) == len(ideas)
    for idea in ideas:
        assert idea.description.endswith(".") and len(idea.description) < 200, idea.id
        assert idea.source, idea.id


def test_named_ideas_from_the_brief():
    titles = {i.title for i in change_ideas()}
    assert "Brøset Violence Checklist every shift" in titles
    assert "Safety huddle every shift" in titles
    # The ten Safewards interventions (Bowers et al. 2015).
    assert len(change_ideas("safewards")) == 10


def test_library_measures_are_fully_defined():
    for m in measures():
        assert m.type and m.source, m.name
        assert [p.level for p in m.feedback()] == ["ok"], m.name


def test_library_chart_types_follow_the_chooser():
    data_type = {
        "rate": "rate",
        "percentage": "percentage",
        "count": "count",
        "average": "continuous",
        "time between": "time between",
    }
    for m in measures():
        assert m.chart_type == choose_chart(data_type[m.form]).chart, m.name


def test_reference_examples_present():
    # QI_REFERENCE 4.1: sexual incidents are rare, so chart the time between them.
    sexual = measures("sexual_safety")
    assert [m.chart_type for m in sexual if m.type == "outcome"] == ["t"]
    assert any(m.name == "% of shifts with a safety huddle" for m in measures("safety_huddles"))


def test_unknown_work_stream():
    with pytest.raises(DataError, match="work stream"):
        change_ideas("gardening")


def test_copies_are_fresh():
    first = measures("falls")[0]
    first.name = "changed"
    assert measures("falls")[0].name != "changed"
