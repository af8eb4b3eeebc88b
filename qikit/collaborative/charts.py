"""Charts of the collaborative: funnel plot, small multiples, assessment scores, timeline.

Drawing only: every number comes from the calculation modules beside this one.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from qikit.collaborative.funnel import Funnel
from qikit.plot import theme
from qikit.plot.point_labels import leader_end, place_point_labels

STATUS_ORDER = ["common cause", "improvement", "concern", "neutral"]
STATUS_SCALE = alt.Scale(domain=STATUS_ORDER, range=list(theme.STATUS_COLOURS))
SHAPE_SCALE = alt.Scale(domain=STATUS_ORDER, range=list(theme.STATUS_SHAPES))
POSITIONS = {  # where a ward sits against the 99.8% limits: (words, colour, shape)
    "within": ("Inside the limits", theme.COMMON_CAUSE, "circle"),
    "above": ("Above the upper limit", theme.CONCERN, "triangle-up"),
    "below": ("Below the lower limit", "#005eb8", "square"),
}
#: A Vega expression: a legend label with its first letter as a capital ("Pre-work").
CAPITAL = "upper(slice(datum.label, 0, 1)) + slice(datum.label, 1)"
LABEL_FONT = 11  # pixels: the wards' names beside their points


def _drawn(values: pd.Series, order: list[str]) -> list[str]:
    """The categories actually drawn, in the legend's order: a legend lists only what is there."""
    present = set(values.dropna().astype(str))
    return [v for v in order if v in present] or order[:1]


PHASE_COLOURS = alt.Scale(
    domain=["pre-work", "learning session", "action period", "congress"],
    range=["#d9d9d9", "#005eb8", "#9ecae1", "#490092"],
)


def _domain(values: list[float], floor_at_zero: bool) -> list[float]:
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.04 or abs(hi) * 0.1 or 1.0
    low = lo - pad
    if floor_at_zero and lo >= 0:
        low = max(low, 0.0)
    return [low, hi + pad]


def ward_labels(
    units: pd.DataFrame, x_domain: list[float], y_domain: list[float], width: int, height: int
) -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[str]]:
    """Each ward's name placed beside its point so that no two names overprint.

    The axes' ends are fixed (``x_domain``, ``y_domain``, no rounding), so a value's pixel is
    known here. A name with no room is written as a number, with the name in the key. Returns
    the names (``x``, ``y`` in data units, ``align``), the lines joining a moved name to its
    point, the key, and the wards with no room even for a number (their points' tooltips name
    them).
    """
    (x0, x1), (y0, y1) = x_domain, y_domain
    xs = ((units["denominator"] - x0) / (x1 - x0) * width).tolist()
    ys = ((y1 - units["value"]) / (y1 - y0) * height).tolist()
    outside = [i for i, w in enumerate(units["where"]) if w != "within"]
    placed, left_out = place_point_labels(
        xs, ys, units["unit"].tolist(), width=width, height=height, font_size=LABEL_FONT,
        order=outside, numbered=True,
    )  # fmt: skip

    def data_x(px: float) -> float:
        return x0 + px / width * (x1 - x0)

    def data_y(py: float) -> float:
        return y1 - py / height * (y1 - y0)

    names = pd.DataFrame(
        [
            {
                "unit": p.text,
                "ward": str(units["unit"].iloc[p.index]),
                "x": data_x(p.x),
                "y": data_y(p.y),
                "align": p.align,
            }
            for p in placed
        ],
        columns=["unit", "ward", "x", "y", "align"],
    )
    leaders = pd.DataFrame(
        [
            {
                "x": units["denominator"].iloc[p.index],
                "y": units["value"].iloc[p.index],
                "x2": data_x(leader_end(p)[0]),
                "y2": data_y(leader_end(p)[1]),
            }
            for p in placed
            if p.leader
        ],
        columns=["x", "y", "x2", "y2"],
    )
    numbered = sorted(
        (int(p.text), str(units["unit"].iloc[p.index]))
        for p in placed
        if p.text != units["unit"].iloc[p.index]
    )
    key = [f"{n}\u00a0{ward}" for n, ward in numbered]  # a number never ends a line
    return names, leaders, key, [str(units["unit"].iloc[i]) for i in left_out]


