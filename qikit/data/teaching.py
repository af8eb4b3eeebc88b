"""Short teaching series with a known pattern, for exercises, live demos and the trainer.

``series("shift", n=24, seed=1, chart="u")`` returns a ``TeachingSeries``: the data and the
ground truth (pattern, the point where the effect starts, its size, and the signal the chart
should show). Series are drawn again, from the same seed, until the pattern is really visible
(or, for "stable", until no rule fires by chance), so the answer key is always right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qikit.data.visible import (
    centre_lines,
    crossings_limit,
    longest_trend,
    runs,
    runs_verdict,
    scores,
    two_of_three_beyond_two_sigma,
)
from qikit.errors import DataError

PATTERNS = ("stable", "shift", "trend", "outlier", "too_few_runs", "cyclic")
CHARTS = ("run", "i", "p", "u", "c", "g", "t")
SIGNALS = {
    # expected signal -> columns of qikit.spc's per-point result that should flag it
    "none": (),
    "shift": ("runs_signal", "shift_signal"),
    "trend": ("runs_signal", "trend_signal"),
    "outside_limits": ("sigma_signal",),
    "few_crossings": ("runs_signal",),
}
CYCLE_LENGTH = 8
START_DATE = "2024-04-01"
MAX_DRAWS = 2000


@dataclass(frozen=True)
class _Family:
    """How one chart type's data are made: columns, base level and pattern sizes."""

    x: str
    y: str
    n: str | None
    label: str
    unit: str  # unit of the effect size
    better: str  # "increase" or "decrease"
    sizes: dict  # pattern -> size (additive in the value's unit, or a ratio)
    additive: bool


FAMILIES = {
    "i": _Family(
        "week", "minutes_of_engagement", None,
        "minutes of one-to-one engagement per patient per day", "minutes", "increase",
        {"shift": 12.5, "trend": 20.0, "outlier": 30.0, "too_few_runs": 6.0, "cyclic": 8.0},
        additive=True,
    ),
    "p": _Family(
        "week", "news2_complete", "news2_due", "share of NEWS2 sets complete and on time",
        "percentage points", "increase",
        {"shift": 20.0, "trend": 30.0, "outlier": -35.0, "too_few_runs": 12.0, "cyclic": 14.0},
        additive=True,
    ),
    "u": _Family(
        "month", "restraint_episodes", "occupied_bed_days",
        "restraint episodes per occupied bed day", "rate ratio", "decrease",
        {"shift": 0.45, "trend": 0.35, "outlier": 3.5, "too_few_runs": 1.5, "cyclic": 1.6},
        additive=False,
    ),
    "c": _Family(
        "month", "violence_incidents", None, "violence incidents per month", "rate ratio",
        "decrease",
        {"shift": 0.45, "trend": 0.35, "outlier": 3.5, "too_few_runs": 1.5, "cyclic": 1.6},
        additive=False,
    ),
    "g": _Family(
        "fall", "admissions_between", None, "admissions between falls", "ratio of mean gap",
        "increase",
        {"shift": 4.0, "trend": 5.0, "outlier": 10.0, "too_few_runs": 3.0, "cyclic": 3.0},
        additive=False,
    ),
    "t": _Family(
        "incident", "days_between", None, "days between sexual-safety incidents",
        "ratio of mean gap", "increase",
        {"shift": 4.0, "trend": 5.0, "outlier": 10.0, "too_few_runs": 3.0, "cyclic": 3.0},
        additive=False,
    ),
}  # fmt: skip
FAMILIES["run"] = FAMILIES["i"]


@dataclass(frozen=True)
class TeachingSeries:
    """A teaching series and its ground truth.

    ``start`` is the 1-based position of the first point the effect touches (None for
    "stable"); ``size`` is the effect in ``size_unit`` (for cycles and clusters, the amplitude);
    ``expected_signal`` is one of "none", "shift", "trend", "outside_limits", "few_crossings".
    """

    data: pd.DataFrame
    pattern: str
    chart: str
    start: int | None
    size: float
    size_unit: str
    expected_signal: str
    description: str
    x: str
    y: str
    n: str | None
    improvement: str
    seed: int | None

    @property
    def signal_columns(self) -> tuple[str, ...]:
        """Columns of ``qikit.spc(...).points`` that should flag the expected signal."""
        return SIGNALS[self.expected_signal]

    def spc_arguments(self) -> dict:
        """Keyword arguments for ``qikit.spc(series.data, **series.spc_arguments())``."""
        arguments = {"x": self.x, "y": self.y, "chart": self.chart}
        if self.n:
            arguments["n"] = self.n
        return arguments


