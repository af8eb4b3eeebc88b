"""A team's own measures beside the synthetic wards on the collaborative dashboard.

The rule (said on the page, :data:`RULE`): a team's measure is drawn beside the wards' chosen
measure only when it is the same measure: the same chart (a rate per 1,000 occupied bed days, or a
percentage), the same direction of improvement, and a name that says the same thing (the key
words in :data:`KEY_WORDS`). With every measure shown, each of the team's charted measures gets a
panel of its own. Each is charted with its own settings from the measurement plan
(:func:`qikit.thread.measure_result`), as in every other app, and labelled
:data:`qikit.thread.OWN_DATA`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qikit import thread
from qikit.data.change_package import MEASURES
from qikit.errors import DataError
from qikit.improve import Measure

#: Words a team's measure name must contain to be the same measure as a collaborative column;
#: and words that make it a different one (prone restraint is not all restraint).
KEY_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "violence_incidents": (("violen",), ()),
    "restraint_episodes": (("restrain",), ("prone",)),
    "prone_restraints": (("prone",), ()),
    "seclusion_episodes": (("seclu",), ()),
    "rapid_tranquillisation": (("rapid tranquil",), ()),
    "self_harm_incidents": (("self-harm", "self harm"), ()),
    "sexual_safety_incidents": (("sexual",), ()),
    "falls": (("fall",), ()),
    "huddles_held": (("huddle",), ()),
    "observations_on_time": (("observation",), ()),
    "news2_complete": (("news2", "news 2"), ()),
    "patients_feeling_safe": (("feel safe", "feeling safe", "felt safe"), ()),
}
RULE = (
    "Your team's measure is drawn beside the wards' only when it is the same measure: the same "
    "chart (a rate per 1,000 occupied bed days, or a percentage), the same direction of "
    "improvement, and a name that says the same thing. With every measure shown, each of your "
    "measures has a panel of its own. Your charts use your measure's own settings, weekly, on "
    "the dates you entered; the wards' limits are frozen before their first test of change."
)
CHART_KIND = {"u": "rate", "up": "rate", "p": "percentage", "pp": "percentage"}


def comparable(measure: Measure, column: str) -> bool:
    """Whether a team's measure is the same measure as a collaborative column."""
    wanted = MEASURES.get(column)
    words = KEY_WORDS.get(column)
    if wanted is None or words is None:
        return False
    chosen = thread.settings(measure)
    if CHART_KIND.get(chosen.chart) != CHART_KIND.get(wanted.chart):
        return False
    if chosen.improvement != wanted.improvement:
        return False
    name = f"{measure.name} {measure.numerator}".lower()
    needed, excluded = words
    return any(w in name for w in needed) and not any(w in name for w in excluded)


def why_not(measure: Measure, column: str) -> str:
    """Why a team's measure is not drawn beside a collaborative column, in a sentence."""
    wanted = MEASURES[column]
    chosen = thread.settings(measure)
    if CHART_KIND.get(chosen.chart) != CHART_KIND.get(wanted.chart):
        kind = "a rate per 1,000 occupied bed days" if wanted.chart == "u" else "a percentage"
        return f"{measure.name}: not {kind}, so not comparable with {wanted.label}."
    if chosen.improvement != wanted.improvement:
        return f"{measure.name}: its direction of improvement differs from {wanted.label}'s."
    return f"{measure.name}: not the same measure as {wanted.label}."


@dataclass
class OwnCharts:
    """A team's measures charted for the dashboard: points to draw, rows for the signal table,
    and a sentence for each measure left out."""

    points: pd.DataFrame
    signals: pd.DataFrame
    left_out: list[str]


def _signal(points: pd.DataFrame, since: pd.Timestamp | None) -> str:
    after = points if since is None else points[pd.to_datetime(points["x"]) >= since]
    kinds = set(after["special_cause"].astype(str))
    found = {"improvement", "concern"} & kinds
    if len(found) == 2:
        return "both"
    return found.pop() if found else "none"


def own_charts(workspace, project_id: str, column: str | None = None) -> OwnCharts:
    """The project's charted measures (those comparable with ``column``, or all of them)."""
    team = ""
    project = workspace.project(project_id)
    team = next((t.name for t in workspace.teams() if t.id == project.team_id), project.name)
    frames, rows, left_out = [], [], []
    for measure, weeks in thread.charted_measures(workspace, project_id):
        if column is not None and not comparable(measure, column):
            left_out.append(why_not(measure, column))
            continue
        if weeks < thread.FEWEST_POINTS:
            left_out.append(
                f"{measure.name}: {weeks} week{'s' if weeks != 1 else ''} of data; a chart "
                f"needs at least {thread.FEWEST_POINTS}."
            )
            continue
        try:
            result, _ = thread.measure_result(measure, workspace.observation_table(measure.id))
        except DataError as error:
            left_out.append(f"{measure.name}: {error}")
            continue
        points = result.points[["x", "y", "cl", "lcl", "ucl", "special_cause"]].copy()
        points["week"] = np.arange(1, len(points) + 1)
        dates = pd.to_datetime(points["x"], errors="coerce")
        if dates.notna().all():  # the team's own weeks, on the same calendar as the wards'
            points["date"] = dates.dt.strftime("%Y-%m-%d")
            points["when"] = "Week commencing " + dates.dt.strftime("%d/%m/%Y")
        points["ward"] = f"{thread.OWN_DATA}: {team}"
        points["measure"] = column or measure.name
        points["panel"] = f"{thread.OWN_DATA}: {measure.name}"
        points["special_cause"] = points["special_cause"].astype(str).replace("", "common cause")
        marks = thread.cycle_marks(thread.linked_cycles(workspace, project_id, measure.id))
        since = marks[0][0] if marks else None
        frames.append(points.drop(columns="x"))
        summary = result.summary.sort_values("part").iloc[-1]
        rows.append(
            {
                "ward": f"{thread.OWN_DATA}: {team}",
                "trust": thread.OWN_DATA,
                "measure": column or measure.name,
                "measure_name": measure.name,
                "measure_role": measure.type,
                "signal": _signal(result.points, since),
                "variation_icon": str(summary["variation_icon"]),
            }
        )
    points = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    for name in ("y", "cl", "lcl", "ucl"):
        if name in points:
            points[name] = points[name].astype(float).replace([np.inf, -np.inf], np.nan)
    return OwnCharts(points, pd.DataFrame(rows), left_out)


def teams_with_charts(workspace, seen=None) -> list[tuple[str, str]]:
    """(label, project id) of the workspace's projects with a measure of 2 weeks or more that
    this page sees (``seen``: a :class:`qikit.apps.team_access.Viewer`; None for all)."""
    found = []
    names = {t.id: t.name for t in workspace.teams()}
    projects = workspace.projects()
    for project in projects if seen is None else seen.visible(projects):
        charted = thread.charted_measures(workspace, project.id)
        if any(weeks >= thread.FEWEST_POINTS for _, weeks in charted):
            found.append((f"{names.get(project.team_id, '')}: {project.name}", project.id))
    return found
