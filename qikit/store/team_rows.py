"""Teams kept apart on a shared workspace: join codes, hub teams and projects shared on purpose.

Every team has a short **join code** (six letters and digits, none that look alike), shown when
the team is made; on a shared server a delegate opens their team's work by its code, never by
typing its name. A team made for a JupyterHub user or group carries that ``hub_key`` instead of
being found by name. A project is seen by other teams only when it is **shared** with the
collaborative on purpose (its storyboard and change package).

The SQL is written with ``?`` placeholders, as in :mod:`qikit.store.measure_rows`, and serves
both SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from qikit.store import measure_rows

#: No 0/O, 1/I/L or 5/S, 2/Z, 8/B: what is written on paper is read back the same.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6

#: Schema step 5, the same words for both databases.
STEP_5 = (
    "ALTER TABLE teams ADD COLUMN join_code TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE teams ADD COLUMN hub_key TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE projects ADD COLUMN shared INTEGER NOT NULL DEFAULT 0",
)
INDEXES = (
    "CREATE UNIQUE INDEX teams_by_join_code ON teams(join_code)",
    "CREATE UNIQUE INDEX teams_by_hub_key ON teams(hub_key) WHERE hub_key <> ''",
)

TEAM_COLUMNS = "id, name, updated_at, join_code, hub_key"
PROJECT_COLUMNS = "id, team_id, name, updated_at, shared"


def new_code() -> str:
    """A fresh join code (25^6, about 244 million, to choose from)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(typed: str) -> str:
    """A typed join code as stored: capitals, without spaces or dashes."""
    return re.sub(r"[\s\-_.]+", "", str(typed or "")).upper()


def unused_code(db: Any, placeholder: str) -> str:
    """A join code no team in ``db`` has yet."""
    query = measure_rows.sql("SELECT 1 FROM teams WHERE join_code = ?", placeholder)
    while True:
        code = new_code()
        if db.execute(query, (code,)).fetchone() is None:
            return code


def migrate(db: Any, placeholder: str) -> None:
    """Schema step 5: a join code for every team (existing teams get one now), a hub key, and
    a ``shared`` flag on every project (off)."""
    for statement in STEP_5:
        db.execute(statement)
    update = measure_rows.sql("UPDATE teams SET join_code = ? WHERE id = ?", placeholder)
    for (team_id,) in db.execute("SELECT id FROM teams ORDER BY id").fetchall():
        db.execute(update, (unused_code(db, placeholder), team_id))
    for statement in INDEXES:
        db.execute(statement)
