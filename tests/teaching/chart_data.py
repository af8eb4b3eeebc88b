"""Read the points back out of a drawn chart's specification (qikit.plot inlines them as CSV)."""

from __future__ import annotations

import io

import pandas as pd


def chart_points(chart) -> pd.DataFrame:
    """The per-point table of a qikit chart (columns x, y, ...), from ``chart.to_dict()``."""
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    for value in spec.get("datasets", {}).values():
        if isinstance(value, str) and value.startswith("f,"):
            return pd.read_csv(io.StringIO(value))
        if isinstance(value, list) and value and "y" in value[0]:
            return pd.DataFrame(value)
    raise AssertionError("no point table in the chart")


def plotted(view) -> list[float]:
    """The y values drawn by a ChartView, in x order."""
    table = chart_points(view.jupyter_chart.chart).sort_values("x")
    return [float(v) for v in table["y"]]
