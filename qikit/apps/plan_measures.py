"""Workbooks 03 and 04: sorting measures into a family, the chart chooser, and the
measurement-plan builder seeded from the library of mental-health measures."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

import ipywidgets as widgets
import traitlets

from qikit.apps.common import ErrorPanel, guarded
from qikit.apps.download import DownloadButton, DownloadRow
from qikit.apps.field_note import FieldError, FieldForm, number, positive_number
from qikit.apps.plan_common import (
    FIELD_STYLE,
    ProjectBar,
    coaching_panel,
    feedback_html,
    number_text,
    text_box,
)
from qikit.improve import (
    CHART_NAMES,
    Measure,
    MeasurementPlan,
    choose_chart,
    measures,
    work_streams,
)
from qikit.improve.measures import FORMS, MEASURE_TYPES, RULE_SET_NAMES
from qikit.store import (
    Workspace,
    measurement_plan_csv,
    measurement_plan_html,
    measurement_plan_markdown,
)

DATA_TYPE_CHOICES = [
    ("Not sure", "unknown"),
    ("A measurement for each period (minutes, a score)", "continuous"),
    ("Yes or no for each case (a percentage)", "classification"),
    ("A count of events, same opportunity each period", "count"),
    ("Events per amount of exposure (per 1,000 bed days)", "rate"),
    ("Time between rare events", "time between"),
    ("Patients or shifts between rare events", "cases between"),
]
#: The chooser's kind of data for each form of measure (a count with a denominator is a rate).
FORM_DATA_TYPES = {
    "percentage": "classification",
    "rate": "rate",
    "count": "count",
    "average": "continuous",
    "time between": "time between",
    "cases between": "cases between",
}
FORM_WORDS = {
    "classification": "a percentage",
    "rate": "a rate (a count out of a denominator)",
    "count": "a count with no denominator",
    "continuous": "an average or a measurement",
    "time between": "the time between events",
    "cases between": "the cases between events",
}
BETTER_CHOICES = [("Choose...", ""), ("Higher is better", "higher"), ("Lower is better", "lower")]
RULE_CHOICES = [("Choose... (Making Data Count if not chosen)", "")] + [
    (RULE_SET_NAMES[key], key) for key in ("mdc", "anhoej", "ihi")
]
#: The workbook where a team types, pastes or uploads each week's numbers.
DATA_WORKBOOK = "13_our_data.ipynb"
MEASURE_STYLE = {"description_width": "14em"}
MEASUREMENT_QUESTIONS = [
    "How will you know that a change is an improvement? Which one measure shows the aim is met?",
    "Which process measures show that the changes are really happening, shift after shift?",
    "What could go wrong elsewhere? Which balancing measure would show it?",
    "Could two people collect this measure and get the same number? What would they disagree on?",
    "Where do the data come from, who collects them, and how often?",
    "Do you have a baseline? About 25 points before the change is a good start.",
]


class ChartChooser(widgets.VBox):
    """Answer a few questions about the data; get the chart and the reason."""

    chart = traitlets.Unicode("")

    def __init__(self, errors: ErrorPanel | None = None) -> None:
        self.errors = errors or ErrorPanel()
        self.data_type = widgets.Dropdown(
            options=DATA_TYPE_CHOICES,
            description="Kind of data",
            style=FIELD_STYLE,
            layout=widgets.Layout(width="95%"),
        )
        self.subgroup_size = widgets.BoundedIntText(
            value=1, min=1, max=1000, description="Values per point", style=FIELD_STYLE
        )
        self.rare_events = widgets.Checkbox(
            description="Events are rare (most weeks have none)", indent=False
        )
        self.very_large = widgets.Checkbox(
            description="Denominators are very large (thousands)", indent=False
        )
        self.points = widgets.BoundedIntText(
            value=0, min=0, max=10_000, description="Points so far (0 = not sure)",
            style=FIELD_STYLE,
        )  # fmt: skip
        self.result = widgets.HTML()
        for box in (self.data_type, self.subgroup_size, self.rare_events, self.very_large,
                    self.points):  # fmt: skip
            box.observe(guarded(self.errors)(self._update), names="value")
        super().__init__(
            [
                widgets.HTML("<h3>Which chart?</h3>"),
                self.data_type,
                self.subgroup_size,
                self.rare_events,
                self.very_large,
                self.points,
                self.result,
            ]
        )
        self._update()

    def follow(self, measure: Measure | None) -> None:
        """Answer "Kind of data" from the measure's form and denominator."""
        if measure is not None:
            self.data_type.value = data_type_of(measure)

    def _update(self, _: Any = None) -> None:
        choice = choose_chart(
            self.data_type.value,
            subgroup_size=self.subgroup_size.value,
            rare_events=self.rare_events.value,
            very_large_subgroups=self.very_large.value,
            points=self.points.value or None,
        )
        self.chart = choice.chart
        self.result.value = (
            f'<p class="qikit-chart-choice"><strong>Use a {html.escape(choice.name)}.</strong> '
            f"{html.escape(choice.reason)}</p>"
        )


