"""Measures and their observations as rows of the workspace, the same in SQLite and PostgreSQL.

A measure is defined in the team's measurement plan; saving the plan writes each of its measures
to the ``measures`` table in the same transaction, under the measure's own id. Observations are
rows of ``observations`` (one per measure and period). The SQL here is written with ``?``
placeholders; :func:`sql` turns them into PostgreSQL's ``%s``.

A measure taken out of the plan is marked inactive, never deleted, so the weeks a team typed for
it are never lost by a click.
"""

from __future__ import annotations

import json
import re
from typing import Any

from qikit.improve.measure_lines import read_measure_lines
from qikit.improve.measures import Measure, MeasurementPlan
from qikit.improve.observations import needs_denominator
from qikit.improve.pdsa import Ramp

#: The two tables, in words both databases read (DOUBLE PRECISION is REAL in SQLite).
CREATE = (
    "CREATE TABLE measures ("
    "id TEXT PRIMARY KEY, "
    "project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE, "
    "plan_id TEXT NOT NULL DEFAULT '', "
    "position INTEGER NOT NULL DEFAULT 0, "
    "name TEXT NOT NULL DEFAULT '', "
    "type TEXT NOT NULL DEFAULT '', "
    "data TEXT NOT NULL, "
    "active INTEGER NOT NULL DEFAULT 1, "
    "created_at TEXT NOT NULL, "
    "updated_at TEXT NOT NULL)",
    "CREATE INDEX measures_by_project ON measures(project_id)",
    "CREATE TABLE observations ("
    "measure_id TEXT NOT NULL REFERENCES measures(id) ON DELETE CASCADE, "
    "period TEXT NOT NULL, "
    "numerator DOUBLE PRECISION, "
    "denominator DOUBLE PRECISION, "
    "note TEXT NOT NULL DEFAULT '', "
    "entered_by TEXT NOT NULL DEFAULT '', "
    "entered_at TEXT NOT NULL, "
    "PRIMARY KEY (measure_id, period))",
)

UPSERT_MEASURE = (
    "INSERT INTO measures (id, project_id, plan_id, position, name, type, data, active, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET plan_id = excluded.plan_id, position = excluded.position, "
    "name = excluded.name, type = excluded.type, data = excluded.data, active = 1, "
    "updated_at = excluded.updated_at"
)
UPSERT_OBSERVATION = (
    "INSERT INTO observations (measure_id, period, numerator, denominator, note, entered_by, "
    "entered_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (measure_id, period) DO UPDATE SET "
    "numerator = excluded.numerator, denominator = excluded.denominator, note = excluded.note, "
    "entered_by = excluded.entered_by, entered_at = excluded.entered_at"
)


def sql(text: str, placeholder: str) -> str:
    """``text`` with each ``?`` written as the database's placeholder."""
    return text if placeholder == "?" else text.replace("?", placeholder)


def create(db: Any) -> None:
    for statement in CREATE:
        db.execute(statement)


def write_plan_measures(
    db: Any, placeholder: str, project_id: str, plan_id: str, plan: MeasurementPlan, stamp: str
) -> None:
    """Write the plan's measures as rows; measures no longer in the plan become inactive."""
    q = placeholder
    ids = []
    for position, measure in enumerate(plan.measures):
        owner = db.execute(
            sql("SELECT project_id, data FROM measures WHERE id = ?", q), (measure.id,)
        ).fetchone()
        if owner is not None and owner[0] != project_id:
            # The same measure (copied between projects) keeps one row per project.
            measure.id = _fresh_id()
        elif owner is not None and not measure.upload_columns:
            # A plan edited in another tab holds the measure as it was before a file was mapped
            # in the data-entry workbook: the remembered columns are kept.
            measure.upload_columns = json.loads(owner[1]).get("upload_columns") or {}
        ids.append(measure.id)
        db.execute(
            sql(UPSERT_MEASURE, q),
            (
                measure.id,
                project_id,
                plan_id,
                position,
                measure.name[:120],
                measure.type,
                json.dumps(measure.to_dict(), ensure_ascii=False),
                stamp,
                stamp,
            ),
        )
    gone = db.execute(
        sql("SELECT id FROM measures WHERE plan_id = ? AND active = 1", q), (plan_id,)
    ).fetchall()
    for (measure_id,) in gone:
        if measure_id not in ids:
            db.execute(sql("UPDATE measures SET active = 0 WHERE id = ?", q), (measure_id,))


