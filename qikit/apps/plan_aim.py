"""Workbook 01 (Model for Improvement): the aim builder and the driver diagram builder.

Both give live coaching feedback and save to the team workspace as people type.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import traitlets

from qikit.apps.common import ChartView, ErrorPanel
from qikit.apps.download import DownloadButton, DownloadRow
from qikit.apps.field_note import FieldError, FieldForm, number
from qikit.apps.plan_common import (
    FIELD_STYLE,
    ProjectBar,
    coaching_panel,
    contributors_from_roles,
    feedback_html,
    number_text,
    roles_from_contributors,
    roles_picker,
    text_box,
)
from qikit.errors import DataError
from qikit.improve import Aim, DriverDiagram, change_ideas, fields, work_streams
from qikit.store import Workspace

AIM_QUESTIONS = [
    "What exactly are you trying to improve, and why does it matter to patients?",
    "How much improvement, from what level today? (Some is not a number.)",
    "By when? (Soon is not a time.)",
    "For whom, and where: which patients, which ward?",
    "Who helped write this aim? Have patients, carers or people with lived experience shaped it?",
    "Is the aim bold enough to need new ways of working, and small enough to start now?",
]
DIAGRAM_QUESTIONS = [
    "What are the few big areas that must change to reach the aim (primary drivers)?",
    "For each one, which parts of everyday ward work make it up (secondary drivers)?",
    "Which change ideas act on each secondary driver? Which drivers have no ideas yet?",
    "Which idea could you test by next Tuesday?",
    "Which measure would show that each primary driver is moving?",
    "Who shaped this theory of change: did patients and carers add drivers staff had missed?",
]


class AimBuilder(widgets.VBox):
    """Write an aim, part by part or in your own words, with a coach's feedback as you type."""

    aim_text = traitlets.Unicode("")
    aim_data = traitlets.Dict()

    def __init__(self, bar: ProjectBar, delay_ms: int = 800) -> None:
        self.bar = bar
        self.errors = bar.errors
        self.delay_ms = delay_ms
        self._loading = False
        self.keeper = None
        self.statement = text_box(
            "Aim in your own words",
            long=True,
            placeholder="For example: Reduce physical violence on Oak ward from 12 to 8 per 1,000 "
            "occupied bed days by 31 March 2027",
        )
        self.statement.add_class("qikit-aim-statement")
        self.what = text_box("What", placeholder="physical violence")
        self.direction = widgets.Dropdown(
            options=[("Choose...", ""), ("Reduce", "reduce"), ("Increase", "increase")],
            description="Direction",
            style=FIELD_STYLE,
        )
        self.baseline = text_box("Baseline (today)", placeholder="12.1")
        self.how_much = text_box("How much", placeholder="8, or 25 for a 25% change")
        self.how_much_kind = widgets.Dropdown(
            options=[("a level to reach", "value"), ("a percentage change", "percent")],
            description="How much is",
            style=FIELD_STYLE,
        )
        self.units = text_box("Units", placeholder="per 1,000 occupied bed days")
        self.by_when = widgets.DatePicker(description="By when", style=FIELD_STYLE)
        self.for_whom = text_box("Who is it for", placeholder="adults admitted to the ward")
        self.where = text_box("Where", placeholder="Oak ward")
        self.roles = roles_picker()
        self.preview = widgets.HTML()
        self.feedback = widgets.HTML()
        inputs = [
            self.statement, self.what, self.direction, self.baseline, self.how_much,
            self.how_much_kind, self.units, self.by_when, self.for_whom, self.where, self.roles,
        ]  # fmt: skip
        self.form = FieldForm(self.errors)
        for box in (self.statement, self.what, self.units, self.for_whom, self.where):
            self.form.add(box)
        self.form.add(self.baseline, number)
        self.form.add(self.how_much, self._read_how_much)
        self.form.watch(self._changed, inputs)
        bar.observe(self.form.guard(lambda _: self.load()), names="project_id")
        parts = widgets.VBox(self.form.placed(*inputs[1:10]))
        super().__init__(
            [
                widgets.HTML(
                    "<h2>Your aim</h2><p>Write it in your own words, or build it from "
                    "its parts (or both).</p>"
                ),
                *self.form.placed(self.statement),
                widgets.HTML("<h3>The parts of the aim</h3>"),
                parts,
                widgets.HTML("<h3>Who shaped it</h3>"),
                self.roles,
                self.preview,
                self.feedback,
                coaching_panel(AIM_QUESTIONS),
            ]
        )
        self.load()

    def build(self) -> Aim:
        """The aim as the widgets show it now (raises DataError naming a bad field)."""
        return Aim(
            what=self.what.value,
            direction=self.direction.value,
            baseline=self.baseline.value,
            how_much=self.how_much.value,
            how_much_kind=self.how_much_kind.value,
            units=self.units.value,
            by_when=self.by_when.value,
            for_whom=self.for_whom.value,
            where=self.where.value,
            statement=self.statement.value,
            contributors=contributors_from_roles(self.roles.value),
        )

    def _read_how_much(self, value: str, label: str) -> None:
        """A number; a percentage change is positive (the direction says up or down)."""
        found = fields.number(value, label)
        if found is not None and found < 0 and self.how_much_kind.value == "percent":
            raise DataError(
                f"'{label}' is a percentage change, so it should be positive (the direction "
                f"says whether it goes up or down); found {found:g}."
            )

    def load(self) -> None:
        """Show the project's saved aim (if any) and start saving changes to it."""
        if self.keeper is not None:
            self.keeper.flush()
        item_id, aim = self.bar.latest("aim")
        self._loading = True
        try:
            aim = aim or Aim()
            self.statement.value = aim.statement
            self.what.value = aim.what
            self.direction.value = aim.direction
            self.baseline.value = number_text(aim.baseline)
            self.how_much.value = number_text(aim.how_much)
            self.how_much_kind.value = aim.how_much_kind
            self.units.value = aim.units
            self.by_when.value = aim.by_when
            self.for_whom.value = aim.for_whom
            self.where.value = aim.where
            self.roles.value = roles_from_contributors(aim.contributors)
        finally:
            self._loading = False
        self.keeper = self.bar.keeper(self.build, item_id, self.delay_ms)
        self._show(aim)

    def _changed(self, _: Any = None) -> None:
        if self._loading:
            return
        aim = self.build()
        self._show(aim)
        self.keeper.changed()

    def _show(self, aim: Aim) -> None:
        self.aim_text = aim.text()
        self.aim_data = aim.to_dict()
        sentence = self.aim_text or "(nothing yet)"
        self.preview.value = (
            f'<p><strong>Your aim reads:</strong> <span class="qikit-aim">'
            f"{html.escape(sentence)}</span></p>"
        )
        self.feedback.value = feedback_html(aim.feedback(), "What a coach would say")


