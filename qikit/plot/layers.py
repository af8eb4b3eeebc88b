"""The layers of a QI chart, written as Vega-Lite layer specifications.

Order, bottom to top: frozen baseline shading, phase breaks, limits, centre line, target, data
line, points, labels, events (annotations) and icons. Every layer reads the table described in
:mod:`qikit.plot.table`, so the same layers draw one chart or a board of small multiples.

Layers are plain dictionaries in the Vega-Lite grammar (what ``chart.to_dict()`` shows): building
them this way takes a millisecond, where assembling the same layers method by method takes a
hundred times longer, which matters for a board of hundreds of wards redrawn as a slider moves.
"""

from __future__ import annotations

import json
from typing import Any

from qikit.plot import icons, theme
from qikit.plot.table import Drawing

Layer = dict[str, Any]
NUMBER_FORMAT = ",.4~r"


def js_list(values: list[Any]) -> str:
    """A list written as a Vega expression literal."""
    return json.dumps(values, ensure_ascii=False)


def x_encoding(
    drawing: Drawing,
    title: str | None,
    aggregate: str | None = None,
    *,
    axis: Layer | None = None,
    span: int | None = None,
) -> Layer:
    """The x axis: dates (in UTC, so a date never shifts by a day), numbers or labels in order.

    ``axis``: tick labels (see :func:`x_axis`); ``span``: the pixels the data may use across
    the chart (less than its width when the icons need room beside the data).
    """
    x: Layer = {"field": "x", "title": title}
    if drawing.x_kind == "temporal":
        x |= {"type": "temporal", "scale": {"type": "utc"}}
    elif drawing.x_kind == "quantitative":
        x |= {"type": "quantitative", "scale": {"zero": False, "nice": False}}
    else:
        x |= {"type": "ordinal", "sort": None}
    if span is not None:
        x["scale"] = x.get("scale", {}) | {"range": [0, span]}
    if axis:
        x["axis"] = axis
    if aggregate:
        x["aggregate"] = aggregate
    return x


DAY_MS = 86_400_000
DATE_LABEL = "%-d %b %Y"  # 6 Oct 2026
MONTH_LABEL = "%b %Y"  # Oct 2026
DATE_LABEL_PX = 110  # room one date label needs at 13 px, with a gap
MONTH_LABEL_PX = 80


def date_stamps(drawing: Drawing) -> list[int]:
    """The chart's dates as milliseconds since 1970 (UTC), in order, without repeats."""
    import pandas as pd

    stamps = pd.to_datetime(drawing.table["x"], errors="coerce", utc=True).dropna()
    ms = (stamps.dt.tz_localize(None) - pd.Timestamp(0)) // pd.Timedelta(milliseconds=1)
    return sorted(set(int(v) for v in ms))


def weekly(drawing: Drawing) -> bool:
    """True when the dates are weeks: each a whole number of weeks after the one before."""
    stamps = date_stamps(drawing) if drawing.x_kind == "temporal" else []
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    return bool(gaps) and all(g % (7 * DAY_MS) == 0 for g in gaps)


def whole_numbers(drawing: Drawing) -> bool:
    import pandas as pd

    values = pd.to_numeric(drawing.table["x"], errors="coerce").dropna()
    return bool(len(values)) and bool((values == values.round()).all())


def _utc(pattern: str) -> str:
    """Tick labels as UTC dates in a d3 pattern (Vega-Lite 5 drops ``format`` on a utc scale)."""
    return f"utcFormat(datum.value, '{pattern}')"


