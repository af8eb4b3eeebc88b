"""The workspace database layout and its numbered upgrade steps.

A workspace made by an older qikit is upgraded step by step when it is opened; each step runs in
the same transaction as the version number it records, so an interrupted upgrade leaves the
database at the previous version.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

ITEM_COLUMNS = """
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
"""


def _step_1(db: sqlite3.Connection) -> None:
    """Teams, projects, aims, driver diagrams and PDSA cycles."""
    db.execute(
        "CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL, updated_at TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE projects (id TEXT PRIMARY KEY, "
        "team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE, "
        "name TEXT NOT NULL, updated_at TEXT NOT NULL)"
    )
    for table in ("aims", "driver_diagrams", "pdsas"):
        db.execute(f"CREATE TABLE {table} ({ITEM_COLUMNS})")


def _step_2(db: sqlite3.Connection) -> None:
    """Ramps of linked cycles and measurement plans."""
    for table in ("ramps", "measurement_plans"):
        db.execute(f"CREATE TABLE {table} ({ITEM_COLUMNS})")


def _step_3(db: sqlite3.Connection) -> None:
    """A name and a creation time for every saved item, and an index by project."""
    from qikit.store.kinds import KINDS, label_for

    for _kind, (table, model) in KINDS.items():
        db.execute(f"ALTER TABLE {table} ADD COLUMN name TEXT NOT NULL DEFAULT ''")
        db.execute(f"ALTER TABLE {table} ADD COLUMN created_at TEXT NOT NULL DEFAULT ''")
        db.execute(f"UPDATE {table} SET created_at = updated_at")
        db.execute(f"CREATE INDEX {table}_by_project ON {table}(project_id)")
        rows = db.execute(f"SELECT id, data FROM {table}").fetchall()
        for item_id, data in rows:
            try:
                name = label_for(model.from_dict(json.loads(data)))
            except ValueError:
                name = ""
            db.execute(f"UPDATE {table} SET name = ? WHERE id = ?", (name, item_id))


def _step_4(db: sqlite3.Connection) -> None:
    """Measures as rows with ids, and their weekly observations as rows (not text)."""
    from qikit.store import measure_rows
    from qikit.store.workspace import now

    measure_rows.migrate(db, "?", now())


def _step_5(db: sqlite3.Connection) -> None:
    """Teams kept apart: a join code for every team, a hub key, and projects shared on purpose."""
    from qikit.store import team_rows

    team_rows.migrate(db, "?")


def _step_6(db: sqlite3.Connection) -> None:
    """A trust and a work stream for every team, and the live poll's questions and answers."""
    from qikit.store import poll_rows

    poll_rows.migrate(db)


#: Upgrade steps: STEPS[n - 1] takes a database from version n - 1 to version n.
STEPS: list[Callable[[sqlite3.Connection], None]] = [
    _step_1,
    _step_2,
    _step_3,
    _step_4,
    _step_5,
    _step_6,
]
SCHEMA_VERSION = len(STEPS)


def current_version(db: sqlite3.Connection) -> int:
    """The schema version recorded in the database (0 for a new, empty file)."""
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def upgrade(db: sqlite3.Connection) -> list[int]:
    """Run every step the database has not had yet; return the versions applied.

    ``db`` must be in autocommit mode (``isolation_level=None``): each step runs in its own
    ``BEGIN IMMEDIATE`` transaction together with the row that records it.
    """
    applied = []
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_version "
            "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = current_version(db)
            if version >= SCHEMA_VERSION:
                db.execute("COMMIT")
                return applied
            STEPS[version](db)
            db.execute(
                "INSERT INTO schema_version (version, applied_at) "
                "VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                (version + 1,),
            )
            db.execute("COMMIT")
            applied.append(version + 1)
        except BaseException:
            db.execute("ROLLBACK")
            raise
