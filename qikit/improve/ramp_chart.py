"""Drawing a ramp: each cycle as a step, its scale on the vertical axis (Altair, offline)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from qikit.improve.pdsa import SCALE_ORDER, SCALES

if TYPE_CHECKING:
    from qikit.improve.pdsa import Ramp

DECISION_COLOURS = {"adopt": "#006747", "adapt": "#005eb8", "abandon": "#a00000", "": "#5a5a5a"}


def ramp_rows(ramp: Ramp) -> list[dict]:
    """One row per cycle: number, scale (as words and as a step), decision and quality score."""
    from qikit.improve.pdsa import quality

    return [
        {
            "cycle": c.cycle_number,
            "scale": SCALES.get(c.scale, "scale not recorded"),
            "step": SCALE_ORDER.index(c.scale) + 1 if c.scale else 0,
            "decision": c.act_decision or "not decided yet",
            "label": f"Cycle {c.cycle_number}: {c.act_decision or 'under way'}",
            "score": f"{quality(c).score} of 5",
        }
        for c in ramp.cycles
    ]


def ramp_chart(ramp: Ramp, width: int = 560) -> alt.LayerChart:
    """The ramp as a rising line of cycles, coloured (and labelled) by the Act decision."""
    rows = ramp_rows(ramp)
    scale_labels = ["scale not recorded", *(SCALES[k] for k in SCALE_ORDER)]
    y = alt.Y(
        "scale:N",
        title="Scale of the test",
        sort=list(reversed(scale_labels)),
        scale=alt.Scale(domain=list(reversed(scale_labels))),
    )
    x = alt.X(
        "cycle:O",
        title="Cycle",
        axis=alt.Axis(labelAngle=0),
    )
    base = alt.Chart(alt.Data(values=rows))
    line = base.mark_line(color="#5a5a5a", strokeWidth=2).encode(x=x, y=y)
    points = base.mark_point(size=160, filled=True, shape="diamond").encode(
        x=x,
        y=y,
        color=alt.Color(
            "decision:N",
            title="Act decision",
            scale=alt.Scale(
                domain=["adopt", "adapt", "abandon", "not decided yet"],
                range=[DECISION_COLOURS[k] for k in ("adopt", "adapt", "abandon", "")],
            ),
        ),
        tooltip=[
            alt.Tooltip("label:N", title="Cycle"),
            alt.Tooltip("scale:N", title="Scale"),
            alt.Tooltip("score:N", title="Quality"),
        ],
    )
    labels = base.mark_text(dy=-14, fontSize=12, color="#1a1a1a").encode(
        x=x, y=y, text="decision:N"
    )
    idea = ramp.change_idea or "this change idea"
    return alt.layer(line, points, labels).properties(
        width=width,
        height=300,
        title=alt.Title(f"PDSA ramp: {idea}", subtitle="Each cycle, and the scale it tested at"),
        description=(
            f"PDSA ramp for {idea} with {len(rows)} cycles, from "
            + (f"{rows[0]['scale']} to {rows[-1]['scale']}." if rows else "no cycles yet.")
        ),
    )
