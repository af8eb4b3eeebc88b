import datetime as dt

import pytest

from qikit.errors import DataError
from qikit.improve import Aim

TODAY = dt.date(2026, 11, 25)


def levels(aim, today=TODAY):
    """Field -> list of levels, from the feedback."""
    found = {}
    for point in aim.feedback(today=today):
        found.setdefault(point.field, []).append(point.level)
    return found


def good_aim(**changes):
    values = dict(
        what="physical violence",
        direction="reduce",
        baseline=12.1,
        how_much=8,
        units="per 1,000 occupied bed days",
        by_when="2027-03-31",
        for_whom="adults admitted to the ward",
        where="Oak ward",
        contributors=[{"role": "registered nurse"}, {"role": "patient", "name": "J"}],
    )
    values.update(changes)
    return Aim(**values)


def test_a_complete_aim_is_all_ok():
    points = good_aim().feedback(today=TODAY)
    assert {p.level for p in points} == {"ok"}


def test_written_sentence_from_parts():
    assert good_aim().text() == (
        "Reduce physical violence for adults admitted to the ward on Oak ward from 12.1 to 8 "
        "per 1,000 occupied bed days by 31 March 2027."
    )


def test_vague_verb_alone_is_flagged():
    aim = Aim.from_text("Improve safety on Oak ward for our patients by March 2027")
    found = levels(aim)
    assert found["how_much"] == ["missing"]
    message = [p.message for p in aim.feedback(today=TODAY) if p.field == "how_much"][0]
    assert "'Improve' on its own" in message
    assert "Some is not a number" in message


def test_no_date_is_flagged():
    aim = Aim.from_text("Reduce restraint on Oak ward by 25% for adult patients")
    assert levels(aim)["by_when"] == ["missing"]


def test_free_text_aim_with_everything():
    aim = Aim.from_text(
        "Reduce physical violence on Oak ward from 12 to 8 per 1,000 occupied bed days by "
        "31 March 2027 for adult patients"
    )
    found = levels(aim)
    for name in ("what", "how_much", "by_when", "for_whom", "where"):
        assert found[name] == ["ok"], name


def test_no_population_and_no_place():
    aim = good_aim(for_whom="", where="")
    found = levels(aim)
    assert found["for_whom"] == ["missing"]
    assert found["where"] == ["missing"]


def test_target_equal_to_baseline_is_not_a_change():
    aim = good_aim(how_much=12.1)
    assert "missing" in levels(aim)["how_much"]
    assert any("not a change" in p.message for p in aim.feedback(today=TODAY))


def test_target_in_the_wrong_direction():
    aim = good_aim(how_much=15)
    assert any("higher than the baseline" in p.message for p in aim.feedback(today=TODAY))
    aim = good_aim(direction="increase", how_much=5)
    assert any("lower than the baseline" in p.message for p in aim.feedback(today=TODAY))


def test_zero_percent_is_not_a_change_and_percent_target():
    assert "missing" in levels(good_aim(how_much=0, how_much_kind="percent"))["how_much"]
    aim = good_aim(how_much=25, how_much_kind="percent", baseline=12)
    assert aim.target == pytest.approx(9.0)
    assert good_aim(how_much=50, how_much_kind="percent", direction="increase").target == (
        pytest.approx(12.1 * 1.5)
    )


def test_missing_baseline_is_asked_for():
    assert levels(good_aim(baseline=None))["baseline"] == ["improve"]


def test_past_date():
    assert levels(good_aim(by_when="2026-01-01"))["by_when"] == ["improve"]


def test_vague_amount_words():
    aim = Aim.from_text("Significantly reduce restraint on Oak ward for patients soon")
    message = [p for p in aim.feedback(today=TODAY) if p.field == "statement"][0].message
    assert "significantly" in message and "soon" in message


def test_coproduction():
    assert levels(good_aim(contributors=[]))["contributors"] == ["missing"]
    staff_only = good_aim(contributors=[{"role": "ward manager"}])
    assert levels(staff_only)["contributors"] == ["improve"]
    carer = good_aim(contributors=[{"role": "carer"}])
    assert levels(carer)["contributors"] == ["ok"]


def test_round_trip_is_json_safe():
    import json

    aim = good_aim()
    data = json.loads(json.dumps(aim.to_dict()))
    assert Aim.from_dict(data) == aim
    assert data["by_when"] == "2027-03-31"


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("baseline", "twelve", "'baseline'"),
        ("by_when", "next March", "'by_when'"),
        ("direction", "sideways", "'direction'"),
        ("how_much_kind", "lots", "'how_much_kind'"),
        ("what", 42, "'what'"),
    ],
)
def test_bad_values_name_the_field(field, value, words):
    with pytest.raises(DataError, match=words):
        good_aim(**{field: value})


def test_unknown_fields_are_refused():
    with pytest.raises(DataError, match="targett"):
        Aim.from_dict({"targett": 3})


def test_numbers_typed_as_text_are_accepted():
    aim = good_aim(baseline="12.1", how_much="25%", how_much_kind="percent")
    assert aim.baseline == 12.1 and aim.how_much == 25.0
