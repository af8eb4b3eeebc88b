"""Pieces shared by the planning apps: feedback lists, the coaching panel, the project bar
that connects an app to the team workspace, and download links for exports."""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets as widgets
import traitlets

from qikit.apps.common import ErrorPanel, guarded
from qikit.apps.download import DownloadButton
from qikit.apps.field_note import FieldError, FieldForm
from qikit.apps.team_access import Viewer, viewer
from qikit.apps.team_chooser import TeamChooser
from qikit.errors import DataError
from qikit.improve import ROLES, Contributor, Feedback
from qikit.store import Project, SavedItem, Team, Workspace, open_workspace

LEVEL_WORDS = {"ok": "Good", "improve": "Could be stronger", "missing": "Missing"}
# Text colours with at least 4.5:1 contrast on white; the word before each point carries the
# meaning too, so colour is never the only cue.
LEVEL_COLOURS = {"ok": "#006747", "improve": "#8a4b00", "missing": "#a00000"}
FIELD_STYLE = {"description_width": "10em"}
WIDE = widgets.Layout(width="95%")


def feedback_html(points: Iterable[Feedback], heading: str = "Feedback") -> str:
    """Coaching points as an HTML list, most urgent first."""
    order = {"missing": 0, "improve": 1, "ok": 2}
    points = sorted(points, key=lambda p: order[p.level])
    if not points:
        return ""
    items = "".join(
        f'<li><strong style="color:{LEVEL_COLOURS[p.level]}">{LEVEL_WORDS[p.level]}:</strong> '
        f"{_about(p)}{html.escape(p.message)}</li>"
        for p in points
    )
    return f'<div class="qikit-feedback"><h3>{html.escape(heading)}</h3><ul>{items}</ul></div>'


def _about(point: Feedback) -> str:
    """Name the measure a point is about (measure feedback fields read 'name: field')."""
    if ": " not in point.field:
        return ""
    return f"<em>{html.escape(point.field.split(': ', 1)[0])}</em>: "


class CoachingPanel(widgets.VBox):
    """The questions a QI coach would ask at this step, hidden until the facilitator opens them."""

    def __init__(self, questions: Iterable[str], title: str = "Questions a coach would ask"):
        items = "".join(f"<li>{html.escape(q)}</li>" for q in questions)
        self.questions = widgets.HTML(f"<ul>{items}</ul>", layout=widgets.Layout(display="none"))
        self.toggle = widgets.ToggleButton(
            value=False,
            description=title,
            tooltip="Show or hide the coaching questions",
            layout=widgets.Layout(width="auto"),
        )
        self.toggle.observe(self._show, names="value")
        super().__init__([self.toggle, self.questions])
        self.add_class("qikit-coaching")

    @property
    def is_open(self) -> bool:
        return self.toggle.value

    def _show(self, change: dict) -> None:
        self.questions.layout.display = None if change["new"] else "none"


def coaching_panel(questions: Iterable[str], title: str = "Questions a coach would ask"):
    """A closed panel the facilitator can open, with the questions a QI coach would ask."""
    return CoachingPanel(questions, title)


def project_file_name(project_name: str) -> str:
    """The file a project is exported to: its name, in letters, digits and underscores."""
    return (re.sub(r"[^A-Za-z0-9]+", "_", project_name).strip("_") or "project") + ".json"


def text_box(label: str, value: str = "", *, long: bool = False, placeholder: str = "") -> Any:
    """A labelled text box (a taller area for longer answers)."""
    kind = widgets.Textarea if long else widgets.Text
    return kind(
        value=value,
        description=label,
        placeholder=placeholder,
        style=FIELD_STYLE,
        layout=widgets.Layout(width="95%", height="4.5em" if long else None),
        continuous_update=True,
    )


def roles_picker(label: str = "Shaped by") -> widgets.SelectMultiple:
    """Pick the roles of the people who shaped this piece of work (hold Ctrl for several)."""
    return widgets.SelectMultiple(
        options=list(ROLES),
        description=label,
        style=FIELD_STYLE,
        rows=6,
        layout=widgets.Layout(width="60%"),
    )


def contributors_from_roles(roles: Iterable[str]) -> list[Contributor]:
    return [Contributor(role=r) for r in roles]


