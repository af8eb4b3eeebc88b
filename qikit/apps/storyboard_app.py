"""The storyboard workbook's app: a team's poster, and sharing change ideas between trusts."""

from __future__ import annotations

import html
import json
import re
import tempfile
import warnings
from functools import cache

import ipywidgets as widgets
import pandas as pd

from qikit import datasets, sharing, worked_team
from qikit import storyboard as sb
from qikit.apps.common import ChartView, ErrorPanel, guarded
from qikit.apps.download import DownloadButton, DownloadRow
from qikit.apps.plan_common import page_query, starting_project, wait_for_the_page
from qikit.apps.team_access import viewer
from qikit.collaborative import teams
from qikit.collaborative.signals import signal_table
from qikit.errors import DataError
from qikit.store import Workspace, open_workspace
from qikit.thread import OWN_DATA

STYLE = {"description_width": "10em"}
TABLES = ("wards", "changes", "pdsa", "weekly")
EXAMPLE = "example"
OWN = "own"
ALL = "All"
#: How the worked example team's charts are labelled: its data are synthetic.
WORKED_LABEL = "Worked example (synthetic data)"


@cache
def tables() -> dict[str, pd.DataFrame]:
    return {name: datasets.load(name) for name in TABLES}


def file_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "storyboard"


def preview_frame(page: str) -> str:
    """The storyboard web page shown inside the app, in a frame of its own."""
    return (
        f'<iframe title="Storyboard preview" srcdoc="{html.escape(page, quote=True)}" '
        'style="width:100%;height:900px;border:1px solid #d9d9d9;background:#fff"></iframe>'
    )


def library_html(table: pd.DataFrame) -> str:
    if table.empty:
        return "<p>No change ideas match.</p>"
    rows = "".join(
        f'<tr><th scope="row">{html.escape(r.idea)}</th><td>{html.escape(r.drivers)}</td>'
        f"<td>{html.escape(r.work_stream)}</td><td>{html.escape(r.team)}</td>"
        f"<td>{r.cycles}</td><td>{html.escape(r.latest_decision)}</td>"
        f"<td>{html.escape(r.learned)}</td></tr>"
        for r in table.itertuples()
    )
    return (
        '<table class="qikit-table"><thead><tr><th scope="col">Change idea</th>'
        '<th scope="col">Drivers</th><th scope="col">Work stream</th><th scope="col">Team</th>'
        '<th scope="col">Cycles</th><th scope="col">Latest decision</th>'
        f'<th scope="col">What they learned</th></tr></thead><tbody>{rows}</tbody></table>'
    )


