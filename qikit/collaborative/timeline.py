"""The shape of a Breakthrough Series collaborative in time (QI_REFERENCE 8.1 [S66][S67]).

Pre-work (teams form and collect baseline data) -> Learning Session 1 -> Action Period 1 -> LS2
-> AP2 -> LS3 -> AP3 (holding the gains) -> summative congress. By default the learning sessions
fall a quarter, half and three quarters of the way through; that is a setting (``sessions``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from qikit.errors import DataError

PHASE_KINDS = ("pre-work", "learning session", "action period", "congress")


def default_sessions(weeks: int) -> tuple[int, int, int]:
    """Weeks of the three learning sessions: a quarter, half and three quarters through."""
    return tuple(max(2, round(weeks * f)) for f in (0.25, 0.5, 0.75))  # type: ignore[return-value]


def timeline(
    weeks: int, start: str | pd.Timestamp = "2024-04-01", sessions: Sequence[int] | None = None
) -> pd.DataFrame:
    """One row per phase: name, kind, first and last week, first and last date.

    ``sessions`` are the weeks of the learning sessions (each lasts one week); the last week of
    the collaborative is the summative congress.
    """
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 8:
        raise DataError(f"weeks: expected a whole number of weeks, 8 or more; found {weeks!r}.")
    chosen = list(default_sessions(weeks) if sessions is None else sessions)
    if not chosen or chosen != sorted(set(chosen)) or chosen[0] < 2 or chosen[-1] >= weeks - 1:
        raise DataError(
            f"sessions: expected learning-session weeks in increasing order, after week 1 and "
            f"before week {weeks - 1}; found {chosen!r}."
        )
    rows = [("Pre-work", "pre-work", 1, chosen[0] - 1)]
    for i, week in enumerate(chosen, start=1):
        rows.append((f"Learning session {i}", "learning session", week, week))
        end = chosen[i] - 1 if i < len(chosen) else weeks - 1
        if end >= week + 1:
            label = f"Action period {i}" + (" (holding the gains)" if i == len(chosen) else "")
            rows.append((label, "action period", week + 1, end))
    rows.append(("Summative congress", "congress", weeks, weeks))
    table = pd.DataFrame(rows, columns=["phase", "kind", "first_week", "last_week"])
    first = pd.Timestamp(start)
    table["first_date"] = first + pd.to_timedelta(7 * (table["first_week"] - 1), unit="D")
    table["last_date"] = first + pd.to_timedelta(7 * table["last_week"] - 1, unit="D")
    return table


def phase_of(week: int, table: pd.DataFrame) -> str:
    """The phase a week falls in."""
    row = table[(table["first_week"] <= week) & (table["last_week"] >= week)]
    if row.empty:
        raise DataError(
            f"week: {week} is outside the collaborative (weeks 1 to {table['last_week'].max()})."
        )
    return str(row["phase"].iloc[0])


def checkpoints(table: pd.DataFrame) -> pd.DataFrame:
    """The weeks teams are assessed: each learning session and the congress."""
    rows = table[table["kind"].isin(["learning session", "congress"])]
    return (
        rows[["phase", "first_week", "first_date"]]
        .rename(columns={"first_week": "week", "first_date": "date"})
        .reset_index(drop=True)
    )
