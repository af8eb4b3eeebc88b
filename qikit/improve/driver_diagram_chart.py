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
ROW_PIXELS = 64
LINE_UNITS = 14 / ROW_PIXELS  # one 14-pixel line of text, in rows


def layout(diagram: DriverDiagram) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Positions of every box (column, row centre) and the lines between them.

    Secondary drivers take one row each (a primary without any takes one row itself); a primary
    sits at the middle of its secondaries; the aim at the middle of all; change ideas are ordered
    by the drivers they serve and spread over the same height.
    """
    from qikit.improve.driver_diagram import wrap

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
    for i, (_, owner, _) in enumerate(rows):
        y_of[owner] = (i + 0.5) * step
    for p in diagram.primary:
        ys = [y_of[s.id] for s in p.secondary] or [y_of[p.id]]
        y_of[p.id] = sum(ys) / len(ys)
        nodes.append({"id": p.id, "column": 1, "y": y_of[p.id], "label": wrap(p.text)})
        for s in p.secondary:
            nodes.append({"id": s.id, "column": 2, "y": y_of[s.id], "label": wrap(s.text)})
    aim_y = height / 2
    nodes.insert(
        0, {"id": "aim", "column": 0, "y": aim_y, "label": wrap(diagram.aim or "(no aim yet)")}
    )

    def order(idea) -> float:
        ys = [y_of[d] for d in idea.drivers if d in y_of]
        return sum(ys) / len(ys) if ys else height + 1

    ideas = sorted(diagram.change_ideas, key=order)
    idea_step = height / max(n_ideas, 1)
    for j, idea in enumerate(ideas):
        y_of[idea.id] = (j + 0.5) * idea_step
        nodes.append({"id": idea.id, "column": 3, "y": y_of[idea.id], "label": wrap(idea.text)})

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
        half = max(0.42 * min(step, idea_step, 1.0), (len(node["label"]) * LINE_UNITS + 0.2) / 2)
        node["top"] = node["y"] - half
        node["bottom"] = node["y"] + half
        node["kind"] = COLUMNS[node["column"]]
    return nodes, edges


def driver_diagram_chart(diagram: DriverDiagram, width: int = 900) -> alt.LayerChart:
    """An Altair chart of the diagram with column headings and connecting lines."""
    nodes, edges = layout(diagram)
    height_units = max([n["bottom"] for n in nodes] + [1.0])
    height = int(ROW_PIXELS * max(height_units, 2))
    x = alt.X("x:Q", scale=alt.Scale(domain=[0, 4]), axis=None)
    y_scale = alt.Scale(domain=[-0.6, height_units + 0.1], reverse=True)
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
        .mark_text(fontSize=12, color=TEXT_COLOUR, lineHeight=14, baseline="middle")
        .encode(x=alt.X("centre:Q", scale=alt.Scale(domain=[0, 4]), axis=None), y=y, text="label:N")
    )
    headings = (
        alt.Chart(
            alt.Data(
                values=[
                    {"centre": i + 0.5, "y": -0.35, "heading": c} for i, c in enumerate(COLUMNS)
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
