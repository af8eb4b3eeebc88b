"""The SPC explorer: chart a ward's measure, or the team's own file, with the rules you choose."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import traitlets

from qikit.apps.common import ChartView, ErrorPanel, guarded, header
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

TITLE = "SPC explorer: your ward's data on a control chart"
MINUTES = 40
OBJECTIVES = [
    "Choose the right control chart for a measure and say why",
    "Chart a ward's data, or your own file, and read it with the Anhøj, MDC or IHI rules",
    "Freeze a baseline or start a new phase, and see your PDSA cycles on the chart",
    "Explain a chart in plain words and export it for a team meeting",
]
KEY_POINTS = [
    "Limits describe what the process does now, not what anyone wants it to do.",
    "Freeze the limits on a baseline before a change; start a new phase after a lasting shift.",
]
RULES = [("Anhøj", "anhoej"), ("Making Data Count", "mdc"), ("IHI", "ihi")]
CHARTS = ["run", "i", "p", "pp", "u", "up", "c", "g", "t"]
NONE = "(none)"
SOURCE_WARD, SOURCE_FILE = "A ward in the collaborative", "Our own file"


def _wait_for_the_page() -> None:
    """Under Voilà's preheated kernels, wait for the page request before reading the workspace,
    so the team sees its PDSA cycles as they are now, not as they were when the kernel started."""
    try:
        from voila.utils import wait_for_request
    except ImportError:  # pragma: no cover - apps also run in plain Jupyter
        return
    wait_for_request()


def _wide(description: str) -> dict:
    return {"description": description, "style": {"description_width": "initial"}}


class SPCExplorer(widgets.VBox):
    """Pick data, let the chooser suggest the chart, choose rules and limits; read and export."""

    chart_type = traitlets.Unicode("u")
    explanation = traitlets.Unicode("")

    def __init__(self, workspace=None) -> None:
        self.errors = ErrorPanel()
        self._workspace = workspace
        self._file: pd.DataFrame | None = None
        self._file_name = ""
        self.frame: pd.DataFrame = pd.DataFrame()
        self.result = None
        self._quiet = True  # no redraws while the controls are being set up

        self.source = widgets.ToggleButtons(
            options=[SOURCE_WARD, SOURCE_FILE], **_wide("Data from")
        )
        wards = ed.trusts_and_wards()
        self._wards = wards
        self.trust = widgets.Dropdown(options=list(wards), **_wide("Trust"))
        self.ward = widgets.Dropdown(options=wards[self.trust.value], **_wide("Ward"))
        self.measure = widgets.Dropdown(
            options=[(m.label, key) for key, m in ed.MEASURES.items()],
            value="restraint_episodes",
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
        self.file_box = widgets.VBox(
            [
                self.file_note,
                self.upload,
                self.time_column,
                self.value_column,
                self.denominator_column,
                self.data_kind,
            ]
        )
        self.ward_box = widgets.VBox([self.trust, self.ward, self.measure])

        self.advice = widgets.HTML()
        self.chart = widgets.Dropdown(
            options=[(CHART_NAMES.get(c, c), c) for c in CHARTS], value="u", **_wide("Chart")
        )
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
        self.explain = widgets.HTML()
        self.export_chart = widgets.Button(description="Export chart (PNG)", icon="download")
        self.export_table = widgets.Button(description="Export table (CSV)", icon="download")
        self.links = widgets.HTML()

        self._load_projects()
        self._use_ward()
        self.view = ChartView(self._draw())
        self._quiet = False

        act = guarded(self.errors)
        self.source.observe(act(self._switch_source), names="value")
        self.trust.observe(act(self._pick_trust), names="value")
        for control in (self.ward, self.measure):
            control.observe(act(lambda _: self._new_data(self._use_ward)), names="value")
        self.upload.observe(act(self._read_upload), names="value")
        for control in (self.time_column, self.value_column, self.denominator_column):
            control.observe(act(lambda _: self._new_data(self._use_file)), names="value")
        self.data_kind.observe(act(lambda _: self._new_data(self._use_file)), names="value")
        for control in (self.chart, self.rules, self.limits, self.week, self.show_cycles):
            control.observe(act(self.redraw), names="value")
        self.project.observe(act(self.redraw), names="value")
        self.export_chart.on_click(act(lambda _: self._export("chart")))
        self.export_table.on_click(act(lambda _: self._export("table")))

        self.file_box.layout.display = "none"
        super().__init__(
            [
                header(TITLE, OBJECTIVES, MINUTES, KEY_POINTS),
                widgets.HTML("<h2>1. Your data</h2>"),
                self.source,
                self.ward_box,
                self.file_box,
                self.errors,
                widgets.HTML("<h2>2. The chart</h2>"),
                self.advice,
                self.chart,
                self.rules,
                widgets.HBox([self.limits, self.week]),
                widgets.HBox([self.show_cycles, self.project]),
                self.view,
                widgets.HTML("<h2>3. What it says</h2>"),
                self.explain,
                widgets.HBox([self.export_chart, self.export_table]),
                self.links,
            ]
        )

    # ----- data -------------------------------------------------------------------------------
    @property
    def workspace(self):
        if self._workspace is None:
            from qikit.store import open_workspace

            self._workspace = open_workspace()
        return self._workspace

    def _load_projects(self) -> None:
        _wait_for_the_page()
        options = [("The ward's own cycles", "")]
        try:
            for project in self.workspace.projects():
                if self.workspace.records(project.id, "pdsa"):
                    options.append((f"Our project: {project.name}", project.id))
        except (OSError, DataError) as error:  # a missing workspace only hides its cycles
            self.errors.show(
                f"The team workspace could not be opened, so only the ward's own "
                f"cycles are shown. ({error})"
            )
        self.project.options = options

    def _use_ward(self) -> None:
        measure = ed.MEASURES[self.measure.value]
        self.frame = ed.ward_measure(self.ward.value, self.measure.value)
        self._multiply, self._improvement = measure.multiply, measure.improvement
        self._y_title = measure.label
        self._suggest(measure.data_type)

    def _use_file(self) -> None:
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
        frame = map_columns(self._file, mapping)
        kind = ed.DATA_KINDS[self.data_kind.value]
        self._multiply = 100 if kind == "classification" else 1
        self._improvement = None
        self._y_title = y
        self.frame = frame
        self._suggest(kind)

    def _suggest(self, data_type: str) -> None:
        choice = ed.suggest_chart(data_type, len(self.frame), "n" in self.frame.columns)
        self.advice.value = (
            f'<p class="qikit-note"><strong>The chart chooser suggests: {html.escape(choice.name)}'
            f".</strong> {html.escape(choice.reason)}</p>"
        )
        self._quiet, was = True, self._quiet
        try:
            self.chart.value = choice.chart if choice.chart in CHARTS else "i"
            self.week.max = max(2, len(self.frame) - 1)
            self.week.value = min(max(self.week.value, 1), self.week.max)
        finally:
            self._quiet = was

    def _new_data(self, use) -> None:
        if self._quiet:
            return
        use()
        self.redraw()

    def _switch_source(self, change: dict) -> None:
        from_file = change["new"] == SOURCE_FILE
        self.file_box.layout.display = "" if from_file else "none"
        self.ward_box.layout.display = "none" if from_file else ""
        if from_file and self._file is None:
            return  # keep the last chart until a file arrives
        self._new_data(self._use_file if from_file else self._use_ward)

    def _pick_trust(self, change: dict) -> None:
        self.ward.options = self._wards[change["new"]]  # sets ward, which redraws

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
        finally:
            self._quiet = False
        self.file_note.value = (
            f"<p>Read <strong>{html.escape(name)}</strong>: {len(frame)} rows, columns "
            f"{html.escape(', '.join(map(str, frame.columns)))}. Check the columns below.</p>"
        )
        self._new_data(self._use_file)

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
        self.result = ed.explore(
            self.frame,
            chart=self.chart.value,
            rules=self.rules.value,
            limits=self.limits.value,
            week=self.week.value,
            multiply=self._multiply,
            improvement=self._improvement,
        )
        self.chart_type = self.result.chart_type
        self.explanation = self.result.explain()
        notes = "".join(f"<li>{html.escape(m)}</li>" for m in self.result.messages)
        self.explain.value = f"<p>{html.escape(self.explanation)}</p>" + (
            f"<h3>Notes</h3><ul>{notes}</ul>" if notes else ""
        )
        self.links.value = ""
        self._chart = plot(self.result, annotations=self._annotations(), y_title=self._y_title)
        return self._chart

    def redraw(self, _: dict | None = None) -> None:
        if self._quiet:
            return
        self.view.update(self._draw())

    def _export(self, what: str) -> None:
        if what == "table":
            link = ed.data_link(
                "spc_table.csv", ed.table_csv(self.result).encode(), "text/csv", "Save the table"
            )
        else:
            with tempfile.TemporaryDirectory() as folder:
                path = save(self._chart, Path(folder) / "spc_chart.png")
                link = ed.data_link(
                    "spc_chart.png", path.read_bytes(), "image/png", "Save the chart"
                )
        self.links.value = f'<p class="qikit-note">Ready: {link}</p>'


def app(workspace=None) -> SPCExplorer:
    """The SPC explorer of workbook 06."""
    return SPCExplorer(workspace)
