"""The team workspace: what every storage backend offers.

:class:`Workspace` holds the logic that does not depend on the database (project export and
import); a backend (SQLite today, PostgreSQL later) fills in the small set of abstract methods.
"""

from __future__ import annotations

import abc
import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from qikit.errors import DataError
from qikit.improve import PDSA, Measure, MeasurementPlan, fields
from qikit.improve import observations as obs
from qikit.improve.observations import Observation
from qikit.store import measure_rows, poll_rows, team_rows
from qikit.store.kinds import KINDS, check_kind

EXPORT_FORMAT = "qikit-project"
#: Version 2 adds each measure's observations; version 1 files (plans and cycles only) still read.
EXPORT_VERSION = 2
READABLE_EXPORT_VERSIONS = (1, 2)

#: Said when something is saved before any project is open (a shared page before its team).
NO_PROJECT_OPEN = (
    "No project is open yet, so this is not saved. Start a new team or join your team with "
    "its join code at the top of the page first."
)


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> str:
    """The time now, as sortable UTC text."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    updated_at: str
    #: Six letters and digits that open this team's work on a shared server.
    join_code: str = ""
    #: The JupyterHub user or group the team was made for ("" for a team made by hand).
    hub_key: str = ""
    #: The NHS trust the team works in, as the team typed it ("" when not given).
    trust: str = ""
    #: The change package's work stream, a key of :func:`qikit.improve.work_streams`
    #: ("" when not given).
    work_stream: str = ""


@dataclass(frozen=True)
class Project:
    id: str
    team_id: str
    name: str
    updated_at: str
    #: Shared with the collaborative on purpose: other teams see its storyboard and ideas.
    shared: bool = False


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
    def create_team(
        self, name: str, hub_key: str = "", *, trust: str = "", work_stream: str = ""
    ) -> Team:
        """A new team with a join code of its own (and the hub user or group it is for, its
        trust and its work stream)."""
        name = fields.text(name, "team name")
        if not name:
            raise DataError("The field 'team name' is blank. Give the team a name.")
        trust, work_stream = _team_details(trust, work_stream)
        with self._transaction() as db:
            code = team_rows.unused_code(db, self.PLACEHOLDER)
            team = Team(new_id(), name, now(), code, hub_key, trust, work_stream)
            db.execute(
                self._q(
                    f"INSERT INTO teams ({poll_rows.TEAM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
                ),
                (
                    team.id,
                    team.name,
                    team.updated_at,
                    team.join_code,
                    team.hub_key,
                    team.trust,
                    team.work_stream,
                ),
            )
        return team

    def set_team_details(self, team_id: str, *, trust: str, work_stream: str) -> Team:
        """Change a team's trust and work stream ("" for not given); return the team."""
        trust, work_stream = _team_details(trust, work_stream)
        self.team(team_id)
        with self._transaction() as db:
            db.execute(
                self._q("UPDATE teams SET trust = ?, work_stream = ?, updated_at = ? WHERE id = ?"),
                (trust, work_stream, now(), team_id),
            )
        return self.team(team_id)

    def teams(self) -> list[Team]:
        with self._reading() as db:
            rows = db.execute(
                f"SELECT {poll_rows.TEAM_COLUMNS} FROM teams ORDER BY name, id"
            ).fetchall()
        return [Team(*row) for row in rows]

    def team(self, team_id: str) -> Team:
        found = self._team_where("id", team_id)
        if found is None:
            raise DataError(f"There is no team with the id '{team_id}' in this workspace.")
        return found

    def team_by_code(self, code: str) -> Team | None:
        """The team with this join code (typed in any case, with spaces or dashes), or None."""
        code = team_rows.normal_code(code)
        return self._team_where("join_code", code) if code else None

    def team_for_hub(self, hub_key: str) -> Team | None:
        """The team made for this JupyterHub user or group, or None."""
        return self._team_where("hub_key", hub_key) if hub_key else None

    def _team_where(self, column: str, value: str) -> Team | None:
        with self._reading() as db:
            row = db.execute(
                self._q(f"SELECT {poll_rows.TEAM_COLUMNS} FROM teams WHERE {column} = ?"),
                (value,),
            ).fetchone()
        return Team(*row) if row else None

    def create_project(self, team_id: str, name: str) -> Project:
        name = fields.text(name, "project name")
        if not name:
            raise DataError("The field 'project name' is blank. Give the project a name.")
        project = Project(new_id(), team_id, name, now())
        with self._transaction() as db:
            self._insert_project(db, project)
        return project

    def _insert_project(self, db: Any, project: Project) -> None:
        team = db.execute(self._q("SELECT 1 FROM teams WHERE id = ?"), (project.team_id,))
        if not team.fetchone():
            raise DataError(f"There is no team with the id '{project.team_id}' in this workspace.")
        db.execute(
            self._q(f"INSERT INTO projects ({team_rows.PROJECT_COLUMNS}) VALUES (?, ?, ?, ?, ?)"),
            (project.id, project.team_id, project.name, project.updated_at, int(project.shared)),
        )

    def projects(self, team_id: str | None = None) -> list[Project]:
        sql = f"SELECT {team_rows.PROJECT_COLUMNS} FROM projects"
        args: tuple[str, ...] = ()
        if team_id is not None:
            sql += " WHERE team_id = ?"
            args = (team_id,)
        with self._reading() as db:
            rows = db.execute(self._q(sql + " ORDER BY name, id"), args).fetchall()
        return [_project(row) for row in rows]

    def project(self, project_id: str) -> Project:
        with self._reading() as db:
            row = db.execute(
                self._q(f"SELECT {team_rows.PROJECT_COLUMNS} FROM projects WHERE id = ?"),
                (project_id,),
            ).fetchone()
        if row is None:
            raise DataError(f"There is no project with the id '{project_id}' in this workspace.")
        return _project(row)

    def share_project(self, project_id: str, shared: bool = True) -> Project:
        """Share a project with the collaborative (its storyboard and change ideas are seen by
        every team), or stop sharing it."""
        self.project(project_id)
        with self._transaction() as db:
            db.execute(
                self._q("UPDATE projects SET shared = ? WHERE id = ?"),
                (int(bool(shared)), project_id),
            )
        return self.project(project_id)

    # ----- the live poll -----------------------------------------------------------------------
    def send_poll(self, poll: Any) -> str:
        """Send a question to the room (a :class:`qikit.room.poll.Poll`, or its dictionary);
        the question before it is closed. Return the new poll's id."""
        data = poll.to_dict() if hasattr(poll, "to_dict") else dict(poll)
        text = json.dumps(data, ensure_ascii=False)
        poll_id, stamp = new_id(), now()
        with self._transaction() as db:
            db.execute(self._q(poll_rows.CLOSE_OTHERS), (stamp,))
            db.execute(self._q(poll_rows.INSERT_POLL), (poll_id, text, stamp, stamp))
        return poll_id

    def current_poll(self) -> tuple[str, Any, str] | None:
        """The question in front of the room: ``(id, Poll, state)`` with state "open" or
        "revealed"; None when no question is open."""
        from qikit.room.poll import Poll

        with self._reading() as db:
            row = db.execute(poll_rows.CURRENT_POLL).fetchone()
        if row is None:
            return None
        return row[0], Poll.from_dict(json.loads(row[1])), row[2]

    def poll(self, poll_id: str) -> tuple[Any, str]:
        """One poll by its id: ``(Poll, state)``."""
        from qikit.room.poll import Poll

        with self._reading() as db:
            row = db.execute(
                self._q("SELECT data, state FROM polls WHERE id = ?"), (poll_id,)
            ).fetchone()
        if row is None:
            raise DataError("That question is no longer in this workspace. Wait for the next one.")
        return Poll.from_dict(json.loads(row[0])), row[1]

    def answer_poll(self, poll_id: str, delegate: str, answer: str) -> None:
        """Keep one delegate's answer (replacing the one they gave before) while the question
        is open."""
        poll, state = self.poll(poll_id)
        if not delegate:
            raise DataError("This page has no delegate key yet, so the answer was not counted.")
        if answer not in poll.choice_keys:
            raise DataError(
                f"'{answer}' is not one of this question's answers. Press one of the buttons."
            )
        if state != poll_rows.OPEN:
            raise DataError(_POLL_OVER[state])
        with self._transaction() as db:
            row = db.execute(self._q("SELECT state FROM polls WHERE id = ?"), (poll_id,)).fetchone()
            if row is None or row[0] != poll_rows.OPEN:
                raise DataError(_POLL_OVER[row[0] if row else poll_rows.CLOSED])
            db.execute(self._q(poll_rows.UPSERT_ANSWER), (poll_id, delegate, answer, now()))

    def poll_answer(self, poll_id: str, delegate: str) -> str | None:
        """The answer this delegate gave to the poll, or None."""
        with self._reading() as db:
            row = db.execute(
                self._q("SELECT answer FROM poll_answers WHERE poll_id = ? AND delegate = ?"),
                (poll_id, delegate),
            ).fetchone()
        return row[0] if row else None

    def poll_answers(self, poll_id: str) -> dict[str, int]:
        """How many delegates gave each answer (answers nobody gave are left out)."""
        with self._reading() as db:
            rows = db.execute(self._q(poll_rows.COUNT_ANSWERS), (poll_id,)).fetchall()
        return {answer: int(count) for answer, count in rows}

    def reveal_poll(self, poll_id: str) -> None:
        """Show the answer: the poll stops taking answers and stays in front of the room."""
        self._set_poll_state(poll_id, poll_rows.REVEALED)

    def close_poll(self, poll_id: str) -> None:
        """Take the question away from the room."""
        self._set_poll_state(poll_id, poll_rows.CLOSED)

    def _set_poll_state(self, poll_id: str, state: str) -> None:
        self.poll(poll_id)
        with self._transaction() as db:
            db.execute(
                self._q("UPDATE polls SET state = ?, updated_at = ? WHERE id = ?"),
                (state, now(), poll_id),
            )

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
    def _import(
        self,
        team_id: str,
        name: str,
        items: list[tuple[str, Any]],
        observations: dict[str, list[Observation]] | None = None,
    ) -> Project:
        """Create a project, all its items and its measures' observations in one transaction."""

    def _import_observations(
        self, db: Any, observations: dict[str, list[Observation]] | None, stamp: str
    ) -> None:
        for measure_id, rows in (observations or {}).items():
            for row in rows:
                self._write_observation(db, measure_id, row, stamp)

    # ----- the database underneath (for the measure and observation rows) ------------------
    #: How the database writes a query parameter.
    PLACEHOLDER = "?"

    @abc.abstractmethod
    def _transaction(self) -> AbstractContextManager[Any]:
        """One write transaction; yields something with ``execute(sql, args)``."""

    @abc.abstractmethod
    def _reading(self) -> AbstractContextManager[Any]:
        """The connection, held for reading."""

    def _q(self, text: str) -> str:
        return measure_rows.sql(text, self.PLACEHOLDER)

    # ----- measures and their observations ---------------------------------------------------
    def measures(self, project_id: str) -> list[Measure]:
        """The project's measures (from its measurement plans), in the order they were planned."""
        with self._reading() as db:
            rows = db.execute(
                self._q(
                    "SELECT data FROM measures WHERE project_id = ? AND active = 1 "
                    "ORDER BY created_at, position, id"
                ),
                (project_id,),
            ).fetchall()
        return [Measure.from_dict(json.loads(data)) for (data,) in rows]

    def measure(self, measure_id: str) -> Measure:
        """One measure by its id."""
        return Measure.from_dict(json.loads(self._measure_row(measure_id)[1]))

    def measure_project(self, measure_id: str) -> str:
        """The id of the project a measure belongs to."""
        return self._measure_row(measure_id)[0]

    def _measure_row(self, measure_id: str) -> tuple[str, str, str]:
        with self._reading() as db:
            row = db.execute(
                self._q("SELECT project_id, data, plan_id FROM measures WHERE id = ?"),
                (measure_id,),
            ).fetchone()
        if row is None:
            raise DataError(
                f"There is no measure with the id '{measure_id}' in this workspace. Add it to "
                "the measurement plan first."
            )
        return row[0], row[1], row[2]

    def save_measure(self, project_id: str, measure: Measure) -> str:
        """Save one measure into the project's measurement plan (its own plan if it has one,
        else the newest plan, else a new plan); return the measure's id."""
        if not isinstance(measure, Measure):
            raise DataError(f"save_measure keeps a Measure; found {type(measure).__name__}.")
        plans = self.records(project_id, "measurement_plan")
        holder = next((r for r in plans if any(m.id == measure.id for m in r.item.measures)), None)
        if holder is not None:
            plan: MeasurementPlan = holder.item
            plan.measures = [measure if m.id == measure.id else m for m in plan.measures]
            plan_id: str | None = holder.id
        elif plans:
            newest = max(plans, key=lambda r: r.updated_at)
            plan, plan_id = newest.item, newest.id
            plan.measures.append(measure)
        else:
            aims = self.records(project_id, "aim")
            plan = MeasurementPlan(aim=aims[-1].name if aims else "", measures=[measure])
            plan_id = None
        self.save(project_id, plan, plan_id)
        return measure.id

    def observations(self, measure_id: str) -> list[Observation]:
        """The measure's observations, oldest first."""
        with self._reading() as db:
            rows = db.execute(
                self._q(
                    "SELECT period, numerator, denominator, note, entered_by, entered_at "
                    "FROM observations WHERE measure_id = ? ORDER BY period"
                ),
                (measure_id,),
            ).fetchall()
        return [Observation(*row) for row in rows]

    def observation_table(self, measure_id: str) -> pd.DataFrame:
        """The measure's observations as a table with the columns of
        :data:`qikit.improve.observations.COLUMNS`, oldest first."""
        return obs.frame(self.observations(measure_id))

    def save_observations(
        self,
        measure_id: str,
        rows: Iterable[Observation],
        *,
        overwrite: bool = False,
        entered_by: str = "",
        where: str = "",
    ) -> int:
        """Add weeks to a measure in one transaction; return how many rows were written.

        Every row is checked first (:func:`qikit.improve.observations.check`); nothing is written
        unless all are right. A week the measure already has with other numbers is refused unless
        ``overwrite`` (a correction typed in the grid); the same numbers again are skipped.
        """
        measure = self.measure(measure_id)
        rows = obs.check(measure, rows, where=where)
        existing = {o.period: o for o in self.observations(measure_id)}
        if not overwrite:
            clashes = [
                r
                for r in rows
                if r.period in existing
                and (existing[r.period].numerator, existing[r.period].denominator)
                != (r.numerator, r.denominator)
            ]
            if clashes:
                weeks = ", ".join(obs.day_first(r.period) for r in clashes[:3])
                more = f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
                lead = f"{where}: the" if where else "The"
                raise DataError(
                    f"{lead} week(s) of {weeks}{more} already have other numbers. Nothing "
                    "was added. To correct a past week, change it in the grid; otherwise leave "
                    "those weeks out."
                )
            rows = [
                r for r in rows if r.period not in existing or r.note != existing[r.period].note
            ]
        stamp = now()
        by = fields.text(entered_by, "entered by")
        with self._transaction() as db:
            project_id = db.execute(
                self._q("SELECT project_id FROM measures WHERE id = ?"), (measure_id,)
            ).fetchone()[0]
            for row in rows:
                self._write_observation(db, measure_id, row, stamp, by)
            db.execute(
                self._q("UPDATE projects SET updated_at = ? WHERE id = ?"), (stamp, project_id)
            )
        return len(rows)

    def _write_observation(
        self, db: Any, measure_id: str, row: Observation, stamp: str, by: str = ""
    ) -> None:
        db.execute(
            self._q(measure_rows.UPSERT_OBSERVATION),
            (
                measure_id,
                row.period.isoformat(),
                row.numerator,
                row.denominator,
                row.note,
                row.entered_by or by,
                row.entered_at or stamp,
            ),
        )

    def delete_observation(self, measure_id: str, period: Any) -> None:
        """Take one week out of a measure."""
        day = fields.date(period, "week")
        with self._transaction() as db:
            db.execute(
                self._q("DELETE FROM observations WHERE measure_id = ? AND period = ?"),
                (measure_id, day.isoformat()),
            )

    def _write_plan_measures(
        self, db: Any, project_id: str, item: Any, item_id: str, stamp: str
    ) -> None:
        """Called by a backend inside the transaction that saves ``item``, before it is
        written: a measurement plan's measures become rows."""
        if isinstance(item, MeasurementPlan):
            measure_rows.write_plan_measures(db, self.PLACEHOLDER, project_id, item_id, item, stamp)

    def _retire(self, db: Any, kind: str, item_id: str) -> None:
        """Called by a backend inside the transaction that deletes an item."""
        if kind == "measurement_plan":
            measure_rows.retire_plan_measures(db, self.PLACEHOLDER, item_id)

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
        observations = {
            m.id: [o.to_dict() for o in self.observations(m.id)] for m in self.measures(project_id)
        }
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": now(),
            "team": team.name if team else "",
            "project": project.name,
            "items": items,
            "observations": {k: v for k, v in observations.items() if v},
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
        if data.get("version") not in READABLE_EXPORT_VERSIONS:
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
        observations = _imported_observations(data.get("observations", {}), parsed)
        if team_id is None:
            team_name = fields.text(data.get("team"), "team") or "Imported team"
            existing = [t for t in self.teams() if t.name == team_name]
            team_id = existing[0].id if existing else self.create_team(team_name).id
        return self._import(team_id, name, parsed, observations)

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


