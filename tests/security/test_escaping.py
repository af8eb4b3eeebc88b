"""Nothing a delegate types runs in anyone's browser, and exported CSV cells never run in Excel.

Script, img-onerror, style and attribute-breaking payloads go into every text field of every page
and export that shows typed text: PDSA logs and measurement plans (HTML), storyboards (HTML and
poster SVG), gallery cards, the error panel and the apps' previews. Each output is parsed and
compared with the same output made from harmless text: the same tags, no event-handler attributes,
no javascript: links; and the typed text is still shown (as text).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections import Counter
from html.parser import HTMLParser

import pandas as pd
import pytest

from qikit.apps.common import ErrorPanel
from qikit.improve import PDSA, DriverDiagram, Measure, MeasurementPlan, Question, Ramp
from qikit.serve.gallery import Card, render_cards
from qikit.store import (
    measurement_plan_csv,
    measurement_plan_html,
    pdsa_log_csv,
    pdsa_log_html,
)
from qikit.storyboard import MeasurePanel, Storyboard, storyboard_html
from qikit.storyboard.content import cycle_table
from qikit.storyboard.poster import poster_svg

PAYLOADS = {
    "script": '<script>window.qx="{k}"</script>',
    "img": "<img src=x onerror=\"window.qx='{k}'\">",
    "style": "<style>body{{display:none}} /*{k}*/</style>",
    "breakout": '"><svg onload=window.qx="{k}"><a href="javascript:qx({k})">x</a>',
}


class Markup(HTMLParser):
    """The tags, attribute names and link targets of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.handlers: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append(f"{tag} {name}")
            if name.lower() in ("href", "src", "action") and value:
                if value.strip().lower().startswith("javascript:"):
                    self.links.append(value)

    def handle_data(self, data):
        self.text.append(data)


def payload(kind: str, field: str) -> str:
    return PAYLOADS[kind].format(k=field)


def assert_inert(made: str, harmless: str, fields: list[str], kind: str) -> None:
    """``made`` (from payloads) has the same markup as ``harmless`` and shows the typed text."""
    found, baseline = Markup(made), Markup(harmless)
    assert found.handlers == baseline.handlers
    assert found.links == []
    assert found.tags == baseline.tags, (found.tags - baseline.tags, baseline.tags - found.tags)
    shown, plain_shown = "".join(found.text), "".join(baseline.text)
    visible = [field for field in fields if field in plain_shown]
    assert visible, "none of the typed text is shown at all"
    for field in visible:  # fields the page shows at all are shown as the text typed
        assert payload(kind, field) in shown, f"the text typed in '{field}' is not shown"


def text_fields(model) -> list[str]:
    return [
        f.name
        for f in dataclasses.fields(model)
        if f.type in ("str", str) and f.name not in ("id",) and not f.name.endswith("_id")
    ]


CHOICES = {
    "scale",
    "act_decision",
    "type",
    "form",
    "chart_type",
    "better",
    "direction",
    "kind",
    "rules",
}


def fill(model, make_text, **extra):
    """A model with ``make_text(field)`` in every free-text field."""
    values = {name: make_text(name) for name in text_fields(model) if name not in CHOICES}
    return model(**values, **extra), sorted(values)


KINDS = list(PAYLOADS)


