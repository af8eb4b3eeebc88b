"""PDSA cycles and other events, drawn as labelled vertical lines on a chart.

Events come as a table (``date`` or ``x``, and ``label``), as a list of ``(date, label)`` pairs,
or straight from the team's PDSA log (cycles with a ``start_date``). On small multiples every
event is drawn in every panel.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from qikit.errors import DataError
from qikit.improve.fields import read_date

LANES = 3  # labels of nearby events are staggered over this many rows


def _cycle(cycle: Any) -> tuple[Any, str]:
    """A PDSA cycle from the team's log as (start date, "PDSA n: change idea")."""
    number = getattr(cycle, "cycle_number", "")
    idea = getattr(cycle, "change_idea", "") or getattr(cycle, "title", "")
    label = f"PDSA {number}: {idea}" if idea else f"PDSA {number}"
    if cycle.start_date is None:
        raise DataError(
            f"annotations: {label} has no start date, so it cannot be placed on the chart. "
            "Add the date the cycle started in the PDSA log."
        )
    return (cycle.start_date, label)


def _frame(annotations: Any) -> pd.DataFrame:
    if isinstance(annotations, pd.DataFrame):
        frame = annotations.copy()
        where = next((c for c in ("date", "x", "week", "when") if c in frame.columns), None)
        if where is None or "label" not in frame.columns:
            raise DataError(
                "annotations: expected a table with a 'date' (or 'x') column and a 'label' column, "
                f"found columns {', '.join(map(str, frame.columns)) or 'none'}. "
                "Rename the columns, or give a list of (date, label) pairs."
            )
        out = pd.DataFrame({"x": frame[where], "label": frame["label"]})
        if "facet" in frame.columns:
            out["facet"] = frame["facet"].astype(str)
        return out
    if isinstance(annotations, Iterable) and not isinstance(annotations, str | bytes):
        rows = [_cycle(r) if hasattr(r, "start_date") else r for r in annotations]
        if not all(isinstance(r, tuple | list) and len(r) == 2 for r in rows):
            raise DataError(
                "annotations: expected a list of (date, label) pairs, such as "
                "[('2024-03-04', 'PDSA 1: safety huddle')], found something else. "
                "Give each event as a pair of its date and a short label."
            )
        return pd.DataFrame(rows, columns=["x", "label"])
    raise DataError(
        f"annotations: expected a table or a list of (date, label) pairs, found "
        f"{type(annotations).__name__}. Give each event as a date and a short label."
    )


def annotation_rows(annotations: Any, x_kind: str) -> list[dict[str, Any]]:
    """Events as rows ``{x, label, lane}`` in the same form as the chart's x values."""
    if annotations is None:
        return []
    frame = _frame(annotations)
    if frame.empty:
        return []
    if x_kind == "temporal":
        written = frame["x"].map(lambda v: (read_date(v) or v) if isinstance(v, str) else v)
        stamps = pd.to_datetime(written, errors="coerce")
        bad = frame.loc[stamps.isna(), "x"]
        if len(bad):
            raise DataError(
                "annotations: expected dates in the date column, found "
                f"{', '.join(map(repr, bad.head(3).tolist()))}. "
                "Write dates as 04/03/2024 (day first) or 2024-03-04."
            )
        # milliseconds since 1970 (UTC): read as dates with no parsing step, like the chart's x
        frame["x"] = (stamps.dt.tz_localize(None) - pd.Timestamp(0)) // pd.Timedelta(milliseconds=1)
        frame = frame.assign(_order=stamps).sort_values("_order", kind="stable")
    elif x_kind == "quantitative":
        numbers = pd.to_numeric(frame["x"], errors="coerce")
        if numbers.isna().any():
            raise DataError(
                "annotations: expected numbers in the x column (the chart's x axis is numbers), "
                f"found {frame.loc[numbers.isna(), 'x'].head(3).tolist()}. "
                "Give the point number where each event happened."
            )
        frame["x"] = numbers
        frame = frame.sort_values("x", kind="stable")
    else:
        frame["x"] = frame["x"].astype(str)
    frame["label"] = frame["label"].fillna("").astype(str)
    rows = frame.drop(columns=[c for c in frame.columns if c.startswith("_")]).to_dict("records")
    for i, row in enumerate(rows):
        row["lane"] = 4 + 17 * (i % LANES)
    return rows