class DriverDiagramBuilder(widgets.VBox):
    """Build the driver diagram: drivers, change ideas (your own or from the library), links."""

    diagram_data = traitlets.Dict()

    def __init__(self, bar: ProjectBar, aim: AimBuilder | None = None, delay_ms: int = 800):
        self.bar = bar
        self.errors = bar.errors
        self.delay_ms = delay_ms
        self.keeper = None
        self.diagram = DriverDiagram()
        self._loading = False
        self.form = form = FieldForm(self.errors)
        act = form.guard

        self.aim = text_box("Aim", long=True)
        self.aim.add_class("qikit-diagram-aim")
        form.add(self.aim)
        if aim is not None:
            aim.observe(act(self._follow_aim), names="aim_text")
        self.new_primary = text_box("Primary driver", placeholder="Early recognition of tension")
        self.add_primary_button = widgets.Button(description="Add primary driver")
        self.add_primary_button.on_click(act(self._add_primary))
        self.under = widgets.Dropdown(description="Under", style=FIELD_STYLE, options=[])
        self.new_secondary = text_box("Secondary driver", placeholder="Shared risk picture")
        self.add_secondary_button = widgets.Button(description="Add secondary driver")
        self.add_secondary_button.on_click(act(self._add_secondary))
        self.new_idea = text_box("Change idea", placeholder="Safety huddle every shift")
        self.acts_on = widgets.SelectMultiple(
            description="Acts on", style=FIELD_STYLE, rows=5, layout=widgets.Layout(width="60%")
        )
        self.add_idea_button = widgets.Button(description="Add change idea")
        self.add_idea_button.on_click(act(self._add_idea))
        streams = work_streams()
        self.stream = widgets.Dropdown(
            options=[(name, key) for key, name in streams.items()],
            description="Work stream",
            style=FIELD_STYLE,
        )
        self.library = widgets.SelectMultiple(
            description="Library ideas",
            style=FIELD_STYLE,
            rows=6,
            layout=widgets.Layout(width="95%"),
        )
        self.library_notes = widgets.HTML()
        self.stream.observe(act(lambda _: self._show_library()), names="value")
        self.library.observe(act(lambda _: self._show_library_notes()), names="value")
        self.add_library_button = widgets.Button(description="Add chosen ideas")
        self.add_library_button.on_click(act(self._add_library))
        self.remove_choice = widgets.Dropdown(description="Remove", style=FIELD_STYLE, options=[])
        self.remove_button = widgets.Button(description="Remove it")
        self.remove_button.on_click(act(self._remove))
        for box in (self.new_primary, self.new_secondary, self.new_idea, self.library,
                    self.remove_choice):  # fmt: skip
            form.add(box)
        form.watch(self._aim_changed, [self.aim])
        form.watch(lambda _: None, [self.new_primary, self.new_secondary, self.new_idea])
        self.roles = roles_picker()
        self.roles.observe(act(self._roles_changed), names="value")
        self.view = ChartView(self.diagram.chart())
        self.feedback = widgets.HTML()
        self.outline = DownloadButton("Download the outline", "driver_diagram.md")
        self.picture = DownloadButton(
            "Download a picture of the diagram", "driver_diagram.svg", self.diagram_svg
        )
        self.exports = DownloadRow("Take it away:", [self.outline, self.picture])
        bar.observe(act(lambda _: self.load()), names="project_id")
        self._show_library()
        super().__init__(
            [
                widgets.HTML("<h2>Your driver diagram</h2>"),
                *form.placed(self.aim),
                widgets.HTML("<h3>Drivers</h3>"),
                widgets.HBox([self.new_primary, self.add_primary_button]),
                form.note(self.new_primary),
                self.under,
                widgets.HBox([self.new_secondary, self.add_secondary_button]),
                form.note(self.new_secondary),
                widgets.HTML("<h3>Change ideas</h3>"),
                *form.placed(self.new_idea),
                self.acts_on,
                self.add_idea_button,
                widgets.HTML("<h3>Ideas from other wards and the literature</h3>"),
                self.stream,
                *form.placed(self.library),
                self.library_notes,
                self.add_library_button,
                widgets.HTML("<h3>Tidy up</h3>"),
                widgets.HBox([self.remove_choice, self.remove_button]),
                form.note(self.remove_choice),
                widgets.HTML("<h3>Who shaped it</h3>"),
                self.roles,
                self.view,
                self.feedback,
                self.exports,
                coaching_panel(DIAGRAM_QUESTIONS),
            ]
        )
        self.load()
        if aim is not None and not self.aim.value:
            self.aim.value = aim.aim_text

    # ----- loading and saving -------------------------------------------------------------
    def load(self) -> None:
        if self.keeper is not None:
            self.keeper.flush()
        item_id, diagram = self.bar.latest("driver_diagram")
        self.diagram = diagram or DriverDiagram()
        self._loading = True
        try:
            self.aim.value = self.diagram.aim
            self.roles.value = roles_from_contributors(self.diagram.contributors)
        finally:
            self._loading = False
        self.keeper = self.bar.keeper(lambda: self.diagram, item_id, self.delay_ms)
        self._refresh(save=False)

    def _refresh(self, save: bool = True) -> None:
        d = self.diagram
        primaries = [(p.text, p.id) for p in d.primary]
        keep = self.under.value
        self.under.options = primaries
        if primaries:
            ids = [i for _, i in primaries]
            self.under.value = keep if keep in ids else ids[-1]
        drivers = []
        for p in d.primary:
            drivers.append((p.text, p.id))
            drivers.extend((f"  {s.text}", s.id) for s in p.secondary)
        chosen = tuple(v for v in self.acts_on.value if v in {i for _, i in drivers})
        self.acts_on.options = drivers
        self.acts_on.value = chosen
        removable = drivers + [(f"Idea: {c.text}", c.id) for c in d.change_ideas]
        self.remove_choice.options = removable
        self.view.update(d.chart())
        self.feedback.value = feedback_html(d.feedback(), "What a coach would say")
        self.outline.offer(d.to_markdown())
        self.diagram_data = d.to_dict()
        self.picture.withdraw()  # its size was the old diagram's
        # While the page changes project, the aim builder loads first and this diagram follows
        # it before loading its own: nothing is saved until the diagram's keeper is the new
        # project's (else the old keeper would try to save, or save to the old project).
        if save and self.keeper is not None and self.keeper.project_id == self.bar.project_id:
            self.keeper.changed()

    # ----- callbacks ------------------------------------------------------------------------
    def _follow_aim(self, change: dict) -> None:
        if not self.diagram.aim or self.diagram.aim == change["old"]:
            self.aim.value = change["new"]

    def _aim_changed(self, change: dict) -> None:
        if self._loading:
            return
        self.diagram.aim = change["new"].strip()
        self._refresh()

    def _roles_changed(self, change: dict) -> None:
        if self._loading:
            return
        self.diagram.contributors = contributors_from_roles(change["new"])
        self._refresh()

    def _add_primary(self, _: Any = None) -> None:
        self.form.need_no_dots(self.new_primary)
        if not self.new_primary.value.strip():
            raise _blank(self.new_primary, "primary driver")
        self.diagram.add_primary(self.new_primary.value.strip())
        self.new_primary.value = ""
        self._refresh()

    def _add_secondary(self, _: Any = None) -> None:
        if not self.under.value:
            raise FieldError(
                self.new_secondary,
                "There is no primary driver yet for a secondary driver to go under. Add a "
                "primary driver first, then the secondary drivers under it.",
            )
        self.form.need_no_dots(self.new_secondary)
        if not self.new_secondary.value.strip():
            raise _blank(self.new_secondary, "secondary driver")
        self.diagram.add_secondary(self.under.value, self.new_secondary.value.strip())
        self.new_secondary.value = ""
        self._refresh()

    def _add_idea(self, _: Any = None) -> None:
        self.form.need_no_dots(self.new_idea)
        if not self.new_idea.value.strip():
            raise _blank(self.new_idea, "change idea")
        self.diagram.add_change_idea(self.new_idea.value.strip(), list(self.acts_on.value))
        self.new_idea.value = ""
        self._refresh()

    def _show_library(self) -> None:
        self.library.options = [(i.title, i.id) for i in change_ideas(self.stream.value)]
        self._show_library_notes()

    def _show_library_notes(self) -> None:
        chosen = [i for i in change_ideas() if i.id in self.library.value]
        self.library_notes.value = "".join(
            f"<p><strong>{html.escape(i.title)}</strong>: {html.escape(i.description)} "
            f"<em>Source: {html.escape(i.source)}</em></p>"
            for i in chosen
        )

    def _add_library(self, _: Any = None) -> None:
        chosen = [i for i in change_ideas() if i.id in self.library.value]
        if not chosen:
            raise FieldError(
                self.library,
                "'Library ideas': nothing is chosen yet. Click one or more ideas in the list "
                "(hold Ctrl for several), then press 'Add chosen ideas'.",
            )
        existing = {c.text for c in self.diagram.change_ideas}
        for idea in chosen:
            if idea.title not in existing:
                self.diagram.add_change_idea(
                    idea.title,
                    list(self.acts_on.value),
                    description=idea.description,
                    source=idea.source,
                )
        self._refresh()

    def diagram_svg(self) -> str:
        """The diagram as it is now, as an SVG picture (made when the button is clicked)."""
        return self.diagram.to_svg()

    def _remove(self, _: Any = None) -> None:
        if not self.remove_choice.value:
            raise FieldError(
                self.remove_choice, "There is nothing to remove yet: the diagram is empty."
            )
        self.diagram.remove(self.remove_choice.value)
        self._refresh()


def _blank(box: widgets.Widget, what: str) -> FieldError:
    return FieldError(
        box,
        f"'{box.description}' is empty. Type the {what} in the box, then press the button.",
    )


class ModelForImprovementApp(widgets.VBox):
    """Workbook 01: the three questions, the aim builder and the driver diagram builder."""

    def __init__(self, workspace: Workspace | None = None, delay_ms: int = 800) -> None:
        self.errors = ErrorPanel()
        self.bar = ProjectBar(workspace, self.errors)
        self.aim = AimBuilder(self.bar, delay_ms)
        self.diagram = DriverDiagramBuilder(self.bar, self.aim, delay_ms)
        super().__init__(
            [
                self.bar,
                self.errors,
                self.aim,
                self.diagram,
            ]
        )

    def flush(self) -> None:
        """Save everything now (also happens by itself after a quiet spell)."""
        self.aim.keeper.flush()
        self.diagram.keeper.flush()


def app(workspace: Workspace | None = None) -> ModelForImprovementApp:
    """Workbook 01's app."""
    return ModelForImprovementApp(workspace)
