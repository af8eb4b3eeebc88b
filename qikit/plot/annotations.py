"""PDSA cycles and other events, drawn as labelled vertical lines on a chart.

Events come as a table (``date`` or ``x``, and ``label``), as a list of ``(date, label)`` pairs,
or straight from the team's PDSA log (cycles with a ``start_date``). On small multiples every
event is drawn in every panel.

Labels never overprint each other: :func:`place_labels` works out where each event falls on the
chart in pixels and how wide its label is (estimated from the text and the font size), then puts
each label in the first of three rows ("lanes") where it clears the labels already there. A label
too long for any lane is shortened ("PDSA 1: Safety huddle" to "PDSA 1", or to its number), and
its full text goes in a key below the chart as well as in the tooltip.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from qikit.errors import DataError
from qikit.improve.fields import read_date

LANES = 3  # labels of nearby events are staggered over this many rows
LANE_TOP = 4  # pixels from the top of the chart to the first lane
LABEL_DX = 4  # pixels between an event's line and its label
LABEL_GAP = 6  # the least space, in pixels, between two labels in one lane


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
    """Events as rows ``{x, label}`` in the same form as the chart's x values, in x order.

    Lanes and the text drawn are added by :func:`place_labels`.
    """
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
    return frame.drop(columns=[c for c in frame.columns if c.startswith("_")]).to_dict("records")


# Advance widths of sans-serif type, as a share of the font size, rounded up (Helvetica/Arial
# metrics): narrow letters, capitals and digits, and the rest.
_NARROW = set("iljtfrI.,:;'!|() ")
_WIDE = set("mwMW@%")


def label_width(text: str, font_size: float) -> float:
    """The width in pixels a label takes, estimated generously from its letters."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.33
        elif ch in _WIDE:
            em += 0.9
        elif ch.isupper() or ch.isdigit():
            em += 0.7
        else:
            em += 0.58
    return em * font_size


def x_pixels(xs: list[Any], chart_xs: list[Any], x_kind: str, width: float) -> list[float]:
    """Where each event falls across a chart ``width`` pixels wide.

    Continuous axes (dates as milliseconds, numbers) span the smallest to the largest of the
    chart's x values and the events' (Vega-Lite joins the layers' domains; qikit asks for no
    rounding of the ends). An ordinal axis places categories on a point scale with half a step
    of padding at each end, as Vega-Lite does.
    """
    if x_kind == "ordinal":
        order = list(dict.fromkeys(str(v) for v in chart_xs))
        step = width / max(1, len(order))
        return [step * (order.index(str(v)) + 0.5) if str(v) in order else 0.0 for v in xs]
    values = [float(v) for v in list(chart_xs) + list(xs)]
    lo, hi = min(values), max(values)
    if hi == lo:
        return [width / 2 for _ in xs]
    return [(float(v) - lo) / (hi - lo) * width for v in xs]


def _short(label: str) -> str:
    """The part before the colon ("PDSA 1" of "PDSA 1: Safety huddle"), or "" when none."""
    head, colon, _ = label.partition(":")
    return head.strip() if colon and head.strip() else ""


def _span(px: float, text: str, width: float, font_size: float) -> tuple[str, float, float]:
    """Alignment and extent of a label: to the right of its line, or to the left near the end."""
    w = label_width(text, font_size)
    if px + LABEL_DX + w <= width:
        return "left", px, px + LABEL_DX + w
    return "right", px - LABEL_DX - w, px


def place_labels(
    rows: list[dict[str, Any]], pixels: list[float], width: float, font_size: float
) -> tuple[list[dict[str, Any]], list[str]]:
    """Give each event a lane and the text drawn, so that no two labels overprint.

    Each label goes, left to right, into the first lane where it clears every label already in
    that lane by :data:`LABEL_GAP` pixels: first in full, else shortened to the part before its
    colon, else to its number. A label that fits nowhere even as a number opens a new lane (two
    events in the same week). Labels near the right edge are written to the left of their line
    so that they stay inside the chart.

    Returns the rows with ``text`` (drawn), ``lane`` (pixels from the top), ``align`` and
    ``shown`` (the whole label drawn), and the key: one line for each shortened label.
    """
    lanes: list[list[tuple[float, float]]] = [[] for _ in range(LANES)]
    step = round(font_size) + 5
    placed: list[dict[str, Any]] = []
    key: list[str] = []
    for number, (row, px) in enumerate(zip(rows, pixels, strict=True), start=1):
        label = row["label"]
        options = [label] + [t for t in (_short(label), str(number)) if t and t != label]
        choice = None
        for text in options:
            align, left, right = _span(px, text, width, font_size)
            if left < 0 and text != options[-1]:
                continue
            for lane, taken in enumerate(lanes):
                if all(right + LABEL_GAP <= a or b + LABEL_GAP <= left for a, b in taken):
                    choice = (text, lane, align, left, right)
                    break
            if choice:
                break
        if choice is None:  # not even the number fits: a lane of its own, where the whole
            # label is written when it fits inside the chart
            fits = [t for t in options if _span(px, t, width, font_size)[1] >= 0]
            text = fits[0] if fits else options[-1]
            align, left, right = _span(px, text, width, font_size)
            lanes.append([])
            choice = (text, len(lanes) - 1, align, left, right)
        text, lane, align, left, right = choice
        lanes[lane].append((left, right))
        shown = text == label
        if not shown:
            key.append(label if text == _short(label) else f"{text} \u2013 {label}")
        placed.append(
            row | {"text": text, "lane": LANE_TOP + step * lane, "align": align, "shown": shown}
        )
    return placed, key
