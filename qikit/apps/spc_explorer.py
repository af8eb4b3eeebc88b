"""The SPC explorer: chart a ward's measure, or the team's own file, with the rules you choose."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import traitlets

from qikit.apps.coaching_view import PromptCache, measure_html
from qikit.apps.common import ChartView, ErrorPanel, guarded
from qikit.apps.download import DownloadButton
from qikit.errors import DataError
from qikit.improve.choose import CHART_NAMES
from qikit.plot import plot, save
from qikit.teaching import explorer_data as ed
from qikit.teaching.upload import (
    MAX_UPLOAD_BYTES,
    ColumnMap,
    check_size,
    guess_columns,
    map_columns,
)
from qikit.teaching.upload import read_upload as read_file

RULES = [("Anhøj", "anhoej"), ("Making Data Count", "mdc"), ("IHI", "ihi")]
CHARTS = ["run", "i", "p", "pp", "u", "up", "c", "g", "t"]
NONE = "(none)"
SOURCE_WARD, SOURCE_FILE = "A ward in the collaborative", "Our own file"
SOURCE_TEAM = "Our team's measures"
#: A measure's "better" word for each answer to "Is a higher value better or worse?".
BETTER_WORDS = {"increase": "higher", "decrease": "lower"}
DIRECTION_NOTE = (
    "Answer this so the chart can colour signals as improvement (blue) or concern (orange). "
    "Until then they are purple: neither better nor worse."
)


def _alert(message: str) -> str:
    return f'<div role="alert" class="qikit-alert">{html.escape(message)}</div>'


def _note(message: str) -> str:
    return f'<p class="qikit-note">{html.escape(message)}</p>'


def _wait_for_the_page() -> None:
    """Under Voilà's preheated kernels, wait for the page request before reading the workspace,
    so the team sees its measures and cycles as they are now, not as they were when the kernel
    started."""
    from qikit.apps.page_request import wait_for_request

    wait_for_request()


def _wide(description: str) -> dict:
    return {"description": description, "style": {"description_width": "initial"}}


class SPCExplorer(widgets.VBox):
    """Pick data, let the chooser suggest the chart, choose rules and limits; read and export."""

    chart_type = traitlets.Unicode("u")
    explanation = traitlets.Unicode("")

    def __init__(self, workspace=None, today=None) -> None:
        self.errors = ErrorPanel()
        self._workspace = workspace
        self._prompts = PromptCache(today)  # the coaching prompts, per project
        self._file: pd.DataFrame | None = None
        self._file_name = ""
        self.frame: pd.DataFrame = pd.DataFrame()
        self.result = None
        self.team = None  # the team's measure as charted (qikit.thread.MeasureChart)
        self._kind = "unknown"
        self._y_title = ""
        self._file_answers: dict = {}  # per how many, better or worse: kept while away
        self._quiet = True  # no redraws while the controls are being set up

        self.source = widgets.ToggleButtons(
            options=[SOURCE_WARD, SOURCE_FILE, SOURCE_TEAM],
            description="Data from",
            style={"description_width": "initial", "button_width": "auto"},
        )
        wards = ed.trusts_and_wards()
        self._wards = wards
        self.trust = widgets.Dropdown(options=list(wards), **_wide("Trust"))
        self.ward = widgets.Dropdown(options=wards[self.trust.value], **_wide("Ward"))
        self.measure = widgets.Dropdown(
            options=[(m.label, key) for key, m in ed.MEASURES.items()],
            value="restraint_episodes",
            layout=widgets.Layout(width="34em"),  # the longest measure's name in full
            **_wide("Measure"),
        )
        self.upload = widgets.FileUpload(
            accept=".csv,.xlsx", multiple=False, description="Upload CSV or Excel"
        )
        self.time_column = widgets.Dropdown(options=[NONE], **_wide("Time column"))
        self.value_column = widgets.Dropdown(options=[NONE], **_wide("Value (or numerator)"))
        self.denominator_column = widgets.Dropdown(options=[NONE], **_wide("Denominator"))
        self.data_kind = widgets.Dropdown(options=list(ed.DATA_KINDS), **_wide("Each value is"))
        self.file_note = widgets.HTML(
            f"<p>Upload a .csv or .xlsx file with one row per week (up to "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB), then say which column is which. "
            "Never upload patient-identifiable data.</p>"
        )
        self.add_to = widgets.Dropdown(
            options=[], layout=widgets.Layout(width="70%"), **_wide("Add this file's weeks to")
        )
        self.add_to.add_class("qikit-add-to")
        self.add_button = widgets.Button(
            description="Add this file's data to the measure",
            icon="plus",
            tooltip="Keep these weeks with the measure, for every app to chart",
            layout=widgets.Layout(width="auto"),
        )
        self.add_note = widgets.HTML()
        self.add_box = widgets.VBox(
            [
                widgets.HTML(
                    "<h3>Keep these weeks with one of our measures</h3><p>The columns chosen "
                    "above are remembered for the measure, for next time.</p>"
                ),
                self.add_to,
                self.add_button,
                self.add_note,
            ],
            layout=widgets.Layout(align_items="flex-start"),
        )
        self.add_box.layout.display = "none"
        self.file_box = widgets.VBox(
            [
                self.file_note,
                self.upload,
                self.time_column,
                self.value_column,
                self.denominator_column,
                self.data_kind,
                self.add_box,
            ]
        )
        self.ward_box = widgets.VBox([self.trust, self.ward, self.measure])
        self.team_project = widgets.Dropdown(
            options=[], layout=widgets.Layout(width="70%"), **_wide("Our project")
        )
        self.team_measure = widgets.Dropdown(
            options=[], layout=widgets.Layout(width="70%"), **_wide("Our measure")
        )
        self.team_note = widgets.HTML()
        self.team_box = widgets.VBox(
            [
                widgets.HTML(
                    "<p>Chart one of your team's measures from its measurement plan, with the "
                    "weeks entered so far and the PDSA cycles linked to it.</p>"
                ),
                self.team_project,
                self.team_measure,
                self.team_note,
            ]
        )

        self.advice = widgets.HTML()
        self.chart = widgets.Dropdown(
            options=[(CHART_NAMES.get(c, c), c) for c in CHARTS], value="u", **_wide("Chart")
        )
        self.chart_warning = widgets.HTML()
        self.per = widgets.Dropdown(
            options=ed.PER_HOW_MANY,
            value=1000.0,
            layout=widgets.Layout(width="26em"),
            **_wide("Per how many?"),
        )
        self.direction = widgets.Dropdown(
            options=ed.DIRECTION_ANSWERS,
            value="decrease",
            layout=widgets.Layout(width="26em"),
            **_wide("Is a higher value better or worse?"),
        )
        self.direction_note = widgets.HTML()
        self.per.add_class("qikit-per")
        self.direction.add_class("qikit-direction")
        self.rules = widgets.ToggleButtons(options=RULES, value="mdc", **_wide("Rules"))
        self.limits = widgets.ToggleButtons(
            options=[
                ("Limits from all weeks", "all"),
                ("Freeze a baseline", "freeze"),
                ("New phase", "phase"),
            ],
            **_wide("Limits"),
        )
        self.week = widgets.IntSlider(value=20, min=1, max=103, **_wide("Up to point"))
        self.show_cycles = widgets.Checkbox(value=True, **_wide("Show PDSA cycles"))
        self.project = widgets.Dropdown(options=[("The ward's own cycles", "")], **_wide("From"))
        self.save_settings = widgets.Button(
            description="Save these settings to the measure",
            icon="save",
            tooltip="Every app will draw this measure with this chart, direction and rules",
            layout=widgets.Layout(width="auto"),
        )
        self.save_note = widgets.HTML()
        self.save_box = widgets.VBox(
            [self.save_settings, self.save_note], layout=widgets.Layout(align_items="flex-start")
        )
        self.coaching = widgets.HTML()  # the prompts about the team's measure, under its chart
        self.coaching.add_class("qikit-measure-prompts")
        self.explain = widgets.HTML()
        self.export_chart = DownloadButton(
            "Download the chart", "spc_chart.png", lambda: self._export("chart")
        )
        self.export_table = DownloadButton(
            "Download the numbers", "spc_table.csv", lambda: self._export("table")
        )

        self._load_projects()
        self._use_ward()
        chart = self._draw()
        if self._open_on_the_team():
            try:
                self._show_source(SOURCE_TEAM)
                self._use_team()
                chart = self._draw()
            except DataError as error:  # open on the ward; the team reads why on its source
                self.source.value = SOURCE_WARD
                self._use_ward()
                chart = self._draw()
                self.team_note.value = _alert(str(error))
        self.view = ChartView(chart)
        self._show_source(self.source.value)
        self._quiet = False

        act = guarded(self.errors)
        self.source.observe(act(self._switch_source), names="value")
        self.trust.observe(act(self._pick_trust), names="value")
        for control in (self.ward, self.measure):
            control.observe(act(lambda _: self._new_data(self._use_ward)), names="value")
        self.upload.observe(act(self._read_upload), names="value")
        for control in (self.time_column, self.value_column):
            control.observe(act(lambda _: self._new_data(self._use_file)), names="value")
        self.denominator_column.observe(act(self._denominator_chosen), names="value")
        self.data_kind.observe(act(self._kind_chosen), names="value")
        self.team_project.observe(act(self._pick_team_project), names="value")
        self.team_measure.observe(act(lambda _: self._new_data(self._use_team)), names="value")
        for control in (
            self.chart,
            self.per,
            self.direction,
            self.rules,
            self.limits,
            self.week,
            self.show_cycles,
        ):
            control.observe(act(self.redraw), names="value")
        self.project.observe(act(self.redraw), names="value")
        self.save_settings.on_click(act(lambda _: self.save_to_measure()))
        self.add_to.observe(act(self._remembered_columns), names="value")
        self.add_button.on_click(act(lambda _: self.add_file_to_measure()))

        super().__init__(
            [
                widgets.HTML("<h2>1. Your data</h2>"),
                self.source,
                self.ward_box,
                self.file_box,
                self.team_box,
                self.errors,
                widgets.HTML("<h2>2. The chart</h2>"),
                self.advice,
                self.chart,
                self.chart_warning,
                self.per,
                self.direction,
                self.direction_note,
                self.rules,
                widgets.HBox([self.limits, self.week]),
                widgets.HBox([self.show_cycles, self.project]),
                self.save_box,
                self.view,
                self.coaching,
                widgets.HTML("<h2>3. What it says</h2>"),
                self.explain,
                widgets.HBox([self.export_chart, self.export_table]),
            ]
        )

    # ----- data -------------------------------------------------------------------------------
    @property
    def workspace(self):
        if self._workspace is None:
            from qikit.store import open_workspace

            self._workspace = open_workspace()
        return self._workspace

    def _seen(self):
        """Who is looking: on a shared workspace only the page's own team's projects are
        offered to change (and projects shared with the collaborative to look at)."""
        if getattr(self, "_viewer", None) is None:
            from qikit.apps.team_access import viewer

            self._viewer = viewer(self.workspace)
        return self._viewer

    def _load_projects(self) -> None:
        _wait_for_the_page()
        options = [("The ward's own cycles", "")]
        try:
            for project in self._seen().visible(self.workspace.projects()):
                if self.workspace.records(project.id, "pdsa"):
                    options.append((f"Our project: {project.name}", project.id))
        except (OSError, DataError) as error:  # a missing workspace only hides its cycles
            self.errors.show(
                f"The team workspace could not be opened, so only the ward's own "
                f"cycles are shown. ({error})"
            )
        self.project.options = options

    def _open_on_the_team(self) -> bool:
        """Open on the team's measures when the page address names a project with data."""
        from qikit.apps.plan_common import page_query

        wanted = page_query().get("project", "")
        if not wanted:
            return False
        try:
            self._load_team_projects(wanted)
        except (OSError, DataError):
            return False
        if self.team_project.value != wanted:
            return False
        if not any(weeks >= 2 for _, _, weeks in ed.team_measures(self.workspace, wanted)):
            return False
        self.source.value = SOURCE_TEAM
        return True

    def _load_team_projects(self, wanted: str = "") -> None:
        """Fill the project list from the workspace, choosing ``wanted``, else the project the
        kit opens with (the page address's, or the one worked on last), else the first."""
        from qikit.apps.plan_common import starting_project

        options = ed.team_projects(self.workspace, self._seen())
        ids = [i for _, i in options]
        if not wanted or wanted not in ids:
            wanted = self.team_project.value if self.team_project.value in ids else ""
        if not wanted:
            start = starting_project(self.workspace)
            wanted = start.id if start is not None and start.id in ids else ""
        self._prompts.forget()  # the team may have entered weeks or cycles since
        was, self._quiet = self._quiet, True
        try:
            self.team_project.options = options
            self.team_project.value = wanted or (ids[0] if ids else None)
            self._load_team_measures()
        finally:
            self._quiet = was
        if not options:
            self.team_note.value = _alert(
                "No project in this workspace has measures yet. Plan your measures in the "
                "measurement plan (workbook 04) and enter your weekly data (workbook 13); they "
                "will appear here."
            )

    def _load_team_measures(self) -> None:
        project_id = self.team_project.value
        measures = ed.team_measures(self.workspace, project_id) if project_id else []
        chosen = self.team_measure.value
        ids = [i for _, i, _ in measures]
        if chosen not in ids:
            chosen = next((i for _, i, weeks in measures if weeks >= 2), ids[0] if ids else None)
        was, self._quiet = self._quiet, True
        try:
            self.team_measure.options = [(label, i) for label, i, _ in measures]
            self.team_measure.value = chosen
        finally:
            self._quiet = was

    def _use_ward(self) -> None:
        measure = ed.MEASURES[self.measure.value]
        self.frame = ed.ward_measure(self.ward.value, self.measure.value)
        self._y_title = measure.label
        self._kind = measure.data_type
        self._set_quietly(per=measure.multiply, direction=measure.improvement)
        self._suggest(measure.data_type)

    def _mapped(self) -> pd.DataFrame:
        if self._file is None:
            raise DataError("Upload a CSV or Excel file first.")
        y = self.value_column.value
        if y == NONE:
            raise DataError("Choose the column that holds the values to chart.")
        mapping = ColumnMap(
            x=None if self.time_column.value == NONE else self.time_column.value,
            y=y,
            n=None if self.denominator_column.value == NONE else self.denominator_column.value,
        )
        return map_columns(self._file, mapping)

    def _use_file(self) -> None:
        frame = self._mapped()
        kind = ed.DATA_KINDS[self.data_kind.value]
        self.frame = frame
        self._kind = kind
        self._suggest(kind)

    def _file_title(self) -> str:
        """The y axis of a file's chart: the value column, per how many of the denominator."""
        y, n, per = self.value_column.value, self.denominator_column.value, self.per.value
        if "n" not in self.frame.columns or self.chart.value not in ("p", "pp", "u", "up"):
            return y
        return f"{y} (%)" if per == 100 else f"{y} per {per:,g} {n.lower()}"

    def _use_team(self) -> None:
        from qikit import thread

        measure_id = self.team_measure.value
        if not measure_id:
            raise DataError(
                "This project has no measures yet. Add them in the measurement plan "
                "(workbook 04), then enter your weekly data (workbook 13)."
            )
        measure = self.workspace.measure(measure_id)
        table = self.workspace.observation_table(measure_id)
        has_n = bool(table["denominator"].notna().any())
        own = thread.settings(measure)
        self.frame = thread.chart_frame(measure, table) if len(table) else pd.DataFrame()
        self._kind = ed.measure_kind(measure, has_n)
        self._set_quietly(
            per=own.multiply,
            direction=own.improvement or "",
            rules=own.rules,
        )
        self._suggest(self._kind, chart=own.chart, points=len(table), has_n=has_n)
        self.team_note.value = _note(
            f"Its own settings: {own.words()}"
            + (f", target {own.target:g}" if own.target is not None else "")
            + "."
        )
        self.save_note.value = ""

    def _set_quietly(self, **values) -> None:
        """Set chart controls without redrawing (a per-how-many not offered is added)."""
        was, self._quiet = self._quiet, True
        try:
            if "per" in values:
                per = float(values["per"])
                if per not in [v for _, v in self.per.options]:
                    self.per.options = [*ed.PER_HOW_MANY, (f"Per {per:,g}", per)]
                self.per.value = per
            if "direction" in values:
                self.direction.value = values["direction"] or ""
            if "rules" in values:
                self.rules.value = values["rules"]
        finally:
            self._quiet = was

    def _suggest(
        self,
        data_type: str,
        *,
        chart: str | None = None,
        points: int | None = None,
        has_n: bool | None = None,
    ) -> None:
        """Show the chooser's suggestion and why; choose it (or ``chart``, the measure's own)."""
        points = len(self.frame) if points is None else points
        has_n = ("n" in self.frame.columns) if has_n is None else has_n
        choice = ed.suggest_chart(data_type, points, has_n)
        self.advice.value = (
            f'<p class="qikit-note"><strong>The chart chooser suggests: {html.escape(choice.name)}'
            f".</strong> {html.escape(choice.reason)}</p>"
        )
        self._quiet, was = True, self._quiet
        try:
            wanted = chart or choice.chart
            self.chart.value = wanted if wanted in CHARTS else "i"
            self.week.max = max(2, points - 1)
            self.week.value = min(max(self.week.value, 1), self.week.max)
        finally:
            self._quiet = was

    def _new_data(self, use) -> None:
        if self._quiet:
            return
        use()
        self.redraw()

    def _show_source(self, source: str) -> None:
        shown = {SOURCE_WARD: self.ward_box, SOURCE_FILE: self.file_box, SOURCE_TEAM: self.team_box}
        for name, box in shown.items():
            box.layout.display = "" if name == source else "none"
        team = source == SOURCE_TEAM
        self.save_box.layout.display = "" if team else "none"
        self.project.layout.display = "none" if team else ""

    def _switch_source(self, change: dict) -> None:
        source = change["new"]
        if change["old"] == SOURCE_FILE:  # the answers about the file, for when it comes back
            self._file_answers = {"per": self.per.value, "direction": self.direction.value}
        self._show_source(source)
        if source == SOURCE_FILE:
            if self._file is None:
                return  # keep the last chart until a file arrives
            self._set_quietly(**self._file_answers)
            self._new_data(self._use_file)
        elif source == SOURCE_TEAM:
            self.team_note.value = ""
            self._load_team_projects()  # what the team has entered since the page opened
            if self.team_measure.value:
                self._new_data(self._use_team)
        else:
            self._new_data(self._use_ward)

    def _pick_trust(self, change: dict) -> None:
        self.ward.options = self._wards[change["new"]]  # sets ward, which redraws

    def _pick_team_project(self, _: dict) -> None:
        self._load_team_measures()
        self._new_data(self._use_team)

    def _kind_chosen(self, change: dict) -> None:
        kind = ed.DATA_KINDS[change["new"]]
        self._set_quietly(per=ed.per_for(kind))
        self._new_data(self._use_file)

    def _denominator_chosen(self, _: dict) -> None:
        if self._quiet:
            return
        self._guess_kind()
        self._new_data(self._use_file)

    def _guess_kind(self) -> None:
        """Answer "each value is" from the file (a count over bed days is a rate, a count out of
        a total a percentage) and the usual per-how-many for it; the learner can change both."""
        try:
            frame = self._mapped()
        except DataError:
            return  # the mapping's own message shows when it is drawn
        n = self.denominator_column.value
        kind = ed.guess_kind(frame, None if n == NONE else n)
        was, self._quiet = self._quiet, True
        try:
            self.data_kind.value = kind
        finally:
            self._quiet = was
        self._set_quietly(per=ed.per_for(ed.DATA_KINDS[kind]))

    def _read_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        name, size = item["name"], int(item.get("size") or 0)
        check_size(name, size)  # before anything is read
        frame = read_file(name, bytes(item["content"]))
        guess = guess_columns(frame)
        columns = [NONE] + list(frame.columns)
        self._quiet = True
        try:
            self._file, self._file_name = frame, name
            for control in (self.time_column, self.value_column, self.denominator_column):
                control.options = columns
            self.time_column.value = guess.x or NONE
            self.value_column.value = guess.y
            self.denominator_column.value = guess.n or NONE
            self.direction.value = ""  # a new file: ask again whether higher is better
        finally:
            self._quiet = False
        self._offer_measures()
        self._guess_kind()
        self.file_note.value = (
            f"<p>Read <strong>{html.escape(name)}</strong>: {len(frame)} rows, columns "
            f"{html.escape(', '.join(map(str, frame.columns)))}. Check the columns below, "
            "then answer the two questions under the chart type: is a higher value better or "
            "worse, and per how many?</p>"
        )
        self._new_data(self._use_file)

    def _offer_measures(self) -> None:
        """Offer the team's measures to add the file's weeks to (none: the box stays hidden)."""
        try:
            options = ed.every_team_measure(self.workspace, self._seen())
        except (OSError, DataError):
            options = []
        was, self._quiet = self._quiet, True
        try:
            self.add_to.options = options
            self.add_to.value = None
        finally:
            self._quiet = was
        self.add_note.value = ""
        self.add_box.layout.display = "" if options else "none"

    def _remembered_columns(self, change: dict) -> None:
        """Choosing a measure whose columns were remembered from an earlier file maps them."""
        if self._quiet or not change["new"] or self._file is None:
            return
        columns = self.workspace.measure(change["new"]).upload_columns
        found = [str(c) for c in self._file.columns]
        controls = {
            "date": self.time_column,
            "numerator": self.value_column,
            "denominator": self.denominator_column,
        }
        mapped = {role: name for role, name in columns.items() if name in found}
        if not mapped:
            return
        was, self._quiet = self._quiet, True
        try:
            for role, name in mapped.items():
                controls[role].value = name
        finally:
            self._quiet = was
        self._guess_kind()
        self._new_data(self._use_file)
        self.add_note.value = _note(
            "The columns this measure used last time are chosen above: check them."
        )

    def add_file_to_measure(self) -> None:
        """Add the file's weeks (as mapped above) to the chosen measure, all or nothing, and
        remember which columns held the date, numerator and denominator."""
        from dataclasses import replace

        measure_id = self.add_to.value
        if not measure_id:
            self.add_note.value = _alert("Choose the measure to add these weeks to.")
            return
        try:
            rows = ed.file_observations(self._mapped())
            measure = self.workspace.measure(measure_id)
            added = self.workspace.save_observations(
                measure_id, rows, where=f"In the file '{self._file_name}'"
            )
            columns = {
                "date": self.time_column.value,
                "numerator": self.value_column.value,
                "denominator": self.denominator_column.value,
            }
            remembered = {role: name for role, name in columns.items() if name != NONE}
            if remembered != measure.upload_columns:
                project_id = self.workspace.measure_project(measure_id)
                self.workspace.save_measure(project_id, replace(measure, upload_columns=remembered))
        except DataError as error:
            self.add_note.value = _alert(f"Nothing was added. {error}")
            return
        self._prompts.forget()
        skipped = len(rows) - added
        self.add_note.value = _note(
            f"Added {added} week{'s' if added != 1 else ''} to '{measure.name}'"
            + (f" ({skipped} already there with the same numbers)" if skipped else "")
            + ". Choose 'Our team's measures' above to see its chart."
        )

    # ----- chart --------------------------------------------------------------------------------
    def _annotations(self):
        if not self.show_cycles.value:
            return None
        if self.project.value:
            cycles = ed.workspace_cycles(self.workspace, self.project.value)
        elif self.source.value == SOURCE_WARD:
            cycles = ed.synthetic_cycles(self.ward.value)
        else:
            return None
        return ed.cycles_in_range(cycles, self.frame) or None

    def _draw(self):
        has_n = "n" in self.frame.columns and bool(self.frame["n"].notna().any())
        self.per.layout.display = "" if has_n else "none"  # per how many of nothing: no question
        warning = ed.chart_warning(self.chart.value, self._kind, has_n, self.frame)
        self.chart_warning.value = _alert(warning) if warning else ""
        self.direction_note.value = _note(DIRECTION_NOTE) if not self.direction.value else ""
        changes = {
            "chart": self.chart.value,
            "rules": self.rules.value,
            "multiply": float(self.per.value),
            "improvement": ed.improvement_of(self.direction.value),
        }
        if self.source.value == SOURCE_TEAM:
            self.team = ed.team_chart(
                self.workspace,
                self.team_measure.value,
                limits=self.limits.value,
                week=self.week.value,
                show_cycles=self.show_cycles.value,
                **changes,
            )
            self.result, chart = self.team.result, self.team.chart
            self.coaching.value = self._measure_prompts()
        else:
            self.team = None
            self.coaching.value = ""
            self.result = ed.explore(
                self.frame, limits=self.limits.value, week=self.week.value, **changes
            )
            title = self._file_title() if self.source.value == SOURCE_FILE else self._y_title
            chart = plot(self.result, annotations=self._annotations(), y_title=title)
        self.chart_type = self.result.chart_type
        self.explanation = self.result.explain()
        notes = "".join(f"<li>{html.escape(m)}</li>" for m in self.result.messages)
        self.explain.value = f"<p>{html.escape(self.explanation)}</p>" + (
            f"<h3>Notes</h3><ul>{notes}</ul>" if notes else ""
        )
        self._chart = chart
        for button in (self.export_chart, self.export_table):
            button.withdraw()  # its size was the old chart's
        return chart

    def _measure_prompts(self) -> str:
        """The coaching prompts about the team's measure (none: nothing shown)."""
        project_id, measure_id = self.team_project.value, self.team_measure.value
        if not (project_id and measure_id):
            return ""
        return measure_html(self._prompts.get(self.workspace, project_id), measure_id)

    def redraw(self, _: dict | None = None) -> None:
        if self._quiet:
            return
        if self.source.value != SOURCE_TEAM:
            self.view.update(self._draw())
            return
        try:
            chart = self._draw()
        except DataError as error:  # said next to the measure; the last chart stays
            self.team_note.value = _alert(str(error))
            return
        self.view.update(chart)

    def save_to_measure(self) -> None:
        """Keep the chart type, per-how-many, direction and rules on the team's measure, so every
        app draws it this way."""
        from dataclasses import replace

        from qikit import thread

        measure_id = self.team_measure.value
        if self.source.value != SOURCE_TEAM or not measure_id:
            raise DataError("Choose one of your team's measures first.")
        try:
            measure = self.workspace.measure(measure_id)
            changed = replace(
                measure,
                chart_type=self.chart.value,
                multiplier=float(self.per.value),
                better=BETTER_WORDS.get(self.direction.value, ""),
                rules=self.rules.value,
            )
            self.workspace.save_measure(self.workspace.measure_project(measure_id), changed)
        except DataError as error:
            self.save_note.value = _alert(f"Not saved. {error}")
            return
        self._prompts.forget()  # its signals are read with the settings just saved
        self._load_team_measures()
        self.coaching.value = self._measure_prompts()
        self.save_note.value = _note(
            f"Saved to '{changed.name}': {thread.settings(changed).words()}. Every app now draws "
            "this measure this way."
        )

    def _export(self, what: str) -> bytes:
        """The chart as drawn (PNG) or the numbers behind it (CSV), made at the click."""
        if what == "table":
            return ed.table_csv(self.result).encode("utf-8")
        with tempfile.TemporaryDirectory() as folder:
            return save(self._chart, Path(folder) / "spc_chart.png").read_bytes()


def app(workspace=None, today=None) -> SPCExplorer:
    """The SPC explorer of workbook 06 (``today``: the date the coaching prompts are read on;
    None for today)."""
    return SPCExplorer(workspace, today)
