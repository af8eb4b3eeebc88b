"""What the SPC explorer charts: a ward's measure from the synthetic collaborative, a team's own
file or one of the team's own measures from the workspace, the chart the chooser suggests (and a
warning when the chart chosen does not suit the data), the engine's options, and PDSA cycles to
annotate."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from functools import cache

import pandas as pd

from qikit import datasets
from qikit.data.schema import label
from qikit.errors import DataError
from qikit.improve.choose import CHART_NAMES, ChartChoice, choose_chart
from qikit.spc import SPCResult, spc


@dataclass(frozen=True)
class Measure:
    """A weekly measure of the collaborative: its columns, kind of data and better direction."""

    label: str
    y: str
    n: str
    data_type: str  # for the chart chooser: "rate" or "classification"
    multiply: float
    improvement: str
    unit: str


def _measures() -> dict[str, Measure]:
    """The weekly measures, named with the data dictionary's labels."""
    from qikit.data import parameters as p

    found = {}
    for column in p.RATES:
        only = " (older-adult wards only)" if column == "falls" else ""
        found[column] = Measure(
            f"{label(column)} per 1,000 occupied bed days{only}",
            column,
            "occupied_bed_days",
            "rate",
            1000,
            "decrease",
            "per 1,000 occupied bed days",
        )
    denominators = {
        "huddles_held": "shifts",
        "observations_on_time": "observations_due",
        "news2_complete": "news2_due",
        "patients_feeling_safe": "patients_surveyed",
    }
    for column in p.PROPORTIONS:
        found[column] = Measure(
            f"{label(column)} (%)",
            column,
            denominators[column],
            "classification",
            100,
            "increase",
            "%",
        )
    return found


MEASURES = _measures()
#: Kinds of data a team can say their own file holds, in their words -> chooser data type.
DATA_KINDS = {
    "Not sure": "unknown",
    "A measurement, such as minutes or a score": "continuous",
    "A percentage of cases (with a denominator)": "classification",
    "A count of events, same size each week": "count",
    "A count per amount of exposure (with a denominator)": "rate",
}
#: "Is a higher value better or worse?" -> the answer kept ("" until answered).
DIRECTION_ANSWERS = [
    ("Not answered yet", ""),
    ("Better", "increase"),
    ("Worse", "decrease"),
    ("Neither", "neither"),
]
#: "Per how many?" -> the multiplier.
PER_HOW_MANY = [
    ("Per 1 (the values as they are)", 1.0),
    ("Per 100 (a percentage)", 100.0),
    ("Per 1,000", 1000.0),
    ("Per 10,000", 10000.0),
    ("Per 100,000", 100000.0),
]
#: Words in a denominator's heading that say it is an exposure (time at risk), not a number of
#: cases each counted yes or no: a count over it is a rate (u chart), not a percentage.
EXPOSURE_WORDS = ("bed_day", "bed day", "occupied", "days", "hours", "exposure", "obd")
#: The charts that suit each kind of data (the chooser's table, QI_REFERENCE 4.1); a run chart
#: suits every kind.
SUITABLE = {
    "continuous": ("i", "run"),
    "classification": ("p", "pp", "run"),
    "count": ("c", "i", "run"),
    "rate": ("u", "up", "run"),
    "time between": ("t", "i", "run"),
    "cases between": ("g", "i", "run"),
}
KIND_WORDS = {
    "continuous": "a measurement (such as minutes or a score)",
    "classification": "a percentage: each case counts or not",
    "count": "a count of events",
    "rate": "a count per amount of exposure (a rate)",
    "time between": "the time between events",
    "cases between": "the cases between events",
}
CHART_IS_FOR = {
    "i": "one measurement a week",
    "p": "percentages, where each case counts or not",
    "pp": "percentages with very large denominators",
    "u": "counts per amount of exposure, such as per 1,000 occupied bed days",
    "up": "rates with very large denominators",
    "c": "counts with the same area of opportunity each week",
    "g": "the number of cases between rare events",
    "t": "the time between rare events",
}
#: A measure's form (from the measurement plan) -> the chooser's kind of data.
FORM_KINDS = {
    "percentage": "classification",
    "rate": "rate",
    "average": "continuous",
    "time between": "time between",
    "cases between": "cases between",
}