def aim_of(bar: ProjectBar) -> str:
    """The aim of the open project, as written in workbook 01 (or on its driver diagram)."""
    if not bar.project_id:
        return ""
    _, aim = bar.latest("aim")
    text = aim.text() if aim is not None else ""
    if not text:
        _, diagram = bar.latest("driver_diagram")
        text = diagram.aim if diagram is not None else ""
    return text


def data_type_of(measure: Measure) -> str:
    """The chooser's kind of data for a measure: its form, and whether it has a denominator."""
    data_type = FORM_DATA_TYPES.get(measure.likely_form, "unknown")
    if data_type == "count" and measure.denominator:
        return "rate"
    return data_type


def suggestion_for(measure: Measure):
    """The chooser's chart for a measure, or None while its form is not known."""
    data_type = data_type_of(measure)
    return None if data_type == "unknown" else choose_chart(data_type)


MEASURE_TEXT_FIELDS = [
    ("name", "Name"),
    ("numerator", "Numerator"),
    ("denominator", "Denominator"),
    ("inclusions", "Included"),
    ("exclusions", "Excluded"),
    ("data_source", "Data source"),
    ("who_collects", "Who collects"),
    ("how_often", "How often"),
    ("sampling", "Sampling"),
]


class MeasurementPlanBuilder(widgets.VBox):
    """The family of measures for an aim, each with its operational definition."""

    plan_data = traitlets.Dict()

    def __init__(self, bar: ProjectBar, delay_ms: int = 800) -> None:
        self.bar = bar
        self.errors = bar.errors
        self.delay_ms = delay_ms
        self.keeper = None
        self.plan = MeasurementPlan()
        self._loading = False
        self.field_form = form = FieldForm(self.errors)
        act = form.guard

        self.title = text_box("Plan title", placeholder="Oak ward violence reduction")
        self.aim = text_box("Aim", long=True)
        self.aim_from_01 = widgets.HTML()
        self.aim_from_01.add_class("qikit-aim-from-01")
        self.stream = widgets.Dropdown(
            options=[(name, key) for key, name in work_streams().items()],
            description="Work stream",
            style=FIELD_STYLE,
        )
        self.library = widgets.SelectMultiple(
            description="Library", style=FIELD_STYLE, rows=5, layout=widgets.Layout(width="95%")
        )
        self.add_library_button = widgets.Button(description="Add chosen measures")
        self.new_button = widgets.Button(description="Add a blank measure")
        self.choice = widgets.Dropdown(description="Measure", style=FIELD_STYLE, options=[])
        self.remove_button = widgets.Button(description="Remove this measure")
        self.text_fields = {name: text_box(label) for name, label in MEASURE_TEXT_FIELDS}
        self.definition = text_box(
            "Operational definition",
            long=True,
            placeholder="What counts and what does not, so two people would count the same",
        )
        self.unit = text_box("Unit", placeholder="per 1,000 occupied bed days")
        self.target = text_box("Target", placeholder="In the chart's units, such as 6")
        self.type = widgets.Dropdown(
            options=[("Choose...", "")] + [(t.capitalize(), t) for t in MEASURE_TYPES],
            description="Type",
            style=FIELD_STYLE,
        )
        self.form = widgets.Dropdown(
            options=[("Choose...", "")] + [(f.capitalize(), f) for f in FORMS],
            description="Form",
            style=FIELD_STYLE,
        )
        self.multiplier = text_box("Multiplier", placeholder="100 or 1000")
        self.chart_type = widgets.Dropdown(
            options=[("Choose...", "")] + [(v, k) for k, v in CHART_NAMES.items()],
            description="Chart",
            style=FIELD_STYLE,
        )
        self.better = widgets.Dropdown(
            options=BETTER_CHOICES, description="Is higher or lower better?", style=FIELD_STYLE
        )
        self.rules = widgets.Dropdown(
            options=RULE_CHOICES,
            description="Read the chart with",
            style=FIELD_STYLE,
            layout=widgets.Layout(width="60%"),
        )
        for box in self._measure_inputs():
            box.style.description_width = MEASURE_STYLE["description_width"]
        for box in (self.title, self.aim, *self.text_fields.values(), self.definition, self.unit):
            form.add(box)
        form.add(self.target, number)
        form.add(self.multiplier, positive_number)
        form.add(self.library)
        form.add(self.choice)
        self.suggestion = widgets.HTML()
        self.use_suggestion_button = widgets.Button(
            description="Use the suggested chart",
            tooltip="Set this measure's chart to the one the chooser suggests",
            layout=widgets.Layout(width="auto"),
        )
        self.data_link = widgets.HTML()
        self.chooser = ChartChooser(self.errors)
        self.use_chart_button = widgets.Button(description="Use this chart")
        form.add(self.use_chart_button)
        form.add(self.use_suggestion_button)
        self.feedback = widgets.HTML()
        self.summary = widgets.HTML()
        self.exports = DownloadRow(
            "Take the plan away:",
            [
                DownloadButton("Download the measurement plan", "measurement_plan.md"),
                DownloadButton("Download a printable measurement plan", "measurement_plan.html"),
                DownloadButton(
                    "Download the measurement plan for a spreadsheet", "measurement_plan.csv"
                ),
            ],
        )

        self.stream.observe(act(lambda _: self._show_library()), names="value")
        self.add_library_button.on_click(act(self._add_library))
        self.new_button.on_click(act(self._add_blank))
        self.remove_button.on_click(act(self._remove))
        self.use_chart_button.on_click(act(self._use_chart))
        self.use_suggestion_button.on_click(act(self._use_suggestion))
        self.choice.observe(act(self._measure_chosen), names="value")
        form.watch(self._plan_changed, [self.title, self.aim])
        form.watch(self._measure_changed, self._measure_inputs())
        bar.observe(act(lambda _: self.load()), names="project_id")
        self._show_library()
        self.form_box = widgets.VBox(
            form.placed(
                self.text_fields["name"],
                self.type,
                self.definition,
                self.form,
                self.text_fields["numerator"],
                self.text_fields["denominator"],
                self.unit,
                self.multiplier,
                *(self.text_fields[n] for n, _ in MEASURE_TEXT_FIELDS[3:]),
                self.better,
                self.target,
                self.chart_type,
                self.rules,
                self.suggestion,
                self.use_suggestion_button,
                self.data_link,
            )
        )
        super().__init__(
            [
                widgets.HTML("<h2>Your measurement plan</h2>"),
                *form.placed(self.title, self.aim),
                self.aim_from_01,
                widgets.HTML("<h3>Start from the library of mental-health measures</h3>"),
                self.stream,
                *form.placed(self.library),
                widgets.HBox([self.add_library_button, self.new_button]),
                widgets.HTML("<h3>Operational definition</h3>"),
                widgets.HBox([self.choice, self.remove_button]),
                form.note(self.choice),
                self.form_box,
                self.chooser,
                *form.placed(self.use_chart_button),
                self.summary,
                self.feedback,
                self.exports,
                coaching_panel(MEASUREMENT_QUESTIONS),
            ]
        )
        self.load()

    def _measure_inputs(self) -> list[widgets.Widget]:
        return [*self.text_fields.values(), self.definition, self.unit, self.target, self.type,
                self.form, self.multiplier, self.chart_type, self.better, self.rules]  # fmt: skip

    # ----- loading and saving -------------------------------------------------------------
    def load(self) -> None:
        if self.keeper is not None:
            self.keeper.flush()
        item_id, plan = self.bar.latest("measurement_plan")
        self.plan = plan or MeasurementPlan()
        self._loading = True
        try:
            self.title.value = self.plan.title
            self.aim.value = self.plan.aim
            self._measure_options(0 if self.plan.measures else None)
        finally:
            self._loading = False
        self.keeper = self.bar.keeper(lambda: self.plan, item_id, self.delay_ms)
        self._refresh(save=False)
        self._carry_aim()

    def _carry_aim(self) -> None:
        """The aim this plan measures, as the team wrote it in workbook 01: filled in while the
        plan has none of its own, and said either way, so nobody types it twice."""
        aim = aim_of(self.bar)
        if aim and not self.plan.aim:  # kept with the plan at its next save
            was, self._loading = self._loading, True
            try:
                self.aim.value = aim
            finally:
                self._loading = was
            self.plan.aim = aim
            self._refresh(save=False)
        if not aim:
            self.aim_from_01.value = (
                '<p class="qikit-note">No aim written yet: '
                + self.bar.link("01_model_for_improvement.ipynb", "write it in workbook 01")
                + ", and it will show here as the aim these measures measure.</p>"
            )
        elif self.plan.aim == aim:
            self.aim_from_01.value = (
                '<p class="qikit-note">This is your aim from workbook 01. '
                + self.bar.link("01_model_for_improvement.ipynb", "Change it there")
                + " to keep the two the same.</p>"
            )
        else:
            self.aim_from_01.value = (
                f'<p class="qikit-note">Your aim in workbook 01 reads: <em>{html.escape(aim)}</em>'
                ". The plan's aim above differs; make them the same if the plan measures it.</p>"
            )

    def _measure_options(self, index: int | None) -> None:
        self.choice.options = [
            (f"{n + 1}. {m.name or '(no name yet)'}", n) for n, m in enumerate(self.plan.measures)
        ]
        self.choice.value = index
        self._show_measure()

    def _show_measure(self) -> None:
        m = self.current or Measure()
        was = self._loading
        self._loading = True
        try:
            for name, box in self.text_fields.items():
                box.value = getattr(m, name)
            self.type.value = m.type
            self.form.value = m.form
            self.multiplier.value = number_text(m.multiplier)
            self.chart_type.value = m.chart_type
            self.better.value = m.better
            self.definition.value = m.definition
            self.unit.value = m.unit
            self.target.value = number_text(m.target)
            self.rules.value = m.rules
        finally:
            self._loading = was
        self.form_box.layout.display = None if self.current is not None else "none"
        self.chooser.follow(self.current)
        self._show_suggestion()

    def _show_suggestion(self) -> None:
        """The chooser's chart for the measure being edited, with its reason, and the link to
        its weekly data."""
        m = self.current
        if m is None:
            self.suggestion.value = ""
            self.data_link.value = ""
            self.use_suggestion_button.layout.display = "none"
            return
        name = html.escape(m.name or "this measure")
        choice = suggestion_for(m)
        if choice is None:
            self.suggestion.value = (
                f'<p class="qikit-chart-choice">Say whether <em>{name}</em> is a count, a '
                "percentage, a rate, an average or the time or cases between events (Form), "
                "and the chooser will suggest its chart.</p>"
            )
            self.use_suggestion_button.layout.display = "none"
        else:
            words = FORM_WORDS[data_type_of(m)]
            chosen = m.chart_type == choice.chart
            self.suggestion.value = (
                f'<p class="qikit-chart-choice"><em>{name}</em> is {html.escape(words)}: the '
                f"chooser suggests a <strong>{html.escape(choice.name)}</strong>. "
                f"{html.escape(choice.reason)}"
                + (" This measure uses it." if chosen else "")
                + "</p>"
            )
            self.use_suggestion_button.description = f"Use a {choice.name}"
            self.use_suggestion_button.layout.display = "none" if chosen else None
        link = self.bar.link(DATA_WORKBOOK, "Enter this measure's weekly data")
        self.data_link.value = (
            "<p>" + link.replace('">', f'&amp;measure={quote(m.id)}">', 1) + "</p>"
        )

    @property
    def current(self) -> Measure | None:
        index = self.choice.value
        return self.plan.measures[index] if index is not None else None

    def build_measure(self) -> Measure:
        """The chosen measure as the form shows it now (raises DataError naming a field)."""
        old = self.current
        values = {name: box.value for name, box in self.text_fields.items()}
        return Measure(
            **values,
            type=self.type.value,
            form=self.form.value,
            multiplier=self.multiplier.value,
            chart_type=self.chart_type.value,
            better=self.better.value,
            definition=self.definition.value,
            unit=self.unit.value,
            target=self.target.value,
            rules=self.rules.value,
            work_stream=old.work_stream if old else "",
            source=old.source if old else "",
            # the same measure, edited: its weeks of data and PDSA links point at this id
            id=old.id if old else "",
            upload_columns=dict(old.upload_columns) if old else {},
        )

    def _refresh(self, save: bool = True) -> None:
        plan = self.plan
        rows = "".join(
            f"<tr><td>{html.escape(m.name or '(no name yet)')}</td>"
            f"<td>{html.escape(m.type or 'not chosen')}</td>"
            f"<td>{html.escape(CHART_NAMES.get(m.chart_type, 'not chosen'))}</td></tr>"
            for m in plan.measures
        )
        self.summary.value = (
            '<h3>Your family of measures</h3><table class="qikit-table"><thead><tr>'
            '<th scope="col">Measure</th><th scope="col">Type</th><th scope="col">Chart</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>"
            if rows
            else "<p>No measures yet: add some from the library or start a blank one.</p>"
        )
        self.feedback.value = feedback_html(plan.feedback(), "What a coach would say")
        markdown, page, table = self.exports.buttons
        markdown.offer(measurement_plan_markdown(plan))
        page.offer(measurement_plan_html(plan))
        table.offer(measurement_plan_csv(plan))
        self.plan_data = plan.to_dict()
        if save and self.keeper is not None:
            self.keeper.changed()

    # ----- callbacks ------------------------------------------------------------------------
    def _show_library(self) -> None:
        self.library.options = [(m.name, m.name) for m in measures(self.stream.value)]

    def _add_library(self, _: Any = None) -> None:
        chosen = [m for m in measures(self.stream.value) if m.name in self.library.value]
        if not chosen:
            raise FieldError(
                self.library,
                "'Library': nothing is chosen yet. Click one or more measures in the list (hold "
                "Ctrl for several), then press 'Add chosen measures'.",
            )
        have = {m.name for m in self.plan.measures}
        self.plan.measures.extend(m for m in chosen if m.name not in have)
        self._loading = True
        try:
            self._measure_options(len(self.plan.measures) - 1)
        finally:
            self._loading = False
        self._refresh()

    def _add_blank(self, _: Any = None) -> None:
        self.plan.measures.append(Measure())
        self._loading = True
        try:
            self._measure_options(len(self.plan.measures) - 1)
        finally:
            self._loading = False
        self._refresh()

    def _remove(self, _: Any = None) -> None:
        if self.current is None:
            raise FieldError(self.choice, "There is no measure to remove yet: the plan is empty.")
        del self.plan.measures[self.choice.value]
        self._loading = True
        try:
            self._measure_options(0 if self.plan.measures else None)
        finally:
            self._loading = False
        self._refresh()

    def _use_chart(self, _: Any = None) -> None:
        if self.current is None:
            raise FieldError(
                self.use_chart_button,
                "There is no measure yet to use this chart for. Add a measure first (from the "
                "library or a blank one), then choose its chart.",
            )
        self.chart_type.value = self.chooser.chart

    def _use_suggestion(self, _: Any = None) -> None:
        if self.current is None:
            raise FieldError(self.use_suggestion_button, "Add a measure first, then its chart.")
        choice = suggestion_for(self.current)
        if choice is None:
            raise FieldError(
                self.use_suggestion_button,
                "Choose the measure's form first (count, percentage, rate...), then the "
                "chooser can suggest its chart.",
            )
        self.chart_type.value = choice.chart

    def _plan_changed(self, change: dict | None = None) -> None:
        if self._loading:
            return
        self.plan.title = self.title.value.strip()
        self.plan.aim = self.aim.value.strip()
        self._refresh()
        if change is not None and change.get("owner") is self.aim:
            self._carry_aim()

    def _measure_changed(self, _: Any = None) -> None:
        if self._loading or self.current is None:
            return
        index = self.choice.value
        before = data_type_of(self.plan.measures[index])
        self.plan.measures[index] = self.build_measure()
        if data_type_of(self.plan.measures[index]) != before:
            self.chooser.follow(self.current)
        self._show_suggestion()
        self._loading = True
        try:
            label = f"{index + 1}. {self.plan.measures[index].name or '(no name yet)'}"
            options = list(self.choice.options)
            if options[index][0] != label:
                options[index] = (label, index)
                self.choice.options = options
                self.choice.value = index
        finally:
            self._loading = False
        self._refresh()

    def _measure_chosen(self, _: Any = None) -> None:
        if self._loading:
            return
        self._show_measure()