def funnel_chart(
    result: Funnel,
    title: str,
    y_title: str,
    x_title: str,
    width: int = 560,
    height: int = 340,
) -> alt.LayerChart:
    """Wards as points against their denominator, inside 95% and 99.8% limits.

    Each ward's name is written beside its point where it overprints nothing (a line joins a
    name moved up or down to its point); the legend shows the marks drawn, and only those.
    """
    curve = result.curve.melt("denominator", var_name="line", value_name="limit")
    curve["level"] = (
        curve["line"].str.split("_").str[1].map(lambda v: f"{float(v) * 100:g}% limits")
    )
    curve["side"] = curve["line"].str.split("_").str[0]
    curve["series"] = curve["level"] + " " + curve["side"]
    units = result.units.copy()
    position = [c for c in units.columns if c.startswith("position_")][-1]
    units["where"] = units[position]
    units["shown"] = units["where"].map(lambda w: POSITIONS[w][0])
    x_domain = _domain(curve["denominator"].tolist(), floor_at_zero=False)
    y_domain = _domain(
        curve["limit"].dropna().tolist() + units["value"].tolist() + [result.target],
        floor_at_zero=True,
    )
    x_scale = alt.Scale(domain=x_domain, nice=False, zero=False)
    y_scale = alt.Scale(domain=y_domain, nice=False, zero=False)
    lines = (
        alt.Chart(curve)
        .mark_line(color=theme.LIMITS, clip=True)
        .encode(
            x=alt.X("denominator:Q", title=x_title, scale=x_scale),
            y=alt.Y("limit:Q", title=y_title, scale=y_scale),
            detail="series:N",
            strokeDash=alt.StrokeDash(
                "level:N",
                scale=alt.Scale(range=[[6, 4], [1, 0]]),
                legend=alt.Legend(title="Limits"),
            ),
        )
    )
    overall = {"target": [result.target], "what": ["The overall value"]}
    tips = [
        alt.Tooltip("what:N", title="Line"),
        alt.Tooltip("target:Q", title=y_title, format=".2f"),
    ]
    if result.overdispersion:  # the numbers behind "over-dispersion allowed for", on hover
        overall["times"] = [f"{max(result.phi, 1.0):.1f} times what chance alone gives"]
        tips.append(alt.Tooltip("times:N", title="Spread between wards"))
    target = (
        alt.Chart(pd.DataFrame(overall))
        .mark_rule(color=theme.CENTRE_LINE)
        .encode(y=alt.Y("target:Q", scale=y_scale), tooltip=tips)
    )
    # one legend, from the marks drawn: each place's colour and shape, only the places used
    shown = _drawn(units["where"], list(POSITIONS))
    words = [POSITIONS[w][0] for w in shown]
    where_legend = alt.Legend(title="Each ward")
    points = (
        alt.Chart(units)
        .mark_point(filled=True, size=90, opacity=1)
        .encode(
            x=alt.X("denominator:Q", scale=x_scale),
            y=alt.Y("value:Q", scale=y_scale),
            color=alt.Color(
                "shown:N",
                scale=alt.Scale(domain=words, range=[POSITIONS[w][1] for w in shown]),
                legend=where_legend,
            ),
            shape=alt.Shape(
                "shown:N",
                scale=alt.Scale(domain=words, range=[POSITIONS[w][2] for w in shown]),
                legend=where_legend,
            ),
            tooltip=[
                alt.Tooltip("unit:N", title="Ward"),
                alt.Tooltip("value:Q", title=y_title, format=".2f"),
                alt.Tooltip("denominator:Q", title=x_title, format=",.0f"),
                alt.Tooltip("shown:N", title="Against the 99.8% limits"),
            ],
        )
    )
    names, leaders, key, unnamed = ward_labels(units, x_domain, y_domain, width, height)
    layers = [lines, target]
    if len(leaders):
        layers.append(
            alt.Chart(leaders)
            .mark_rule(color=theme.LIMITS, strokeWidth=0.8)
            .encode(
                x=alt.X("x:Q", scale=x_scale),
                y=alt.Y("y:Q", scale=y_scale),
                x2="x2:Q",
                y2="y2:Q",
            )
        )
    layers.append(points)
    for align in ("left", "right", "center"):
        side = names[names["align"] == align]
        if len(side):
            layers.append(
                alt.Chart(side)
                .mark_text(align=align, baseline="middle", fontSize=LABEL_FONT, color=theme.TEXT)
                .encode(
                    x=alt.X("x:Q", scale=x_scale),
                    y=alt.Y("y:Q", scale=y_scale),
                    text="unit:N",
                    tooltip=alt.Tooltip("ward:N", title="Ward"),
                )
            )
    subtitle = textwrap.wrap(result.note or "Funnel plot.", 100)
    subtitle.append("The line across is the overall value.")
    if key:
        subtitle += textwrap.wrap("Numbered wards: " + ", ".join(key) + ".", 100)
    if unnamed:
        subtitle.append(
            f"No room to name {len(unnamed)} ward{'s' if len(unnamed) > 1 else ''} "
            "on the chart: point at a dot to see its ward."
        )
    return alt.layer(*layers).properties(
        width=width,
        height=height,
        title=alt.Title(title, subtitle=subtitle),
        description=(
            f"Funnel plot of {y_title} for each ward against {x_title}, with 95% and 99.8% "
            "limits that narrow as the denominator grows."
            + (
                f" Outside the 99.8% limits: {', '.join(result.outside())}."
                if result.outside()
                else " Every ward is inside the 99.8% limits."
            )
        ),
    )