@cache
def _table(name: str) -> pd.DataFrame:
    """A collaborative table, read once per kernel (callers must not change it)."""
    return datasets.load(name)


def trusts_and_wards() -> dict[str, list[tuple[str, str]]]:
    """Trust name -> [(ward name, ward_id)], in the collaborative's order."""
    wards = _table("wards")
    found: dict[str, list[tuple[str, str]]] = {}
    for row in wards.itertuples():
        found.setdefault(row.trust, []).append((row.ward, row.ward_id))
    return found


def ward_measure(ward_id: str, measure: str) -> pd.DataFrame:
    """One ward's weekly numbers for one measure: columns ``x`` (week start), ``y``, ``n``."""
    if measure not in MEASURES:
        raise DataError(f"There is no measure {measure!r}. Choose one from the list.")
    m = MEASURES[measure]
    weekly = _table("weekly")
    rows = weekly[weekly["ward_id"] == ward_id]
    if rows.empty:
        raise DataError(f"There is no ward {ward_id!r} in the synthetic collaborative.")
    frame = pd.DataFrame(
        {"x": rows["week_start"], "y": rows[m.y].astype("float"), "n": rows[m.n].astype(float)}
    ).dropna(subset=["y"])
    if frame.empty:
        raise DataError(
            f"This ward does not record {label(m.y).lower()} (only older-adult wards record "
            "falls). Choose another measure or ward."
        )
    return frame.reset_index(drop=True)


def suggest_chart(data_type: str, points: int, has_denominator: bool) -> ChartChoice:
    """The chooser's suggestion for data of this kind and length."""
    if data_type in ("classification", "rate") and not has_denominator:
        return ChartChoice(
            "i",
            "I chart (XmR)",
            "Percentages and rates need a denominator column; without one, an I chart of the "
            "values is the safe choice. Map the denominator to get a p or u chart.",
        )
    return choose_chart(data_type, varying_exposure=has_denominator, points=points)


def guess_kind(frame: pd.DataFrame, denominator: str | None) -> str:
    """What a mapped file most likely holds, as a key of :data:`DATA_KINDS`.

    With a denominator: a rate when the denominator is an exposure (bed days, hours) or a
    numerator is ever above it; otherwise a percentage. Without one: not sure.
    """
    if denominator is None or "n" not in frame.columns:
        return "Not sure"
    name = str(denominator).lower()
    exposure = any(word in name for word in EXPOSURE_WORDS)
    if exposure or (frame["y"] > frame["n"]).any():
        return "A count per amount of exposure (with a denominator)"
    return "A percentage of cases (with a denominator)"


def per_for(data_type: str) -> float:
    """The usual "per how many" for a kind of data: per 1,000 for a rate, 100 for a percentage."""
    return {"rate": 1000.0, "classification": 100.0}.get(data_type, 1.0)


def improvement_of(answer: str) -> str | None:
    """The engine's improvement direction for an answer from :data:`DIRECTION_ANSWERS`."""
    return answer if answer in ("increase", "decrease") else None


def chart_warning(
    chart: str, data_type: str, has_denominator: bool, frame: pd.DataFrame | None = None
) -> str:
    """A plain warning when the chart chosen does not suit the data ('' when it does).

    Read from the kind of data (a ward's measure, a team's measure, or what a team says its
    file holds) and, when ``frame`` (columns ``y`` and maybe ``n``) is given, from the values
    themselves: so a file whose kind is "not sure" is still warned about.
    """
    name = CHART_NAMES.get(chart, chart)
    if chart in ("p", "pp", "u", "up") and not has_denominator:
        return (
            f"A {name} needs a denominator for every week (what each count is out of), and these "
            "data have none. Choose a run chart, an I chart or a C chart, or add the denominator."
        )
    suits = SUITABLE.get(data_type)
    if suits is not None and chart not in suits:
        suggested = CHART_NAMES[suits[0]]
        return (
            f"A {name} does not suit these data: it is for "
            f"{CHART_IS_FOR.get(chart, 'other data')}, and these are {KIND_WORDS[data_type]}. "
            f"Its limits would not mean much here; the chart chooser suggests a {suggested}."
        )
    return _values_warning(chart, name, has_denominator, frame) if frame is not None else ""


def _first(values: pd.Series) -> str:
    return f"{float(values.iloc[0]):g}"


