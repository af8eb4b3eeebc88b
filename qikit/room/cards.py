"""The facilitator's room: one card per team, from the team's latest project.

A card holds the team's name, trust and work stream, its aim, its family of measures (outcome,
process, balancing) each with a small chart and the variation icon of its latest point, the PDSA
cycles run this month with their size, when the team last saved, and the coaching prompts from
its data. :func:`room_cards` makes every card a page may see; :func:`team_stamps` and
:func:`last_change` read only the teams and projects tables, so a page can ask often whether
anything was saved since it last drew.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from qikit import coaching, icons, thread
from qikit.coaching import Prompt, TeamThread
from qikit.errors import DataError
from qikit.improve import PDSA, Measure
from qikit.improve.pdsa import SCALES

log = logging.getLogger("qikit.room")

#: Shown in place of the aim when the team has not written one.
NO_AIM = "No aim yet"
#: Said of a cycle whose scale was left blank.
NO_SIZE = "size not recorded"
#: The size of a measure's plotting area on a card, in pixels (width, height).
CARD_CHART = (300, 130)
#: Dates and times are said as they are on the ward.
UK_TIME = ZoneInfo("Europe/London")
#: How a saved time is written in the workspace (UTC).
STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
#: The words for every value of a filter.
ALL = "All"


@dataclass(frozen=True)
class MeasureCard:
    """One measure on a card: its name, place in the family, weeks, icon and small chart."""

    measure_id: str
    name: str
    #: "outcome", "process" or "balancing" (or "" when the plan does not say).
    role: str
    weeks: int
    #: The variation icon of the latest point ("" when the measure has no chart yet).
    variation: str = ""
    #: The small chart (an Altair chart drawn by :func:`qikit.thread.measure_chart`), or None.
    chart: Any = None
    #: Why there is no chart, in words ("" when there is one).
    note: str = ""

    @property
    def variation_words(self) -> str:
        return icons.VARIATION_WORDS.get(self.variation, "")

    @property
    def spec(self) -> dict[str, Any] | None:
        """The chart as a Vega-Lite specification (None when there is no chart)."""
        return None if self.chart is None else self.chart.to_dict()


@dataclass(frozen=True)
class CycleCard:
    """A PDSA cycle run this month: its number, the change tested, its size and dates."""

    number: int
    change_idea: str
    #: The scale of the test in words ("one shift", "the whole ward"), as the PDSA records it.
    size: str
    start: dt.date | None
    end: dt.date | None

    def words(self) -> str:
        """ "Cycle 2, Safety huddle: one shift, from 2 Mar 2026"."""
        idea = f", {self.change_idea}" if self.change_idea else ""
        when = f", from {uk_date(self.start)}" if self.start else ""
        if self.end:
            when += f" to {uk_date(self.end)}"
        return f"Cycle {self.number}{idea}: {self.size}{when}"


@dataclass
class TeamCard:
    """One team's card, from its latest project ("" for a team with no project yet)."""

    team_id: str
    team: str
    trust: str
    work_stream: str
    project_id: str
    project: str
    aim: str
    measures: list[MeasureCard] = field(default_factory=list)
    cycles: list[CycleCard] = field(default_factory=list)
    #: When the team last saved, as stored (UTC text); compare with :func:`team_stamps`.
    saved_at: str = ""
    #: The same in words: "12 minutes ago", "3 Dec 2026".
    last_change: str = ""
    prompts: list[Prompt] = field(default_factory=list)

    @property
    def has_aim(self) -> bool:
        return self.aim != NO_AIM

    @property
    def work_stream_name(self) -> str:
        """The work stream as the change package names it ("Sexual safety")."""
        return stream_name(self.work_stream)


def stream_name(key: str) -> str:
    """A work stream's name from its key ("" stays "")."""
    from qikit.improve.library import work_streams

    return work_streams().get(key, key)


def uk_date(day: dt.date) -> str:
    """A date as a ward writes it: "3 Dec 2026"."""
    return f"{day.day} {day:%b %Y}"


def saved_time(stamp: str) -> dt.datetime | None:
    """A stored time (UTC text) as a time, or None when it cannot be read."""
    try:
        return dt.datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=dt.UTC)
    except (TypeError, ValueError):
        return None


def when_words(stamp: str, now: dt.datetime | None = None) -> str:
    """How long ago a stored time was: "just now", "12 minutes ago", "3 hours ago", or its
    date ("3 Dec 2026") once a day or more has passed."""
    when = saved_time(stamp)
    if when is None:
        return "not known"
    now = now or dt.datetime.now(dt.UTC)
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    if seconds < 86400:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    return uk_date(when.astimezone(UK_TIME).date())


def ran_this_month(cycle: PDSA, today: dt.date) -> bool:
    """Whether a cycle ran in today's calendar month: it began this month (by today), or began
    earlier and ends this month or later. A cycle with no start date has not run."""
    if cycle.start_date is None or cycle.start_date > today:
        return False
    return (cycle.end_date or cycle.start_date) >= today.replace(day=1)


def cycle_size(cycle: PDSA) -> str:
    """The scale of a cycle in words, from the same list the PDSA worksheet offers."""
    return SCALES.get(cycle.scale, NO_SIZE) if cycle.scale else NO_SIZE


def cycles_this_month(cycles: Iterable[PDSA], today: dt.date) -> list[CycleCard]:
    """The cycles that ran this month, in the order they began."""
    chosen = sorted(
        (c for c in cycles if ran_this_month(c, today)),
        key=lambda c: (c.start_date, c.cycle_number),
    )
    return [
        CycleCard(c.cycle_number, c.change_idea, cycle_size(c), c.start_date, c.end_date)
        for c in chosen
    ]


