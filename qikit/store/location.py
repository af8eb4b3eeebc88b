"""Where the workspace lives: ``~/qikit-workspace/workspace.db`` unless QIKIT_WORKSPACE says."""

from __future__ import annotations

import os
from pathlib import Path

from qikit.store.sqlite import SQLiteWorkspace
from qikit.store.workspace import Workspace

ENVIRONMENT_VARIABLE = "QIKIT_WORKSPACE"
FILE_NAME = "workspace.db"
DATABASE_VARIABLE = "QIKIT_DATABASE_URL"


def default_folder() -> Path:
    """The workspace folder: $QIKIT_WORKSPACE if set, otherwise ~/qikit-workspace."""
    chosen = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    return Path(chosen).expanduser() if chosen else Path.home() / "qikit-workspace"


def open_workspace(location: str | Path | None = None) -> Workspace:
    """Open (creating if needed) a workspace.

    ``location`` may be a folder, a ``.db`` file, a database URL (``postgresql://...``), or
    nothing: then $QIKIT_DATABASE_URL if set, otherwise the default folder.
    """
    if location is None:
        location = os.environ.get(DATABASE_VARIABLE, "").strip() or None
    if location is None:
        return SQLiteWorkspace(default_folder() / FILE_NAME)
    text = str(location)
    if "://" in text:
        from qikit.store.postgres import open_database

        return open_database(text)
    path = Path(text).expanduser()
    if path.suffix.lower() in (".db", ".sqlite", ".sqlite3"):
        return SQLiteWorkspace(path)
    return SQLiteWorkspace(path / FILE_NAME)