def _values_warning(chart: str, name: str, has_denominator: bool, frame: pd.DataFrame) -> str:
    """A warning read from the values: counts that are not whole, a part bigger than its whole,
    negative times, or a denominator under a time between events."""
    if "y" not in frame.columns or frame.empty:
        return ""
    y = pd.to_numeric(frame["y"], errors="coerce").dropna()
    n = pd.to_numeric(frame["n"], errors="coerce") if "n" in frame.columns else None
    if y.empty:
        return ""
    if chart in ("p", "pp") and n is not None:
        over = frame.loc[pd.to_numeric(frame["y"], errors="coerce") > n]
        if len(over):
            return (
                f"A {name} is for cases out of a total, each counted yes or no, but in "
                f"{len(over)} week{'s' if len(over) != 1 else ''} the count is bigger than its "
                f"total (such as {float(over['y'].iloc[0]):g} out of "
                f"{float(over['n'].iloc[0]):g}), so it cannot be a percentage. If the "
                "denominator is bed days or hours, choose a U chart."
            )
    if chart in ("t", "g") and has_denominator:
        what = "time" if chart == "t" else "number of cases"
        return (
            f"A {name} is for the {what} between rare events, one value per event with no "
            "denominator; these values come with a denominator, so they are counts out of "
            "something. Choose a P or U chart, or a run chart."
        )
    if chart in ("c", "g") and (((y % 1) != 0).any() or (y < 0).any()):
        odd = y[((y % 1) != 0) | (y < 0)]
        what = "events" if chart == "c" else "cases between events"
        return (
            f"A {name} counts {what}, so every value should be a whole number, 0 or more; "
            f"these include {_first(odd)}. For measurements such as minutes or scores choose "
            "an I chart."
        )
    if chart == "t" and (y < 0).any():
        return (
            f"A {name} is for the time between events, so no value can be below 0; "
            f"these include {_first(y[y < 0])}. For other measurements choose an I chart."
        )
    return ""


def measure_kind(measure, has_denominator: bool) -> str:
    """The chooser's kind of data for one of the team's measures (from its form and name)."""
    form = measure.likely_form
    if form == "count":
        return "rate" if has_denominator else "count"
    if not form and measure.chart_type in ("p", "pp", "u", "up"):
        return "classification" if measure.chart_type in ("p", "pp") else "rate"
    return FORM_KINDS.get(form, "unknown")


def team_projects(workspace, seen=None) -> list[tuple[str, str]]:
    """(label, project id) for every project with at least one measure that this page may
    change (``seen``: a :class:`qikit.apps.team_access.Viewer`; None for all), labelled
    'Team: Project', most recently worked on first."""
    teams = {t.id: t.name for t in workspace.teams()}
    found = []
    for project in sorted(workspace.projects(), key=lambda p: p.updated_at, reverse=True):
        if seen is not None and not seen.edits(project):
            continue
        if workspace.measures(project.id):
            found.append((f"{teams.get(project.team_id, 'Team')}: {project.name}", project.id))
    return found


def team_measures(workspace, project_id: str) -> list[tuple[str, str, int]]:
    """(label, measure id, weeks of data) for a project's measures, in family order."""
    from qikit.thread import charted_measures

    found = []
    for measure, weeks in charted_measures(workspace, project_id):
        what = f"{weeks} week{'s' if weeks != 1 else ''} of data" if weeks else "no data yet"
        found.append((f"{measure.name or 'Unnamed measure'} ({what})", measure.id, weeks))
    return found


def every_team_measure(workspace, seen=None) -> list[tuple[str, str]]:
    """(label, measure id) for every measure of every project with measures this page may
    change, labelled 'Team: Project: Measure', for adding a file's weeks to one of them."""
    found = []
    for project_label, project_id in team_projects(workspace, seen):
        for measure in workspace.measures(project_id):
            found.append((f"{project_label}: {measure.name or 'Unnamed measure'}", measure.id))
    return found


