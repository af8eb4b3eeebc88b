"""The shared workspace on a PostgreSQL server: many delegates and teams, one store.

Set ``QIKIT_DATABASE_URL=postgresql://user:password@host:5432/qikit`` (or pass the URL to
:func:`qikit.store.open_workspace`) and every app saves to that database instead of the SQLite file.
Needs the ``postgres`` extra (``pip install qikit[postgres]``, which brings ``psycopg``).

Each save is one transaction, so a delegate whose laptop or kernel dies mid-save leaves the last
committed state in place, and many delegates can save at the same time.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from qikit.errors import DataError
from qikit.improve.observations import Observation
from qikit.store import measure_rows, poll_rows, team_rows
from qikit.store.kinds import KINDS, check_kind, kind_of, label_for
from qikit.store.schema import SCHEMA_VERSION
from qikit.store.workspace import NO_PROJECT_OPEN, Project, Record, Workspace, now

SCHEMES = ("postgresql", "postgres")

# A number both PostgreSQL servers and readers of the logs can recognise: qikit's schema lock.
SCHEMA_LOCK = 7_155_010

ITEM_COLUMNS = """
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT '',
    seq BIGSERIAL
"""


def new_id() -> str:
    return uuid.uuid4().hex


def hide_password(url: str) -> str:
    """The URL with any password replaced by ***, fit to show in a message."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


def _create_layout(db: Any) -> None:
    """The same tables as a SQLite workspace at the current schema version, in PostgreSQL's
    words."""
    db.execute(
        "CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL, updated_at TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE projects (id TEXT PRIMARY KEY, "
        "team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE, "
        "name TEXT NOT NULL, updated_at TEXT NOT NULL)"
    )
    for table, _model in KINDS.values():
        db.execute(f"CREATE TABLE {table} ({ITEM_COLUMNS})")
        db.execute(f"CREATE INDEX {table}_by_project ON {table}(project_id)")
    measure_rows.create(db)
    team_rows.migrate(db, "%s")
    poll_rows.migrate(db)


#: Upgrades of a shared database made by an older qikit: UPGRADES[n] takes version n to n + 1.
UPGRADES = {
    3: lambda db: measure_rows.migrate(db, "%s", now()),
    4: lambda db: team_rows.migrate(db, "%s"),
    5: poll_rows.migrate,
}


class PostgresWorkspace(Workspace):
    """A workspace kept in a PostgreSQL database shared by many people."""

    PLACEHOLDER = "%s"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise DataError(
                "A shared workspace on a PostgreSQL server is not available: the 'psycopg' "
                "package is not installed. Install it with: pip install 'qikit[postgres]'."
            ) from None
        self.url = url
        self._lock = threading.RLock()
        try:
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
            raise DataError(
                f"The shared workspace database '{hide_password(url)}' is not available "
                f"({reason}). Check QIKIT_DATABASE_URL and that the server is running, "
                "or unset QIKIT_DATABASE_URL to keep work in a file on this computer."
            ) from None
        try:
            self.upgraded = self._prepare()
        except BaseException:
            self._db.close()
            raise

    def _prepare(self) -> list[int]:
        """Create the tables on first use; refuse a database made by a newer qikit."""
        with self._transaction() as db:
            # Only one opener at a time creates the layout.
            db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            found = db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
            if found > SCHEMA_VERSION:
                raise DataError(
                    f"The shared workspace '{hide_password(self.url)}' was made by a newer qikit "
                    f"(schema version {found}; this qikit knows up to {SCHEMA_VERSION}). "
                    "Update qikit to open it."
                )
            if found == SCHEMA_VERSION:
                return []
            if found == 0:
                _create_layout(db)
                db.execute("INSERT INTO schema_version VALUES (%s, %s)", (SCHEMA_VERSION, now()))
                return [SCHEMA_VERSION]
            applied = []
            while found < SCHEMA_VERSION:
                if found not in UPGRADES:
                    raise DataError(
                        f"The shared workspace '{hide_password(self.url)}' has schema version "
                        f"{found}, which this qikit cannot upgrade. Ask whoever runs the server."
                    )
                UPGRADES[found](db)
                found += 1
                db.execute("INSERT INTO schema_version VALUES (%s, %s)", (found, now()))
                applied.append(found)
        return applied

    @property
    def schema_version(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._lock, self._db.transaction():
            yield self._db

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        with self._lock:
            yield self._db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ----- items -----------------------------------------------------------------------------
    def _write(self, db: Any, project_id: str, item: Any, item_id: str) -> None:
        table, _ = KINDS[kind_of(item)]
        stamp = now()
        self._write_plan_measures(db, project_id, item, item_id, stamp)
        data = json.dumps(item.to_dict(), ensure_ascii=False)
        db.execute(
            f"INSERT INTO {table} (id, project_id, data, updated_at, name, created_at) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
            "data = excluded.data, updated_at = excluded.updated_at, name = excluded.name",
            (item_id, project_id, data, stamp, label_for(item), stamp),
        )
        db.execute("UPDATE projects SET updated_at = %s WHERE id = %s", (stamp, project_id))

    def save(self, project_id: str, item: Any, item_id: str | None = None) -> str:
        kind_of(item)
        if not project_id:
            raise DataError(NO_PROJECT_OPEN)
        item_id = item_id or new_id()
        with self._transaction() as db:
            row = db.execute("SELECT 1 FROM projects WHERE id = %s", (project_id,)).fetchone()
            if row is None:
                raise DataError(
                    f"There is no project with the id '{project_id}' in this workspace."
                )
            self._write(db, project_id, item, item_id)
        return item_id

    def load(self, kind: str, item_id: str) -> Any:
        table, model = KINDS[check_kind(kind)]
        with self._lock:
            row = self._db.execute(f"SELECT data FROM {table} WHERE id = %s", (item_id,)).fetchone()
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
                    f"SELECT id, name, updated_at, data FROM {table} WHERE project_id = %s "
                    "ORDER BY created_at, seq",
                    (project_id,),
                ).fetchall()
                found.extend(
                    Record(i, k, project_id, n, u, model.from_dict(json.loads(d)))
                    for i, n, u, d in rows
                )
        return found

    def delete(self, kind: str, item_id: str) -> None:
        table, _ = KINDS[check_kind(kind)]
        with self._transaction() as db:
            self._retire(db, kind, item_id)
            db.execute(f"DELETE FROM {table} WHERE id = %s", (item_id,))

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


def open_database(url: str) -> Workspace:
    """Open a workspace named by a database URL (``postgresql://...``)."""
    scheme = url.split("://", 1)[0].lower()
    if scheme.split("+", 1)[0] not in SCHEMES:
        raise DataError(
            f"Workspaces on a '{scheme}://' database are not available; qikit can use a "
            "PostgreSQL server (postgresql://user:password@host:5432/database) or a folder."
        )
    if "+" in scheme:  # SQLAlchemy-style names such as postgresql+psycopg://
        url = "postgresql://" + url.split("://", 1)[1]
    return PostgresWorkspace(url)
