"""The SQLite workspace: one file on the facilitator's machine, safe against crashes.

WAL mode with full sync and one transaction per save: a crash or a killed process leaves the last
committed state intact.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from qikit.errors import DataError
from qikit.improve.observations import Observation
from qikit.store.kinds import KINDS, check_kind, kind_of, label_for
from qikit.store.schema import SCHEMA_VERSION, current_version, upgrade
from qikit.store.workspace import NO_PROJECT_OPEN, Project, Record, Workspace, now


def new_id() -> str:
    return uuid.uuid4().hex


class SQLiteWorkspace(Workspace):
    """A workspace kept in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout = 5000")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")
        self._db.execute("PRAGMA foreign_keys = ON")
        found = current_version(self._db)
        if found > SCHEMA_VERSION:
            self._db.close()
            raise DataError(
                f"The workspace '{self.path}' was made by a newer qikit (schema version {found}; "
                f"this qikit knows up to {SCHEMA_VERSION}). Update qikit to open it."
            )
        self.upgraded = upgrade(self._db)

    @property
    def schema_version(self) -> int:
        with self._lock:
            return current_version(self._db)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ----- items -----------------------------------------------------------------------------
    def _write(self, db: sqlite3.Connection, project_id: str, item: Any, item_id: str) -> None:
        table, _ = KINDS[kind_of(item)]
        stamp = now()
        self._write_plan_measures(db, project_id, item, item_id, stamp)
        data = json.dumps(item.to_dict(), ensure_ascii=False)
        db.execute(
            f"INSERT INTO {table} (id, project_id, data, updated_at, name, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "data = excluded.data, updated_at = excluded.updated_at, name = excluded.name",
            (item_id, project_id, data, stamp, label_for(item), stamp),
        )
        db.execute("UPDATE projects SET updated_at = ? WHERE id = ?", (stamp, project_id))

    def save(self, project_id: str, item: Any, item_id: str | None = None) -> str:
        kind_of(item)
        if not project_id:
            raise DataError(NO_PROJECT_OPEN)
        item_id = item_id or new_id()
        with self._transaction() as db:
            row = db.execute("SELECT 1 FROM projects WHERE id = ?", (project_id,)).fetchone()
            if row is None:
                raise DataError(
                    f"There is no project with the id '{project_id}' in this workspace."
                )
            self._write(db, project_id, item, item_id)
        return item_id

    def load(self, kind: str, item_id: str) -> Any:
        table, model = KINDS[check_kind(kind)]
        with self._lock:
            row = self._db.execute(f"SELECT data FROM {table} WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise DataError(f"There is no saved {kind.replace('_', ' ')} with the id '{item_id}'.")
        return model.from_dict(json.loads(row[0]))

    def records(self, project_id: str, kind: str | None = None) -> list[Record]:
        kinds = [check_kind(kind)] if kind else list(KINDS)
        found: list[Record] = []
        with self._lock:
            for k in kinds:
                table, model = KINDS[k]
                rows = self._db.execute(
                    f"SELECT id, name, updated_at, data FROM {table} WHERE project_id = ? "
                    "ORDER BY created_at, rowid",
                    (project_id,),
                )
                found.extend(
                    Record(i, k, project_id, n, u, model.from_dict(json.loads(d)))
                    for i, n, u, d in rows
                )
        return found

    def delete(self, kind: str, item_id: str) -> None:
        table, _ = KINDS[check_kind(kind)]
        with self._transaction() as db:
            self._retire(db, kind, item_id)
            db.execute(f"DELETE FROM {table} WHERE id = ?", (item_id,))

    def _import(
        self,
        team_id: str,
        name: str,
        items: list[tuple[str, Any]],
        observations: dict[str, list[Observation]] | None = None,
    ) -> Project:
        project = Project(new_id(), team_id, name, now())
        with self._transaction() as db:
            self._insert_project(db, project)
            for _kind, item in items:
                self._write(db, project.id, item, new_id())
            self._import_observations(db, observations, project.updated_at)
        return project