def file_observations(frame: pd.DataFrame) -> list:
    """A mapped file (columns x as dates, y, maybe n) as a measure's weekly observations."""
    from qikit.improve.observations import Observation

    if not pd.api.types.is_datetime64_any_dtype(frame["x"]):
        raise DataError(
            "A measure keeps its weeks by date, but this file's time column holds week numbers "
            "(or there is none). Choose the column with the date each week starts."
        )
    has_n = "n" in frame.columns
    return [
        Observation(
            period=row.x.date(),
            numerator=float(row.y),
            denominator=float(row.n) if has_n and pd.notna(row.n) else None,
        )
        for row in frame.itertuples()
    ]


def team_chart(
    workspace,
    measure_id: str,
    *,
    limits: str = "all",
    week: int | None = None,
    show_cycles: bool = True,
    **changes,
):
    """One of the team's measures charted by :func:`qikit.thread.measure_chart` with its own
    settings (any changed), its linked PDSA cycles marked, and limits from all weeks, a frozen
    baseline or a new phase."""
    from qikit import thread

    points = len(workspace.observations(measure_id))
    return thread.measure_chart(
        workspace,
        measure_id,
        show_cycles=show_cycles,
        **limit_options(limits, week, points),
        **changes,
    )


def limit_options(limits: str, week: int | None, points: int) -> dict:
    """:func:`qikit.spc` options for "all" (limits from every point), "freeze" (limits from the
    first ``week`` points, extended) or "phase" (a new phase starts after point ``week``)."""
    if limits == "all":
        return {}
    if limits not in ("freeze", "phase"):
        raise DataError(f"'limits' should be 'all', 'freeze' or 'phase'; found {limits!r}.")
    if week is None or not 1 <= week < points:
        raise DataError(
            f"Choose a week from 1 to {points - 1} for the "
            f"{'baseline' if limits == 'freeze' else 'new phase'}; found {week!r}."
        )
    return {"freeze" if limits == "freeze" else "part": int(week)}


def explore(
    frame: pd.DataFrame,
    *,
    chart: str,
    rules: str,
    limits: str = "all",
    week: int | None = None,
    multiply: float = 1,
    improvement: str | None = None,
    target: float | None = None,
) -> SPCResult:
    """Run the engine on mapped data (columns x, y and maybe n).

    ``limits`` is "all" (limits from every point), "freeze" (limits from the first ``week``
    points, extended) or "phase" (a new phase starts after point ``week``).
    """
    n = "n" if "n" in frame.columns and frame["n"].notna().any() else None
    options = limit_options(limits, week, len(frame))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(
            frame,
            x="x",
            y="y",
            n=n if chart in ("p", "pp", "u", "up", "run", "i") else None,
            chart=chart,
            rules=rules,
            multiply=multiply if n is not None else 1,
            improvement=improvement,
            target=target,
            **options,
        )


@cache
def synthetic_cycles(ward_id: str) -> list[tuple[pd.Timestamp, str]]:
    """The synthetic ward's PDSA cycles as (start date, label) pairs."""
    cycles = _table("pdsa")
    rows = cycles[cycles["ward_id"] == ward_id].sort_values("start_date")
    return [(row.start_date, f"PDSA {row.cycle}: {row.change_idea}") for row in rows.itertuples()]


def workspace_cycles(workspace, project_id: str) -> list[tuple[pd.Timestamp, str]]:
    """A team project's PDSA cycles saved in the workspace, as (start date, label) pairs."""
    found = []
    for record in workspace.records(project_id, "pdsa"):
        cycle = record.item
        if cycle.start_date is None:
            continue
        label = f"PDSA {cycle.cycle_number}: {cycle.change_idea or 'change'}"
        found.append((pd.Timestamp(cycle.start_date), label))
    return sorted(found)


def cycles_in_range(cycles, frame: pd.DataFrame) -> list[tuple[pd.Timestamp, str]]:
    """The cycles that start within the charted dates (none if the x axis is not dates)."""
    if not pd.api.types.is_datetime64_any_dtype(frame["x"]):
        if cycles:
            raise DataError(
                "PDSA cycles are placed by date, but this chart's time column holds week "
                "numbers. Map a column of dates as the time to see the cycles."
            )
        return []
    first, last = frame["x"].min(), frame["x"].max()
    return [(when, label) for when, label in cycles if first <= pd.Timestamp(when) <= last]


def table_csv(result: SPCResult) -> str:
    """The numbers behind the chart, one row per point, as CSV text."""
    buffer = io.StringIO()
    result.points.to_csv(buffer, index=False)
    return buffer.getvalue()