class StoryboardApp(widgets.VBox):
    """Choose a team, preview its storyboard, download it; export, import and search ideas."""

    def __init__(
        self, workspace: Workspace | None = None, examples: Workspace | None = None
    ) -> None:
        wait_for_the_page()
        self.workspace = workspace if workspace is not None else open_workspace()
        self.examples = examples or open_workspace(tempfile.mkdtemp(prefix="qikit-examples-"))
        self.example_projects: dict[str, str] = {}
        self.errors = ErrorPanel()
        self.worked_errors = ErrorPanel()
        self.library_errors = ErrorPanel()
        self.board: sb.Storyboard | None = None
        # On a shared workspace: this team's projects and those shared with the collaborative.
        self.seen = viewer(self.workspace)
        start = starting_project(self.workspace, self.seen)
        named = start is not None and page_query().get("project") == start.id
        if start is not None and not (named or self._has_work(start.id)):
            start = None  # the project worked on last has nothing to show yet
        options = self.team_options(start.id if named else None)
        chosen = (OWN, start.id) if start is not None else options[0][1]
        self.team = widgets.Dropdown(
            options=options,
            value=chosen if chosen in [v for _, v in options] else options[0][1],
            description="Team",
            style=STYLE,
        )
        self.team.add_class("qikit-team")
        self.worked_button = widgets.Button(
            description="Load the worked example team",
            tooltip="Add the Iris Ward violence reduction team (synthetic data) to your workspace "
            "and open its storyboard",
            layout=widgets.Layout(width="auto"),
        )
        self.worked_button.add_class("qikit-worked-team")
        self.worked_status = widgets.HTML()
        self.share = widgets.Checkbox(
            value=False,
            description="Share this storyboard and its change ideas with the collaborative",
            indent=False,
            layout=widgets.Layout(width="auto", display="none"),
        )
        self.share.add_class("qikit-share")
        self.whose = widgets.HTML()
        self.measure_notes = widgets.HTML()
        self.paper = widgets.ToggleButtons(
            options=["A4", "A3"], description="Paper", style={"description_width": "10em"}
        )
        self.view = ChartView(_blank())
        self.preview = widgets.HTML()
        self.make_page = widgets.Button(
            description="Show the storyboard",
            button_style="primary",
            tooltip="Lay out the storyboard page and preview it here",
            layout=widgets.Layout(width="auto"),
        )
        self.download_page = DownloadButton(
            "Download the storyboard as a web page (opens with no internet)",
            "storyboard.html",
            lambda: self.page().encode("utf-8"),
        )
        self.download_pdf = DownloadButton(
            "Download the storyboard to print", "storyboard.pdf", lambda: self.picture("pdf")
        )
        self.download_png = DownloadButton(
            "Download the storyboard as a picture for slides",
            "storyboard.png",
            lambda: self.picture("png"),
        )
        self.package_button = DownloadButton(
            "Download the change package",
            "change_package.json",
            lambda: self.package_text().encode("utf-8"),
        )
        self.upload = widgets.FileUpload(
            accept=".json", multiple=False, description="Import a change package"
        )
        self.upload.layout.width = "auto"
        self.upload.add_class("qikit-import-package")
        #: What went wrong with an imported change package, said right under its button.
        self.import_errors = ErrorPanel()
        self.import_status = widgets.HTML()
        self.search = widgets.Text(
            description="Search ideas", placeholder="words such as huddle", style=STYLE,
            continuous_update=False,
        )  # fmt: skip
        self.stream = widgets.Dropdown(options=[ALL], description="Work stream", style=STYLE)
        self.driver = widgets.Text(
            description="Driver", placeholder="words in a driver", style=STYLE,
            continuous_update=False,
        )  # fmt: skip
        self.library = widgets.HTML()
        guard = guarded(self.errors)
        library_guard = guarded(self.library_errors)
        guard(self.show)()
        library_guard(self.show_library)()

        self._quiet = False
        self.team.observe(guard(lambda _: None if self._quiet else self.show()), names="value")
        self.worked_button.on_click(guarded(self.worked_errors)(lambda _: self.load_worked()))
        self.paper.observe(guard(lambda _: self._paper_changed()), names="value")
        self.share.observe(guard(self._shared), names="value")
        self.make_page.on_click(guard(lambda _: self.show_page()))
        self.upload.observe(guarded(self.import_errors)(self._imported), names="value")
        for control in (self.search, self.stream, self.driver):
            control.observe(library_guard(lambda _: self.show_library()), names="value")
        super().__init__(
            [
                widgets.HTML("<h2>Your storyboard</h2>"),
                self.team,
                self.worked_button,
                self.worked_errors,
                self.worked_status,
                self.share,
                self.paper,
                self.errors,
                self.whose,
                self.view,
                self.measure_notes,
                self.make_page,
                DownloadRow(
                    "Take it away:", [self.download_page, self.download_pdf, self.download_png]
                ),
                self.preview,
                widgets.HTML("<h2>Share learning with another trust</h2>"),
                DownloadRow("Share it:", [self.package_button]),
                self.upload,
                self.import_errors,
                self.import_status,
                widgets.HTML("<h2>The shared library of change ideas</h2>"),
                self.search,
                self.stream,
                self.driver,
                self.library_errors,
                self.library,
            ]
        )

    def _team_of(self, project) -> str:
        return next((t.name for t in self.workspace.teams() if t.id == project.team_id), "")

    def _has_work(self, project_id: str) -> bool:
        """A project with an aim, a driver diagram or measures has something to show."""
        return bool(
            self.workspace.records(project_id, "aim")
            or self.workspace.records(project_id, "driver_diagram")
            or self.workspace.measures(project_id)
        )

    def _offer_sharing(self, kind: str, project_id: str) -> None:
        """On a shared workspace, the team's own project can be shared with the collaborative."""
        project = self.workspace.project(project_id) if kind == OWN else None
        offer = self.seen.shared and project is not None and self.seen.edits(project)
        self.share.layout.display = None if offer else "none"
        self._quiet_share = True
        try:
            self.share.value = bool(project and project.shared)
        finally:
            self._quiet_share = False

    def _shared(self, change: dict) -> None:
        kind, project_id = self.team.value
        if getattr(self, "_quiet_share", False) or kind != OWN:
            return
        if not self.seen.edits(self.workspace.project(project_id)):
            raise DataError("Only the team's own storyboard can be shared by the team.")
        self.workspace.share_project(project_id, change["new"])
        self.show_library()

    def team_options(self, wanted: str | None = None) -> list[tuple[str, tuple[str, str]]]:
        """The workspace's teams with work to show (and the one the page address names), then
        the example wards."""
        options = [
            (f"{self._team_of(p)}: {p.name}", (OWN, p.id))
            for p in self.seen.visible(self.workspace.projects())
            if p.id == wanted or self._has_work(p.id)
        ]
        options += [
            (f"Example: {teams.team_name(w)}", (EXAMPLE, w["ward_id"]))
            for _, w in tables()["wards"].iterrows()
        ]
        return options

    def load_worked(self) -> str:
        """Load the worked example team (once) and open its storyboard; return its project id."""
        project = worked_team.load_worked_team(self.workspace)
        if self.seen.shared and not project.shared:  # the demonstration is every team's
            project = self.workspace.share_project(project.id)
        options = self.team_options(project.id)
        self._quiet = True  # one storyboard drawn, not one per step of changing the list
        try:
            if list(self.team.options) != options:
                self.team.options = options
            self.team.value = (OWN, project.id)
        finally:
            self._quiet = False
        self.show()
        self.worked_status.value = (
            '<p class="qikit-note" role="status">Opened the worked example team: '
            f"{html.escape(worked_team.TEAM)}. Its aim, measures, 40 weeks of data and PDSA "
            "cycles are in your workspace, so the other workbooks show them too. Its data are "
            "synthetic (made up for teaching).</p>"
        )
        return project.id

    # ----- the storyboard ------------------------------------------------------------------
    def _source(self) -> tuple[Workspace, str, str | None]:
        """Workspace, project id and synthetic ward of the chosen team."""
        kind, key = self.team.value
        data = tables()
        if kind == EXAMPLE:
            if key not in self.example_projects:
                self.example_projects.update(teams.fill_workspace(self.examples, data, [key]))
            return self.examples, self.example_projects[key], key
        project = self.workspace.project(key)
        return self.workspace, key, teams.ward_of_team(self._team_of(project), data["wards"])

    def show(self) -> None:
        """Gather the chosen team's storyboard and draw its main measure.

        Laying out the whole page (every chart drawn as a picture) takes a few seconds, so it
        waits for the "Show the storyboard" button.
        """
        workspace, project_id, ward = self._source()
        kind, _ = self.team.value
        synthetic = kind == EXAMPLE
        self._offer_sharing(kind, project_id)
        if kind == OWN:
            worked = worked_team.is_worked_team(workspace, project_id)
            note = worked_team.SYNTHETIC_NOTE if worked else sb.content.OWN_NOTE
            board = sb.from_workspace(workspace, project_id, note=note)
            board.measures, board.waiting = sb.team_panels(
                workspace, project_id, label=WORKED_LABEL if worked else OWN_DATA
            )
            synthetic = worked
            if not board.measures and ward is not None:
                # A synthetic ward's team put in this workspace earlier: its weeks are in the
                # synthetic data, not the workspace.
                synthetic, board.waiting = True, []
        else:
            board = sb.from_workspace(workspace, project_id)
        if synthetic and not board.measures and ward is not None:
            data = tables()
            board.measures = sb.ward_panels(data["weekly"], data["changes"], ward, board.cycles)
            board.note = sb.content.SYNTHETIC_NOTE
        self.board = board
        self.ward = ward
        self.whose.value = whose_html(board, synthetic)
        self.measure_notes.value = waiting_html(board.waiting)
        if board.measures:
            self.view.update(_chart_of(board.measures[0].spec))
        else:
            self.view.update(_blank("No measures charted for this team yet."))
        self.preview.value = ""
        self._name_files()

    def _name_files(self) -> None:
        """Name the files after the team and the paper; a size shown was the last board's."""
        name = file_name(self.board.team) if self.board else "storyboard"
        paper = self.paper.value
        self.download_page.filename = f"{name}_storyboard.html"
        self.download_pdf.filename = f"{name}_storyboard_{paper}.pdf"
        self.download_png.filename = f"{name}_storyboard_{paper}.png"
        self.package_button.filename = f"{name}_change_package.json"
        for button in (self.download_page, self.download_pdf, self.download_png):
            button.withdraw()
            button.available = self.board is not None
        self.package_button.withdraw()

    def _paper_changed(self) -> None:
        self._name_files()
        if self.preview.value:
            self.show_page()

    def show_page(self) -> None:
        if self.board is None:
            return
        self.preview.value = preview_frame(self.page())

    def page(self) -> str:
        """The storyboard as one web page that opens with no internet."""
        if self.board is None:
            raise DataError("Choose a team with an aim first: the storyboard starts from it.")
        return sb.storyboard_html(self.board, self.paper.value)

    def picture(self, kind: str) -> bytes:
        """The poster as PDF or PNG (made when its download button is clicked)."""
        if self.board is None:
            raise DataError("Choose a team with an aim first: the storyboard starts from it.")
        paper = self.paper.value
        if kind == "pdf":
            content = sb.poster_pdf(self.board, paper)
        else:
            content = sb.poster_png(self.board, paper)
        return content

    # ----- sharing -------------------------------------------------------------------------
    def export_package(self) -> dict:
        workspace, project_id, ward = self._source()
        results = None
        if ward is not None:
            from qikit.collaborative.signals import chart_all

            data = tables()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                charts = chart_all(
                    data["weekly"], data["changes"][data["changes"]["ward_id"] == ward]
                )
            results = signal_table(charts)
        package = sharing.export_change_package(workspace, project_id, results)
        return package

    def package_text(self) -> str:
        """The change package as the JSON file its download button saves."""
        return json.dumps(self.export_package(), ensure_ascii=False, indent=1)

    def _imported(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        package = sharing.read_change_package(bytes(upload["content"]))
        project_id = sharing.import_change_package(self.workspace, package)
        if self.seen.shared:  # another trust's package is shared learning: every team sees it
            self.workspace.share_project(project_id)
        self.import_status.value = (
            f"<p class='qikit-note'>Added the change ideas from {html.escape(package['team'])} "
            "to your workspace's shared library.</p>"
        )
        self.show_library()

    def library_table(self) -> pd.DataFrame:
        """The shared library: this workspace's ideas and the example teams' ideas."""
        example_ids = set(self.example_projects.values())
        own = sharing.library(self.workspace, self.seen)
        shown = [own]
        if example_ids:
            examples = sharing.library(self.examples)
            shown.append(examples)
        table = pd.concat(shown, ignore_index=True).drop_duplicates(["idea", "team"])
        streams = [ALL] + sorted(s for s in table["work_stream"].unique() if s)
        if list(self.stream.options) != streams:
            keep = self.stream.value if self.stream.value in streams else ALL
            self.stream.options = streams
            self.stream.value = keep
        return table

    def show_library(self) -> None:
        table = self.library_table()
        found = sharing.search(table, self.search.value, self.stream.value, self.driver.value)
        self.library.value = library_html(found)


def whose_html(board: sb.Storyboard, synthetic: bool) -> str:
    """Whose data the storyboard's charts show, said above the chart."""
    if not board.measures and not board.waiting:
        return ""
    if synthetic:
        words = "Synthetic data (made up for teaching), not a real ward's."
    else:
        words = (
            f"<strong>{html.escape(OWN_DATA)}</strong>: the measures your team planned and the "
            "weeks it entered."
        )
    count = len(board.measures)
    charted = f"{count} measure{'s' if count != 1 else ''} charted"
    return (
        f'<p class="qikit-note">{words} {charted}; the first is shown here, all of them on the '
        "storyboard.</p>"
    )


def waiting_html(sentences: list[str]) -> str:
    """The planned measures that cannot be charted yet, one sentence each."""
    if not sentences:
        return ""
    items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
    return f'<div class="qikit-note"><p>Not charted yet:</p><ul>{items}</ul></div>'


def _blank(message: str = ""):
    import altair as alt

    return (
        alt.Chart(pd.DataFrame({"message": [message or " "]}))
        .mark_text(fontSize=14)
        .encode(text="message:N")
        .properties(width=520, height=60, description=message or "No chart")
    )


def _chart_of(spec: dict):
    import altair as alt

    return alt.Chart.from_dict(spec) if "layer" not in spec else alt.LayerChart.from_dict(spec)


def app() -> StoryboardApp:
    """The storyboard workbook's app."""
    return StoryboardApp()
