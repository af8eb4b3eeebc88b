"""PDSA prompts: scaling up too fast, a prediction never studied, a measure with no cycle."""

from __future__ import annotations

import datetime as dt

from qikit.coaching import project_prompts
from tests.coaching.teams import build, cycle, measure, predicted

TODAY = dt.date(2026, 6, 1)


def fired(workspace, project_id, rule):
    return [p for p in project_prompts(workspace, project_id, TODAY) if p.rule == rule]


def test_three_cycles_straight_to_the_whole_ward(tmp_path):
    cycles = [cycle(n, 4 * n, scale="one_ward") for n in (1, 2, 3)]
    ws, pid, _ = build(tmp_path, cycles=cycles)
    [prompt] = fired(ws, pid, "scale_too_fast")
    assert prompt.text == (
        "Three cycles of 'Safety huddle' (cycles 1, 2, 3) each went to the whole ward at once, "
        "with none on one patient or one shift first: try the next one on one shift, learn, "
        "then grow it."
    )
    assert (prompt.cycle_number, prompt.change_idea, prompt.kind) == (3, "Safety huddle", "pdsa")
    assert "Taylor et al. 2014" in prompt.source


def test_wider_than_the_ward_counts_too(tmp_path):
    cycles = [cycle(1, 2, scale="one_ward"), cycle(2, 6, scale="several_wards")]
    ws, pid, _ = build(tmp_path, cycles=cycles)
    [prompt] = fired(ws, pid, "scale_too_fast")
    assert prompt.text.startswith("Two cycles of 'Safety huddle' (cycles 1, 2) each went to the "
                                  "whole ward or wider at once")  # fmt: skip


def test_a_ramp_that_starts_on_one_shift_stays_quiet(tmp_path):
    cycles = [cycle(1, 2, scale="one_shift"), cycle(2, 4, scale="one_ward"),
              cycle(3, 6, scale="one_ward")]  # fmt: skip
    ws, pid, _ = build(tmp_path, cycles=cycles)
    assert fired(ws, pid, "scale_too_fast") == []


def test_one_whole_ward_cycle_stays_quiet(tmp_path):
    ws, pid, _ = build(tmp_path, cycles=[cycle(1, 2, scale="one_ward")])
    assert fired(ws, pid, "scale_too_fast") == []


def test_a_finished_cycle_with_a_prediction_and_no_study(tmp_path):
    ended = cycle(1, 0, end_date=dt.date(2026, 1, 18), questions=predicted())
    ws, pid, _ = build(tmp_path, cycles=[ended])
    [prompt] = fired(ws, pid, "study_missing")
    assert prompt.text == (
        "Cycle 1 ('Safety huddle') predicted 'Incidents will fall' but has no Study or Act "
        "written: what happened, was it as you predicted, and will you adopt, adapt or abandon it?"
    )
    assert prompt.date == dt.date(2026, 1, 18)


def test_a_studied_cycle_with_no_decision(tmp_path):
    studied = cycle(1, 0, end_date=dt.date(2026, 1, 18), questions=predicted(),
                    study_learned="Fewer incidents on the huddle shifts")  # fmt: skip
    ws, pid, _ = build(tmp_path, cycles=[studied])
    [prompt] = fired(ws, pid, "study_missing")
    assert "has no Act written: will you adopt, adapt or abandon it" in prompt.text


def test_studied_and_acted_or_still_running_stays_quiet(tmp_path):
    done = cycle(1, 0, end_date=dt.date(2026, 1, 18), questions=predicted(),
                 study_learned="As predicted", act_decision="adapt")  # fmt: skip
    running = cycle(2, 20, end_date=dt.date(2026, 6, 14), questions=predicted())
    recent = cycle(3, 19, questions=predicted(), change_idea="Calm box")  # begun 11 May: 21 days
    ws, pid, _ = build(tmp_path, cycles=[done, running, recent])
    assert fired(ws, pid, "study_missing") == []


def test_a_cycle_is_due_its_study_four_weeks_on_or_once_the_next_has_begun(tmp_path):
    old = cycle(1, 17, questions=predicted(), change_idea="Calm box")  # 27 April: 35 days ago
    first = cycle(2, 20, questions=predicted())  # 25 May, no end date, 7 days ago
    second = cycle(3, 21)  # 1 June: begun today, so cycle 2 is due
    ws, pid, _ = build(tmp_path, cycles=[old, first, second])
    assert [p.cycle_number for p in fired(ws, pid, "study_missing")] == [1, 2]


def test_a_measure_with_data_and_no_linked_cycle(tmp_path):
    ws, pid, [outcome, balancing, empty] = build(
        tmp_path,
        measures=[measure(), measure("Rapid tranquillisation", "balancing"),
                  measure("Falls", "balancing")],
        weeks={0: [4, 5, 3], 1: [1, 0, 2]},
    )  # fmt: skip
    found = {p.measure_id: p for p in fired(ws, pid, "no_linked_cycle")}
    assert set(found) == {outcome.id, balancing.id}  # "Falls" has no data: nothing to link yet
    assert found[outcome.id].text == (
        "'Violent incidents' has 3 weeks of data but no PDSA cycle is linked to it: link the "
        "cycles you expect to move it, so they show on its chart."
    )
    assert "the cycles that might affect it" in found[balancing.id].text


def test_a_linked_measure_stays_quiet(tmp_path):
    ws, pid, _ = build(tmp_path, measures=[measure()], weeks={0: [4, 5, 3]},
                       cycles=[cycle(1, 1)], link=[0])  # fmt: skip
    assert fired(ws, pid, "no_linked_cycle") == []
