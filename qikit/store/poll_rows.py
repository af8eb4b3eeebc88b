"""The live poll's rows, and a team's trust and work stream: schema step 6.

A poll is the facilitator's question as sent (JSON in ``polls.data``) with its state: ``open``
(delegates answer), ``revealed`` (the answer is shown; answers are kept as they were) or
``closed`` (a newer question was sent, or the facilitator ended it). Each delegate has one
answer per poll (``poll_answers``, keyed by poll and delegate), which they may change until the
reveal. Every delegate's kernel reads and writes the same rows, so a room of laptops shares one
poll.

The SQL is written with ``?`` placeholders, as in :mod:`qikit.store.measure_rows`, and serves
both SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from qikit.store import team_rows

OPEN, REVEALED, CLOSED = "open", "revealed", "closed"
STATES = (OPEN, REVEALED, CLOSED)

#: Schema step 6, the same words for both databases.
STEP_6 = (
    "ALTER TABLE teams ADD COLUMN trust TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE teams ADD COLUMN work_stream TEXT NOT NULL DEFAULT ''",
    "CREATE TABLE polls ("
    "id TEXT PRIMARY KEY, "
    "data TEXT NOT NULL, "
    "state TEXT NOT NULL DEFAULT 'open', "
    "created_at TEXT NOT NULL, "
    "updated_at TEXT NOT NULL)",
    "CREATE INDEX polls_by_state ON polls(state, created_at)",
    "CREATE TABLE poll_answers ("
    "poll_id TEXT NOT NULL REFERENCES polls(id) ON DELETE CASCADE, "
    "delegate TEXT NOT NULL, "
    "answer TEXT NOT NULL, "
    "answered_at TEXT NOT NULL, "
    "PRIMARY KEY (poll_id, delegate))",
)

#: A team's columns from step 6 on, in the order of :class:`qikit.store.Team`'s fields.
TEAM_COLUMNS = f"{team_rows.TEAM_COLUMNS}, trust, work_stream"

INSERT_POLL = (
    "INSERT INTO polls (id, data, state, created_at, updated_at) VALUES (?, ?, 'open', ?, ?)"
)
CLOSE_OTHERS = "UPDATE polls SET state = 'closed', updated_at = ? WHERE state <> 'closed'"
CURRENT_POLL = (
    "SELECT id, data, state FROM polls WHERE state <> 'closed' "
    "ORDER BY created_at DESC, id DESC LIMIT 1"
)
UPSERT_ANSWER = (
    "INSERT INTO poll_answers (poll_id, delegate, answer, answered_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (poll_id, delegate) DO UPDATE SET answer = excluded.answer, "
    "answered_at = excluded.answered_at"
)
COUNT_ANSWERS = "SELECT answer, COUNT(*) FROM poll_answers WHERE poll_id = ? GROUP BY answer"


def migrate(db: Any) -> None:
    """Schema step 6: a trust and a work stream on every team (blank for existing teams), and
    the tables of the live poll."""
    for statement in STEP_6:
        db.execute(statement)
