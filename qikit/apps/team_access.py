"""Who is looking: teams kept apart on a shared workspace.

On a personal workspace (one learner at home) everyone sees everything and nothing here asks for
a code. On a shared workspace (a database server, or ``qikit serve --room``) a page belongs to
one team, named by the join code in its address (``?team=K7MPQ3``), remembered by the browser,
or given by JupyterHub (the hub user, or the group a hub administrator names in ``QIKIT_TEAM``).
A team sees and edits only its own projects, plus projects another team shared with the
collaborative on purpose (seen, never edited). A facilitator (the code given to ``qikit serve
--facilitator-code``, or a hub user named in ``QIKIT_FACILITATORS``) sees every team.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterable
from dataclasses import dataclass

from qikit.store import Project, Team, Workspace
from qikit.store.team_rows import normal_code

#: The facilitator's code (set by ``qikit serve --facilitator-code``).
FACILITATOR_CODE_ENV = "QIKIT_FACILITATOR_CODE"
#: Under JupyterHub: hub users (comma-separated) who are facilitators.
FACILITATORS_ENV = "QIKIT_FACILITATORS"
#: Under JupyterHub: the team (a hub group) the spawner gives this user; else the user's own.
HUB_TEAM_ENV = "QIKIT_TEAM"


@dataclass(frozen=True)
class Viewer:
    """The team a page belongs to, and whether it sees every team."""

    team: Team | None = None
    facilitator: bool = False
    shared: bool = True

    def edits(self, project: Project) -> bool:
        """Whether this page may open and change the project."""
        if not self.shared or self.facilitator:
            return True
        return self.team is not None and project.team_id == self.team.id

    def sees(self, project: Project) -> bool:
        """Whether the project appears in this page's lists (its own, or shared on purpose)."""
        return self.edits(project) or (self.shared and project.shared)

    def visible(self, projects: Iterable[Project]) -> list[Project]:
        return [p for p in projects if self.sees(p)]


EVERYONE = Viewer(shared=False)


def is_facilitator_code(code: str) -> bool:
    """Whether ``code`` is the facilitator's code (compared in constant time)."""
    wanted = normal_code(os.environ.get(FACILITATOR_CODE_ENV, ""))
    typed = normal_code(code)
    return bool(wanted and typed) and hmac.compare_digest(wanted, typed)


def hub_user() -> str:
    return os.environ.get("JUPYTERHUB_USER", "").strip()


def hub_facilitator() -> bool:
    user = hub_user()
    names = {n.strip() for n in os.environ.get(FACILITATORS_ENV, "").split(",")}
    return bool(user) and user in names


def hub_team(workspace: Workspace) -> Team | None:
    """Under JupyterHub, the team of this hub user (or of the group named in ``QIKIT_TEAM``),
    made the first time it is needed; None when not run under a hub."""
    user = hub_user()
    if not user:
        return None
    group = os.environ.get(HUB_TEAM_ENV, "").strip()
    key = f"group:{group}" if group else f"user:{user}"
    found = workspace.team_for_hub(key)
    if found is None:
        try:
            found = workspace.create_team(group or user, hub_key=key)
        except Exception:  # another page made it at the same moment
            found = workspace.team_for_hub(key)
    return found


def viewer(workspace: Workspace, code: str | None = None) -> Viewer:
    """Who is looking at this page: ``code`` (else the page address's ``?team=``), else the hub
    user's team; everyone on a personal workspace."""
    from qikit.apps.plan_common import page_query, shared_workspace

    if not shared_workspace():
        return EVERYONE
    if code is None:
        code = page_query().get("team", "")
    if hub_facilitator() or is_facilitator_code(code):
        return Viewer(facilitator=True)
    team = workspace.team_by_code(code) if code else None
    return Viewer(team=team or hub_team(workspace))