def _check(pattern: str, n: int, seed) -> None:
    if pattern not in PATTERNS:
        raise DataError(
            f"There is no teaching pattern called {pattern!r}. "
            f"Choose one of: {', '.join(PATTERNS)}."
        )
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 16 <= n <= 104:
        raise DataError(
            f"'n' (the number of points) must be a whole number from 16 to 104; found {n!r}. "
            "Run-chart rules need at least 10 useful points: 24 is a good size."
        )
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0
    ):
        raise DataError(
            f"'seed' must be a whole number of 0 or more, or None; found {seed!r}. "
            "Use the same seed to get the same series again."
        )


def _profile(pattern: str, n: int, start: int | None, rng: np.random.Generator) -> np.ndarray:
    """The effect at each point, from 0 (none) to 1 (the full size); -1..1 for waves."""
    k = np.arange(1, n + 1)
    if pattern == "shift":
        return (k >= start).astype(float)
    if pattern == "trend":
        return (k - 1) / (n - 1)
    if pattern == "outlier":
        return (k == start).astype(float)
    if pattern == "cyclic":
        return np.sin(2 * np.pi * (k - 1) / CYCLE_LENGTH)
    if pattern == "too_few_runs":
        lengths = rng.integers(4, 8, size=n)
        blocks = np.repeat(np.resize([1.0, -1.0], n), lengths)
        return blocks[:n] * rng.choice([-1.0, 1.0])
    return np.zeros(n)


def _draw(chart: str, family: _Family, effect: np.ndarray, rng: np.random.Generator):
    """Values (and denominators) for one draw, given the effect on the chart's parameter."""
    n = effect.size
    if chart in ("run", "i"):
        return np.round(40 + effect + rng.normal(0, 5, n), 1), None
    if chart == "p":
        due = 40 + rng.poisson(20, n)
        share = np.clip(0.65 + effect / 100, 0.02, 0.98)
        return rng.binomial(due, share), due
    if chart == "u":
        bed_days = np.rint(578 * rng.uniform(0.85, 1.05, n)).astype(np.int64)
        return rng.poisson(16 / 1000 * bed_days * effect), bed_days
    if chart == "c":
        return rng.poisson(10 * effect), None
    if chart == "g":
        return rng.geometric(1 / (20 * effect + 1)) - 1, None
    return np.round(rng.exponential(14 * effect), 1), None  # t


def _quiet(value: np.ndarray, z: np.ndarray, lines: list[float]) -> bool:
    """No signal under any rule set: Anhøj, IHI (shift of 6, trend of 5, too many or too few
    runs) and Making Data Count (outside the limits, 2 of 3 beyond 2 sigma)."""
    for centre in lines:
        longest, crossings, useful = runs(value, centre)
        fewest = crossings_limit(useful)
        if longest > 5 or not fewest <= crossings <= useful - 1 - fewest:
            return False
    return (
        bool((np.abs(z) < 2.8).all())
        and longest_trend(value) <= 4
        and not two_of_three_beyond_two_sigma(z)
    )


def _shows(pattern: str, chart: str, start, y, n) -> bool:
    """Whether a draw shows exactly the signal its ground truth promises."""
    value, z = scores(chart, y, n)
    lines = centre_lines(chart, value, y, n)
    if pattern == "stable":
        return _quiet(value, z, lines)
    verdicts = [runs_verdict(value, c) for c in lines]
    long_run = [v[0] for v in verdicts]
    few_crossings = [v[1] for v in verdicts]
    if pattern == "shift":
        return all(long_run)
    if pattern == "trend":
        return all(a or b for a, b in verdicts)
    if pattern == "outlier":
        others = np.delete(np.abs(z) < 2.8, start - 1)
        return abs(z[start - 1]) > 3.5 and others.all() and not any(long_run + few_crossings)
    return all(few_crossings) and not any(long_run)  # cyclic, too_few_runs


