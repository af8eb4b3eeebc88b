"""The team workspace: what every storage backend offers.

:class:`Workspace` holds the logic that does not depend on the database (project export and
import); a backend (SQLite today, PostgreSQL later) fills in the small set of abstract methods.
"""

from __future__ import annotations

import abc
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qikit.errors import DataError
from qikit.improve import fields
from qikit.store.kinds import KINDS, check_kind

EXPORT_FORMAT = "qikit-project"
EXPORT_VERSION = 1


def now() -> str:
    """The time now, as sortable UTC text."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    updated_at: str


@dataclass(frozen=True)
class Project:
    id: str
    team_id: str
    name: str
    updated_at: str


@dataclass(frozen=True)
class Record:
    """One saved item with its id, kind, short name and the time it was last saved."""

    id: str
    kind: str
    project_id: str
    name: str
    updated_at: str
    item: Any


class Workspace(abc.ABC):
    """Where a team keeps its aims, driver diagrams, PDSA cycles, ramps and measurement plans."""

    # ----- teams and projects --------------------------------------------------------------
    @abc.abstractmethod
    def create_team(self, name: str) -> Team: ...

    @abc.abstractmethod
    def teams(self) -> list[Team]: ...

    @abc.abstractmethod
    def create_project(self, team_id: str, name: str) -> Project: ...

    @abc.abstractmethod
    def projects(self, team_id: str | None = None) -> list[Project]: ...

    @abc.abstractmethod
    def project(self, project_id: str) -> Project: ...

    # ----- items -----------------------------------------------------------------------------
    @abc.abstractmethod
    def save(self, project_id: str, item: Any, item_id: str | None = None) -> str:
        """Save (insert or replace) one item in one transaction; return its id."""

    @abc.abstractmethod
    def load(self, kind: str, item_id: str) -> Any: ...

    @abc.abstractmethod
    def records(self, project_id: str, kind: str | None = None) -> list[Record]:
        """Saved items of a project, oldest first."""

    @abc.abstractmethod
    def delete(self, kind: str, item_id: str) -> None: ...

    @abc.abstractmethod
    def _import(self, team_id: str, name: str, items: list[tuple[str, Any]]) -> Project:
        """Create a project and all its items in one transaction."""

    def close(self) -> None:  # noqa: B027 - backends without resources need not override
        """Release the connection."""

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- whole-project export and import ---------------------------------------------------
    def export_project(self, project_id: str) -> dict[str, Any]:
        """The whole project as one JSON-safe dictionary."""
        project = self.project(project_id)
        team = next((t for t in self.teams() if t.id == project.team_id), None)
        items: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
        for record in self.records(project_id):
            items[record.kind].append(
                {
                    "id": record.id,
                    "name": record.name,
                    "updated_at": record.updated_at,
                    "data": record.item.to_dict(),
                }
            )
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": now(),
            "team": team.name if team else "",
            "project": project.name,
            "items": items,
        }

    def import_project(
        self, data: Any, team_id: str | None = None, name: str | None = None
    ) -> Project:
        """Add an exported project (as a new project with new ids) to this workspace.

        ``name`` replaces the project name in the file. Every item is checked before anything is
        written, so a faulty file adds nothing.
        """
        data = fields.mapping(data, "project file")
        if data.get("format") != EXPORT_FORMAT:
            raise DataError(
                "This file is not a qikit project export (its 'format' is "
                f"{data.get('format')!r}, expected {EXPORT_FORMAT!r})."
            )
        if data.get("version") != EXPORT_VERSION:
            raise DataError(
                f"This project file has version {data.get('version')!r}; this qikit reads "
                f"version {EXPORT_VERSION}. Update qikit and try again."
            )
        name = fields.text(name or data.get("project"), "project") or "Imported project"
        items_by_kind = fields.mapping(data.get("items", {}), "items")
        parsed: list[tuple[str, Any]] = []
        for kind, entries in items_by_kind.items():
            check_kind(kind)
            _, model = KINDS[kind]
            for n, entry in enumerate(entries, start=1):
                entry = fields.mapping(entry, f"{kind} {n}")
                try:
                    parsed.append((kind, model.from_dict(entry.get("data"))))
                except DataError as error:
                    raise DataError(
                        f"In {kind.replace('_', ' ')} {n} of the file: {error}"
                    ) from None
        if team_id is None:
            team_name = fields.text(data.get("team"), "team") or "Imported team"
            existing = [t for t in self.teams() if t.name == team_name]
            team_id = existing[0].id if existing else self.create_team(team_name).id
        return self._import(team_id, name, parsed)

    def export_project_json(self, project_id: str, path: str | Path) -> Path:
        """Write the project to one JSON file."""
        path = Path(path)
        text = json.dumps(self.export_project(project_id), ensure_ascii=False, indent=1)
        path.write_text(text + "\n", encoding="utf-8")
        return path

    def import_project_json(self, path: str | Path, team_id: str | None = None) -> Project:
        """Read a project from a JSON file made by :meth:`export_project_json`."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise DataError(
                f"The file '{path.name}' is not valid JSON (line {error.lineno}). Was it changed "
                "by hand? Export the project again."
            ) from None
        return self.import_project(data, team_id)
