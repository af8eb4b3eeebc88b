"""Drawing a driver diagram as four columns of boxes joined by lines (Altair, works offline)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt

if TYPE_CHECKING:
    from qikit.improve.driver_diagram import DriverDiagram

COLUMNS = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")
#: Light fills with dark text keep contrast high on a projector and for colour-blind readers.
FILLS = ("#d6e4f0", "#e3ecd9", "#f4e6cc", "#ece1ef")
TEXT_COLOUR = "#1a1a1a"
LINE_COLOUR = "#5a5a5a"
BOX_WIDTH = 0.8  # of a column
ROW_PIXELS = 64  # the least height of one row of secondary drivers
FONT_SIZE = 12
LINE_PIXELS = 14  # one line of text in a box
BOX_PADDING = 12  # pixels: above and below the text, and at each side, together
BOX_GAP = 10  # pixels: the least space between two boxes in a column
HEADING_PIXELS = 34  # the band of column headings above the boxes


def wrap_to(text: str, pixels: float, font_size: float = FONT_SIZE) -> list[str]:
    """Break text into lines no wider than ``pixels`` (widths estimated generously from the
    letters); a word too long for a line is split across lines."""
    from qikit.plot.annotations import label_width

    lines: list[str] = []
    line = ""
    for word in text.split():
        while label_width(word, font_size) > pixels and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and label_width(word[:cut] + "-", font_size) > pixels:
                cut -= 1
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut] + "-")
            word = word[cut:]
        joined = f"{line} {word}" if line else word
        if line and label_width(joined, font_size) > pixels:
            lines.append(line)
            line = word
        else:
            line = joined
    if line:
        lines.append(line)
    return lines or [""]


def text_pixels(width: int) -> float:
    """How wide a line of text in a box may be, for a diagram ``width`` pixels wide."""
    return width / len(COLUMNS) * BOX_WIDTH - BOX_PADDING


def box_height(label: list[str]) -> float:
    """A box's height in pixels: its lines of text and the padding around them."""
    return len(label) * LINE_PIXELS + BOX_PADDING


