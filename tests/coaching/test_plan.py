"""Aim and family-of-measures prompts, each tested firing and quiet."""

from __future__ import annotations

import datetime as dt

from qikit.coaching import project_prompts
from qikit.improve import Aim
from tests.coaching.teams import FULL_AIM, build, family, measure

TODAY = dt.date(2026, 6, 1)


def rules(workspace, project_id, kind):
    return {p.rule: p for p in project_prompts(workspace, project_id, TODAY) if p.kind == kind}


def test_a_full_aim_and_family_stay_quiet(tmp_path):
    ws, pid, _ = build(tmp_path, measures=family())
    assert rules(ws, pid, "aim") == {}
    assert rules(ws, pid, "measures") == {}


def test_an_aim_with_no_date(tmp_path):
    aim = Aim(**{**FULL_AIM.to_dict(), "by_when": None})
    ws, pid, _ = build(tmp_path, aim=aim, measures=family())
    found = rules(ws, pid, "aim")
    assert list(found) == ["aim_date"]
    assert (
        found["aim_date"].text == "Your aim has no date. Add a date: by when? Soon is not a time."
    )
    assert "Berwick" in found["aim_date"].source and "Langley" in found["aim_date"].source


def test_an_aim_whose_date_has_passed(tmp_path):
    aim = Aim(**{**FULL_AIM.to_dict(), "by_when": "31/03/2026"})
    ws, pid, _ = build(tmp_path, aim=aim, measures=family())
    assert rules(ws, pid, "aim")["aim_date"].text == (
        "Your aim's date, 31 March 2026, has passed: set a new date."
    )


def test_a_typed_aim_with_no_number_and_no_one_it_is_for(tmp_path):
    # "Cedar ward" says where; nothing says who, and "reduce" has no number or date.
    ws, pid, _ = build(tmp_path, aim=Aim.from_text("Reduce violence on Cedar ward"),
                       measures=family())  # fmt: skip
    found = rules(ws, pid, "aim")
    assert sorted(found) == ["aim_date", "aim_number", "aim_who_where"]
    assert found["aim_number"].text.startswith("Your aim has no number to reach. 'Reduce' on its")
    assert found["aim_who_where"].text.startswith("Your aim does not say who it is for. Say who")


def test_no_aim_at_all(tmp_path):
    ws, pid, _ = build(tmp_path, aim=None, measures=family())
    found = rules(ws, pid, "aim")
    assert list(found) == ["aim_missing"]
    assert found["aim_missing"].severity == "high"


def test_an_outcome_measure_with_no_balancing_or_process_measure(tmp_path):
    ws, pid, _ = build(tmp_path, measures=[measure()])
    found = rules(ws, pid, "measures")
    assert sorted(found) == ["family_balancing", "family_process"]
    assert found["family_balancing"].text.startswith("You have no balancing measure")
    assert found["family_balancing"].text.endswith("(Your measures now: outcome.)")
    assert found["family_process"].source == (
        "Family of measures: outcome, process and balancing (Langley et al. 2009; IHI)"
    )


def test_no_measures_is_one_prompt_not_three(tmp_path):
    ws, pid, _ = build(tmp_path)
    assert list(rules(ws, pid, "measures")) == ["measures_none"]


def test_an_aim_known_only_from_the_driver_diagram_is_read_from_its_sentence(tmp_path):
    from qikit.improve import DriverDiagram

    ws, pid, _ = build(tmp_path, aim=None, measures=family())
    ws.save(
        pid, DriverDiagram(aim="Reduce violence for patients on Cedar ward by 30% by 31/03/2027")
    )
    assert rules(ws, pid, "aim") == {}
    ws.save(pid, DriverDiagram(aim="Reduce violence on Cedar ward"))  # the newest is read
    assert "aim_date" in rules(ws, pid, "aim")