def retire_plan_measures(db: Any, placeholder: str, plan_id: str) -> None:
    """A deleted plan's measures become inactive; their observations stay."""
    db.execute(sql("UPDATE measures SET active = 0 WHERE plan_id = ?", placeholder), (plan_id,))


def _fresh_id() -> str:
    import uuid

    return uuid.uuid4().hex[:12]


def migrate(db: Any, placeholder: str, stamp: str) -> None:
    """Create the tables and fill them from what older workspaces hold.

    Every measure of every saved plan gets an id and a row; a ramp's measure data typed as
    "date, value" lines become observations of the measure with the ramp's measure name (a new
    measure in the project's newest plan when no plan has one of that name).
    """
    q = placeholder
    create(db)
    plans = db.execute(
        "SELECT id, project_id, data FROM measurement_plans ORDER BY created_at, id"
    ).fetchall()
    newest: dict[str, tuple[str, MeasurementPlan]] = {}
    for plan_id, project_id, data in plans:
        plan = _plan(data)
        if plan is None:
            continue
        newest[project_id] = (plan_id, plan)
        _store_plan(db, q, plan_id, plan)
        write_plan_measures(db, q, project_id, plan_id, plan, stamp)
    for project_id, data in db.execute("SELECT project_id, data FROM ramps").fetchall():
        ramp = _ramp(data)
        if ramp is None or not ramp.measure_data.strip():
            continue
        try:
            values = read_measure_lines(ramp.measure_data)
        except ValueError:
            continue  # text that never read as data stays where it is, in the ramp
        measure_id = _measure_named(db, q, project_id, ramp.measure)
        name = ramp.measure or "Measure from a PDSA ramp"
        if measure_id is not None and needs_denominator(_measure(db, q, measure_id)):
            # values typed without what they were out of cannot join a p or u chart's weeks
            measure_id, name = None, f"{name} (as typed in the PDSA ramp)"
        if measure_id is None:
            measure = Measure(
                name=name, chart_type="run", type=_type_named(db, q, project_id, ramp.measure)
            )
            if project_id in newest:
                plan_id, plan = newest[project_id]
            else:
                plan_id, plan = _fresh_id(), MeasurementPlan(title="Measures from PDSA ramps")
                db.execute(
                    sql(
                        "INSERT INTO measurement_plans (id, project_id, data, updated_at, name, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                        q,
                    ),
                    (plan_id, project_id, "{}", stamp, plan.title, stamp),
                )
                newest[project_id] = (plan_id, plan)
            plan.measures.append(measure)
            _store_plan(db, q, plan_id, plan)
            write_plan_measures(db, q, project_id, plan_id, plan, stamp)
            measure_id = measure.id
        for day, value in values:
            db.execute(
                sql(
                    "INSERT INTO observations (measure_id, period, numerator, entered_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (measure_id, period) DO NOTHING",
                    q,
                ),
                (measure_id, day.isoformat(), value, stamp),
            )


def _plan(data: str) -> MeasurementPlan | None:
    try:
        return MeasurementPlan.from_dict(json.loads(data))
    except ValueError:
        return None


def _ramp(data: str) -> Ramp | None:
    try:
        return Ramp.from_dict(json.loads(data))
    except ValueError:
        return None


def _store_plan(db: Any, q: str, plan_id: str, plan: MeasurementPlan) -> None:
    db.execute(
        sql("UPDATE measurement_plans SET data = ? WHERE id = ?", q),
        (json.dumps(plan.to_dict(), ensure_ascii=False), plan_id),
    )


def _measure_named(db: Any, q: str, project_id: str, name: str) -> str | None:
    wanted = _words(name)
    if not wanted:
        return None
    rows = db.execute(
        sql("SELECT id, name FROM measures WHERE project_id = ? AND active = 1", q),
        (project_id,),
    ).fetchall()
    return next((i for i, n in rows if _words(n) == wanted), None)


def _measure(db: Any, q: str, measure_id: str) -> Measure:
    (data,) = db.execute(sql("SELECT data FROM measures WHERE id = ?", q), (measure_id,)).fetchone()
    return Measure.from_dict(json.loads(data))


def _type_named(db: Any, q: str, project_id: str, name: str) -> str:
    found = _measure_named(db, q, project_id, name)
    return _measure(db, q, found).type if found else ""


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", (text or "").lower()))
