"""Workbook 02 (PDSA): the worksheet, the ramp of linked cycles, and feedback on their quality.

Quality feedback follows the fidelity features of Taylor et al. 2014 (QI_REFERENCE 2.3).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import traitlets

from qikit.apps.common import ChartView, ErrorPanel
from qikit.apps.download import DownloadButton, DownloadRow
from qikit.apps.field_note import FieldForm
from qikit.apps.plan_common import (
    FIELD_STYLE,
    ProjectBar,
    coaching_panel,
    contributors_from_roles,
    feedback_html,
    roles_from_contributors,
    roles_picker,
    text_box,
)
from qikit.errors import DataError
from qikit.improve import PDSA, SCALES, Question, Ramp, quality
from qikit.improve.observations import day_first
from qikit.store import Workspace, pdsa_log_csv, pdsa_log_html, pdsa_log_markdown

QUESTIONS_SHOWN = 3
PDSA_QUESTIONS = [
    "What is the smallest test you could run by next Tuesday: one patient, one shift?",
    "What do you predict will happen, and why? Write it down before you start.",
    "What data will tell you whether the prediction was right? Who will collect them?",
    "Did it go as planned? What surprised you?",
    "How did the results compare with your prediction? What did you learn?",
    "Adopt, adapt or abandon? What will the next cycle test, at what scale?",
    "Who took part in planning the test: did patients or carers help design it?",
]


class PDSAWorkbench(widgets.VBox):
    """A ramp of PDSA cycles on one change idea: pick a cycle, fill in its worksheet."""

    ramp_data = traitlets.Dict()

    def __init__(self, bar: ProjectBar, delay_ms: int = 800) -> None:
        self.bar = bar
        self.errors = bar.errors
        self.delay_ms = delay_ms
        self.keeper = None
        self.ramp = Ramp()
        self._loading = False
        self.form = form = FieldForm(self.errors)
        act = form.guard

        self._aim = ""
        self._ideas: dict[str, tuple[str, str]] = {}  # idea id -> (idea, driver it acts on)
        self.aim_line = widgets.HTML()
        self.idea_choice = widgets.Dropdown(
            options=[], description="From your driver diagram", style=FIELD_STYLE
        )
        self.idea_choice.add_class("qikit-pdsa-idea")
        self.change_idea = text_box("Change idea", placeholder="Safety huddle every shift")
        self.driver = text_box("Driver it acts on", placeholder="Shared risk picture")
        self.measure = text_box("Measure to watch", placeholder="Violence per 1,000 OBDs")
        self.measures_moved = widgets.SelectMultiple(
            options=[],
            description="Measures this cycle should move",
            style={"description_width": "initial"},
            rows=4,
            layout=widgets.Layout(width="95%"),
        )
        self.measures_moved.add_class("qikit-pdsa-measures")
        self.measures_note = widgets.HTML()
        self.data_pointer = widgets.HTML()
        self.old_data = widgets.HTML()
        self.data_charts = widgets.VBox([])
        self.data_views: list[ChartView] = []
        self._drawn: Any = None
        self.cycle = widgets.Dropdown(description="Cycle", style=FIELD_STYLE, options=[])
        self.next_button = widgets.Button(
            description="Start the next cycle", tooltip="Add a new cycle to this ramp"
        )
        self.next_button.on_click(act(self._next_cycle))

        self.start_date = widgets.DatePicker(description="Start date", style=FIELD_STYLE)
        self.end_date = widgets.DatePicker(description="End date", style=FIELD_STYLE)
        self.scale = widgets.Dropdown(
            options=[("Choose...", "")] + [(v.capitalize(), k) for k, v in SCALES.items()],
            description="Scale of test",
            style=FIELD_STYLE,
        )
        self.scale.add_class("qikit-pdsa-scale")
        self.objective = text_box("Objective", long=True)
        self.objective.add_class("qikit-pdsa-objective")
        self.questions = [text_box(f"Question {n}") for n in range(1, QUESTIONS_SHOWN + 1)]
        self.predictions = [text_box(f"Prediction {n}") for n in range(1, QUESTIONS_SHOWN + 1)]
        self.reasons = [text_box(f"Because... ({n})") for n in range(1, QUESTIONS_SHOWN + 1)]
        self.results = [text_box(f"Result {n}") for n in range(1, QUESTIONS_SHOWN + 1)]
        self.plan_who = text_box("Who")
        self.plan_what = text_box("What")
        self.plan_when = text_box("When")
        self.plan_where = text_box("Where")
        self.data_what = text_box("Data to collect")
        self.data_who = text_box("Who collects")
        self.data_when = text_box("When collected")
        self.data_where = text_box("Where recorded")
        self.do_as_planned = widgets.Dropdown(
            options=[("Not yet known", None), ("Yes", True), ("No", False)],
            description="Done as planned?",
            style=FIELD_STYLE,
        )
        self.do_what_happened = text_box("What happened", long=True)
        self.do_surprises = text_box("Problems, surprises", long=True)
        self.data_collected = text_box("Data collected", long=True)
        self.study_learned = text_box("What we learned", long=True)
        self.act_decision = widgets.Dropdown(
            options=[
                ("Not decided yet", ""),
                ("Adopt", "adopt"),
                ("Adapt", "adapt"),
                ("Abandon", "abandon"),
            ],  # fmt: skip
            description="Decision",
            style=FIELD_STYLE,
        )
        self.act_next = text_box("Next cycle", long=True)
        self.roles = roles_picker()

        for box in (self.change_idea, self.driver, self.measure, *self._cycle_inputs()):
            if isinstance(box, widgets.Text | widgets.Textarea):
                form.add(box)
        form.add(self.end_date, self._read_end_date)

        plan_rows = [self.objective]
        for q, p, r in zip(self.questions, self.predictions, self.reasons, strict=True):
            plan_rows += [q, p, r]
        plan_rows += [self.plan_who, self.plan_what, self.plan_when, self.plan_where,
                      self.data_what, self.data_who, self.data_when, self.data_where]  # fmt: skip
        self.worksheet = widgets.Tab(
            children=[
                widgets.VBox(form.placed(*plan_rows)),
                widgets.VBox(
                    form.placed(
                        self.do_as_planned,
                        self.do_what_happened,
                        self.do_surprises,
                        self.data_collected,
                    )
                ),  # fmt: skip
                widgets.VBox(form.placed(*self.results, self.study_learned)),
                widgets.VBox(form.placed(self.act_decision, self.act_next)),
            ]
        )
        for n, title in enumerate(("Plan", "Do", "Study", "Act")):
            self.worksheet.set_title(n, title)

        self.cycle_feedback = widgets.HTML()
        self.ramp_feedback = widgets.HTML()
        self.view = ChartView(self.ramp.chart())
        self.exports = DownloadRow(
            "Take the PDSA log away:",
            [
                DownloadButton("Download the PDSA log", "pdsa_log.md"),
                DownloadButton("Download a printable PDSA log", "pdsa_log.html"),
                DownloadButton("Download the PDSA log for a spreadsheet", "pdsa_log.csv"),
            ],
        )

        form.watch(self._ramp_changed, [self.change_idea, self.driver, self.measure])
        self.cycle.observe(act(self._cycle_chosen), names="value")
        self.idea_choice.observe(act(self._idea_chosen), names="value")
        form.watch(self._cycle_changed, self._cycle_inputs())
        bar.observe(act(lambda _: self.load()), names="project_id")
        super().__init__(
            [
                widgets.HTML("<h2>Your PDSA ramp</h2>"),
                self.aim_line,
                self.idea_choice,
                *form.placed(self.change_idea, self.driver, self.measure),
                widgets.HBox([self.cycle, self.next_button]),
                widgets.HTML("<h3>Worksheet for this cycle</h3>"),
                self.start_date,
                *form.placed(self.end_date),
                self.scale,
                self.measures_moved,
                self.measures_note,
                self.worksheet,
                widgets.HTML("<h3>Who shaped this cycle</h3>"),
                self.roles,
                self.cycle_feedback,
                self.view,
                widgets.HTML("<h3>Your measures, with the cycles marked</h3>"),
                self.data_pointer,
                self.data_charts,
                self.old_data,
                self.ramp_feedback,
                self.exports,
                coaching_panel(PDSA_QUESTIONS),
            ]
        )
        self.load()

    def _cycle_inputs(self) -> list[widgets.Widget]:
        return [
            self.start_date, self.end_date, self.scale, self.objective, *self.questions,
            *self.predictions, *self.reasons, *self.results, self.plan_who, self.plan_what,
            self.plan_when, self.plan_where, self.data_what, self.data_who, self.data_when,
            self.data_where, self.do_as_planned, self.do_what_happened, self.do_surprises,
            self.data_collected, self.study_learned, self.act_decision, self.act_next, self.roles,
            self.measures_moved,
        ]  # fmt: skip

    def _read_end_date(self, value: Any, label: str) -> None:
        """The end of the test: on or after its start."""
        start = self.start_date.value
        if value is not None and start is not None and value < start:
            raise DataError(
                f"'{label}' should be on or after the start date ({day_first(start)}); found "
                f"{day_first(value)}. Check the dates of the cycle."
            )

    # ----- loading and saving -------------------------------------------------------------
    def load(self) -> None:
        if self.keeper is not None:
            self.keeper.flush()
        item_id, ramp = self.bar.latest("ramp")
        self.ramp = ramp or Ramp()
        self._loading = True
        try:
            self._plan_from_01()
            if not self.ramp.cycles:
                self.ramp.add_cycle(team=self.bar.team.value, aim=self._aim)
            self._measure_options()
            self.change_idea.value = self.ramp.change_idea
            # the ramp's idea, if it is one of the diagram's, shows as chosen
            self.idea_choice.value = next(
                (i for i, (text, _) in self._ideas.items() if text == self.ramp.change_idea), ""
            )
            self.driver.value = self.ramp.driver
            self.measure.value = self.ramp.measure
            self._cycle_options(self.ramp.cycles[-1].cycle_number)
            self._show_cycle(self.current)
        finally:
            self._loading = False
        self.keeper = self.bar.keeper(lambda: self.ramp, item_id, self.delay_ms)
        self._drawn = None
        self._show_old_data()
        try:
            self._refresh(save=False)
        except DataError as error:  # saved measure data that cannot be drawn yet: say so
            self.errors.show(str(error))

    def _plan_from_01(self) -> None:
        """The aim and the change ideas the team wrote in workbook 01, offered here."""
        _, aim = self.bar.latest("aim")
        _, diagram = self.bar.latest("driver_diagram")
        self._aim = aim.text() if aim is not None else ""
        if not self._aim and diagram is not None:
            self._aim = diagram.aim
        self._ideas = {}
        for idea in diagram.change_ideas if diagram is not None else []:
            if not idea.text:
                continue
            drivers = []
            for driver_id in idea.drivers:
                try:
                    drivers.append(diagram.find(driver_id).text)
                except DataError:
                    continue
            self._ideas[idea.id] = (idea.text, drivers[0] if drivers else "")
        self.aim_line.value = (
            f"<p><strong>Your aim:</strong> {html.escape(self._aim)}</p>"
            if self._aim
            else '<p class="qikit-note">No aim written yet: '
            + self.bar.link("01_model_for_improvement.ipynb", "write it in workbook 01")
            + ", and each cycle here will carry it.</p>"
        )
        self.idea_choice.options = [("Type your own below", "")] + [
            (text, idea_id) for idea_id, (text, _) in self._ideas.items()
        ]
        self.idea_choice.value = ""
        self.idea_choice.layout.display = "" if self._ideas else "none"

    def _idea_chosen(self, change: dict) -> None:
        """A change idea from the driver diagram fills in the idea and the driver it acts on."""
        if self._loading or not change["new"]:
            return
        idea, driver = self._ideas[change["new"]]
        self._loading = True
        try:
            self.change_idea.value = idea
            if driver:
                self.driver.value = driver
        finally:
            self._loading = False
        self._ramp_changed()

    def _measure_options(self) -> None:
        """The project's measures, by name, for each cycle to say which it should move."""
        measures = self.bar.workspace.measures(self.bar.project_id) if self.bar.project_id else []
        self.measures_moved.options = [(m.name or "Unnamed measure", m.id) for m in measures]
        self.measures_note.value = (
            ""
            if measures
            else '<p class="qikit-note">Your project has no measures yet. '
            + self.bar.link("04_measurement_strategy.ipynb", "Plan them in workbook 04")
            + ", then link each cycle to the measures it should move.</p>"
        )
        self.data_pointer.value = (
            '<p class="qikit-note">Enter your measures\' weekly numbers in the data-entry '
            "workbook: "
            + self.bar.link("13_our_data.ipynb", "open workbook 13, our data")
            + ". Each measure a cycle should move is charted here, with the cycles marked.</p>"
        )

    def _show_old_data(self) -> None:
        """A ramp saved before measures had their own data: show what was typed, read-only."""
        text = self.ramp.measure_data.strip()
        if not text:
            self.old_data.value = ""
            return
        self.old_data.value = (
            "<details><summary>Measure data typed in this ramp before (kept as it was)"
            "</summary><p>These weeks are now kept with your measures; add new weeks in "
            "workbook 13.</p><pre>" + html.escape(text) + "</pre></details>"
        )

    @property
    def current(self) -> PDSA:
        number = self.cycle.value
        return next(c for c in self.ramp.cycles if c.cycle_number == number)

    def _cycle_options(self, chosen: int) -> None:
        self.cycle.options = [(f"Cycle {c.cycle_number}", c.cycle_number) for c in self.ramp.cycles]
        self.cycle.value = chosen

    def _show_cycle(self, c: PDSA) -> None:
        self.start_date.value = c.start_date
        self.end_date.value = c.end_date
        self.scale.value = c.scale
        self.objective.value = c.objective
        for n in range(QUESTIONS_SHOWN):
            q = c.questions[n] if n < len(c.questions) else Question("")
            self.questions[n].value = q.question
            self.predictions[n].value = q.prediction
            self.reasons[n].value = q.reason
            self.results[n].value = q.result
        for name in ("plan_who", "plan_what", "plan_when", "plan_where", "data_what", "data_who",
                     "data_when", "data_where", "do_what_happened", "do_surprises",
                     "data_collected", "study_learned", "act_decision", "act_next",
                     "do_as_planned"):  # fmt: skip
            getattr(self, name).value = getattr(c, name)
        self.roles.value = roles_from_contributors(c.contributors)
        offered = {i for _, i in self.measures_moved.options}
        self.measures_moved.value = tuple(i for i in c.measure_ids if i in offered)

    def build_cycle(self) -> PDSA:
        """The chosen cycle as the worksheet shows it now (raises DataError naming a field)."""
        old = self.current
        questions = [
            Question(q.value, p.value, r.value, res.value)
            for q, p, r, res in zip(
                self.questions, self.predictions, self.reasons, self.results, strict=True
            )
            if q.value.strip() or p.value.strip() or res.value.strip()
        ]
        return PDSA(
            cycle_number=old.cycle_number,
            team=self.bar.team.value,
            aim=old.aim or self._aim,
            change_idea=self.ramp.change_idea,
            driver=self.ramp.driver,
            start_date=self.start_date.value,
            end_date=self.end_date.value,
            scale=self.scale.value,
            objective=self.objective.value,
            questions=questions,
            plan_who=self.plan_who.value,
            plan_what=self.plan_what.value,
            plan_when=self.plan_when.value,
            plan_where=self.plan_where.value,
            data_what=self.data_what.value,
            data_who=self.data_who.value,
            data_when=self.data_when.value,
            data_where=self.data_where.value,
            do_as_planned=self.do_as_planned.value,
            do_what_happened=self.do_what_happened.value,
            do_surprises=self.do_surprises.value,
            data_collected=self.data_collected.value,
            study_learned=self.study_learned.value,
            act_decision=self.act_decision.value,
            act_next=self.act_next.value,
            contributors=contributors_from_roles(self.roles.value),
            id=old.id,
            measure_ids=self._chosen_measures(old),
        )

    def _chosen_measures(self, old: PDSA) -> list[str]:
        """The measures ticked, plus any the cycle had that are no longer offered (a measure
        taken out of the plan keeps its link, so its chart keeps the cycle)."""
        offered = {i for _, i in self.measures_moved.options}
        kept = [i for i in old.measure_ids if i not in offered]
        return [*self.measures_moved.value, *kept]

    def _refresh(self, save: bool = True) -> None:
        c = self.current
        report = quality(c)
        self.cycle_feedback.value = (
            f"<h3>Cycle {c.cycle_number}: {report.summary()}</h3>"
            + feedback_html(c.feedback(), "What a coach would say about this cycle")
        )
        ramp_report = self.ramp.quality()
        self.ramp_feedback.value = f"<h3>The ramp: {ramp_report.summary()}</h3>" + feedback_html(
            ramp_report.checks, "What a coach would say about the ramp"
        )
        self.view.update(self.ramp.chart())
        markdown, page, table = self.exports.buttons
        markdown.offer(pdsa_log_markdown(self.ramp))
        page.offer(pdsa_log_html(self.ramp))
        table.offer(pdsa_log_csv(self.ramp))
        self.ramp_data = self.ramp.to_dict()
        if save and self.keeper is not None:
            self.keeper.changed()
        self._draw_measure()

    def _draw_measure(self) -> None:
        """Each measure the ramp's cycles should move, charted with its own settings and the
        cycles linked to it (once it has data); an old ramp's typed data as a run chart."""
        drawn = self._chart_key()
        if drawn == self._drawn:
            return  # nothing the charts show has changed
        if self.keeper is not None and self.keeper.saver.pending:
            self.keeper.flush()  # the charts read the cycles' links from the workspace
        charts = measure_charts(self.bar.workspace, self.ramp)
        if not charts:
            chart = measure_run_chart(self.ramp)
            charts = [] if chart is None else [chart]
        while len(self.data_views) < len(charts):
            self.data_views.append(ChartView(charts[len(self.data_views)]))
        for view, chart in zip(self.data_views, charts, strict=False):
            view.update(chart)
        self.data_charts.children = tuple(self.data_views[: len(charts)])
        self._drawn = drawn

    def _chart_key(self) -> Any:
        """What the measure charts depend on: the cycles' links, numbers and start dates."""
        return (
            self.ramp.measure_data,
            self.ramp.change_idea,
            tuple((c.cycle_number, c.start_date, tuple(c.measure_ids)) for c in self.ramp.cycles),
        )

    # ----- callbacks ------------------------------------------------------------------------
    def _ramp_changed(self, _: Any = None) -> None:
        if self._loading:
            return
        ramp = Ramp(
            change_idea=self.change_idea.value,
            driver=self.driver.value,
            measure=self.measure.value,
            measure_data=self.ramp.measure_data,  # typed before measures kept their own data
            cycles=self.ramp.cycles,
        )
        for c in ramp.cycles:
            c.change_idea = ramp.change_idea
            c.driver = ramp.driver
        self.ramp = ramp
        self._refresh()

    def _cycle_changed(self, _: Any = None) -> None:
        if self._loading:
            return
        new = self.build_cycle()
        self.ramp.cycles = [new if c.id == new.id else c for c in self.ramp.cycles]
        self._refresh()

    def _cycle_chosen(self, change: dict) -> None:
        if self._loading or change["new"] is None:
            return
        self._loading = True
        try:
            self._show_cycle(self.current)
        finally:
            self._loading = False
        self._refresh(save=False)

    def _next_cycle(self, _: Any = None) -> None:
        last = self.ramp.cycles[-1]
        new = self.ramp.add_cycle(
            team=self.bar.team.value, scale=last.scale, aim=last.aim or self._aim
        )
        self._loading = True
        try:
            self._cycle_options(new.cycle_number)
            self._show_cycle(new)
        finally:
            self._loading = False
        self._refresh()


