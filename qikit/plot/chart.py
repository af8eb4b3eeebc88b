"""``plot(result)``: one SPC result drawn as a chart people read at a glance."""

from __future__ import annotations

from typing import Any, Literal

import altair as alt
from altair.utils.schemapi import debug_mode

from qikit.errors import DataError
from qikit.plot import layers, words
from qikit.plot import theme as _theme
from qikit.plot.annotations import annotation_rows, place_labels, x_pixels
from qikit.plot.table import Drawing, drawing

SINGLE_SIZE = {"qikit": (640, 320), "qikit_projector": (760, 380)}
PANEL_SIZE = {"qikit": (180, 100), "qikit_projector": (240, 130)}


class _Checked:
    """Charts whose specification qikit has already checked (the tests check every layer).

    ``to_dict()`` skips Altair's schema check unless asked (``to_dict(validate=True)``): the
    check takes a quarter of a second per chart, far longer than drawing, and would be repeated
    at every redraw of an app.
    """

    def to_dict(self, validate: bool = False, **kwargs: Any) -> dict[str, Any]:
        return super().to_dict(validate=validate, **kwargs)  # type: ignore[misc]


class QIChart(_Checked, alt.LayerChart):
    """One qikit chart: an Altair layered chart."""


class QIBoard(_Checked, alt.FacetChart):
    """Small multiples of many series: an Altair faceted chart."""


def _theme_name(name: str | None) -> str:
    if name is None:
        active = alt.theme.active
        return active if active in _theme.THEMES else "qikit"
    _theme.theme_config(name)  # checks the name
    return "qikit_projector" if name in ("projector", "qikit_projector") else name


def _measure(result: Any, given: str | None) -> str | None:
    if given:
        return given
    for name in ("y_name", "y_label", "measure", "y"):
        value = getattr(result, name, None)
        if isinstance(value, str) and value:
            return words.measure_words(value, result) if name == "y_name" else value
    return None


def _x_title(draw: Drawing, board: bool) -> str | None:
    return layers.x_title(draw) if draw.x_kind == "temporal" and not board else None


def _chart(layer: dict[str, Any]) -> alt.Chart:
    """One layer specification as an Altair chart."""
    spec = dict(layer)
    spec["encoding"] = alt.FacetedEncoding(**spec["encoding"])
    return alt.Chart(**spec)


def _stack(
    draw: Drawing,
    *,
    x_title: str | None,
    y_title: str | None,
    annotations: Any,
    width: int,
    height: int,
    board: bool,
    line: float,
    font_size: float,
) -> tuple[list[dict[str, Any]], list[str]]:
    """The layers, and the key of event labels too long to write in full on the chart."""
    room = layers.icon_room(draw, board)
    span = width - room
    x = layers.x_encoding(
        draw, x_title, axis=layers.x_axis(draw, span), span=span if room else None
    )
    stack: list[dict[str, Any]] = []
    if draw.any_frozen:
        stack += layers.baseline_shading(x)
    if draw.n_parts > 1:
        stack += layers.phase_breaks(x, height)
    if draw.has_limits:
        stack += layers.limit_lines(x, max(1.0, line * 0.8))
    stack.append(layers.centre_line(x, max(1.0, line * 0.8)))
    if draw.has_target:
        stack.append(layers.target_line(x))
    stack.append(layers.data_line(x, y_title, line * 0.6 if board else line))
    stack.append(layers.points(draw, x, y_title, size=12 if board else 45))
    if draw.any_trial:
        stack.append(layers.trial_labels(x))
    if draw.has_target and not board:
        stack.append(layers.target_label(x))
    events = annotation_rows(annotations, draw.x_kind)
    chart_xs = layers.date_stamps(draw) if draw.x_kind == "temporal" else draw.table["x"].tolist()
    pixels = x_pixels([r["x"] for r in events], chart_xs, draw.x_kind, span)
    events, key = place_labels(events, pixels, span, font_size)
    stack += layers.annotation_layers(events, x)
    stack += layers.icon_layers(draw, width, board)
    for layer in stack:  # one y axis, so every layer gives it the same title
        y = layer["encoding"].get("y", {})
        if "title" in y:
            y["title"] = y_title
    return stack, key