def layout(
    diagram: DriverDiagram, width: int = 900
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Positions of every box (column, row centre) and the lines between them.

    Secondary drivers take one row each (a primary without any takes one row itself); a primary
    sits at the middle of its secondaries; the aim at the middle of all; change ideas are ordered
    by the drivers they serve and spread over the same height. Text is wrapped to the width of
    its box, and the rows are made tall enough that every box holds its text.
    """
    nodes, edges, _ = _layout(diagram, width)
    return nodes, edges


def _layout(
    diagram: DriverDiagram, width: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], float]:
    """The layout and the pixels of one row, so that every box holds its wrapped text."""
    room = text_pixels(width)

    def wrap(text: str) -> list[str]:
        return wrap_to(text, room)

    rows: list[tuple[str, str, str]] = []  # (primary id, row owner id, text)
    for p in diagram.primary:
        if p.secondary:
            rows.extend((p.id, s.id, s.text) for s in p.secondary)
        else:
            rows.append((p.id, p.id, ""))
    n_rows = max(len(rows), 1)
    n_ideas = len(diagram.change_ideas)
    height = max(n_rows, n_ideas, 1)
    step = height / n_rows
    y_of: dict[str, float] = {}
    nodes: list[dict[str, Any]] = []
    rooms: list[float] = []  # the rows each box has to itself, beside each node
    for i, (_, owner, _) in enumerate(rows):
        y_of[owner] = (i + 0.5) * step
    for p in diagram.primary:
        ys = [y_of[s.id] for s in p.secondary] or [y_of[p.id]]
        y_of[p.id] = sum(ys) / len(ys)
        nodes.append({"id": p.id, "column": 1, "y": y_of[p.id], "label": wrap(p.text)})
        rooms.append(step * max(1, len(p.secondary)))
        for s in p.secondary:
            nodes.append({"id": s.id, "column": 2, "y": y_of[s.id], "label": wrap(s.text)})
            rooms.append(step)
    aim_y = height / 2
    nodes.insert(
        0, {"id": "aim", "column": 0, "y": aim_y, "label": wrap(diagram.aim or "(no aim yet)")}
    )
    rooms.insert(0, float(height))

    def order(idea) -> float:
        ys = [y_of[d] for d in idea.drivers if d in y_of]
        return sum(ys) / len(ys) if ys else height + 1

    ideas = sorted(diagram.change_ideas, key=order)
    idea_step = height / max(n_ideas, 1)
    for j, idea in enumerate(ideas):
        y_of[idea.id] = (j + 0.5) * idea_step
        nodes.append({"id": idea.id, "column": 3, "y": y_of[idea.id], "label": wrap(idea.text)})
        rooms.append(idea_step)
    # pixels per row: at least ROW_PIXELS, and enough for the tallest box in the room it has
    unit = max(
        [float(ROW_PIXELS)]
        + [(box_height(n["label"]) + BOX_GAP) / r for n, r in zip(nodes, rooms, strict=True)]
    )

    edges: list[dict[str, Any]] = []

    def join(source: str, source_col: int, target: str, target_col: int) -> None:
        edges.append(
            {
                "x": source_col + 0.5 + BOX_WIDTH / 2,
                "y": y_of.get(source, aim_y),
                "x2": target_col + 0.5 - BOX_WIDTH / 2,
                "y2": y_of[target],
                "source": source,
                "target": target,
            }
        )

    y_of["aim"] = aim_y
    for p in diagram.primary:
        join("aim", 0, p.id, 1)
        for s in p.secondary:
            join(p.id, 1, s.id, 2)
    secondary = {s.id for p in diagram.primary for s in p.secondary}
    for idea in diagram.change_ideas:
        for d in idea.drivers:
            join(d, 2 if d in secondary else 1, idea.id, 3)
    for node in nodes:
        node["x"] = node["column"] + 0.5 - BOX_WIDTH / 2
        node["x2"] = node["column"] + 0.5 + BOX_WIDTH / 2
        node["centre"] = node["column"] + 0.5
        half = max(0.42 * min(step, idea_step, 1.0) * ROW_PIXELS, box_height(node["label"]) / 2)
        node["top"] = node["y"] - half / unit
        node["bottom"] = node["y"] + half / unit
        # the first line's top, so that the lines sit in the middle of the box
        node["text_top"] = node["y"] - (len(node["label"]) * LINE_PIXELS / 2 - 1) / unit
        node["kind"] = COLUMNS[node["column"]]
    return nodes, edges, unit


def driver_diagram_chart(diagram: DriverDiagram, width: int = 900) -> alt.LayerChart:
    """An Altair chart of the diagram with column headings and connecting lines."""
    nodes, edges, unit = _layout(diagram, width)
    top = min([n["top"] for n in nodes] + [0.0]) - HEADING_PIXELS / unit
    bottom = max([n["bottom"] for n in nodes] + [1.0]) + 4 / unit
    height = round((bottom - top) * unit)  # one row unit is ``unit`` pixels, as laid out
    x = alt.X("x:Q", scale=alt.Scale(domain=[0, 4]), axis=None)
    y_scale = alt.Scale(domain=[top, bottom], reverse=True, nice=False, zero=False)
    y = alt.Y("y:Q", scale=y_scale, axis=None)
    kind_colour = alt.Color(
        "kind:N",
        scale=alt.Scale(domain=list(COLUMNS), range=list(FILLS)),
        legend=None,
    )
    node_data = alt.Data(values=nodes)
    lines = (
        alt.Chart(alt.Data(values=edges or [{"x": 0, "y": 0, "x2": 0, "y2": 0}]))
        .mark_rule(color=LINE_COLOUR, strokeWidth=1.2, opacity=1 if edges else 0)
        .encode(x=x, y=y, x2="x2:Q", y2="y2:Q")
    )
    boxes = (
        alt.Chart(node_data)
        .mark_rect(cornerRadius=4, stroke=LINE_COLOUR, strokeWidth=0.8)
        .encode(
            x=x,
            x2="x2:Q",
            y=alt.Y("top:Q", scale=y_scale, axis=None),
            y2="bottom:Q",
            color=kind_colour,
            tooltip=[alt.Tooltip("kind:N", title="Column")],
        )
    )
    labels = (
        alt.Chart(node_data)
        .mark_text(fontSize=FONT_SIZE, color=TEXT_COLOUR, lineHeight=LINE_PIXELS, baseline="top")
        .encode(
            x=alt.X("centre:Q", scale=alt.Scale(domain=[0, 4]), axis=None),
            y=alt.Y("text_top:Q", scale=y_scale, axis=None),
            text="label:N",
        )
    )
    headings = (
        alt.Chart(
            alt.Data(
                values=[
                    {"centre": i + 0.5, "y": top + HEADING_PIXELS / 2 / unit, "heading": c}
                    for i, c in enumerate(COLUMNS)
                ]
            )
        )
        .mark_text(fontSize=14, fontWeight="bold", color=TEXT_COLOUR)
        .encode(
            x=alt.X("centre:Q", scale=alt.Scale(domain=[0, 4]), axis=None),
            y=y,
            text="heading:N",
        )
    )
    return (
        alt.layer(lines, boxes, labels, headings)
        .properties(
            width=width,
            height=height,
            title=alt.Title(
                "Driver diagram",
                subtitle="Aim, primary and secondary drivers, and the change ideas linked to them",
            ),
            description=(
                f"Driver diagram with {len(diagram.primary)} primary drivers, "
                f"{sum(len(p.secondary) for p in diagram.primary)} secondary drivers and "
                f"{len(diagram.change_ideas)} change ideas."
            ),
        )
        .configure_view(stroke=None)
    )