def x_axis(drawing: Drawing, width: float) -> Layer:
    """Tick labels a ward team reads: "1, 2, ... 12" for week numbers, UK dates for dates.

    A chart of a few months labels its own dates ("6 Oct 2026"), every week or every few weeks
    as room allows; a longer chart labels months ("Oct 2026"), every one, two, three, four or six
    months, or years when it spans many. Labels always carry the year, and never a weekday.
    """
    if drawing.x_kind == "quantitative":
        return {"format": "d", "tickMinStep": 1} if whole_numbers(drawing) else {}
    if drawing.x_kind != "temporal":
        return {}
    stamps = date_stamps(drawing)
    if not stamps:
        return {}
    days = (stamps[-1] - stamps[0]) / DAY_MS
    months = days / 30.44
    fit = max(2, int(width // MONTH_LABEL_PX))
    for step in (1, 2, 3, 4, 6, 12):  # months between labels: at least two labels, all fitting
        if days >= 92 and 2 <= months / step and months / step + 1 <= fit:
            return {
                "tickCount": {"interval": "month", "step": step},
                "labelExpr": _utc(MONTH_LABEL),
                "labelOverlap": True,
            }
    if months / 12 >= 3:  # many years
        return {
            "tickCount": {"interval": "year", "step": max(1, -(-int(months / 12 + 1) // fit))},
            "labelExpr": _utc("%Y"),
            "labelOverlap": True,
        }
    # a few months, or a narrow panel: the chart's own dates, first and last among them
    count = min(len(stamps), max(2, int(width // DATE_LABEL_PX)))
    picks = sorted({round(i * (len(stamps) - 1) / max(1, count - 1)) for i in range(count)})
    return {
        "values": [stamps[i] for i in picks],
        "labelExpr": _utc(DATE_LABEL),
        "labelOverlap": "greedy",
    }


def x_title(drawing: Drawing) -> str:
    """The words for the x axis of dates: "Week commencing" when the dates are weeks."""
    return "Week commencing" if weekly(drawing) else "Date"


def _y(field: str, title: str | None = None) -> Layer:
    return {"field": field, "type": "quantitative", "title": title, "scale": {"zero": False}}


def _layer(
    mark: Layer, encoding: Layer, transform: list[Layer] | None = None, aria: bool = False
) -> Layer:
    """One layer; only points and events are read out by screen readers (``aria``), the rest
    (lines, shading, labels) is said once in the chart's description."""
    layer: Layer = {"mark": mark | ({} if aria else {"aria": False}), "encoding": encoding}
    if transform:
        layer["transform"] = transform
    return layer


def _x_tooltip(drawing: Drawing) -> Layer:
    if drawing.x_kind == "temporal":
        return {
            "field": "x",
            "timeUnit": "utcyearmonthdate",
            "type": "temporal",
            "title": x_title(drawing),
            "format": "%d/%m/%Y",
        }
    kind = "quantitative" if drawing.x_kind == "quantitative" else "nominal"
    return {"field": "x", "type": kind, "title": "Point"}


def baseline_shading(x: Layer) -> list[Layer]:
    """A pale band behind the frozen baseline (the points the limits come from), labelled."""
    band = _layer(
        {"type": "rect", "color": theme.BASELINE_SHADE},
        {
            "x": x | {"aggregate": "min"},
            "x2": {"field": "x", "aggregate": "max"},
            "detail": {"field": "p", "type": "ordinal"},
            "tooltip": {"value": "Frozen baseline: the limits come from these points"},
        },
        [{"filter": "datum.b == 1"}],
    )
    label = _layer(
        {
            "type": "text",
            "align": "left",
            "baseline": "bottom",
            "dx": 3,
            "fontStyle": "italic",
            "color": "#505050",
        },
        {
            "x": x,
            "y": {"value": -2},
            "text": {"value": "frozen baseline"},
        },
        [
            {"filter": "datum.b == 1"},
            {"aggregate": [{"op": "min", "field": "x", "as": "x"}], "groupby": ["f", "p"]},
        ],
    )
    return [band, label]


def phase_breaks(x: Layer, height: int) -> list[Layer]:
    """A dotted line and a label where each new phase (part) starts."""
    starts = [{"filter": "datum.n == 1"}]
    rule = _layer(
        {"type": "rule", "color": "#8c8c8c", "strokeDash": [2, 4], "strokeWidth": 1.5},
        {"x": x},
        starts,
    )
    label = _layer(
        {"type": "text", "align": "left", "baseline": "bottom", "dx": 4, "color": "#505050"},
        {"x": x, "y": {"value": height - 2}, "text": {"field": "phase", "type": "nominal"}},
        starts + [{"calculate": "'phase ' + datum.p", "as": "phase"}],
    )
    return [rule, label]


def limit_lines(x: Layer, width: float) -> list[Layer]:
    """Lower and upper limits: step lines that follow varying denominators, dashed when trial."""
    dash = {
        "field": "t",
        "type": "nominal",
        "scale": {"domain": [0, 1], "range": [list(d) for d in theme.LIMIT_DASHES]},
        "legend": None,
    }
    return [
        _layer(
            {"type": "line", "interpolate": "step", "color": theme.LIMITS, "strokeWidth": width},
            {
                "x": x,
                "y": _y(field),
                "detail": {"field": "p", "type": "ordinal"},
                "strokeDash": dash,
            },
        )
        for field in ("l", "u")
    ]


def centre_line(x: Layer, width: float) -> Layer:
    """The centre line (mean, or median on run charts), one per phase.

    Where the runs analysis found a signal in a phase (a long run or too few crossings), the
    centre line of that phase is dashed and purple, as qicharts2 marks it.
    """
    signal = "datum.a == 1"
    return _layer(
        {"type": "line", "interpolate": "step", "strokeWidth": width},
        {
            "x": x,
            "y": _y("c"),
            "detail": {"field": "p", "type": "ordinal"},
            "color": {
                "condition": {"test": signal, "value": theme.NEUTRAL},
                "value": theme.CENTRE_LINE,
            },
            "strokeDash": {"condition": {"test": signal, "value": [10, 4]}, "value": [1, 0]},
        },
    )


def target_line(x: Layer) -> Layer:
    return _layer(
        {
            "type": "line",
            "interpolate": "step",
            "color": theme.TARGET,
            "strokeDash": theme.TARGET_DASH,
            "strokeWidth": 2,
        },
        {"x": x, "y": _y("g"), "detail": {"field": "p", "type": "ordinal"}},
    )


def data_line(x: Layer, y_title: str | None, width: float) -> Layer:
    return _layer(
        {"type": "line", "color": theme.DATA_LINE, "strokeWidth": width},
        {"x": x, "y": _y("y", y_title), "detail": {"field": "p", "type": "ordinal"}},
    )


def points(drawing: Drawing, x: Layer, y_title: str | None, size: int) -> Layer:
    """The points: MDC colour and a shape for each kind of variation, with a full tooltip."""
    present = drawing.statuses
    labels = [theme.STATUS_LABELS[s] for s in present]
    legend = {"title": None, "orient": "bottom", "direction": "horizontal"}
    colour = {
        "field": "status",
        "type": "nominal",
        "scale": {"domain": labels, "range": [theme.STATUS_COLOURS[s] for s in present]},
        "legend": legend,
    }
    shape = {
        "field": "status",
        "type": "nominal",
        "scale": {"domain": labels, "range": [theme.STATUS_SHAPES[s] for s in present]},
        "legend": legend,
    }
    line_name = "Median" if drawing.chart_type == "run" else "Centre line"
    tooltip = [
        _x_tooltip(drawing),
        {"field": "y", "type": "quantitative", "title": "Value", "format": NUMBER_FORMAT},
        {"field": "c", "type": "quantitative", "title": line_name, "format": NUMBER_FORMAT},
    ]
    if drawing.has_limits:
        tooltip += [
            {"field": "l", "type": "quantitative", "title": "Lower limit", "format": NUMBER_FORMAT},
            {"field": "u", "type": "quantitative", "title": "Upper limit", "format": NUMBER_FORMAT},
        ]
    if drawing.has_target:
        tooltip.append(
            {"field": "g", "type": "quantitative", "title": "Target", "format": NUMBER_FORMAT}
        )
    tooltip += [
        {"field": "status", "type": "nominal", "title": "What it shows"},
        {"field": "rule", "type": "nominal", "title": "Rule that fired"},
        {"field": "p", "type": "ordinal", "title": "Phase"},
    ]
    transform = [
        {"calculate": f"{js_list(list(theme.STATUS_LABELS))}[datum.s]", "as": "status"},
        {"calculate": f"{js_list(drawing.rule_texts)}[datum.r]", "as": "rule"},
    ]
    if len(drawing.facets) > 1:
        tooltip.insert(0, {"field": "series", "type": "nominal", "title": "Series"})
    return _layer(
        {"type": "point", "filled": True, "opacity": 1},
        {
            "x": x,
            "y": _y("y", y_title),
            "color": colour,
            "shape": shape,
            "size": {"condition": {"test": "datum.s > 0", "value": size * 2}, "value": size},
            "tooltip": tooltip,
        },
        transform,
        aria=True,
    )


def _lookup(rows: list[dict[str, Any]]) -> Layer:
    """Join a small per-series table onto each point by series number (a hash lookup)."""
    fields = [k for k in rows[0] if k != "f"] if rows else []
    return {"lookup": "f", "from": {"data": {"values": rows}, "key": "f", "fields": fields}}


def trial_labels(x: Layer) -> Layer:
    """'trial limits' written above the upper limit at the end of each phase that has them."""
    return _layer(
        {
            "type": "text",
            "align": "right",
            "baseline": "bottom",
            "dy": -4,
            "fontStyle": "italic",
            "color": "#404040",
        },
        {"x": x, "y": _y("u"), "text": {"value": "trial limits"}},
        [{"filter": "datum.e >= 1 && datum.t == 1 && isValid(datum.u)"}],
    )


def target_label(x: Layer) -> Layer:
    return _layer(
        {"type": "text", "align": "right", "baseline": "top", "dy": 4, "color": theme.TARGET},
        {"x": x, "y": _y("g"), "text": {"value": "target"}},
        [{"filter": "datum.e == 2 && isValid(datum.g)"}],
    )


#: The white outline drawn under event labels (a text mark with a thick white stroke).
HALO = {"color": "white", "stroke": "white", "strokeWidth": 4, "strokeJoin": "round"}


def annotation_layers(rows: list[dict[str, Any]], x: Layer) -> list[Layer]:
    """PDSA cycles and events: a dashed vertical line and a label for each, in the lane and with
    the text :func:`qikit.plot.annotations.place_labels` chose (the full label on hover)."""
    if not rows:
        return []
    tooltip = {"field": "label", "type": "nominal", "title": "Event"}
    data = {"values": [{k: r[k] for k in ("x", "label", "text", "lane")} for r in rows]}
    rule = _layer(
        {"type": "rule", "color": theme.ANNOTATION, "strokeDash": [5, 3], "strokeWidth": 1.5},
        {"x": x, "tooltip": tooltip},
        aria=True,
    )
    out = [rule | {"data": data}]
    for align, dx in (("left", 4), ("right", -4)):
        side = [
            {k: r[k] for k in ("x", "label", "text", "lane")} for r in rows if r["align"] == align
        ]
        if not side:
            continue
        mark = {"type": "text", "align": align, "baseline": "top", "dx": dx}
        encoding = {
            "x": x,
            "y": {"field": "lane", "type": "quantitative", "scale": None, "axis": None},
            "text": {"field": "text", "type": "nominal"},
        }
        # a white outline under the words hides the other events' lines where they cross a label
        halo = _layer(mark | HALO, encoding)
        text = _layer(mark | {"color": theme.ANNOTATION}, encoding | {"tooltip": tooltip})
        out += [halo | {"data": {"values": side}}, text | {"data": {"values": side}}]
    return out


ICON_PICTURES_UP_TO = 24  # larger boards show each icon as a coloured badge and a letter

_BADGE = {
    "common": (theme.COMMON_CAUSE, "circle"),
    "improvement": (theme.IMPROVEMENT, "diamond"),
    "concern": (theme.CONCERN, "square"),
    "neutral": (theme.NEUTRAL, "triangle-up"),
}
_ASSURANCE_LETTER = {"pass": "P", "fail": "F", "hit_and_miss": "?"}


BOARD_ICON = 26  # pixels: the icons in each panel of a board
BADGE_ROOM = 24


def _has_icons(drawing: Drawing) -> bool:
    kinds = list(drawing.variation) + list(drawing.assurance)
    return any(k and k != "none" for k in kinds)


def icon_room(drawing: Drawing, board: bool) -> int:
    """Pixels kept free at the right of each panel of a board for its icons (the data stops
    short of them, so icons never cover the latest points); 0 for a single chart, whose icons
    sit outside the plot."""
    if not board or not _has_icons(drawing):
        return 0
    if len(drawing.facets) > ICON_PICTURES_UP_TO:
        return BADGE_ROOM if _badge_rows(drawing) else 0
    return BOARD_ICON + 4


def icon_layers(drawing: Drawing, width: int, board: bool) -> list[Layer]:
    """The variation and assurance icons, beside a single chart or at the right of each panel,
    in a strip the data never reaches (:func:`icon_room`).

    Boards of more than :data:`ICON_PICTURES_UP_TO` series show a badge instead of a picture:
    the variation as a point of the same colour and shape as the chart's points, and the
    assurance as its letter (P pass, F fail, ? hit and miss), which keeps hundreds of panels
    quick to draw.
    """
    if board and len(drawing.facets) > ICON_PICTURES_UP_TO:
        return _badges(drawing, width)
    size = BOARD_ICON if board else 56
    layers = []
    for row, (kinds, draw) in enumerate(
        ((drawing.variation, icons.variation_svg), (drawing.assurance, icons.assurance_svg))
    ):
        shown = [k if (k and k != "none") else "" for k in kinds]
        if not any(shown):
            continue
        names = sorted(set(shown) - {""})
        urls = [""] + [icons.data_url(draw(k)) for k in names]
        index = [0 if not k else names.index(k) + 1 for k in shown]
        if board:
            expr = f"{js_list(urls)}[{js_list(index)}[datum.f]]"
            x_pos, y_pos = width - size / 2, size / 2 + row * (size + 2)
        else:
            expr = js_list(urls[index[0]])
            x_pos, y_pos = width + 16 + size / 2, size / 2 + row * (size + 12)
        layers.append(
            _layer(
                {"type": "image", "width": size, "height": size},
                {
                    "url": {"field": "icon", "type": "nominal"},
                    "x": {"value": x_pos},
                    "y": {"value": y_pos},
                },
                [
                    {"filter": "datum.e == 2"},
                    {"calculate": expr, "as": "icon"},
                    {"filter": "datum.icon != ''"},
                ],
            )
        )
    return layers


def _badge_rows(drawing: Drawing) -> list[dict[str, Any]]:
    rows = []
    for f, (kind, assurance) in enumerate(zip(drawing.variation, drawing.assurance, strict=True)):
        if kind in icons.VARIATION_WORDS:
            colour, shape = _BADGE[kind.split("_")[0]]
            letter = {"high": "H", "low": "L"}.get(kind.rsplit("_", 1)[-1], "")
            rows.append(
                {
                    "f": f,
                    "vc": colour,
                    "vs": shape,
                    "vl": letter,
                    "al": _ASSURANCE_LETTER.get(assurance, ""),
                    "vw": icons.VARIATION_WORDS[kind],
                }
            )
    return rows


def board_transforms(drawing: Drawing) -> list[Layer]:
    """Per-series facts joined onto the points before the board is split into panels.

    (Vega-Lite joins small tables reliably only outside the panels.)
    """
    joins = [_lookup([{"f": i, "series": n} for i, n in enumerate(drawing.facets)])]
    if len(drawing.facets) > ICON_PICTURES_UP_TO and _badge_rows(drawing):
        joins.append(_lookup(_badge_rows(drawing)))
    return joins


def _badges(drawing: Drawing, width: int) -> list[Layer]:
    if not _badge_rows(drawing):
        return []
    last = [{"filter": "datum.e == 2 && isValid(datum.vc)"}]
    badge = _layer(
        {"type": "point", "filled": True, "size": 110, "opacity": 1},
        {
            "x": {"value": width - 10},
            "y": {"value": 7},
            "color": {"field": "vc", "type": "nominal", "scale": None},
            "shape": {"field": "vs", "type": "nominal", "scale": None},
            "tooltip": {"field": "vw", "type": "nominal", "title": "Variation"},
        },
        last,
    )
    letters = _layer(
        {"type": "text", "align": "center", "baseline": "top", "fontWeight": "bold"},
        {
            "x": {"value": width - 10},
            "y": {"value": 16},
            "text": {"field": "label", "type": "nominal"},
        },
        last + [{"calculate": "datum.vl + (datum.al ? ' ' + datum.al : '')", "as": "label"}],
    )
    return [badge, letters]
