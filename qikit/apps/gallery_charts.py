"""The chart gallery's app: every chart type qikit draws, on small example series.

Pick a chart to see it drawn the Making Data Count way, with its finding in words, its icons and
(if you like) PDSA cycles marked on it; then see six trusts side by side as small multiples.
The app only wires widgets to ``qikit.spc`` and ``qikit.plot``.
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import traitlets

from qikit.apps.common import ChartView, ErrorPanel, guarded
from qikit.plot import chart as charts
from qikit.plot import examples
from qikit.plot import icons as icon_pictures
from qikit.spc import spc

WEEKLY_PDSA = [("2024-07-15", "PDSA 1: safety huddle"), ("2024-08-12", "PDSA 2: every shift")]


@dataclass(frozen=True)
class Example:
    """One gallery chart: which example data, how to chart it, and what it shows."""

    label: str
    data: str
    spc: dict[str, Any]
    measure: str
    note: str
    annotations: list[tuple[str, str]] = field(default_factory=list)


GALLERY: dict[str, Example] = {
    "run": Example(
        "Run chart (Anhøj rules)",
        "i",
        {"x": "date", "chart": "run"},
        "Weekly value",
        "A run chart: the data and its median. A shift or too few crossings is a signal.",
        WEEKLY_PDSA,
    ),
    "ihi": Example(
        "Run chart (IHI rules)",
        "run_shift",
        {"x": "date", "chart": "run", "rules": "ihi"},
        "Weekly value",
        "The IHI rules: a shift of 6, a trend of 5, too few or too many runs.",
    ),
    "i": Example(
        "I chart (individual values)",
        "i",
        {"x": "date", "chart": "i"},
        "Weekly value",
        "An I chart (XmR): limits from the average moving range.",
        WEEKLY_PDSA,
    ),
    "mdc": Example(
        "I chart, Making Data Count, with a target",
        "i",
        {"x": "date", "chart": "i", "rules": "mdc", "improvement": "increase", "target": 45},
        "Weekly value (higher is better)",
        "With a direction of improvement, signals are improvement (blue) or concern (orange); "
        "the target (red) gives the assurance icon.",
    ),
    "part": Example(
        "I chart with two phases",
        "i",
        {"x": "date", "chart": "i", "part": [30]},
        "Weekly value",
        "A new phase after week 30: new limits. The second phase has 10 points, so its limits "
        "are trial limits (dashed).",
    ),
    "mr": Example(
        "Moving range chart",
        "i",
        {"x": "date", "chart": "mr"},
        "Moving range",
        "The moving range chart: how much each point differs from the one before.",
    ),
    "xbar": Example(
        "X-bar chart (subgroup means)",
        "xbar_s",
        {"x": "subgroup", "chart": "xbar"},
        "Subgroup mean",
        "Subgroups of five: the chart of their means.",
    ),
    "s": Example(
        "S chart (subgroup spread)",
        "xbar_s",
        {"x": "subgroup", "chart": "s"},
        "Subgroup standard deviation",
        "Subgroups of five: the chart of their spread.",
    ),
    "p": Example(
        "P chart (percentages)",
        "p",
        {"x": "date", "n": "n", "chart": "p", "multiply": 100},
        "Patients with the event (%)",
        "Limits step up and down: wider in weeks with fewer patients.",
        WEEKLY_PDSA,
    ),
    "pp": Example(
        "Laney P\u2032 chart",
        "p",
        {"x": "date", "n": "n", "chart": "pp", "multiply": 100},
        "Patients with the event (%)",
        "Laney's P\u2032 chart allows for extra variation.",
    ),
    "u": Example(
        "U chart (rates)",
        "u",
        {"x": "date", "n": "n", "chart": "u", "multiply": 1000},
        "Incidents per 1,000 bed days",
        "A rate: incidents per 1,000 occupied bed days.",
    ),
    "up": Example(
        "Laney U\u2032 chart",
        "u",
        {"x": "date", "n": "n", "chart": "up", "multiply": 1000},
        "Incidents per 1,000 bed days",
        "Laney's U\u2032 chart allows for extra variation.",
    ),
    "c": Example(
        "C chart (counts)",
        "c",
        {"x": "date", "chart": "c"},
        "Incidents per week",
        "Counts of incidents when the opportunity is about the same each week.",
    ),
    "g": Example(
        "G chart (cases between events)",
        "g",
        {"x": "x", "chart": "g"},
        "Days between incidents",
        "For rare events: the number of days (or cases) between them. Higher is better.",
    ),
    "t": Example(
        "T chart (time between events)",
        "g",
        {"x": "x", "chart": "t"},
        "Days between incidents",
        "For rare events: the time between them, transformed so the limits fit.",
    ),
    "freeze": Example(
        "U chart with a frozen baseline (real data)",
        "cdi",
        {"x": "month", "y": "n", "n": "days", "chart": "u", "multiply": 10000, "freeze": 24},
        "C. difficile infections per 10,000 risk days",
        "Limits from the 24 months before the change (shaded), carried forward to judge "
        "the months after it.",
        [("2014-11-01", "Intervention starts")],
    ),
}


def result_for(key: str):
    """The SPC result for one gallery chart."""
    example = GALLERY[key]
    arguments = {"y": "y"} | example.spc
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the notes are shown under the chart instead
        return spc(examples.load(example.data), **arguments)


def gallery_chart(key: str, *, theme: str = "qikit", annotated: bool = True, result=None):
    """One gallery chart, drawn (from ``result`` when it is already computed)."""
    example = GALLERY[key]
    result = result if result is not None else result_for(key)
    return charts.plot(
        result,
        title=example.label,
        y_title=example.measure,
        theme=theme,
        annotations=example.annotations if annotated else None,
    )


def board_chart(y_scale: str = "shared", theme: str = "qikit"):
    """Six trusts' monthly A&E four-hour breaches as small multiples (Making Data Count)."""
    data = examples.load("ae_attendances")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = spc(
            data, y="breaches", x="period", facet="org_code", chart="i", rules="mdc",
            improvement="decrease",
        )  # fmt: skip
    return charts.plot(
        result,
        title="A&E four-hour breaches at six NHS trusts",
        y_title="Breaches per month",
        y_scale=y_scale,
        theme=theme,
    )