def team_stamps(workspace: Any) -> dict[str, str]:
    """Each team's last save (its own details or any of its projects), by team id."""
    stamps = {t.id: t.updated_at for t in workspace.teams()}
    for project in workspace.projects():
        if project.team_id in stamps:
            stamps[project.team_id] = max(stamps[project.team_id], project.updated_at)
    return stamps


def last_change(workspace: Any) -> str:
    """The latest save over every team and project ("" in an empty workspace): when it differs
    from the last one seen, something was saved."""
    stamps = team_stamps(workspace)
    return f"{max(stamps.values(), default='')}/{len(stamps)}"


def sees_team(viewer: Any, team_id: str) -> bool:
    """Whether a page (a :class:`qikit.apps.team_access.Viewer`, or None for everyone) sees
    the team's card: the facilitator and a personal workspace see every team."""
    if viewer is None or viewer.facilitator or not viewer.shared:
        return True
    return viewer.team is not None and viewer.team.id == team_id


def waiting_words(weeks: int) -> str:
    """Why a measure has no chart yet: "1 week of data so far; a chart needs 2."."""
    return (
        f"{weeks} week{'s' if weeks != 1 else ''} of data so far; a chart needs "
        f"{thread.FEWEST_POINTS}."
    )


def measure_card(workspace: Any, measure: Measure, weeks: int) -> MeasureCard:
    """A measure with its small chart and variation icon; a note instead when it cannot be
    charted yet."""
    base = {"measure_id": measure.id, "name": measure.name or "Measure", "role": measure.type}
    if weeks < thread.FEWEST_POINTS:
        return MeasureCard(**base, weeks=weeks, note=waiting_words(weeks))
    width, height = CARD_CHART
    try:
        charted = thread.measure_chart(workspace, measure.id, width=width, height=height)
        variation = icons.kind(charted.result, "variation_icon")
    except DataError as error:
        return MeasureCard(**base, weeks=weeks, note=str(error))
    except Exception:  # one measure never keeps the card from showing
        log.exception("The room card could not chart measure %s", measure.id)
        return MeasureCard(**base, weeks=weeks, note="This chart could not be drawn.")
    # On a card the title is the measure's name alone: the icon and its words say the finding.
    chart = charted.chart.properties(title=base["name"])
    return MeasureCard(**base, weeks=weeks, variation=variation, chart=chart)


def _prompts(team: TeamThread, today: dt.date, project_id: str) -> list[Prompt]:
    try:
        return coaching.prompts(team, today)
    except Exception:  # the card shows without its prompts
        log.exception("Coaching prompts for project %s could not be read", project_id)
        return []


def team_card(
    workspace: Any,
    team: Any,
    projects: list[Any] | None = None,
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> TeamCard:
    """One team's card from its latest project (``projects``: the team's projects, read from
    the workspace when not given)."""
    now = now or dt.datetime.now(dt.UTC)
    today = today or now.astimezone(UK_TIME).date()
    if projects is None:
        projects = workspace.projects(team.id)
    latest = max(projects, key=lambda p: p.updated_at) if projects else None
    saved_at = max([team.updated_at, *(p.updated_at for p in projects)])
    card = TeamCard(
        team_id=team.id,
        team=team.name,
        trust=team.trust,
        work_stream=team.work_stream,
        project_id=latest.id if latest else "",
        project=latest.name if latest else "",
        aim=NO_AIM,
        saved_at=saved_at,
        last_change=when_words(saved_at, now),
    )
    if latest is None:
        return card
    found = coaching.read_thread(workspace, latest.id)
    card.aim = (found.aim.text() if found.aim else "") or NO_AIM
    card.measures = [
        measure_card(workspace, m, len(found.table(m))) for m in thread.family(found.measures)
    ]
    card.cycles = cycles_this_month(found.cycles, today)
    card.prompts = _prompts(found, today, latest.id)
    return card


def room_cards(
    workspace: Any,
    viewer: Any = None,
    today: dt.date | None = None,
    *,
    trust: str = ALL,
    work_stream: str = ALL,
    now: dt.datetime | None = None,
) -> list[TeamCard]:
    """A card for every team the page sees (``viewer``: a
    :class:`qikit.apps.team_access.Viewer`, None for everyone), by team name, keeping those of
    the chosen trust and work stream (:data:`ALL` keeps every one)."""
    teams = [t for t in workspace.teams() if sees_team(viewer, t.id)]
    teams = filter_cards(teams, trust, work_stream)
    by_team: dict[str, list[Any]] = {}
    for project in workspace.projects():
        by_team.setdefault(project.team_id, []).append(project)
    return [team_card(workspace, t, by_team.get(t.id, []), today=today, now=now) for t in teams]


def filter_cards(cards: Iterable[Any], trust: str = ALL, work_stream: str = ALL) -> list[Any]:
    """The cards (or teams) of one trust and one work stream; :data:`ALL` keeps every one."""
    return [c for c in cards if trust in (ALL, c.trust) and work_stream in (ALL, c.work_stream)]


def choices(cards: Iterable[TeamCard], name: str) -> list[str]:
    """The trusts (``name="trust"``) or work streams (``"work_stream"``) on the cards, A to Z,
    leaving out blanks."""
    return sorted({getattr(c, name) for c in cards if getattr(c, name)}, key=str.casefold)
