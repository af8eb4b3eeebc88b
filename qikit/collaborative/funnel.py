"""Funnel plots comparing wards on a rate or a proportion (Spiegelhalter 2005).

Each ward's value is compared with the collaborative's overall value (the *target*); the limits
narrow as the denominator grows, because bigger wards have less chance variation. A ward outside
the 99.8% limits differs by more than chance (Spiegelhalter, Stat Med 2005; 24:1185-1202).

Limits are exact by default (``method="exact"``): the p-th quantile ``r`` of the binomial
(proportion: n patients, chance ``target``) or Poisson (rate: ``target x exposure`` expected
events) distribution, interpolated as in Spiegelhalter's appendix so the funnel is smooth:
``alpha = (F(r) - p) / (F(r) - F(r - 1))``, limit ``(r - alpha) / n``. ``method="normal"`` gives
the normal approximation ``target +/- z x s``, ``s = sqrt(target (1 - target) / n)`` for a
proportion and ``s = sqrt(target / exposure)`` for a rate: it is too narrow for rare events
(a ward with no events can never be flagged low below about 9.5 expected events).

Over-dispersion (Spiegelhalter, Qual Saf Health Care 2005; 14:347-351): when wards differ more
than chance allows for reasons nobody can act on (case mix, recording), nearly every ward falls
outside plain limits. The z-scores are Winsorised (10% at each end by default), their mean
square ``phi`` is the over-dispersion factor, and either
- ``"multiplicative"``: limits ``target +/- z sqrt(phi) s`` (phi below 1 is taken as 1), or
- ``"additive"`` (random effects, DerSimonian-Laird): ``tau^2 = (I phi - (I - 1)) /
  (sum w - sum w^2 / sum w)`` with ``w = 1 / s^2``, limits ``target +/- z sqrt(s^2 + tau^2)``;
  ``tau^2`` is 0 when ``I phi <= I - 1`` (no more spread than chance).
Over-dispersed limits are built on the normal approximation, as in that paper. They are only
used with at least :data:`MINIMUM_UNITS_FOR_OVERDISPERSION` wards: from fewer, ``phi`` and
``tau^2`` are too unsteady to widen anyone's limits by, so the plain limits are kept and the
note says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from qikit.errors import DataError

#: The usual funnel limits: 95% (about 2 SD) and 99.8% (about 3 SD) [Spiegelhalter 2005].
LEVELS = (0.95, 0.998)
KINDS = ("proportion", "rate")
OVERDISPERSION = (None, "multiplicative", "additive")
METHODS = ("exact", "normal")
#: Fewest wards to estimate over-dispersion from (a kit choice: with 10 wards and 10% trimmed
#: at each end, one ward at each end is Winsorised).
MINIMUM_UNITS_FOR_OVERDISPERSION = 10


def z_for(level: float) -> float:
    """Two-sided normal quantile: 1.96 for 95%, 3.09 for 99.8%."""
    return NormalDist().inv_cdf(0.5 + level / 2)


@dataclass(frozen=True)
class Funnel:
    """A funnel plot's numbers.

    ``units``: one row per ward (numerator, denominator, value, z, where it sits).
    ``curve``: the limits at a range of denominators, for drawing. ``target``: the centre line.
    ``phi`` and ``tau2``: over-dispersion estimates (always computed, used only if chosen).
    """

    units: pd.DataFrame
    curve: pd.DataFrame
    target: float
    kind: str
    phi: float
    tau2: float
    overdispersion: str | None
    multiply: float
    method: str = "exact"
    note: str = ""

    def outside(self, level: float = 0.998) -> list[str]:
        """Wards beyond the limits at ``level`` (either side)."""
        column = _position_column(level)
        return self.units.loc[self.units[column] != "within", "unit"].tolist()


def _position_column(level: float) -> str:
    return f"position_{round(level * 1000) / 10:g}"


def _spread(kind: str, target: float, denominator: np.ndarray) -> np.ndarray:
    if kind == "proportion":
        return np.sqrt(target * (1 - target) / denominator)
    return np.sqrt(target / denominator)


def _binomial_cdf(trials: int, chance: float) -> np.ndarray:
    """P(X <= k) for k = 0..trials, X binomial: summed from log probabilities."""
    k = np.arange(1, trials + 1)
    steps = np.log((trials - k + 1) / k) + math.log(chance / (1 - chance))
    logs = np.concatenate([[trials * math.log1p(-chance)], steps]).cumsum()
    return np.minimum(np.cumsum(np.exp(logs)), 1.0)


def _poisson_cdf(mean: float, top: int) -> np.ndarray:
    """P(X <= k) for k = 0..top, X Poisson with this mean."""
    k = np.arange(1, top + 1)
    logs = np.concatenate([[-mean], np.log(mean / k)]).cumsum()
    return np.minimum(np.cumsum(np.exp(logs)), 1.0)


def exact_limit(kind: str, target: float, denominator: float, p: float) -> float:
    """The exact p-th limit for one denominator, interpolated (Spiegelhalter 2005, appendix).

    ``r`` is the smallest count with F(r) >= p; ``alpha = (F(r) - p) / (F(r) - F(r - 1))`` and
    the limit is ``(r - alpha) / denominator``. For a proportion the denominator is rounded to
    whole patients.
    """
    if kind == "proportion":
        trials = max(1, int(round(denominator)))
        cdf = _binomial_cdf(trials, target)
        size = trials
    else:
        mean = target * denominator
        cdf = _poisson_cdf(mean, int(math.ceil(mean + 12 * math.sqrt(mean) + 20)))
        size = denominator
    r = int(np.searchsorted(cdf, p, side="left"))
    r = min(r, len(cdf) - 1)
    before = cdf[r - 1] if r > 0 else 0.0
    step = cdf[r] - before
    alpha = (cdf[r] - p) / step if step > 0 else 0.0
    return max(r - alpha, 0.0) / size


def winsorise(z: np.ndarray, trim: float) -> np.ndarray:
    """Pull the most extreme ``trim`` share of z-scores at each end in to the centiles."""
    if trim <= 0:
        return z
    low, high = np.percentile(z, [100 * trim, 100 * (1 - trim)])
    return np.clip(z, low, high)


def dispersion(z: np.ndarray, weights: np.ndarray, trim: float) -> tuple[float, float]:
    """The over-dispersion factor ``phi`` and the between-ward variance ``tau^2``."""
    count = len(z)
    phi = float(np.mean(winsorise(z, trim) ** 2))
    excess = count * phi - (count - 1)
    spread = weights.sum() - (weights**2).sum() / weights.sum()
    tau2 = float(excess / spread) if excess > 0 and spread > 0 else 0.0
    return phi, tau2


def funnel(
    data: pd.DataFrame,
    *,
    numerator: str,
    denominator: str,
    unit: str = "ward_id",
    kind: str = "rate",
    target: float | None = None,
    overdispersion: str | None = None,
    trim: float = 0.1,
    multiply: float = 1.0,
    levels: tuple[float, ...] = LEVELS,
    method: str = "exact",
) -> Funnel:
    """Funnel plot limits for units (wards) on a rate or proportion.

    ``data`` has one row per unit (rows for the same unit are added up). ``target`` defaults to
    the overall value (sum of numerators / sum of denominators). ``multiply`` scales what is
    shown (1000 for rates per 1,000 occupied bed days, 100 for percentages). ``method`` is
    "exact" (binomial / Poisson, the default) or "normal" (the approximation). ``note`` on the
    result says in words which limits were drawn.
    """
    if method not in METHODS:
        raise DataError(
            f"method: expected 'exact' (binomial or Poisson limits) or 'normal' (the normal "
            f"approximation), found {method!r}."
        )
    if kind not in KINDS:
        raise DataError(
            f"kind: expected 'rate' (events per bed day) or 'proportion' (a share), found {kind!r}."
        )
    if overdispersion not in OVERDISPERSION:
        raise DataError(
            f"overdispersion: expected None, 'multiplicative' or 'additive', found "
            f"{overdispersion!r}. 'additive' is the usual choice (Spiegelhalter 2005)."
        )
    if not 0 <= trim < 0.5:
        raise DataError(
            f"trim: expected a share from 0 to below 0.5 (0.1 is usual), found {trim!r}."
        )
    for column in (unit, numerator, denominator):
        if column not in data.columns:
            raise DataError(
                f"Column '{column}' was not found. Expected columns for the ward, the count and "
                f"the denominator; found {', '.join(map(str, data.columns))}."
            )
    table = data.groupby(unit, sort=True, as_index=False)[[numerator, denominator]].sum()
    num = pd.to_numeric(table[numerator], errors="coerce").to_numpy(dtype=float)
    den = pd.to_numeric(table[denominator], errors="coerce").to_numpy(dtype=float)
    if np.isnan(num).any() or (num < 0).any():
        raise DataError(f"Column '{numerator}': expected counts of 0 or more for every ward.")
    if np.isnan(den).any() or (den <= 0).any():
        bad = table.loc[~(den > 0), unit].tolist()[:3]
        raise DataError(
            f"Column '{denominator}': every ward needs a denominator above 0; found none for "
            f"{', '.join(map(str, bad))}. Leave those wards out or add their data."
        )
    if kind == "proportion" and (num > den).any():
        raise DataError(
            f"Column '{numerator}': a count is larger than its denominator '{denominator}', "
            "which cannot be for a proportion. Check the two columns."
        )
    if len(table) < 3:
        raise DataError(
            f"A funnel plot compares several wards; found {len(table)}. Include 3 or more."
        )
    centre = float(num.sum() / den.sum()) if target is None else float(target)
    if not (0 < centre < 1 if kind == "proportion" else centre > 0):
        raise DataError(
            f"target: expected a value {'between 0 and 1' if kind == 'proportion' else 'above 0'}"
            f", found {centre!r}. A funnel needs a target that is not 0."
        )
    value = num / den
    s = _spread(kind, centre, den)
    z = (value - centre) / s
    phi, tau2 = dispersion(z, 1 / s**2, trim)

    applied = overdispersion
    if overdispersion and len(table) < MINIMUM_UNITS_FOR_OVERDISPERSION:
        applied = None
    note = _note(kind, method, overdispersion, applied, len(table), phi, tau2, multiply)

    def limits(
        denominators: np.ndarray, spread: np.ndarray, level: float
    ) -> tuple[np.ndarray, np.ndarray]:
        if applied == "multiplicative":
            half = z_for(level) * math.sqrt(max(phi, 1.0)) * spread
        elif applied == "additive":
            half = z_for(level) * np.sqrt(spread**2 + tau2)
        elif method == "normal":
            half = z_for(level) * spread
        else:
            tail = (1 - level) / 2
            low = np.array([exact_limit(kind, centre, d, tail) for d in denominators])
            high = np.array([exact_limit(kind, centre, d, 1 - tail) for d in denominators])
            return low, high
        low = np.maximum(centre - half, 0.0)
        high = centre + half if kind == "rate" else np.minimum(centre + half, 1.0)
        return low, high

    units = pd.DataFrame(
        {
            "unit": table[unit].astype(str),
            "numerator": num,
            "denominator": den,
            "value": value * multiply,
            "z": z,
        }
    )
    for level in levels:
        low, high = limits(den, s, level)
        units[f"lower_{level:g}"] = low * multiply
        units[f"upper_{level:g}"] = high * multiply
        units[_position_column(level)] = np.select(
            [value > high, value < low], ["above", "below"], "within"
        )
    grid = np.unique(np.concatenate([np.geomspace(den.min() * 0.8, den.max() * 1.2, 80), den]))
    if kind == "proportion":
        grid = np.unique(np.maximum(np.round(grid), 1.0))
    curve = pd.DataFrame({"denominator": grid})
    for level in levels:
        low, high = limits(grid, _spread(kind, centre, grid), level)
        curve[f"lower_{level:g}"] = low * multiply
        curve[f"upper_{level:g}"] = high * multiply
    return Funnel(units, curve, centre * multiply, kind, phi, tau2, applied, multiply, method, note)


def _note(kind, method, asked, applied, count, phi, tau2, multiply) -> str:
    """What the limits are, in words, for the chart."""
    family = "binomial" if kind == "proportion" else "Poisson"
    if applied is None:
        if method == "exact":
            words = (
                f"Exact {family} limits (Spiegelhalter 2005), interpolated between whole counts."
            )
        else:
            words = "Normal-approximation limits (too narrow when events are rare)."
        if asked:
            words += (
                f" Over-dispersion was not allowed for: it needs at least "
                f"{MINIMUM_UNITS_FOR_OVERDISPERSION} wards to estimate, and there are {count}."
            )
        return words
    times = f"{max(phi, 1.0):.1f}"
    if applied == "multiplicative":
        return (
            f"Over-dispersion allowed for (Spiegelhalter 2005): the wards differ {times} times "
            "more than chance alone would make them, so every limit is widened to match."
        )
    return (
        f"Over-dispersion allowed for (Spiegelhalter 2005): the wards differ {times} times more "
        "than chance alone would make them, so the spread between wards is added to each "
        "ward's own chance spread and the limits widen."
    )