#: The most measure charts shown under one ramp.
MOST_CHARTS = 3


def measure_charts(workspace: Workspace, ramp: Ramp) -> list[Any]:
    """The charts of the measures the ramp's cycles should move that have at least two weeks
    of data, drawn by :func:`qikit.thread.measure_chart` with the linked cycles marked."""
    from qikit import thread

    charts = []
    for measure_id in ramp.measure_ids()[:MOST_CHARTS]:
        try:
            if len(workspace.observations(measure_id)) < thread.FEWEST_POINTS:
                continue
            charts.append(thread.measure_chart(workspace, measure_id).chart)
        except DataError:
            continue  # a measure taken out of the plan, or one its chart cannot draw yet
    return charts


def measure_run_chart(ramp: Ramp):
    """A run chart of the ramp's measure data with a marker per cycle, or None without data."""
    import warnings

    import pandas as pd

    import qikit
    from qikit.improve.measure_lines import read_measure_lines

    rows = read_measure_lines(ramp.measure_data)
    if len(rows) < 2:
        return None
    frame = pd.DataFrame({"date": pd.to_datetime([d for d, _ in rows]),
                          "value": [v for _, v in rows]})  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the chart's own subtitle says when points are few
        result = qikit.spc(frame, y="value", x="date", chart="run")
        markers = [(m["date"], f"PDSA {m['cycle_number']}") for m in ramp.markers()]
        return qikit.plot(
            result,
            annotations=markers or None,
            title=f"{ramp.measure or 'Your measure'}, with the PDSA cycles",
            y_title=ramp.measure or "Value",
        )