class MeasurementStrategyApp(widgets.VBox):
    """Workbook 04: the plan builder, the chart chooser and export."""

    def __init__(self, workspace: Workspace | None = None, delay_ms: int = 800) -> None:
        self.errors = ErrorPanel()
        self.bar = ProjectBar(workspace, self.errors)
        self.builder = MeasurementPlanBuilder(self.bar, delay_ms)
        super().__init__(
            [
                self.bar,
                self.errors,
                self.builder,
            ]
        )

    def flush(self) -> None:
        self.builder.keeper.flush()


def strategy_app(workspace: Workspace | None = None) -> MeasurementStrategyApp:
    """Workbook 04's app."""
    return MeasurementStrategyApp(workspace)


#: The sorting activity's measures: a balanced mix from the library.
SORTING_MEASURES = [
    "Physical violence incidents per 1,000 occupied bed days",
    "% of shifts with a safety huddle",
    "Staff injuries from patient violence",
    "% of NEWS2 sets complete and on time",
    "Falls per 1,000 occupied bed days",
    "PRN doses per 1,000 occupied bed days",
    "% of patients who feel safe on the ward",
    "% of admissions with lying and standing blood pressure within 24 hours",
    "Average huddle length in minutes",
]

#: Why each measure of the sorting activity belongs where it does, shown once sorted right.
SORTING_WHY = {
    "Physical violence incidents per 1,000 occupied bed days": "Outcome: fewer incidents of "
    "violence is the result the project exists to bring about.",
    "% of shifts with a safety huddle": "Process: the huddle is a step in the work the team "
    "changes; it shows whether the change is happening reliably.",
    "Staff injuries from patient violence": "Balancing: changes that ask staff to step in "
    "earlier could put them at more risk; this watches for harm the change might cause.",
    "% of NEWS2 sets complete and on time": "Process: taking observations on time is a step of "
    "care the team does, on the way to the outcome (fewer missed deteriorations).",
    "Falls per 1,000 occupied bed days": "Outcome: fewer falls is the result for patients that "
    "a ward-safety project aims at.",
    "PRN doses per 1,000 occupied bed days": "Balancing: calmer wards should not be bought with "
    "more as-needed sedation; this shows whether that is happening.",
    "% of patients who feel safe on the ward": "Outcome: how safe patients feel is the result "
    "for patients, in their own words.",
    "% of admissions with lying and standing blood pressure within 24 hours": "Process: the "
    "check is a step of care that prevents falls; it shows whether the step is done.",
    "Average huddle length in minutes": "Balancing: a huddle takes time from other work; this "
    "checks the change does not cost the ward too much of it.",
}
#: A question to think with, for a measure sorted wrongly (it never names the answer).
SORTING_HINT = (
    "Not yet. Ask: is this the result for patients, a step the team does, or a side effect the "
    "change might cause elsewhere?"
)