def roles_from_contributors(contributors: Iterable[Contributor]) -> tuple[str, ...]:
    return tuple(c.role for c in contributors if c.role in ROLES)


def fields_text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def page_query() -> dict[str, str]:
    """The page address's query (``?project=...``), as the browser opened it (under Voilà)."""
    from urllib.parse import parse_qs

    found = parse_qs(os.environ.get("QUERY_STRING", ""))
    return {key: values[-1] for key, values in found.items() if values}


def shared_workspace() -> bool:
    """Whether many teams share this workspace (a database server, or ``qikit serve --room``):
    then no app opens another team's project by itself."""
    return bool(os.environ.get("QIKIT_DATABASE_URL") or os.environ.get(SHARED_ENV))


#: Set by ``qikit serve --room``: many delegates share one workspace.
SHARED_ENV = "QIKIT_SHARED_WORKSPACE"


def starting_project(workspace: Workspace, seen: Viewer | None = None) -> Project | None:
    """The project an app opens with: the one named in the page address (``?project=<id>``,
    as the links between apps carry it), else the one worked on last. On a shared workspace
    only a project of the page's own team (``seen``, else from the address's ``?team=``) is
    opened, and a page without a team opens none."""
    shared = shared_workspace()
    if shared and seen is None:
        seen = viewer(workspace)
    wanted = page_query().get("project", "")
    if wanted:
        try:
            project = workspace.project(wanted)
        except DataError:
            project = None
        if project is not None and (seen is None or seen.edits(project)):
            return project
    if seen is not None and seen.shared:
        if seen.team is None:
            return None
        projects = workspace.projects(seen.team.id)
    else:
        projects = workspace.projects()
    return max(projects, key=lambda p: p.updated_at) if projects else None


def open_team_workspace(location: Any = None) -> tuple[Workspace, str]:
    """The team workspace, and "". If it cannot be opened (a folder that cannot be made, a
    database server that does not answer): a workspace that lasts as long as this page, and an
    HTML message for the app saying so and what to do, never Voilà's error page."""
    try:
        return open_workspace(location), ""
    except (OSError, sqlite3.Error, DataError) as error:
        reason = str(error).strip() or type(error).__name__
        message = (
            '<div role="alert" class="qikit-alert"><strong>Your work is not being kept.</strong> '
            f"The team workspace could not be opened ({html.escape(reason)}). You can still "
            "use this page, but what you type is kept only until the page is closed. Ask the "
            "facilitator to check the workspace folder or database.</div>"
        )
        return open_workspace(tempfile.mkdtemp(prefix="qikit-unsaved-")), message


def wait_for_the_page() -> None:
    """Under Voilà's preheated kernels, wait until someone opens the page.

    A preheated kernel runs the notebook before any request arrives; reading the workspace then
    would show the work as it was when the kernel started, not as the team last left it.
    Outside Voilà (or without preheating) this returns at once.
    """
    from qikit.apps.page_request import wait_for_request

    wait_for_request()


def page_workspace(workspace: Workspace | None = None) -> tuple[Workspace, str]:
    """What a page opens with: it waits for its page to be opened (:func:`wait_for_the_page`),
    then returns ``workspace`` (else the team workspace, :func:`open_team_workspace`) and the
    message to show when the team workspace could not be opened ("" otherwise)."""
    wait_for_the_page()
    if workspace is not None:
        return workspace, ""
    return open_team_workspace()