#: How the synthetic collaborative's scale descriptions map onto the ramp's scale steps.
EXAMPLE_SCALES = {
    "one nurse on one shift": "one_shift",
    "one shift a day for a week": "one_week",
    "every shift for two weeks": "one_ward",
    "every shift, the whole ward": "one_ward",
}


def example_ramp(ward: str = "W01", change: str = "C01") -> Ramp:
    """A worked example: one ward's ramp from the synthetic collaborative (datasets/pdsa.csv)."""
    from qikit import datasets

    rows = datasets.load("pdsa")
    rows = rows[(rows["ward_id"] == ward) & (rows["change_id"] == change)].sort_values("cycle")
    ramp = Ramp()
    for row in rows.itertuples():
        ramp.change_idea, ramp.driver = row.change_idea, row.driver
        ramp.add_cycle(
            cycle_number=int(row.cycle),
            team=f"Ward {ward}",
            start_date=str(row.start_date)[:10],
            end_date=str(row.end_date)[:10],
            scale=EXAMPLE_SCALES.get(row.scale, ""),
            objective=row.objective,
            questions=[
                Question(
                    "What will happen to restraint?",
                    prediction=row.prediction,
                    result=row.study,
                )
            ],
            plan_who=row.plan_who,
            plan_what=row.plan_what,
            plan_when=row.plan_when,
            plan_where=row.plan_where,
            data_what="Restraint episodes per 1,000 occupied bed days, every week",
            do_what_happened=row.do,
            data_collected=row.study,
            study_learned=row.study,
            act_decision=row.act,
        )
    ramp.measure = "Restraint episodes per 1,000 occupied bed days"
    return ramp


