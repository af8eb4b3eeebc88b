"""Prompts from the team's PDSA cycles: scaling up too fast, a prediction never studied, and a
measure with weeks of data but no cycle linked to it."""

from __future__ import annotations

import datetime as dt

from qikit.coaching.prompt import SOURCES, Prompt, count_words, plural
from qikit.coaching.team import TeamThread, cycle_order
from qikit.improve import PDSA
from qikit.improve.pdsa import SCALES, scale_rank

#: A test on this scale or larger is "the whole ward at once".
WHOLE_WARD = "one_ward"
#: A test on this scale or smaller is a small first test (one patient, a few people, one shift).
SMALL_FIRST = "one_shift"
#: This many whole-ward cycles of one change idea, with no small test before them, raise a prompt.
TOO_FAST = 2
#: A cycle with no end date is due its Study this many days after it began.
STUDY_DUE_DAYS = 28

SCALE_RULE = (
    f"A change idea is tested small first (one patient, a few people or one shift) and grows "
    f"step by step; {TOO_FAST} or more cycles straight to the whole ward, with no small test "
    "before them, is scaling up too fast."
)
STUDY_RULE = (
    "A cycle with a prediction is studied (the results compared with the prediction) and acted "
    f"on (adopt, adapt or abandon) once it has ended, or {STUDY_DUE_DAYS} days after it began, "
    "or once a later cycle of the same idea has begun."
)
LINK_RULE = (
    "A measure with data has at least one PDSA cycle linked to it, so the chart shows what was "
    "tested when."
)


def _idea(cycle: PDSA) -> str:
    return cycle.change_idea.strip().casefold()


def scale_prompts(team: TeamThread, today: dt.date) -> list[Prompt]:
    """Change ideas whose cycles went to the whole ward, several times, before any small test."""
    ideas: dict[str, list[PDSA]] = {}
    for cycle in sorted(team.cycles, key=cycle_order):
        ideas.setdefault(_idea(cycle), []).append(cycle)
    prompts = []
    for cycles in ideas.values():
        big: list[PDSA] = []
        for cycle in cycles:
            if not cycle.scale:
                continue
            if scale_rank(cycle.scale) <= scale_rank(SMALL_FIRST):
                break
            if scale_rank(cycle.scale) >= scale_rank(WHOLE_WARD):
                big.append(cycle)
        if len(big) < TOO_FAST:
            continue
        where = (
            SCALES[WHOLE_WARD]
            if all(c.scale == WHOLE_WARD for c in big)
            else f"{SCALES[WHOLE_WARD]} or wider"
        )
        idea = big[0].change_idea
        of = f" of '{idea}'" if idea else ""
        numbers = ", ".join(str(c.cycle_number) for c in big)
        prompts.append(
            Prompt(
                text=(
                    f"{count_words(len(big))} cycles{of} (cycles {numbers}) each went to {where} "
                    "at once, with none on one patient or one shift first: try the next one on "
                    "one shift, learn, then grow it."
                ),
                rule="scale_too_fast",
                rule_words=SCALE_RULE,
                source=SOURCES["ramps"],
                kind="pdsa",
                severity="medium",
                cycle_id=big[-1].id,
                cycle_number=big[-1].cycle_number,
                change_idea=idea,
                date=big[0].start_date,
            )
        )
    return prompts


def _studied(cycle: PDSA) -> bool:
    return bool(cycle.study_learned or any(q.result for q in cycle.questions))


def _due(cycle: PDSA, later_started: bool, today: dt.date) -> bool:
    if later_started:
        return True
    if cycle.end_date is not None:
        return cycle.end_date < today
    return cycle.start_date is not None and (today - cycle.start_date).days >= STUDY_DUE_DAYS


def study_prompts(team: TeamThread, today: dt.date) -> list[Prompt]:
    """Cycles with a prediction that are due a Study or an Act and have none written."""
    prompts = []
    cycles = sorted(team.cycles, key=cycle_order)
    for i, cycle in enumerate(cycles):
        predicted = [q for q in cycle.questions if q.prediction]
        if not predicted:
            continue
        later = any(
            _idea(c) == _idea(cycle) and c.start_date is not None and c.start_date <= today
            for c in cycles[i + 1 :]
        )
        if not _due(cycle, later, today):
            continue
        studied, acted = _studied(cycle), bool(cycle.act_decision)
        if studied and acted:
            continue
        gap = "Study or Act" if not studied and not acted else ("Study" if not studied else "Act")
        idea = f" ('{cycle.change_idea}')" if cycle.change_idea else ""
        ask = (
            "what happened, was it as you predicted, and will you adopt, adapt or abandon it?"
            if not studied
            else "will you adopt, adapt or abandon it, and what is the next cycle?"
        )
        prompts.append(
            Prompt(
                text=(
                    f"Cycle {cycle.cycle_number}{idea} predicted '{predicted[0].prediction}' but "
                    f"has no {gap} written: {ask}"
                ),
                rule="study_missing",
                rule_words=STUDY_RULE,
                source=SOURCES["study"],
                kind="pdsa",
                severity="medium",
                cycle_id=cycle.id,
                cycle_number=cycle.cycle_number,
                change_idea=cycle.change_idea,
                date=cycle.end_date or cycle.start_date,
            )
        )
    return prompts


def link_prompts(team: TeamThread, today: dt.date) -> list[Prompt]:
    """Measures with weeks of data and no PDSA cycle linked to them."""
    prompts = []
    for measure in team.measures:
        weeks = len(team.table(measure))
        if not weeks or team.linked_to(measure):
            continue
        which = (
            "the cycles that might affect it"
            if measure.type == "balancing"
            else "the cycles you expect to move it"
        )
        prompts.append(
            Prompt(
                text=(
                    f"'{measure.name}' has {plural(weeks, 'week')} of data but no PDSA cycle is "
                    f"linked to it: link {which}, so they show on its chart."
                ),
                rule="no_linked_cycle",
                rule_words=LINK_RULE,
                source=SOURCES["linked"],
                kind="pdsa",
                severity="low",
                measure_id=measure.id,
                measure_name=measure.name,
            )
        )
    return prompts