class ProjectBar(widgets.VBox):
    """Team and project names, and the workspace where everything typed is kept.

    ``project_id`` changes when the team opens a project; apps observe it to load saved work.
    """

    project_id = traitlets.Unicode("")

    def __init__(self, workspace: Workspace | None = None, errors: ErrorPanel | None = None):
        workspace, problem = page_workspace(workspace)
        self.errors = errors or ErrorPanel()
        self.workspace = workspace
        self.workspace_problem = widgets.HTML(problem)
        # On a shared workspace the page belongs to one team, started or joined by its code.
        self.chooser: TeamChooser | None = None
        if shared_workspace():
            self.chooser = TeamChooser(self.workspace, self.errors)
        start = starting_project(self.workspace, self.chooser.viewer if self.chooser else None)
        if self.chooser is not None and start is not None and self.chooser.viewer.facilitator:
            self.chooser.every_team.value = start.team_id
        team_name = "Our ward team"
        if start is not None:
            team_name = next(
                (t.name for t in self.workspace.teams() if t.id == start.team_id), team_name
            )
        self.team = text_box("Team", team_name)
        self.project = text_box("Project", start.name if start else "Our improvement project")
        self.open_button = widgets.Button(
            description="Open project",
            button_style="primary",
            tooltip="Open this team's project, or start it if it is new",
        )
        self.status = widgets.HTML('<p class="qikit-note">Not saved yet.</p>')
        # The page's connection script finds the save status by this class, to take back
        # "All changes saved." when the kernel or the server has gone.
        self.status.add_class("qikit-save-status")
        self._keepers: list[SavedItem] = []
        self.form = FieldForm(self.errors)
        self.form.add(self.team)
        self.form.add(self.project)
        self.form.watch(lambda _: None)  # a patient's detail is hidden as it is typed
        self.open_button.on_click(self.form.guard(lambda _: self.open_project()))
        self.export_button = DownloadButton(
            "Download the whole project", "project.json", lambda: self.export()
        )
        self.upload = widgets.FileUpload(
            accept=".json", multiple=False, description="Import a project file"
        )
        self.upload.layout.width = "auto"
        self.upload.observe(guarded(self.errors)(self._imported), names="value")
        intro = widgets.HTML(
            "<p>Everything you type is saved as you go, under this team and project. Use the "
            "same names next time to carry on where you left off.</p>"
        )
        self.project_row = widgets.HBox([self.open_button, self.export_button, self.upload])
        super().__init__(
            [
                self.workspace_problem,
                *([self.chooser] if self.chooser else []),
                intro,
                *self.form.placed(self.team, self.project),
                self.project_row,
                self.status,
            ]
        )
        if self.chooser is None:
            self.open_project()
            return
        intro.value = "<p>Everything you type is saved as you go, in your team's project.</p>"
        self.team.layout.display = "none"  # the team is started or joined above
        self.chooser.observe(guarded(self.errors)(self._team_chosen), names="team_id")
        if self.chooser.team_id or start is not None:
            self.open_project()
        self._show_project_row()

    def _team_chosen(self, _: Any = None) -> None:
        """A team was started or joined: open its latest project (or start its first)."""
        team = self.chooser.team() if self.chooser else None
        if team is None:
            self.project_id = ""
            self.status.value = ""
        else:
            projects = self.workspace.projects(team.id)
            latest = max(projects, key=lambda p: p.updated_at) if projects else None
            self.project.value = latest.name if latest else "Our improvement project"
            self.open_project()
        self._show_project_row()

    def _show_project_row(self) -> None:
        hidden = self.chooser is not None and self.chooser.team() is None
        for part in (self.project, self.project_row, self.status):
            part.layout.display = "none" if hidden else None

    def _team_for(self, name: str) -> Team:
        """The team a project is opened or imported under: on a shared workspace the page's
        own team (never one found by its name), else the team with this name (made if new)."""
        if self.chooser is not None:
            team = self.chooser.team()
            if team is None:
                raise DataError(
                    "Start a new team or join your team with its join code first (at the top "
                    "of this page); then your work is kept under your team."
                )
            return team
        if not name:
            raise FieldError(
                self.team, "'Team' is empty. Type your team's name, then press 'Open project'."
            )
        teams = [t for t in self.workspace.teams() if t.name == name]
        return teams[0] if teams else self.workspace.create_team(name)

    def open_project(self) -> str:
        """Open (or start) the project named in the boxes; return its id."""
        team = self._team_for(self.team.value.strip())
        team_name = self.team.value = team.name
        project_name = self.project.value.strip()
        if not project_name:
            raise FieldError(
                self.project,
                "'Project' is empty. Type the project's name, then press 'Open project'.",
            )
        projects = [p for p in self.workspace.projects(team.id) if p.name == project_name]
        project = projects[0] if projects else self.workspace.create_project(team.id, project_name)
        self.project_id = project.id
        if self.chooser is not None:  # a reload opens the same team and project
            self.chooser.address.query = {"team": self.chooser.code, "project": project.id}
        self.status.value = (
            f'<p class="qikit-note">Working on <strong>{html.escape(project_name)}</strong> '
            f"for {html.escape(team_name)}.</p>"
        )
        self.export_button.filename = project_file_name(project_name)
        self.export_button.withdraw()  # its size was the last project's
        return project.id

    def export(self) -> str:
        """Offer the whole project (aims, diagrams, cycles, ramps, plans) as one JSON file."""
        data = self.workspace.export_project(self.project_id)
        text = json.dumps(data, ensure_ascii=False, indent=1)
        self.export_button.filename = project_file_name(self.project.value)
        return text

    def _imported(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            data = json.loads(bytes(upload["content"]).decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError
        except (UnicodeDecodeError, ValueError):
            raise DataError(
                f"The file '{upload['name']}' is not a qikit project file (it is not JSON). "
                "Choose a file made with 'Download the whole project'."
            ) from None
        team_id = self._team_for(self.team.value.strip()).id
        taken = {p.name for p in self.workspace.projects(team_id)}
        name = fields_text(data.get("project")) or "Imported project"
        base, n = name, 2
        while name in taken:
            name = f"{base} ({n})"
            n += 1
        self.workspace.import_project(data, team_id, name=name)
        self.project.value = name
        self.open_project()
        self.status.value += (
            f'<p class="qikit-note">Imported {html.escape(upload["name"])} as '
            f"<strong>{html.escape(name)}</strong>.</p>"
        )

    def link(self, workbook: str, words: str) -> str:
        """An HTML link to another workbook that opens this same project there."""
        from urllib.parse import quote

        href = f"{quote(workbook)}?project={quote(self.project_id)}"
        if self.chooser is not None and self.chooser.code:
            href += f"&team={quote(self.chooser.code)}"
        return f'<a class="qikit-next" href="{html.escape(href)}">{html.escape(words)}</a>'

    def saving(self) -> None:
        """Something was typed and waits to be saved."""
        self.status.value = SAVING_HTML

    def saved(self, _: Any = None) -> None:
        """A save succeeded: say "All changes saved." once nothing on the page still waits."""
        if any(keeper.saver.pending for keeper in self._keepers):
            return
        self.status.value = SAVED_HTML

    def not_saved(self, error: BaseException) -> None:
        """A save failed: say so beside the work and in the error panel."""
        self.status.value = NOT_SAVED_HTML
        self.errors.show(_save_message(error))

    def latest(self, kind: str) -> tuple[str | None, Any]:
        """The most recently saved item of this kind in the open project (id, item)."""
        records = self.workspace.records(self.project_id, kind)
        if not records:
            return None, None
        newest = max(records, key=lambda r: r.updated_at)
        return newest.id, newest.item

    def keeper(
        self, get_item: Callable[[], Any], item_id: str | None, delay_ms: int = 800
    ) -> SavedItem:
        """Something that saves ``get_item()`` to this project after each quiet spell; the
        status says "Saving..." while it waits and "All changes saved." only after the workspace
        has written every keeper's changes."""
        keeper = SavedItem(
            self.workspace,
            self.project_id,
            get_item,
            item_id,
            delay_ms=delay_ms,
            on_error=self.not_saved,
            on_saved=self.saved,
            on_pending=self.saving,
        )
        # Keepers the apps have replaced are dropped once they have nothing left to save.
        self._keepers = [k for k in self._keepers if k.saver.pending] + [keeper]
        return keeper


SAVING_HTML = '<p class="qikit-note">Saving...</p>'
SAVED_HTML = '<p class="qikit-note">All changes saved.</p>'
NOT_SAVED_HTML = (
    '<p class="qikit-alert"><strong>Not saved.</strong> Your latest changes are still on this '
    "page but not yet in the workspace.</p>"
)


def _save_message(error: BaseException) -> str:
    if isinstance(error, DataError):
        return f"{error} Your typing is kept on the page; it will be saved once this is fixed."
    return (
        "Your latest changes could not be saved yet. They are still on the page; qikit will try "
        "again as you type."
    )
