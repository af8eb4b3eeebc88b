"""What the SPC explorer charts: a ward's measure from the synthetic collaborative or a team's own
file, the chart the chooser suggests, the engine's options, and PDSA cycles to annotate."""

from __future__ import annotations

import base64
import io
import warnings
from dataclasses import dataclass
from functools import cache

import pandas as pd

from qikit import datasets
from qikit.errors import DataError
from qikit.improve.choose import ChartChoice, choose_chart
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
    from qikit.data import parameters as p

    found = {}
    for column, parameter in p.RATES.items():
        found[column] = Measure(
            f"{parameter.name.capitalize()} per 1,000 occupied bed days",
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
    for column, parameter in p.PROPORTIONS.items():
        found[column] = Measure(
            f"{parameter.name.capitalize()} (%)",
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
            f"This ward does not record {m.label.lower()} (only older-adult wards record falls). "
            "Choose another measure or ward."
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


def explore(
    frame: pd.DataFrame,
    *,
    chart: str,
    rules: str,
    limits: str = "all",
    week: int | None = None,
    multiply: float = 1,
    improvement: str | None = None,
) -> SPCResult:
    """Run the engine on mapped data (columns x, y and maybe n).

    ``limits`` is "all" (limits from every point), "freeze" (limits from the first ``week``
    points, extended) or "phase" (a new phase starts after point ``week``).
    """
    n = "n" if "n" in frame.columns and frame["n"].notna().any() else None
    options: dict = {}
    if limits in ("freeze", "phase"):
        if week is None or not 1 <= week < len(frame):
            raise DataError(
                f"Choose a week from 1 to {len(frame) - 1} for the "
                f"{'baseline' if limits == 'freeze' else 'new phase'}; found {week!r}."
            )
        options["freeze" if limits == "freeze" else "part"] = int(week)
    elif limits != "all":
        raise DataError(f"'limits' should be 'all', 'freeze' or 'phase'; found {limits!r}.")
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
            **options,
        )


@cache
def synthetic_cycles(ward_id: str) -> list[tuple[pd.Timestamp, str]]:
    """The synthetic ward's PDSA cycles as (start date, label) pairs."""
    cycles = _table("pdsa")
    rows = cycles[cycles["ward_id"] == ward_id].sort_values("start_date")
    return [
        (row.start_date, f"PDSA {row.cycle}: {_short(row.change_idea)}")
        for row in rows.itertuples()
    ]


def workspace_cycles(workspace, project_id: str) -> list[tuple[pd.Timestamp, str]]:
    """A team project's PDSA cycles saved in the workspace, as (start date, label) pairs."""
    found = []
    for record in workspace.records(project_id, "pdsa"):
        cycle = record.item
        if cycle.start_date is None:
            continue
        label = f"PDSA {cycle.cycle_number}: {_short(cycle.change_idea or 'change')}"
        found.append((pd.Timestamp(cycle.start_date), label))
    return sorted(found)


def _short(text: str, most: int = 28) -> str:
    text = str(text).strip()
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


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


def data_link(filename: str, content: bytes, mime: str, label: str) -> str:
    """An HTML link that downloads ``content`` with no server round trip."""
    import html

    data = base64.b64encode(content).decode("ascii")
    return (
        f'<a download="{html.escape(filename)}" href="data:{mime};base64,{data}">'
        f"{html.escape(label)}</a>"
    )
