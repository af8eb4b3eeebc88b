"""The team workspace: aims, driver diagrams, PDSA cycles, ramps and measurement plans, kept safe.

``open_workspace()`` opens ``~/qikit-workspace/workspace.db`` (or the folder named by the
QIKIT_WORKSPACE environment variable). Storage sits behind the :class:`Workspace` interface so a
shared database server can be added later.
"""

from qikit.store.autosave import AutoSaver, SavedItem
from qikit.store.export import (
    measurement_plan_csv,
    measurement_plan_html,
    measurement_plan_markdown,
    pdsa_log_csv,
    pdsa_log_html,
    pdsa_log_markdown,
    safe_cell,
)
from qikit.store.kinds import KINDS
from qikit.store.location import default_folder, open_workspace
from qikit.store.schema import SCHEMA_VERSION
from qikit.store.sqlite import SQLiteWorkspace
from qikit.store.workspace import Project, Record, Team, Workspace

__all__ = [
    "KINDS",
    "SCHEMA_VERSION",
    "AutoSaver",
    "Project",
    "Record",
    "SQLiteWorkspace",
    "SavedItem",
    "Team",
    "Workspace",
    "default_folder",
    "measurement_plan_csv",
    "measurement_plan_html",
    "measurement_plan_markdown",
    "open_workspace",
    "pdsa_log_csv",
    "pdsa_log_html",
    "pdsa_log_markdown",
    "safe_cell",
]