class SortingActivity(widgets.VBox):
    """Sort measures into outcome, process and balancing; check without giving answers away."""

    score = traitlets.Int(0)

    def __init__(self) -> None:
        library = {m.name: m for m in measures()}
        self.items = [library[name] for name in SORTING_MEASURES]
        self.choices = [
            widgets.Dropdown(
                options=[("Choose...", "")] + [(t.capitalize(), t) for t in MEASURE_TYPES],
                description=m.name,
                style={"description_width": "30em"},
                layout=widgets.Layout(width="42em", max_width="100%"),
            )
            for m in self.items
        ]
        self.why = [widgets.HTML() for _ in self.items]  # each item's reason, once checked
        rows = [
            widgets.VBox(
                [
                    box,
                    why,
                ]
            )
            for box, why in zip(self.choices, self.why, strict=True)
        ]  # fmt: skip
        self.check_button = widgets.Button(description="Check my answers", button_style="primary")
        self.result = widgets.HTML()
        self.errors = ErrorPanel()
        self.check_button.on_click(guarded(self.errors)(lambda _: self.check()))
        super().__init__(
            [
                widgets.HTML(
                    "<h2>Sorting activity: outcome, process or balancing?</h2><p>For each "
                    "measure, choose its type in a violence-reduction or ward-safety project.</p>"
                ),
                *rows,
                self.check_button,
                self.errors,
                self.result,
            ]
        )

    def check(self) -> int:
        """Mark the answers; name the ones to think again about, never the right answer."""
        right = 0
        again = []
        unanswered = 0
        for measure, box, why in zip(self.items, self.choices, self.why, strict=True):
            if not box.value:
                unanswered += 1
                why.value = ""
            elif box.value == measure.type:
                right += 1
                why.value = (
                    f'<p class="qikit-note">Right. {html.escape(SORTING_WHY[measure.name])}</p>'
                )
            else:
                again.append(measure.name)
                why.value = f'<p class="qikit-note">{html.escape(SORTING_HINT)}</p>'

        self.score = right
        hints = "".join(f"<li>{html.escape(name)}</li>" for name in again)
        parts = [f"<p><strong>{right} of {len(self.items)} right.</strong></p>"]
        if again:
            parts.append(
                "<p>Think again about these. Does the measure show the result for patients "
                "(outcome), whether a step in the work happens reliably (process), or a "
                f"problem the change might cause elsewhere (balancing)?</p><ul>{hints}</ul>"
            )
        if unanswered:
            parts.append(f"<p>{unanswered} not answered yet.</p>")
        if right == len(self.items):
            parts.append("<p>All sorted. Now look for these three types in your own plan.</p>")
        self.result.value = "".join(parts)
        return right


def sorting_app() -> widgets.VBox:
    """Workbook 03's app: the sorting activity."""
    return widgets.VBox(
        [
            SortingActivity(),
        ]
    )
