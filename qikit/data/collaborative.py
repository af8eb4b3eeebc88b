"""A synthetic improvement collaborative of mental-health wards, with known ground truth.

``generate_collaborative`` builds every table from one seed with numpy's PCG64 generator, so the
same seed gives the same numbers on every machine. The work is done on arrays of wards x weeks;
nothing loops over ward-weeks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from qikit.data import parameters as p
from qikit.data.bundle import bundle_audit_table
from qikit.data.change_package import CHANGE_PACKAGE, MEASURES
from qikit.data.events import events_table
from qikit.data.names import MAX_WARDS_PER_TRUST, trust_name, ward_name
from qikit.data.pdsa import pdsa_table
from qikit.data.schema import TABLES
from qikit.data.score import score_survey_table
from qikit.data.writing import write_collaborative
from qikit.errors import DataError

DEFAULT_SEED = 2016
RATE_COLUMNS = tuple(p.RATES)
PROPORTION_COLUMNS = tuple(p.PROPORTIONS)
HIGHEST_SHARE = 0.97


@dataclass
class Collaborative:
    """The tables of one synthetic collaborative. All data are synthetic: no real patients."""

    wards: pd.DataFrame
    weekly: pd.DataFrame
    events: pd.DataFrame
    changes: pd.DataFrame
    pdsa: pd.DataFrame
    score_survey: pd.DataFrame
    bundle_audit: pd.DataFrame
    settings: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in a fixed order."""
        return {name: getattr(self, name) for name in TABLES}

    def write(self, directory: str | Path) -> list[Path]:
        """Write the CSV files, ``datapackage.json`` and ``README.md`` into ``directory``."""
        return write_collaborative(self, directory)


