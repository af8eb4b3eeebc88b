"""The team step of a shared workspace: start a new team (and write down its join code) or join
your team with its code. A facilitator's code opens a list of every team.

Used by :class:`qikit.apps.plan_common.ProjectBar` only on a shared workspace; on a personal
workspace nobody is asked for a code.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import traitlets

from qikit.apps.common import ErrorPanel, guarded
from qikit.apps.page_address import PageAddress
from qikit.apps.team_access import Viewer, hub_team, is_facilitator_code, viewer
from qikit.errors import DataError
from qikit.improve.library import work_streams
from qikit.store import Team, Workspace
from qikit.store.team_rows import normal_code

STYLE = {"description_width": "10em"}


class TeamChooser(widgets.VBox):
    """Which team this page belongs to. ``team_id`` changes when a team is started or joined."""

    team_id = traitlets.Unicode("")

    def __init__(self, workspace: Workspace, errors: ErrorPanel, code: str | None = None) -> None:
        self.workspace = workspace
        self.errors = errors
        self.viewer: Viewer = viewer(workspace, code)
        self.code = ""  # what the page address carries as ?team=
        act = guarded(errors)
        self.address = PageAddress()
        self.name = widgets.Text(
            description="Team name",
            placeholder="for example Cedar Ward falls team",
            style=STYLE,
            layout=widgets.Layout(width="60%"),
        )
        self.trust = widgets.Text(
            description="Trust",
            placeholder="if you like: for example Northshire NHS Foundation Trust",
            style=STYLE,
            layout=widgets.Layout(width="60%"),
        )
        self.work_stream = widgets.Dropdown(
            description="Work stream",
            options=[("Not chosen yet", "")]
            + [(name, key) for key, name in work_streams().items()],
            value="",
            style=STYLE,
            layout=widgets.Layout(width="60%"),
        )
        self.new_button = widgets.Button(
            description="Start a new team",
            tooltip="Make a new team on this server and show its join code",
            layout=widgets.Layout(width="auto"),
        )
        self.join_code = widgets.Text(
            description="Join code",
            placeholder="6 letters and digits",
            style=STYLE,
            layout=widgets.Layout(width="60%"),
        )
        self.join_button = widgets.Button(
            description="Join your team",
            button_style="primary",
            tooltip="Open your team's work with the join code it was given",
            layout=widgets.Layout(width="auto"),
        )
        self.change_button = widgets.Button(
            description="Change team",
            tooltip="Start or join another team on this page",
            layout=widgets.Layout(width="auto"),
        )
        self.every_team = widgets.Dropdown(
            description="Team", style=STYLE, layout=widgets.Layout(width="60%")
        )
        self.every_team.add_class("qikit-every-team")
        self.note = widgets.HTML()
        self.note.add_class("qikit-team-note")
        self.ask = widgets.VBox(
            [
                widgets.HTML(
                    "<h3>Your team</h3><p>Several teams share this server. If your team is "
                    "new, give it a name and press <em>Start a new team</em>: you will be given "
                    "a join code to write down. Your trust and work stream help the facilitator "
                    "group the teams. If your team has a code already, type it and press "
                    "<em>Join your team</em>.</p>"
                ),
                self.name,
                self.trust,
                widgets.HBox([self.work_stream, self.new_button]),
                widgets.HBox([self.join_code, self.join_button]),
            ]
        )
        self.new_button.on_click(act(lambda _: self.start_team(self.name.value)))
        self.join_button.on_click(act(lambda _: self.join(self.join_code.value)))
        self.change_button.on_click(act(lambda _: self.leave()))
        self.every_team.observe(act(self._facilitator_picked), names="value")
        self.address.observe(act(self._remembered), names="remembered")
        super().__init__([self.address, self.ask, self.every_team, self.note, self.change_button])
        self.add_class("qikit-team-chooser")
        if self.viewer.facilitator:
            self.code = normal_code(code if code is not None else _query_team())
        elif self.viewer.team is not None:
            self.code = self.viewer.team.join_code if not self.viewer.team.hub_key else ""
            self.team_id = self.viewer.team.id
        self._show()

    # ----- what the delegate does ------------------------------------------------------------
    def start_team(
        self, name: str, trust: str | None = None, work_stream: str | None = None
    ) -> Team:
        """Make a new team with its trust and work stream (by default what the boxes hold);
        refuse a name another team has (join it with its code instead)."""
        name = name.strip()
        trust = (self.trust.value if trust is None else trust).strip()
        work_stream = self.work_stream.value if work_stream is None else work_stream
        if not name:
            raise DataError("Type your team's name, then press 'Start a new team'.")
        if any(t.name.casefold() == name.casefold() for t in self.workspace.teams()):
            raise DataError(
                f"A team called '{name}' is already on this server. If it is your team, type "
                "its join code under 'Join your team' (your team or the facilitator has it). "
                "If it is not, choose another name."
            )
        team = self.workspace.create_team(name, trust=trust, work_stream=work_stream or "")
        self._use(Viewer(team=team), team.join_code)
        return team

    def join(self, code: str) -> Team | None:
        """Open the team with this join code (or, with the facilitator's code, every team)."""
        if not normal_code(code):
            raise DataError("Type your team's join code (6 letters and digits), then press "
                            "'Join your team'.")  # fmt: skip
        if is_facilitator_code(code):
            self._use(Viewer(facilitator=True), normal_code(code))
            return None
        team = self.workspace.team_by_code(code)
        if team is None:
            raise DataError(
                f"No team on this server has the join code '{normal_code(code)}'. Check it with "
                "your team or the facilitator; codes have no letter O, I or L and no 0 or 1."
            )
        self._use(Viewer(team=team), team.join_code)
        return team

    def leave(self) -> None:
        """Forget the team on this page and in this browser; ask again."""
        hub = hub_team(self.workspace)
        self.viewer = Viewer(team=hub)
        self.code = ""
        self.address.query = {"team": "", "project": ""}
        self.team_id = hub.id if hub else ""
        self._show()

    # ----- inside ----------------------------------------------------------------------------
    def _use(self, seen: Viewer, code: str) -> None:
        self.errors.clear()
        self.viewer = seen
        self.code = code
        self.name.value = self.join_code.value = self.trust.value = ""
        self.work_stream.value = ""
        self.address.query = {"team": code, "project": ""}
        if seen.facilitator:
            self._fill_every_team()
        self.team_id = seen.team.id if seen.team else self.every_team.value or ""
        self._show()

    def _remembered(self, change: dict) -> None:
        """The browser kept a team's code from an earlier page: open that team if none is."""
        if self.team_id or self.viewer.facilitator or not change["new"]:
            return
        code = change["new"]
        if is_facilitator_code(code) or self.workspace.team_by_code(code) is not None:
            self.join(code)

    def _fill_every_team(self) -> None:
        options = [(f"{t.name} (join code {t.join_code})", t.id) for t in self.workspace.teams()]
        self.every_team.options = options

    def _facilitator_picked(self, change: dict) -> None:
        if self.viewer.facilitator and change["new"]:
            self.team_id = change["new"]
            self._show()

    def team(self) -> Team | None:
        if not self.team_id:
            return None
        try:
            return self.workspace.team(self.team_id)
        except DataError:
            return None

    def _show(self) -> None:
        team = self.team()
        chosen = team is not None or self.viewer.facilitator
        self.ask.layout.display = "none" if chosen else None
        self.every_team.layout.display = None if self.viewer.facilitator else "none"
        self.change_button.layout.display = "none" if not chosen or _hub_only(team) else None
        if self.viewer.facilitator:
            if not self.every_team.options:
                self._fill_every_team()
            self.note.value = (
                '<p class="qikit-note" role="status"><strong>Facilitator:</strong> you can open '
                "every team's work. Choose the team above.</p>"
            )
        elif team is not None and team.hub_key:
            self.note.value = (
                f'<p class="qikit-note" role="status">Team <strong>{html.escape(team.name)}'
                "</strong> (from your hub account).</p>"
            )
        elif team is not None:
            self.note.value = (
                f'<p class="qikit-note" role="status">Team <strong>{html.escape(team.name)}'
                f'</strong>. Join code: <strong class="qikit-join-code">{team.join_code}'
                "</strong>. Write it down: your team types it to open this work on another "
                "computer.</p>"
            )
        else:
            self.note.value = ""


def _hub_only(team: Team | None) -> bool:
    return team is not None and bool(team.hub_key)


def _query_team() -> str:
    from qikit.apps.plan_common import page_query

    return page_query().get("team", "")