#: Why an answer cannot be given or changed any more.
_POLL_OVER = {
    poll_rows.REVEALED: (
        "The answer has been shown, so answers can no longer change. Wait for the next question."
    ),
    poll_rows.CLOSED: "This question has ended. Wait for the facilitator's next question.",
}


def _team_details(trust: Any, work_stream: Any) -> tuple[str, str]:
    """A team's trust and work stream as stored: the work stream's key ("" for none)."""
    from qikit.improve.library import work_streams

    trust = fields.text(trust, "trust")
    typed = fields.text(work_stream, "work stream")
    streams = work_streams()
    by_name = {name.casefold(): key for key, name in streams.items()}
    key = typed if typed in streams else by_name.get(typed.casefold(), typed)
    if key and key not in streams:
        raise DataError(
            f"The work stream should be one of: {'; '.join(streams.values())}. Found '{typed}'."
        )
    return trust, key


def _project(row: Any) -> Project:
    return Project(row[0], row[1], row[2], row[3], bool(row[4]))


def _imported_observations(
    data: Any, parsed: list[tuple[str, Any]]
) -> dict[str, list[Observation]]:
    """The file's observations under new measure ids (so a project imported twice keeps two
    sets), with the measures and the cycles linked to them renumbered to match."""
    by_measure = fields.mapping(data or {}, "observations")
    renamed: dict[str, str] = {}
    measures: dict[str, Measure] = {}
    for kind, item in parsed:
        if kind == "measurement_plan":
            for measure in item.measures:
                new = Measure.from_dict({**measure.to_dict(), "id": ""})
                renamed[measure.id] = new.id
                measure.id = new.id
                measures[new.id] = measure
    for kind, item in parsed:
        if kind == "pdsa":
            item.measure_ids = [renamed.get(i, i) for i in item.measure_ids]
        elif kind == "ramp":
            for cycle in item.cycles:
                cycle.measure_ids = [renamed.get(i, i) for i in cycle.measure_ids]
    found: dict[str, list[Observation]] = {}
    for old_id, entries in by_measure.items():
        if old_id not in renamed:
            raise DataError(
                f"The file has observations for a measure ('{old_id}') that is not in any of "
                "its measurement plans. Export the project again."
            )
        if not isinstance(entries, list):
            raise DataError(f"The observations of measure '{old_id}' should be a list of weeks.")
        rows = [Observation.from_dict(e) for e in entries]
        measure = measures[renamed[old_id]]
        found[renamed[old_id]] = obs.check(measure, rows, where=f"In the file's '{measure.name}'")
    return found


def pdsas_for(workspace: Workspace, project_id: str, measure_id: str) -> Iterator[PDSA]:
    """The project's PDSA cycles (single and in ramps) linked to a measure."""
    for record in workspace.records(project_id):
        if record.kind == "pdsa" and measure_id in record.item.measure_ids:
            yield record.item
        elif record.kind == "ramp":
            yield from (c for c in record.item.cycles if measure_id in c.measure_ids)