def plot(
    result: Any,
    *,
    annotations: Any = None,
    title: str | None = None,
    theme: str | None = None,
    y_scale: Literal["shared", "independent"] = "shared",
    y_title: str | None = None,
    x_title: str | None = None,
    columns: int | None = None,
    width: int | None = None,
    height: int | None = None,
) -> QIChart | QIBoard:
    """Draw an SPC result (from ``qikit.spc``) as a run chart or control chart.

    Points are coloured the Making Data Count way (blue improvement, orange concern, purple
    neither, grey common cause) and shaped too (diamond, square, triangle, circle), so the chart
    reads the same in black and white or to a colour-blind eye. Limits step with varying
    denominators, break and restart at each phase, and are dashed and labelled "trial limits" when
    a phase has fewer than 20 baseline points. The frozen baseline is shaded; the target is a red
    dashed line; the variation and assurance icons sit beside the chart. A result with many
    series (``facet=``) is drawn as small multiples, one panel per series.

    Args:
        result: what ``qikit.spc(...)`` returned.
        annotations: PDSA cycles and other events, as a table with ``date`` (or ``x``) and
            ``label`` columns, or a list of ``(date, label)`` pairs.
        title: the chart title; by default the chart type and measure.
        theme: ``"qikit"`` (everyday) or ``"projector"`` (large type, thick lines); by default
            the qikit theme that is switched on, else ``"qikit"``.
        y_scale: for many series, ``"shared"`` (one y axis for all, to compare levels) or
            ``"independent"`` (each panel its own axis, to see each series' pattern).
        y_title, x_title: axis titles.
        columns: panels per row for many series.
        width, height: size of the chart (or of each panel) in pixels.

    Returns:
        An Altair chart: show it with ``qikit.apps.common.ChartView`` and save it with
        ``qikit.plot.save(chart, "chart.png")``.
    """
    if y_scale not in ("shared", "independent"):
        raise DataError(
            f"y_scale: expected 'shared' or 'independent', found {y_scale!r}. "
            "Use 'shared' to compare levels across wards, 'independent' to see each pattern."
        )
    name = _theme_name(theme)
    draw = drawing(result)
    board = len(draw.facets) > 1
    default_w, default_h = (PANEL_SIZE if board else SINGLE_SIZE)[name]
    width, height = width or default_w, height or default_h
    measure = _measure(result, y_title)
    heading = title or words.default_title(draw, measure)
    said = words.finding(draw)
    lines = words.subtitle_lines(said, width=70 if name == "qikit_projector" else 95)
    config = _theme.theme_config(name)["config"]
    stack, key = _stack(
        draw,
        x_title=x_title if x_title is not None else _x_title(draw, board),
        y_title=measure,
        annotations=annotations,
        width=width,
        height=height,
        board=board,
        line=_theme.line_width(name),
        font_size=config["text"]["fontSize"],
    )
    if key:  # the full text of shortened labels, in the chart itself (so in every export)
        lines = lines + words.subtitle_lines(
            "Events: " + "; ".join(key) + ".",
            width=70 if name == "qikit_projector" else 95,
            most=len(key) * 3,
        )
    top = {
        "title": {"text": heading, "subtitle": lines},
        "description": words.description(draw, heading, measure, said),
        "config": config,
    }
    # Assembled from finished layer specifications: no step-by-step copying or checking here;
    # chart.to_dict() still checks the whole chart against the Vega-Lite schema.
    with debug_mode(False):
        charts = [_chart(layer) for layer in stack]
        if not board:
            return QIChart(layer=charts, data=draw.csv_data(), width=width, height=height, **top)
        layered = alt.LayerChart(layer=charts, width=width, height=height)
        n = len(draw.facets)
        return QIBoard(
            data=draw.csv_data(),
            spec=layered,
            facet={
                "field": "f",
                "type": "ordinal",
                "title": None,
                "header": {"labelExpr": f"{layers.js_list(draw.facets)}[datum.value]"},
            },
            columns=columns or (n if n <= 4 else 3 if n <= 9 else 6),
            resolve={"scale": {"y": y_scale}},
            transform=layers.board_transforms(draw),
            **top,
        )