@pytest.mark.parametrize("kind", KINDS)
def test_pdsa_log_html(kind):
    def build(make):
        cycle, names = fill(PDSA, make, cycle_number=1, scale="one_person")
        cycle.questions.append(Question(**{n: make(f"q_{n}") for n in text_fields(Question)}))
        return pdsa_log_html([cycle], title=make("title")), names

    made, names = build(lambda f: payload(kind, f))
    harmless, _ = build(lambda f: f"plain words for {f}")
    assert_inert(made, harmless, names, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_ramp_in_pdsa_log_html(kind):
    def build(make):
        ramp = Ramp(change_idea=make("change_idea"), driver=make("driver"), measure=make("measure"))
        ramp.add_cycle(scale="one_shift", objective=make("objective"), id="r1")
        return pdsa_log_html(ramp)

    made = build(lambda f: payload(kind, f))
    assert_inert(made, build(lambda f: f"plain {f}"), ["change_idea", "objective"], kind)


@pytest.mark.parametrize("kind", KINDS)
def test_measurement_plan_html(kind):
    def build(make):
        measure, names = fill(Measure, make)
        plan = MeasurementPlan(aim=make("aim"), title=make("plan_title"), measures=[measure])
        return measurement_plan_html(plan), names

    made, names = build(lambda f: payload(kind, f))
    harmless, _ = build(lambda f: f"plain words for {f}")
    assert_inert(made, harmless, ["aim", "plan_title", *names], kind)


SPEC = {
    "data": {"values": [{"week": 1, "value": 3}, {"week": 2, "value": 5}]},
    "mark": "line",
    "encoding": {
        "x": {"field": "week", "type": "quantitative"},
        "y": {"field": "value", "type": "quantitative"},
    },
}


def storyboard(make) -> Storyboard:
    diagram = DriverDiagram(aim=make("diagram_aim"))
    primary = diagram.add_primary(make("primary"))
    diagram.add_secondary(primary.id, make("secondary"))
    cycle, _ = fill(PDSA, make, cycle_number=1, scale="one_person", act_decision="adopt")
    cycles = cycle_table([cycle])
    return Storyboard(
        team=make("team"),
        project=make("project"),
        aim=make("aim"),
        driver_diagram=diagram,
        measures=[MeasurePanel(title=make("measure_title"), spec=SPEC, caption=make("caption"))],
        cycles=cycles,
        learned=[make("learned")],
        next_steps=[make("next_steps")],
        note=make("note"),
    )


STORY_FIELDS = ["team", "project", "aim", "learned", "next_steps", "note", "measure_title",
                "caption"]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_storyboard_page(kind):
    made = storyboard_html(storyboard(lambda f: payload(kind, f)))
    harmless = storyboard_html(storyboard(lambda f: f"plain {f}"))
    assert_inert(made, harmless, STORY_FIELDS, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_storyboard_poster_svg(kind):
    made = poster_svg(storyboard(lambda f: payload(kind, f)))
    harmless = poster_svg(storyboard(lambda f: f"plain {f}"))
    found, baseline = Markup(made), Markup(harmless)
    assert found.handlers == baseline.handlers and found.links == []
    # Longer text wraps onto more lines (tspan); nothing else may differ.
    del found.tags["tspan"], baseline.tags["tspan"]
    assert found.tags == baseline.tags
    assert "script" not in found.tags and "style" not in found.tags


@pytest.mark.parametrize("kind", KINDS)
def test_gallery_cards(kind):
    def build(make):
        return render_cards(
            [
                Card(
                    path=make("path") + ".ipynb",
                    title=make("title"),
                    minutes=20,
                    objectives=[make("objective")],
                )
            ]  # fmt: skip
        )

    made = build(lambda f: payload(kind, f))
    harmless = build(lambda f: f"plain {f}")
    found = Markup(made)
    assert_inert(made, harmless, ["title", "objective"], kind)
    # The card is also a Jinja template: no expression can be smuggled in.
    assert "{{" not in made.replace("{{ base_url }}", "") and "{%" not in made
    assert found.text


@pytest.mark.parametrize("kind", KINDS)
def test_error_panel(kind):
    panel = ErrorPanel()
    panel.show(payload(kind, "message"))
    made = panel.value
    panel.show("plain message")
    assert_inert(made, panel.value, ["message"], kind)


@pytest.mark.parametrize("kind", KINDS)
def test_aim_app_preview_and_feedback(kind, tmp_path):
    from qikit.apps import plan_aim
    from qikit.store import SQLiteWorkspace

    with SQLiteWorkspace(tmp_path / "w.db") as ws:
        app = plan_aim.ModelForImprovementApp(ws, delay_ms=60_000)

        def shown(make):
            for box in ("statement", "what", "units", "for_whom", "where"):
                getattr(app.aim, box).value = make(box)
            return app.aim.preview.value + app.aim.feedback.value

        made = shown(lambda f: payload(kind, f))
        harmless = shown(lambda f: f"plain {f}")
    found, baseline = Markup(made), Markup(harmless)
    assert found.handlers == baseline.handlers and found.links == []
    assert found.tags == baseline.tags
    assert payload(kind, "statement") in "".join(found.text)


@pytest.mark.parametrize("kind", KINDS)
def test_explorer_file_name_and_headings(kind, tmp_path):
    from qikit.apps import spc_explorer
    from qikit.store import SQLiteWorkspace

    weeks = pd.date_range("2024-04-01", periods=20, freq="W-MON").strftime("%Y-%m-%d")
    with SQLiteWorkspace(tmp_path / "w.db") as ws:
        app = spc_explorer.SPCExplorer(ws)
        app.source.value = spc_explorer.SOURCE_FILE

        def upload(make):
            frame = pd.DataFrame({"week": weeks, make("heading"): range(5, 25)})
            content = frame.to_csv(index=False).encode()
            name = make("name") + ".csv"
            app.upload.value = (
                {"name": name, "type": "text/csv", "size": len(content),
                 "content": memoryview(content),
                 "last_modified": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
            )  # fmt: skip
            return app.file_note.value + app.errors.value + app.explain.value

        made = upload(lambda f: payload(kind, f))
        harmless = upload(lambda f: f"plain {f}")
    found, baseline = Markup(made), Markup(harmless)
    assert found.handlers == baseline.handlers and found.links == []
    assert found.tags == baseline.tags
    assert payload(kind, "heading") in "".join(found.text)


# ----- CSV exports: cells that a spreadsheet would run as formulas -------------------------------
FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
            "\t=1", "\r=1"]  # fmt: skip


def risky(cell: str) -> bool:
    return cell[:1] in ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("formula", FORMULAS)
def test_pdsa_log_csv_neutralises_formulas(formula):
    cycle, names = fill(PDSA, lambda f: formula, cycle_number=1, scale="one_person")
    text = pdsa_log_csv([cycle])
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [cell for cell in cells if risky(cell)]
    assert sum(cell == "'" + formula.strip() for cell in cells) >= len(names) - 2


@pytest.mark.parametrize("formula", FORMULAS)
def test_measurement_plan_csv_neutralises_formulas(formula):
    measure, names = fill(Measure, lambda f: formula)
    text = measurement_plan_csv(MeasurementPlan(aim=formula, measures=[measure]))
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [cell for cell in cells if risky(cell)]
    assert sum(cell == "'" + formula.strip() for cell in cells) >= 3