def series(pattern: str, n: int = 24, seed: int | None = 2016, chart: str = "run"):
    """A teaching series of ``n`` points (16 to 104) with a known pattern, for one chart type.

    ``pattern``: "stable", "shift", "trend", "outlier", "too_few_runs" or "cyclic".
    ``chart``: "run" or "i" (minutes of engagement), "p" (NEWS2 sets complete / due),
    "u" (restraint per occupied bed day, monthly), "c" (violence incidents per month),
    "g" (admissions between falls) or "t" (days between sexual-safety incidents).
    The same ``seed`` always gives the same series; ``seed=None`` gives a new one each time.
    """
    _check(pattern, n, seed)
    if chart not in CHARTS:
        raise DataError(
            f"There is no chart type {chart!r} for teaching series. "
            f"Choose one of: {', '.join(CHARTS)}."
        )
    family = FAMILIES[chart]
    rng = np.random.default_rng(seed)
    size = family.sizes.get(pattern, 0.0 if family.additive else 1.0)
    start = None
    if pattern == "shift":
        start = int(rng.integers(n // 3 + 1, n // 2 + 2))
    elif pattern == "outlier":
        start = int(rng.integers(n // 3 + 1, 2 * n // 3 + 1))
    elif pattern in ("trend", "cyclic", "too_few_runs"):
        start = 1
    for _ in range(MAX_DRAWS):
        profile = _profile(pattern, n, start, rng)
        effect = size * profile if family.additive else size**profile
        y, denominator = _draw(chart, family, effect, rng)
        if _shows(pattern, chart, start, y, denominator):
            break
    else:  # pragma: no cover - the sizes above make this practically impossible
        raise RuntimeError(f"Could not draw a clear {pattern} series for a {chart} chart.")

    expected = {
        "stable": "none",
        "shift": "shift",
        "trend": "trend",
        "outlier": "outside_limits" if chart != "run" else "none",
        "too_few_runs": "few_crossings",
        "cyclic": "few_crossings",
    }[pattern]
    data = _frame(chart, family, y, denominator)
    return TeachingSeries(
        data=data,
        pattern=pattern,
        chart=chart,
        start=start,
        size=float(size),
        size_unit=family.unit,
        expected_signal=expected,
        description=_describe(pattern, chart, family, start, size, n),
        x=family.x,
        y=family.y,
        n=family.n,
        improvement=family.better,
        seed=seed,
    )


def _frame(chart: str, family: _Family, y, denominator) -> pd.DataFrame:
    n = len(y)
    position = np.arange(1, n + 1)
    start = pd.Timestamp(START_DATE)
    if chart in ("run", "i", "p"):
        dates = start + pd.to_timedelta(7 * (position - 1), unit="D")
    elif chart in ("u", "c"):
        dates = pd.date_range(start, periods=n, freq="MS")
    elif chart == "g":  # about 0.6 admissions a day on a 20-bed ward with a 33-day stay
        dates = start + pd.to_timedelta(np.floor(np.cumsum(y + 1) / 0.6), unit="D")
    else:
        dates = start + pd.to_timedelta(np.floor(np.cumsum(y)), unit="D")
    frame = {family.x: position, "date": dates, family.y: y}
    if family.n:
        frame[family.n] = denominator
    return pd.DataFrame(frame)


def _describe(pattern, chart, family, start, size, n) -> str:
    where = {"week": "week", "month": "month", "fall": "fall", "incident": "incident"}[family.x]
    if family.additive:
        amount = f"{abs(size):g} {family.unit}"
        change = f"{'rose' if size > 0 else 'fell'} by {amount}"
    else:
        amount = f"{size:g} times"
        change = f"became {amount} the earlier level"
    if pattern == "stable":
        return f"Only common-cause variation in the {family.label}: no rule should fire."
    if pattern == "shift":
        return (
            f"From {where} {start} the {family.label} {change} and stayed there: "
            "expect an unusually long run on one side of the centre line."
        )
    if pattern == "trend":
        return (
            f"The {family.label} drift steadily over all {n} points (in all, {change}): "
            "expect long runs; a trend rule may or may not fire (it rarely does, as Anhøj "
            "and Olesen found)."
        )
    if pattern == "outlier":
        note = (
            " A run chart has no limits, so only an I chart of the same data shows it."
            if chart == "run"
            else ""
        )
        return (
            f"One unusual {where} ({where} {start}): the {family.label} {change} for that "
            f"point only. Expect a point outside the limits.{note}"
        )
    if pattern == "cyclic":
        return (
            f"The {family.label} rise and fall in a regular cycle every {CYCLE_LENGTH} "
            f"{where}s (amplitude {amount}): expect too few crossings of the centre line."
        )
    return (
        f"The {family.label} come in clusters of 4 to 7 points above and below the usual level "
        f"(by {amount}), e.g. two teams with different habits: expect too few crossings."
    )
