"""Plain charts to read in exercises: the points, centre line and limits, with no signal marked.

The everyday charts (``qikit.plot``) colour special causes; an exercise that asks the learner to
find them must show the chart without that help.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

NHS_BLUE = "#005eb8"
GREY = "#3d3d3d"


def plain_chart(
    result,
    *,
    title: str,
    y_title: str,
    x_title: str = "Week",
    description: str = "",
    width: int = 600,
    height: int = 300,
) -> alt.LayerChart:
    """Points joined by a line, the centre line dashed and any limits dotted; nothing coloured."""
    points = result.points
    frame = pd.DataFrame(
        {
            "x": points["x"].astype(float),
            "y": points["y"].astype(float),
            "cl": points["cl"].astype(float),
            "lcl": points["lcl"].astype(float),
            "ucl": points["ucl"].astype(float),
        }
    )
    base = alt.Chart(frame).encode(
        x=alt.X("x:Q", title=x_title, scale=alt.Scale(zero=False), axis=alt.Axis(tickMinStep=1))
    )
    y = alt.Y("y:Q", title=y_title, scale=alt.Scale(zero=False))
    line = base.mark_line(point=alt.OverlayMarkDef(size=60, color=NHS_BLUE), color=NHS_BLUE).encode(
        y=y,
        tooltip=[
            alt.Tooltip("x:Q", title=x_title),
            alt.Tooltip("y:Q", title=y_title, format=".1f"),
        ],
    )
    centre = base.mark_line(color=GREY, strokeDash=[6, 4], size=2).encode(y="cl:Q")
    layers = [line, centre]
    if frame["ucl"].notna().any():
        layers.append(base.mark_line(color=GREY, strokeDash=[2, 3]).encode(y="ucl:Q"))
    if frame["lcl"].notna().any():
        layers.append(base.mark_line(color=GREY, strokeDash=[2, 3]).encode(y="lcl:Q"))
    return alt.layer(*layers).properties(
        width=width,
        height=height,
        title=alt.Title(title, subtitle="Synthetic data. Dashed line: centre line; dotted: limits"),
        description=description or f"{title}: a chart to read, with no signals marked.",
    )