def _whole_number(name: str, value, lowest: int, highest: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise DataError(
            f"'{name}' must be a whole number from {lowest} to {highest}; "
            f"found {value!r}. Give a whole number such as {lowest}."
        )
    if not lowest <= value <= highest:
        raise DataError(
            f"'{name}' must be from {lowest} to {highest}; found {value}. "
            "Choose a number in that range."
        )
    return int(value)


def _start_date(start) -> dt.date:
    try:
        return pd.Timestamp(start).date()
    except (ValueError, TypeError):
        raise DataError(
            f"'start' must be a date such as '2024-04-01'; found {start!r}. "
            "Write the date as year-month-day."
        ) from None


def generate_collaborative(
    seed: int = DEFAULT_SEED,
    trusts: int = 4,
    wards_per_trust: int = 4,
    weeks: int = 104,
    start: str = "2024-04-01",
) -> Collaborative:
    """Generate a synthetic collaborative: wards in several trusts testing changes over time.

    Every number comes from ``np.random.default_rng(seed)``; the parameters and their sources are
    in ``qikit.data.parameters``. The ``changes`` table is the ground truth: which ward tested
    which change from which week, and how much it really moved each measure.
    """
    seed = _whole_number("seed", seed, 0, 2**63 - 1)
    trusts = _whole_number("trusts", trusts, 1, 500)
    wards_per_trust = _whole_number("wards_per_trust", wards_per_trust, 1, MAX_WARDS_PER_TRUST)
    weeks = _whole_number("weeks", weeks, 30, 1040)
    start_date = _start_date(start)
    rng = np.random.default_rng(seed)

    wards = _wards(rng, trusts, wards_per_trust)
    n_wards = len(wards)
    ward_types = wards["ward_type"].to_numpy()
    type_multiplier = np.array([p.TYPE_MULTIPLIER[t] for t in ward_types])
    older_adult = ward_types == "older adult"

    # Denominators: occupied bed days from beds x 7 x occupancy, wandering week to week.
    noise = rng.normal(0.0, 2 * p.OCCUPANCY_WEEKLY_SD, (n_wards, weeks + 3))
    csum = np.cumsum(np.pad(noise, ((0, 0), (1, 0))), axis=1)
    smooth = (csum[:, 4:] - csum[:, :-4]) / 4
    occupancy = np.clip(wards["mean_occupancy"].to_numpy()[:, None] + smooth, 0.6, 1.0)
    beds = wards["beds"].to_numpy()
    bed_days = np.rint(beds[:, None] * 7 * occupancy).astype(np.int64)
    los = np.array([p.LENGTH_OF_STAY[t].value for t in ward_types], dtype=float)
    admissions = rng.poisson(bed_days / los[:, None])

    # Between-ward differences in incident rates (gamma, mean 1).
    shape = p.WARD_EFFECT_SHAPE.value
    ward_effect = rng.gamma(shape, 1 / shape, (n_wards, len(RATE_COLUMNS)))
    base_rates = {}
    for j, column in enumerate(RATE_COLUMNS):
        multiplier = np.ones(n_wards) if column == "falls" else type_multiplier
        base_rates[column] = p.RATES[column].value / 1000 * multiplier * ward_effect[:, j]
    for i, stream in enumerate(wards["work_stream"]):
        idea = CHANGE_PACKAGE[stream]
        for column in idea.outcomes + idea.balancing:
            if column in base_rates:
                base_rates[column][i] *= p.STREAM_FOCUS.value
    proportion_offset = rng.normal(0.0, 0.05, (n_wards, len(PROPORTION_COLUMNS)))

    base_shares = {
        column: p.PROPORTIONS[column].value + proportion_offset[:, j]
        for j, column in enumerate(PROPORTION_COLUMNS)
    }
    changes = _changes(
        rng, wards, weeks, start_date, base_rates, base_shares, bed_days.mean(axis=1)
    )
    multiply, add = _effects(changes, wards["ward_id"].tolist(), weeks)

    counts: dict[str, np.ndarray] = {}
    for column in RATE_COLUMNS:
        k = p.GAMMA_SHAPE[column]
        mean = base_rates[column][:, None] * bed_days * multiply.get(column, 1.0)
        counts[column] = rng.poisson(mean * rng.gamma(k, 1 / k, (n_wards, weeks)))
    counts["prone_restraints"] = rng.binomial(counts["restraint_episodes"], p.PRONE_SHARE.value)

    shifts = np.full((n_wards, weeks), 7 * int(p.SHIFTS_PER_DAY.value))
    news2_rate = np.array([p.NEWS2_SETS_PER_BED_DAY[t] for t in ward_types])
    denominators = {
        "huddles_held": shifts,
        "observations_on_time": rng.poisson(bed_days * p.OBSERVATIONS_AUDITED_PER_BED_DAY.value),
        "news2_complete": rng.poisson(bed_days * news2_rate[:, None]),
        "patients_feeling_safe": rng.binomial(
            np.rint(bed_days / 7).astype(np.int64), p.SURVEY_SHARE.value
        ),
    }
    concentration = p.BETA_CONCENTRATION.value
    for column in PROPORTION_COLUMNS:
        share = base_shares[column][:, None] + add.get(column, 0.0)
        share = np.clip(share, 0.02, 0.98)
        weekly_share = rng.beta(share * concentration, (1 - share) * concentration)
        counts[column] = rng.binomial(denominators[column], weekly_share)

    ward_ids = wards["ward_id"].to_numpy()
    week_numbers = np.arange(1, weeks + 1)
    week_starts = pd.Timestamp(start_date) + pd.to_timedelta(7 * (week_numbers - 1), unit="D")
    weekly = pd.DataFrame(
        {
            "ward_id": np.repeat(ward_ids, weeks),
            "week": np.tile(week_numbers, n_wards),
            "week_start": np.tile(week_starts.to_numpy(), n_wards),
            "occupied_bed_days": bed_days.ravel(),
            "admissions": admissions.ravel(),
            "violence_incidents": counts["violence_incidents"].ravel(),
            "restraint_episodes": counts["restraint_episodes"].ravel(),
            "prone_restraints": counts["prone_restraints"].ravel(),
            "seclusion_episodes": counts["seclusion_episodes"].ravel(),
            "rapid_tranquillisation": counts["rapid_tranquillisation"].ravel(),
            "self_harm_incidents": counts["self_harm_incidents"].ravel(),
            "sexual_safety_incidents": counts["sexual_safety_incidents"].ravel(),
            "falls": pd.array(
                np.where(older_adult[:, None], counts["falls"], -1).ravel(), dtype="Int64"
            ),
            "huddles_held": counts["huddles_held"].ravel(),
            "shifts": shifts.ravel(),
            "observations_on_time": counts["observations_on_time"].ravel(),
            "observations_due": denominators["observations_on_time"].ravel(),
            "news2_complete": counts["news2_complete"].ravel(),
            "news2_due": denominators["news2_complete"].ravel(),
            "patients_feeling_safe": counts["patients_feeling_safe"].ravel(),
            "patients_surveyed": denominators["patients_feeling_safe"].ravel(),
        }
    )
    # Falls are recorded on older-adult wards only; elsewhere the value is missing.
    weekly["falls"] = weekly["falls"].mask(weekly["falls"] < 0)

    event_counts = {c: counts[c] for c in RATE_COLUMNS}
    event_counts["falls"] = np.where(older_adult[:, None], counts["falls"], 0)
    events = events_table(rng, ward_ids, start_date, event_counts, admissions)
    pdsa = pdsa_table(changes, weekly, start_date)
    score_survey = score_survey_table(rng, wards, changes, weeks)
    bundle_audit = bundle_audit_table(rng, ward_ids, admissions, start_date)

    settings = {
        "seed": seed,
        "trusts": trusts,
        "wards_per_trust": wards_per_trust,
        "weeks": weeks,
        "start": start_date.isoformat(),
    }
    wards["mean_occupancy"] = wards["mean_occupancy"].round(3)
    frames = {
        "wards": wards,
        "weekly": weekly,
        "events": events,
        "changes": changes,
        "pdsa": pdsa,
        "score_survey": score_survey,
        "bundle_audit": bundle_audit,
    }
    return Collaborative(
        **{name: _in_order(name, frame) for name, frame in frames.items()}, settings=settings
    )


def _in_order(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Columns in dictionary order and rows sorted by the key, as in the CSV files."""
    table = TABLES[name]
    frame = frame[table.column_names].sort_values(list(table.primary_key), kind="stable")
    return frame.reset_index(drop=True)


def _wards(rng: np.random.Generator, trusts: int, wards_per_trust: int) -> pd.DataFrame:
    """One row per ward: trust, name, type, beds, work stream, mean occupancy."""
    n_wards = trusts * wards_per_trust
    width = max(2, len(str(n_wards)))
    ward_types = [p.WARD_TYPE_CYCLE[i % len(p.WARD_TYPE_CYCLE)] for i in range(n_wards)]
    taken = dict.fromkeys(p.WARD_TYPES, 0)
    streams = []
    for ward_type in ward_types:
        options = p.STREAMS_BY_WARD_TYPE[ward_type]
        streams.append(options[taken[ward_type] % len(options)])
        taken[ward_type] += 1
    low = np.array([p.BEDS[t].low for t in ward_types], dtype=np.int64)
    high = np.array([p.BEDS[t].high for t in ward_types], dtype=np.int64)
    beds = rng.integers(low, high + 1)
    occupancy = rng.uniform(p.OCCUPANCY.low, p.OCCUPANCY.high, n_wards)
    return pd.DataFrame(
        {
            "ward_id": [f"W{i + 1:0{width}d}" for i in range(n_wards)],
            "ward": [ward_name(i // wards_per_trust, i % wards_per_trust) for i in range(n_wards)],
            "trust": [trust_name(i // wards_per_trust) for i in range(n_wards)],
            "ward_type": ward_types,
            "beds": beds,
            "work_stream": streams,
            "mean_occupancy": occupancy,
        }
    )


def _changes(
    rng: np.random.Generator,
    wards: pd.DataFrame,
    weeks: int,
    start_date: dt.date,
    base_rates: dict[str, np.ndarray],
    base_shares: dict[str, np.ndarray],
    mean_bed_days: np.ndarray,
) -> pd.DataFrame:
    """The ground truth: one row per ward change and measure, with the true effect."""
    n_wards = len(wards)
    streams = wards["work_stream"].tolist()
    lo = round(p.START_FRACTION.low * weeks)
    hi = round(p.START_FRACTION.high * weeks)
    start_week = rng.integers(lo, hi + 1, n_wards)
    ramp = rng.integers(int(p.RAMP_WEEKS.low), int(p.RAMP_WEEKS.high) + 1, n_wards)
    rate_ratio = rng.uniform(p.OUTCOME_RATE_RATIO.low, p.OUTCOME_RATE_RATIO.high, (n_wards, 3))
    process_gain = rng.uniform(p.PROCESS_CHANGE.low, p.PROCESS_CHANGE.high, (n_wards, 3))
    worse_ratio = rng.uniform(p.BALANCING_RATE_RATIO.low, p.BALANCING_RATE_RATIO.high)

    restrictive = [i for i, s in enumerate(streams) if s == "reducing restrictive practice"]
    balancing_ward = restrictive[0] if restrictive else None
    candidates = np.array([i for i in range(n_wards) if i != balancing_ward])
    n_no_effect = round(p.NO_EFFECT_SHARE.value * n_wards) if n_wards >= 4 else 0
    no_effect = set(rng.choice(candidates, size=n_no_effect, replace=False).tolist())

    rows = []
    for i in range(n_wards):
        idea = CHANGE_PACKAGE[streams[i]]
        works = i not in no_effect
        roles = (
            [(m, "outcome") for m in idea.outcomes]
            + [(m, "process") for m in idea.processes]
            + [(m, "balancing") for m in idea.balancing]
        )
        for k, (column, role) in enumerate(roles):
            measure = MEASURES[column]
            if measure.chart == "u":
                effect_type = "rate ratio"
                if role == "balancing":
                    size = worse_ratio if i == balancing_ward else 1.0
                else:
                    size = rate_ratio[i, k] if works else 1.0
                has_effect = size != 1.0
                events_in_4_weeks = 4 * base_rates[column][i] * mean_bed_days[i]
                change = abs(1 - size) * np.sqrt(events_in_4_weeks)
                visible = change >= p.DETECTABLE_CHANGE.value
                better = size < 1.0
            else:
                effect_type = "percentage points"
                # A share cannot pass 100%: the gain is capped at what the ward had left.
                room = max(0.0, HIGHEST_SHARE - base_shares[column][i])
                size = 100 * min(process_gain[i, k], room) if works else 0.0
                has_effect = size != 0.0
                visible = True
                better = size > 0
            signal = "none"
            if has_effect and visible:
                signal = "improvement" if better else "concern"
            rows.append(
                {
                    "change_id": f"C{i + 1:0{max(2, len(str(n_wards)))}d}",
                    "ward_id": wards["ward_id"].iat[i],
                    "work_stream": streams[i],
                    "change_idea": idea.idea,
                    "start_week": int(start_week[i]),
                    "start_date": start_date + dt.timedelta(weeks=int(start_week[i]) - 1),
                    "ramp_weeks": int(ramp[i]),
                    "measure": column,
                    "denominator": measure.denominator,
                    "chart": measure.chart,
                    "measure_role": role,
                    "improvement_direction": measure.improvement,
                    "effect_type": effect_type,
                    "effect_size": round(float(size), 3),
                    "has_effect": has_effect,
                    "expected_signal": signal,
                }
            )
    changes = pd.DataFrame(rows)
    changes["start_date"] = pd.to_datetime(changes["start_date"])
    return changes


def _effects(
    changes: pd.DataFrame, ward_ids: list[str], weeks: int
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Rate multipliers and added shares for every ward-week, from the ground truth.

    An effect starts in its start week and grows in a straight line to its full size over the
    ramp weeks, as a PDSA ramp moves from small tests to whole-ward use.
    """
    position = {w: i for i, w in enumerate(ward_ids)}
    week = np.arange(1, weeks + 1)
    multiply: dict[str, np.ndarray] = {}
    add: dict[str, np.ndarray] = {}
    for row in changes.itertuples(index=False):
        if not row.has_effect:
            continue
        fraction = np.clip((week - row.start_week + 1) / row.ramp_weeks, 0.0, 1.0)
        i = position[row.ward_id]
        if row.effect_type == "rate ratio":
            target = multiply.setdefault(row.measure, np.ones((len(ward_ids), weeks)))
            target[i] *= 1 + (row.effect_size - 1) * fraction
        else:
            target = add.setdefault(row.measure, np.zeros((len(ward_ids), weeks)))
            target[i] += row.effect_size / 100 * fraction
    return multiply, add