def icon_strip() -> str:
    """Every variation and assurance icon, each with its meaning, as HTML."""
    cells = []
    for kind in icon_pictures.VARIATION_KINDS:
        cells.append((icon_pictures.variation_svg(kind, 56), icon_pictures.VARIATION_WORDS[kind]))
    for kind in ("pass", "fail", "hit_and_miss"):
        cells.append((icon_pictures.assurance_svg(kind, 56), icon_pictures.ASSURANCE_WORDS[kind]))
    items = "".join(
        f'<figure style="width:150px;margin:6px;text-align:center">{svg}'
        f'<figcaption style="font-size:14px">{html.escape(words)}</figcaption></figure>'
        for svg, words in cells
    )
    return f'<div style="display:flex;flex-wrap:wrap">{items}</div>'


def _wide(description: str) -> dict[str, Any]:
    return {"description": description, "style": {"description_width": "initial"}}


class ChartGallery(widgets.VBox):
    """Choose a chart type and a look; the chart, its finding and its notes redraw in place."""

    chart_key = traitlets.Unicode("run")
    finding = traitlets.Unicode("")

    def __init__(self) -> None:
        self.errors = ErrorPanel()
        self.choice = widgets.Dropdown(
            options=[(e.label, k) for k, e in GALLERY.items()],
            value="run",
            layout=widgets.Layout(width="460px"),
            **_wide("Chart"),
        )
        self.look = widgets.ToggleButtons(
            options=[("Everyday", "qikit"), ("Projector", "qikit_projector")],
            value="qikit",
            **_wide("Look"),
        )
        self.annotated = widgets.Checkbox(value=True, indent=False, **_wide("Show PDSA cycles"))
        self.scale = widgets.ToggleButtons(
            options=[("Shared", "shared"), ("Each its own", "independent")],
            value="shared",
            **_wide("y axis"),
        )
        self.note = widgets.HTML()
        self.view = ChartView(gallery_chart("run", result=self._describe()))
        self.board = ChartView(board_chart())

        @guarded(self.errors)
        def redraw(change: dict) -> None:
            self.chart_key = self.choice.value
            result = self._describe()
            self.view.update(
                gallery_chart(
                    self.choice.value,
                    theme=self.look.value,
                    annotated=self.annotated.value,
                    result=result,
                )
            )

        @guarded(self.errors)
        def redraw_board(change: dict) -> None:
            self.board.update(board_chart(self.scale.value, self.look.value))

        for control in (self.choice, self.look, self.annotated):
            control.observe(redraw, names="value")
        for control in (self.scale, self.look):
            control.observe(redraw_board, names="value")

        super().__init__(
            [
                widgets.HTML("<h2>One chart at a time</h2>"),
                widgets.HBox([self.choice, self.annotated]),
                self.look,
                self.errors,
                self.note,
                self.view,
                widgets.HTML("<h2>Many series: small multiples</h2>"),
                self.scale,
                self.board,
                widgets.HTML("<h2>The icons</h2>" + icon_strip()),
            ]
        )

    def _describe(self):
        """Say what the chosen chart shows, and return its SPC result."""
        example = GALLERY[self.choice.value]
        result = result_for(self.choice.value)
        self.finding = result.explain()
        notes = "".join(f"<li>{html.escape(m)}</li>" for m in result.messages)
        self.note.value = (
            f'<p class="qikit-note">{html.escape(example.note)}</p>'
            f"<p><strong>What it shows:</strong> {html.escape(self.finding)}</p>"
            + (f"<details><summary>Notes on the data</summary><ul>{notes}</ul></details>"
               if notes else "")
        )  # fmt: skip
        return result


def app() -> ChartGallery:
    """The chart gallery workbook's app."""
    return ChartGallery()