def example_run_chart(ramp: Ramp, ward: str = "W01"):
    """The ward's weekly restraint rate as a U chart, with the ramp's cycles marked on it."""
    import qikit
    from qikit import datasets

    weekly = datasets.load("weekly")
    weekly = weekly[weekly["ward_id"] == ward]
    result = qikit.spc(
        weekly,
        y="restraint_episodes",
        n="occupied_bed_days",
        x="week_start",
        chart="u",
        multiply=1000,
        improvement="decrease",
    )
    markers = [(m["date"], f"PDSA {m['cycle_number']}") for m in ramp.markers()]
    return qikit.plot(
        result,
        annotations=markers,
        title=f"Restraint per 1,000 occupied bed days, ward {ward}, with the PDSA cycles",
        y_title="Restraint per 1,000 occupied bed days",
    )


def worked_example(ward: str = "W01", change: str = "C01") -> widgets.VBox:
    """A ward's ramp from the synthetic collaborative: the cycles on the measure's chart."""
    ramp = example_ramp(ward, change)
    report = ramp.quality()
    cycles = "".join(
        f"<li><strong>Cycle {c.cycle_number}</strong> ({html.escape(SCALES.get(c.scale, ''))}):"
        f" {html.escape(c.questions[0].prediction)} <em>Result:</em> "
        f"{html.escape(c.questions[0].result)} <em>Decision:</em> {html.escape(c.act_decision)}"
        "</li>"
        for c in ramp.cycles
    )
    return widgets.VBox(
        [
            widgets.HTML(
                f"<h2>Worked example: {html.escape(ramp.change_idea)}</h2>"
                f"<p>A synthetic ward tested this idea in {len(ramp.cycles)} linked cycles.</p>"
                f"<ol>{cycles}</ol>"
            ),
            ChartView(example_run_chart(ramp, ward)),
            ChartView(ramp.chart()),
            widgets.HTML(
                f"<h3>{report.summary()}</h3>"
                + feedback_html(report.checks, "What a coach would say about this ramp")
            ),
        ]
    )


class PDSAApp(widgets.VBox):
    """Workbook 02: the PDSA worksheet, the ramp view and feedback on quality."""

    def __init__(self, workspace: Workspace | None = None, delay_ms: int = 800) -> None:
        self.errors = ErrorPanel()
        self.bar = ProjectBar(workspace, self.errors)
        self.workbench = PDSAWorkbench(self.bar, delay_ms)
        super().__init__(
            [
                self.bar,
                self.errors,
                self.workbench,
            ]
        )

    def flush(self) -> None:
        self.workbench.keeper.flush()


def app(workspace: Workspace | None = None) -> PDSAApp:
    """Workbook 02's app."""
    return PDSAApp(workspace)