def small_multiples(
    points: pd.DataFrame,
    title: str,
    columns: int = 4,
    first: list[str] | None = None,
    subtitle: str = "Limits frozen before each ward's first test of change",
) -> alt.FacetChart:
    """One small control chart per ward and measure, points coloured the Making Data Count way.

    ``first``: panels drawn before the rest (a team's own measures); the rest are in name order.
    """
    shown = list(dict.fromkeys(points["panel"])) if "panel" in points else []
    ahead = [p for p in first or [] if p in shown]
    order = ahead + sorted(p for p in shown if p not in ahead)
    drawn = _drawn(points["special_cause"], STATUS_ORDER) if len(points) else STATUS_ORDER
    colours = dict(zip(STATUS_ORDER, theme.STATUS_COLOURS, strict=True))
    shapes = dict(zip(STATUS_ORDER, theme.STATUS_SHAPES, strict=True))
    words = dict(zip(STATUS_ORDER, theme.STATUS_LABELS, strict=True))  # as on every other chart
    points = points.assign(point=points["special_cause"].map(words).fillna(points["special_cause"]))
    dated = "date" in points and bool(len(points)) and points["date"].notna().all()
    if dated:  # calendar dates with their years: "Jan 2025", a label a year in a small panel
        x = alt.X(
            "date:T",
            title=None,
            scale=alt.Scale(type="utc"),
            axis=alt.Axis(
                tickCount={"interval": "year", "step": 1},
                labelExpr="utcFormat(datum.value, '%b %Y')",
                labelOverlap=True,
            ),
        )
        when = alt.Tooltip("when:N", title="When")
    else:
        week_axis = alt.Axis(format="d", tickMinStep=1)  # weeks read 1, 2, ... never 1.0
        x = alt.X("week:Q", title="Week", axis=week_axis)
        when = alt.Tooltip("week:Q", title="Week")
    base = alt.Chart(points).encode(x=x)
    line = base.mark_line(color=theme.DATA_LINE, strokeWidth=1).encode(y=alt.Y("y:Q", title=None))
    centre = base.mark_line(color=theme.CENTRE_LINE, strokeWidth=1).encode(y="cl:Q")
    upper = base.mark_line(color=theme.LIMITS, strokeDash=[4, 3], strokeWidth=1).encode(y="ucl:Q")
    lower = base.mark_line(color=theme.LIMITS, strokeDash=[4, 3], strokeWidth=1).encode(y="lcl:Q")
    dots = base.mark_point(filled=True, size=22).encode(
        y="y:Q",
        color=alt.Color(
            "point:N",
            scale=alt.Scale(domain=[words[s] for s in drawn], range=[colours[s] for s in drawn]),
            legend=alt.Legend(title="Each point"),
        ),
        # the same legend as the colour, so its symbols have the shapes drawn
        shape=alt.Shape(
            "point:N",
            scale=alt.Scale(domain=[words[s] for s in drawn], range=[shapes[s] for s in drawn]),
            legend=alt.Legend(title="Each point"),
        ),
        tooltip=[
            alt.Tooltip("panel:N", title="Chart"),
            when,
            alt.Tooltip("y:Q", title="Value", format=".1f"),
            alt.Tooltip("point:N", title="What it shows"),
        ],
    )
    return (
        alt.layer(line, centre, upper, lower, dots, data=points)
        .properties(width=190, height=110)
        .facet(facet=alt.Facet("panel:N", title=None, sort=order or "ascending"), columns=columns)
        .resolve_scale(y="independent")
        .properties(
            title=alt.Title(title, subtitle=subtitle),
            description=(
                f"{title}: one small control chart per ward and measure, with special-cause "
                "improvement and concern points coloured."
            ),
        )
    )


