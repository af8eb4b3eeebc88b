"""Coaching prompts from a team's own data: what a QI coach would ask, and why.

``project_prompts(workspace, project_id)`` reads the team's thread (aim, measures and their
weeks, PDSA cycles) and returns :class:`Prompt` objects, each with the rule that produced it and
where the rule comes from. ``prompts(team)`` does the same for a :class:`TeamThread` built in
memory. ``as_html`` and ``as_markdown`` lay them out for a team's card or a facilitator's notes,
and ``for_measure`` picks those about one measure for its chart. The rules are listed in
:data:`RULES`, one small function each:

======================  =========================================================================
``signal_*``            a shift or long run, trend, point outside the limits, two of three near a
                        limit or too few crossings on a measure (the SPC engine's signals, read
                        with the measure's own rules), asked against the cycle just before it
``aim_*``               the aim has no date (or it has passed), no number, no who or where
``measures_none``,      no measures, or no outcome, process or balancing measure
``family_*``
``scale_too_fast``      several cycles of an idea straight to the whole ward, none small first
``study_missing``       a cycle with a prediction but no Study or Act, once it is due
``no_linked_cycle``     a measure with data but no PDSA cycle linked to it
``too_early``           fewer than 10 weeks of data: too early to judge
``no_recent_data``      nothing entered for 3 or more weeks
======================  =========================================================================
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from qikit.coaching.cycles import link_prompts, scale_prompts, study_prompts
from qikit.coaching.data import stale_prompts, too_early_prompts
from qikit.coaching.plan import aim_prompts, family_prompts
from qikit.coaching.prompt import KINDS, SEVERITIES, SOURCES, Prompt
from qikit.coaching.signals import signal_prompts
from qikit.coaching.team import TeamThread, read_thread

Rule = Callable[[TeamThread, dt.date], list[Prompt]]

#: Every rule, in the order a coach raises them (signals first, housekeeping last).
RULES: dict[str, Rule] = {
    "signals": signal_prompts,
    "aim": aim_prompts,
    "family": family_prompts,
    "scale": scale_prompts,
    "study": study_prompts,
    "stale": stale_prompts,
    "too_early": too_early_prompts,
    "links": link_prompts,
}


def prompts(team: TeamThread, today: dt.date | None = None) -> list[Prompt]:
    """Every prompt for a team's thread, high severity first, then in the order of
    :data:`RULES`."""
    today = today or dt.date.today()
    found = [p for rule in RULES.values() for p in rule(team, today)]
    return sorted(found, key=lambda p: SEVERITIES.index(p.severity))


def project_prompts(workspace: Any, project_id: str, today: dt.date | None = None) -> list[Prompt]:
    """Every prompt for one project in a workspace (:class:`qikit.store.Workspace`)."""
    return prompts(read_thread(workspace, project_id), today)


def for_measure(found: list[Prompt], measure_id: str) -> list[Prompt]:
    """The prompts about one measure (for the measure's own chart in an app)."""
    return [p for p in found if p.measure_id == measure_id]


def as_markdown(found: list[Prompt]) -> str:
    """The prompts as a bullet list a facilitator can paste into notes."""
    if not found:
        return "- Nothing to raise from the team's data today."
    return "\n".join(p.markdown() for p in found)


def as_html(found: list[Prompt]) -> str:
    """The prompts as an HTML list for a team's card or an app: each prompt's text, with its rule
    and source one click away (a ``<details>``), no scripts and no external files."""
    e = html.escape
    if not found:
        return '<p class="qikit-coaching-none">Nothing to raise from the team\'s data today.</p>'
    items = [
        f'<li class="qikit-coaching-prompt qikit-coaching-{e(p.severity)}">{e(p.text)}'
        f"<details><summary>Why this prompt</summary><p>Rule: {e(p.rule_words)}</p>"
        f"<p>Source: {e(p.source)}</p></details></li>"
        for p in found
    ]
    return '<ul class="qikit-coaching">' + "".join(items) + "</ul>"


__all__ = [
    "KINDS",
    "RULES",
    "SEVERITIES",
    "SOURCES",
    "Prompt",
    "TeamThread",
    "as_html",
    "as_markdown",
    "for_measure",
    "project_prompts",
    "prompts",
    "read_thread",
]
