"""Date-stamped incidents for g and t charts, consistent with the weekly counts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from qikit.data.names import identifiers

EVENT_TYPES = {
    "falls": "fall",
    "rapid_tranquillisation": "rapid tranquillisation",
    "restraint_episodes": "restraint",
    "seclusion_episodes": "seclusion",
    "self_harm_incidents": "self-harm",
    "sexual_safety_incidents": "sexual safety",
    "violence_incidents": "violence",
}


def events_table(
    rng: np.random.Generator,
    ward_ids: np.ndarray,
    start_date: dt.date,
    counts: dict[str, np.ndarray],
    admissions: np.ndarray,
) -> pd.DataFrame:
    """One row per incident, with the days and admissions since the last one of its type.

    Each weekly count becomes that many incidents on days drawn within the week, so summing the
    events by ward, week and type gives back the weekly table exactly. Admissions are spread over
    the days of their week the same way, for ``admissions_since_previous`` (g charts).
    """
    n_wards, weeks = admissions.shape
    names = sorted(EVENT_TYPES.values())
    code_of = {name: k for k, name in enumerate(names)}
    stacked = np.stack([counts[column] for column in EVENT_TYPES])  # (types, wards, weeks)
    type_codes = np.array([code_of[EVENT_TYPES[column]] for column in EVENT_TYPES])
    flat = stacked.ravel()
    index = np.repeat(np.arange(flat.size), flat)
    kind, ward, week = np.unravel_index(index, stacked.shape)
    day = 7 * week + rng.integers(0, 7, index.size)
    code = type_codes[kind]

    order = np.lexsort((day, code, ward))
    ward, code, day, week = ward[order], code[order], day[order], week[order]

    daily = rng.multinomial(admissions.ravel(), np.full(7, 1 / 7)).reshape(n_wards, weeks * 7)
    admitted = np.cumsum(daily, axis=1)[ward, day]

    same = np.zeros(index.size, dtype=bool)
    same[1:] = (ward[1:] == ward[:-1]) & (code[1:] == code[:-1])
    days_since = np.full(index.size, -1, dtype=np.int64)
    admissions_since = np.full(index.size, -1, dtype=np.int64)
    days_since[1:][same[1:]] = (day[1:] - day[:-1])[same[1:]]
    admissions_since[1:][same[1:]] = (admitted[1:] - admitted[:-1])[same[1:]]

    events = pd.DataFrame(
        {
            "event_id": identifiers("E", index.size, 6),
            "ward_id": ward_ids[ward],
            "event_type": np.array(names, dtype=object)[code],
            "date": pd.Timestamp(start_date) + pd.to_timedelta(day, unit="D"),
            "week": week + 1,
            "days_since_previous": pd.array(days_since, dtype="Int64"),
            "admissions_since_previous": pd.array(admissions_since, dtype="Int64"),
        }
    )
    for column in ("days_since_previous", "admissions_since_previous"):
        events[column] = events[column].mask(~same)
    return events