def assessment_chart(scores: pd.DataFrame, ward_names: dict[str, str]) -> alt.Chart:
    """Wards x learning sessions, each cell the suggested IHI assessment score."""
    data = scores.assign(ward=scores["ward_id"].map(ward_names).fillna(scores["ward_id"]))
    order = list(dict.fromkeys(data["checkpoint"]))
    base = alt.Chart(data).encode(
        x=alt.X("checkpoint:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("ward:N", title=None),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "score:Q",
            scale=alt.Scale(domain=[0.5, 5.0], scheme="blues"),
            legend=alt.Legend(title="Score"),
        ),
        tooltip=[
            alt.Tooltip("ward:N", title="Ward"),
            alt.Tooltip("checkpoint:N", title="When"),
            alt.Tooltip("score:Q", title="Score", format=".1f"),
            alt.Tooltip("label:N", title="Meaning"),
        ],
    )
    text = base.mark_text(fontSize=12).encode(
        text=alt.Text("score:Q", format=".1f"),
        color=alt.condition("datum.score >= 3.5", alt.value("white"), alt.value(theme.TEXT)),
    )
    return alt.layer(cells, text).properties(
        width=520,
        height=alt.Step(22),
        title=alt.Title(
            "IHI Assessment Scale, suggested from the data",
            subtitle="Faculty confirm or change each score; 4.5 and 5.0 need their judgement",
        ),
        description="Heatmap of each ward's suggested IHI assessment score at each session.",
    )


def timeline_chart(phases: pd.DataFrame, starts: pd.DataFrame | None = None) -> alt.LayerChart:
    """The collaborative's phases as bars on the calendar, with each ward's first PDSA cycle."""
    first = pd.Timestamp(phases["first_date"].min())
    data = phases.assign(
        start=pd.to_datetime(phases["first_date"]).dt.strftime("%Y-%m-%d"),
        end=(pd.to_datetime(phases["last_date"]) + pd.Timedelta(days=1)).dt.strftime("%Y-%m-%d"),
    )
    span_years = (pd.Timestamp(phases["last_date"].max()) - first).days / 365.25
    axis = alt.Axis(
        tickCount={"interval": "month", "step": 3 if span_years <= 2.5 else 6},
        labelExpr="utcFormat(datum.value, '%b %Y')",
        labelOverlap=True,
        labelAngle=0,
    )
    x_scale = alt.Scale(type="utc")
    bars = (
        alt.Chart(data)
        .mark_bar(height=26)
        .encode(
            x=alt.X("start:T", title=None, scale=x_scale, axis=axis),
            x2="end:T",
            y=alt.value(20),
            color=alt.Color(
                "kind:N",
                scale=PHASE_COLOURS,
                legend=alt.Legend(title="Phase", labelExpr=CAPITAL),
            ),
            tooltip=[
                alt.Tooltip("phase:N", title="Phase"),
                alt.Tooltip("first_date:T", title="From", format="%d %b %Y"),
                alt.Tooltip("last_date:T", title="To", format="%d %b %Y"),
            ],
        )
    )
    layers = [bars]
    if starts is not None and len(starts):
        dates = first + pd.to_timedelta(7 * (starts["start_week"].astype(int) - 1), unit="D")
        ticks_data = starts.assign(
            date=dates.dt.strftime("%Y-%m-%d"),
            when="Week commencing " + dates.dt.strftime("%d/%m/%Y"),
        )
        ticks = (
            alt.Chart(ticks_data)
            .mark_tick(thickness=2, size=16, color=theme.TEXT)
            .encode(
                x=alt.X("date:T", scale=x_scale),
                y=alt.value(55),
                tooltip=[
                    alt.Tooltip("ward:N", title="Ward"),
                    alt.Tooltip("when:N", title="First PDSA cycle"),
                ],
            )
        )
        layers.append(ticks)
    return alt.layer(*layers).properties(
        width=620,
        height=70,
        title=alt.Title(
            "The collaborative's timeline",
            subtitle="Ticks: the week each ward began its first PDSA cycle",
        ),
        description="Timeline of pre-work, learning sessions, action periods and the congress.",
    )
