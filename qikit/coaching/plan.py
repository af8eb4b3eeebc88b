"""Prompts from the team's plan: the aim and the family of measures.

The aim is judged by the aim's own coaching feedback (:meth:`qikit.improve.Aim.feedback`), so the
team's card and the aim app never disagree; these prompts only pick the gaps a coach raises first.
"""

from __future__ import annotations

import datetime as dt

from qikit.coaching.prompt import SOURCES, Prompt
from qikit.coaching.team import TeamThread
from qikit.improve.measures import MEASURE_TYPES

AIM_RULES = {
    "aim_date": "An aim says by when (a date).",
    "aim_number": "An aim says how much (a number to reach, or a percentage change).",
    "aim_who_where": "An aim says for whom and where (the patients and the ward).",
}
FAMILY_RULE = (
    "A project has a family of measures: usually one outcome measure, with at least one "
    "process and one balancing measure."
)
FAMILY_QUESTIONS = {
    "outcome": (
        "You have no outcome measure: how will you know the ward is better for patients and "
        "staff? Add one measure of the result your aim names."
    ),
    "process": (
        "You have no process measure: how will you know the change is being done, shift by "
        "shift? Add a measure of the step you are changing."
    ),
    "balancing": (
        "You have no balancing measure: how will you know the change is not causing a problem "
        "somewhere else? Add one, such as staff injuries, rapid tranquillisation or seclusion."
    ),
}


def _aim_prompt(rule: str, text: str, severity: str = "medium") -> Prompt:
    return Prompt(
        text=text,
        rule=rule,
        rule_words=AIM_RULES.get(rule, "A project starts with an aim."),
        source=SOURCES["aim"],
        kind="aim",
        severity=severity,
    )


def aim_prompts(team: TeamThread, today: dt.date) -> list[Prompt]:
    """The aim's missing date, number, or who and where (or no aim at all)."""
    if team.aim is None or not (team.aim.text() or team.aim.what):
        return [
            _aim_prompt(
                "aim_missing",
                "Your project has no aim yet: what are you trying to accomplish, how much, by "
                "when, for whom and where?",
                "high",
            )
        ]
    points = {}
    for point in team.aim.feedback(today):  # the first point on each part is its presence check
        points.setdefault(point.field, point)
    points = {name: p for name, p in points.items() if p.level != "ok"}
    prompts = []
    if "by_when" in points:
        when = team.aim.by_when
        text = (
            f"Your aim has no date. {points['by_when'].message}"
            if when is None
            else f"Your aim's date, {when.day} {when:%B %Y}, has passed: set a new date."
        )
        prompts.append(_aim_prompt("aim_date", text))
    if "how_much" in points:
        prompts.append(
            _aim_prompt(
                "aim_number", f"Your aim has no number to reach. {points['how_much'].message}"
            )
        )
    gaps = [g for g in ("for_whom", "where") if g in points]
    if gaps:
        lead = {
            ("for_whom",): "Your aim does not say who it is for.",
            ("where",): "Your aim does not say where.",
            ("for_whom", "where"): "Your aim does not say who it is for or where.",
        }[tuple(gaps)]
        said = " ".join(points[g].message for g in gaps)
        prompts.append(_aim_prompt("aim_who_where", f"{lead} {said}"))
    return prompts


def family_prompts(team: TeamThread, today: dt.date) -> list[Prompt]:
    """A missing outcome, process or balancing measure (or no measures at all)."""
    if not team.measures:
        return [
            Prompt(
                text=(
                    "You have no measures yet: how will you know that a change is an "
                    "improvement? Plan an outcome, a process and a balancing measure."
                ),
                rule="measures_none",
                rule_words=FAMILY_RULE,
                source=SOURCES["family"],
                kind="measures",
                severity="high",
            )
        ]
    have = {m.type for m in team.measures}
    found = ", ".join(sorted(t for t in have if t)) or "no measure with a type"
    return [
        Prompt(
            text=f"{FAMILY_QUESTIONS[kind]} (Your measures now: {found}.)",
            rule=f"family_{kind}",
            rule_words=FAMILY_RULE,
            source=SOURCES["family"],
            kind="measures",
            severity="medium",
        )
        for kind in MEASURE_TYPES
        if kind not in have
    ]
