"""Centre lines and limits for every chart type, many series at once.

Each chart is a small calculator chosen from the table ``CALCULATORS``. A calculator receives a
:class:`ChartInput` (many series laid end to end, sorted by segment; a segment is one facet x part)
and returns a :class:`ChartLines` (plotted value, centre line and limits per point).

All arithmetic is vectorised over segments with ``np.bincount`` sums and index tricks: there is no
Python loop per series.

Sources: qicharts2 0.8.1 (Anhøj, R package), ``qic.*`` functions in ``R/helper.functions.R``;
Montgomery, *Introduction to Statistical Quality Control* (6th ed.) sections 6.2-6.4, 7.2-7.3;
Laney (2002), "Improved control charts for attributes", Quality Engineering 14(4);
NHSRplotthedots 0.2.2 ``ptd_spc_standard.R`` for the Making Data Count XmR limits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: d2 for moving ranges of two points (Montgomery, appendix VI).
D2 = 1.128
#: Upper limit of a moving range chart as a multiple of the average moving range (D4 for n = 2).
D4 = 3.267
#: Making Data Count process limit multiplier (3 / 1.128 rounded, NHSRplotthedots).
MDC_MULTIPLIER = 2.66
#: How Laney's sigma_z is estimated on p' and u' charts (``spc(laney_sigma=...)``).
LANEY_SIGMA_ESTIMATES = {
    "screened": "qicharts2's estimate: moving ranges of the z-scores of 3.267 times their mean "
    "or more are dropped once before averaging",
    "untrimmed": "Laney's original estimate (2002): the mean of every moving range of the "
    "z-scores / 1.128, none dropped",
}
#: Charts whose limits are widened by Laney's sigma_z.
LANEY_CHARTS = ("pp", "up")


# ---------------------------------------------------------------------------
# Per-segment arithmetic
# ---------------------------------------------------------------------------


def segment_sum(seg: np.ndarray, nseg: int, values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Sum of ``values`` over the points of each segment where ``mask`` is true."""
    if mask.all():
        return np.bincount(seg, weights=values, minlength=nseg)
    return np.bincount(seg[mask], weights=values[mask], minlength=nseg)


def segment_count(seg: np.ndarray, nseg: int, mask: np.ndarray) -> np.ndarray:
    """Number of points of each segment where ``mask`` is true."""
    if mask.all():
        return np.bincount(seg, minlength=nseg)
    return np.bincount(seg[mask], minlength=nseg)


def safe_divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / b, NaN where b is zero."""
    out = np.full(np.broadcast(a, b).shape, np.nan)
    np.divide(a, b, out=out, where=b != 0)
    return out


def segment_mean(seg: np.ndarray, nseg: int, values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of ``values`` over the masked points of each segment (NaN if there are none)."""
    return safe_divide(segment_sum(seg, nseg, values, mask), segment_count(seg, nseg, mask))


def segment_median(seg: np.ndarray, nseg: int, values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Median of ``values`` over the masked points of each segment, as R's ``median``."""
    idx = np.flatnonzero(mask)
    s, v = seg[idx], values[idx]
    order = np.lexsort((v, s))
    v = v[order]
    counts = np.bincount(s, minlength=nseg)
    starts = np.cumsum(counts) - counts
    out = np.full(nseg, np.nan)
    ok = counts > 0
    lo = starts[ok] + (counts[ok] - 1) // 2
    hi = starts[ok] + counts[ok] // 2
    out[ok] = (v[lo] + v[hi]) / 2
    return out


def moving_ranges(seg: np.ndarray, values: np.ndarray, mask: np.ndarray):
    """Absolute differences of consecutive masked points within a segment.

    Points outside ``mask`` are skipped, so one range spans the gap (qicharts2 takes
    ``abs(diff(y[base]))``). Returns the ranges and the segment of each.
    """
    idx = np.flatnonzero(mask)
    later, earlier = idx[1:], idx[:-1]
    same = seg[later] == seg[earlier]
    ranges = np.abs(values[later] - values[earlier])[same]
    return ranges, seg[later][same]


def average_moving_range(
    seg: np.ndarray, nseg: int, values: np.ndarray, mask: np.ndarray, screen: bool
) -> np.ndarray:
    """Average moving range per segment, optionally screened once for large ranges.

    Screening (Nelson 1982, as qicharts2 and NHSRplotthedots do it): ranges at or above
    3.267 x the average moving range are dropped once and the average recomputed.
    """
    ranges, rseg = moving_ranges(seg, values, mask)
    every = np.ones(ranges.shape[0], dtype=bool)
    amr = segment_mean(rseg, nseg, ranges, every)
    if screen:
        keep = ranges < D4 * amr[rseg]
        amr = segment_mean(rseg, nseg, ranges, keep)
    return amr


# ---------------------------------------------------------------------------
# Inputs and outputs of a calculator
# ---------------------------------------------------------------------------


@dataclass
class ChartInput:
    """Many series laid end to end, one row per point (after combining rows sharing an x).

    ``value`` is the summed numerator when a denominator is given, otherwise the mean of the rows;
    ``size`` the number of rows combined (the subgroup size for xbar / s charts); ``sd`` their
    standard deviation; ``base`` marks the points used for centre lines and limits.
    """

    seg: np.ndarray
    nseg: int
    value: np.ndarray
    denominator: np.ndarray
    size: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    base: np.ndarray
    screen: bool = True
    mdc: bool = False
    #: Laney sigma_z estimate on p' / u' charts: "screened" (qicharts2) or "untrimmed" (Laney 2002).
    laney_sigma: str = "screened"

    @property
    def has_denominator(self) -> bool:
        return not np.all(np.isnan(self.denominator))

    @property
    def ratio(self) -> np.ndarray:
        """Plotted value before any multiplier: numerator / denominator, or the value itself."""
        if self.has_denominator:
            return self.value / self.denominator
        return self.value


@dataclass
class ChartLines:
    """Plotted value, centre line and limits per point."""

    y: np.ndarray
    cl: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    #: Laney's sigma_z of each segment (p' and u' charts only).
    sigma_z: np.ndarray | None = None


def _nan(n: int) -> np.ndarray:
    return np.full(n, np.nan)


# ---------------------------------------------------------------------------
# Calculators, one per chart type
# ---------------------------------------------------------------------------


def run_chart(d: ChartInput) -> ChartLines:
    """Run chart: the centre line is the median of the baseline points (qicharts2 ``qic.run``)."""
    y = d.ratio
    cl = segment_median(d.seg, d.nseg, y, d.base)[d.seg]
    return ChartLines(y, cl, _nan(y.size), _nan(y.size))


def i_chart(d: ChartInput) -> ChartLines:
    """Individuals (XmR) chart.

    CL = mean of the baseline points; sigma = average moving range / 1.128 (Montgomery 6.33),
    limits CL +/- 3 sigma (qicharts2 ``qic.i``). Under Making Data Count the limits are
    mean +/- 2.66 x average moving range, never clipped (NHSRplotthedots ``ptd_spc_standard``).
    """
    y = d.ratio
    cl = segment_mean(d.seg, d.nseg, y, d.base)
    amr = average_moving_range(d.seg, d.nseg, y, d.base, d.screen)
    if d.mdc:
        half_width = MDC_MULTIPLIER * amr
    else:
        half_width = 3 * (amr / D2)
    return ChartLines(y, cl[d.seg], (cl - half_width)[d.seg], (cl + half_width)[d.seg])


def mr_chart(d: ChartInput) -> ChartLines:
    """Moving range chart: CL = mean moving range (never screened), UCL = 3.267 x CL, LCL = 0.

    The first point of each part has no range (qicharts2 ``qic.mr``).
    """
    v = d.ratio
    y = _nan(v.size)
    same = d.seg[1:] == d.seg[:-1]
    y[1:] = np.where(same, np.abs(np.diff(v)), np.nan)
    cl = segment_mean(d.seg, d.nseg, y, d.base & ~np.isnan(y))[d.seg]
    return ChartLines(y, cl, np.zeros(v.size), D4 * cl)


def c4(n: np.ndarray) -> np.ndarray:
    """Bias correction c4 for the standard deviation of n values, from the gamma function."""
    n = np.asarray(n, dtype=float)
    out = _nan(n.size)
    ok = n > 1
    lg = np.array([math.lgamma(k / 2) - math.lgamma((k - 1) / 2) for k in n[ok]])
    out[ok] = np.sqrt(2 / (n[ok] - 1)) * np.exp(lg)
    return out


def _subgroup_sd(d: ChartInput) -> np.ndarray:
    """Per-segment standard deviation estimate: mean of subgroup SDs when every subgroup of the
    segment has the same size, the pooled SD otherwise (qicharts2 ``qic.xbar`` / ``qic.s``)."""
    base = d.base & ~np.isnan(d.sd)
    mean_sd = segment_mean(d.seg, d.nseg, d.sd, base)
    df = d.size - 1.0
    pooled = np.sqrt(
        safe_divide(
            segment_sum(d.seg, d.nseg, d.sd**2 * df, base), segment_sum(d.seg, d.nseg, df, base)
        )
    )
    smin = np.full(d.nseg, np.inf)
    smax = np.full(d.nseg, -np.inf)
    np.minimum.at(smin, d.seg, d.size)
    np.maximum.at(smax, d.seg, d.size)
    return np.where(smin == smax, mean_sd, pooled)


def xbar_chart(d: ChartInput) -> ChartLines:
    """Xbar chart: CL = grand mean; limits CL +/- A3 x S, A3 = 3 / (c4 sqrt(n))."""
    y = d.mean
    total = segment_sum(d.seg, d.nseg, d.mean * d.size, d.base)
    cl = safe_divide(total, segment_sum(d.seg, d.nseg, d.size.astype(float), d.base))[d.seg]
    s = _subgroup_sd(d)[d.seg]
    a3 = 3 / (c4(d.size) * np.sqrt(d.size))
    return ChartLines(y, cl, cl - a3 * s, cl + a3 * s)


def s_chart(d: ChartInput) -> ChartLines:
    """S chart: CL = S; LCL = B3 S, UCL = B4 S with B3 = max(0, 1 - 3 c5 / c4),
    B4 = 1 + 3 c5 / c4, c5 = sqrt(1 - c4^2) (Montgomery 6.4)."""
    cl = _subgroup_sd(d)[d.seg]
    k = c4(d.size)
    c5 = np.sqrt(1 - k**2)
    b3 = np.maximum(0, 1 - 3 * c5 / k)
    b4 = 1 + 3 * c5 / k
    return ChartLines(d.sd.copy(), cl, b3 * cl, b4 * cl)


def _pooled_rate(d: ChartInput) -> np.ndarray:
    return safe_divide(
        segment_sum(d.seg, d.nseg, d.value, d.base),
        segment_sum(d.seg, d.nseg, d.denominator, d.base),
    )[d.seg]


def laney_sigma_z(d: ChartInput, y: np.ndarray, cl: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Laney's sigma_z of each segment: the moving-range sigma of z_i = (y_i - CL) / sigma_i.

    Laney (2002): sigma_z = mean |z_i - z_(i-1)| / 1.128, over the baseline points. With
    ``d.laney_sigma == "screened"`` (the default, as qicharts2 ``qic.pp`` / ``qic.up`` with
    ``qic.screenedmr = TRUE``) moving ranges of 3.267 x their mean or more are dropped once first;
    "untrimmed" keeps every range, as Laney defines it. Not floored at 1.
    """
    z = (y - cl) / sigma
    screen = d.laney_sigma == "screened"
    return average_moving_range(d.seg, d.nseg, z, d.base, screen) / D2


def p_chart(d: ChartInput) -> ChartLines:
    """P chart: CL = sum(numerators) / sum(denominators); limits CL +/- 3 sqrt(CL(1-CL)/n_i),
    clipped to [0, 1]."""
    y = d.ratio
    cl = _pooled_rate(d)
    sigma = np.sqrt(cl * (1 - cl) / d.denominator)
    return ChartLines(y, cl, np.maximum(cl - 3 * sigma, 0), np.minimum(cl + 3 * sigma, 1))


def pp_chart(d: ChartInput) -> ChartLines:
    """Laney P' chart: P chart limits widened by sigma_z (not floored at 1), clipped to [0, 1].

    Limits CL +/- 3 sigma_i sigma_z (Laney 2002; qicharts2 ``qic.pp``); see ``laney_sigma_z``."""
    y = d.ratio
    cl = _pooled_rate(d)
    sigma = np.sqrt(cl * (1 - cl) / d.denominator)
    sigma_z = laney_sigma_z(d, y, cl, sigma)
    sigma = sigma * sigma_z[d.seg]
    return ChartLines(
        y, cl, np.maximum(cl - 3 * sigma, 0), np.minimum(cl + 3 * sigma, 1), sigma_z=sigma_z
    )


def u_chart(d: ChartInput) -> ChartLines:
    """U chart: CL = sum(counts) / sum(exposure); limits CL +/- 3 sqrt(CL / n_i), LCL >= 0."""
    y = d.ratio
    cl = _pooled_rate(d)
    sigma = np.sqrt(cl / d.denominator)
    return ChartLines(y, cl, np.maximum(cl - 3 * sigma, 0), cl + 3 * sigma)


def up_chart(d: ChartInput) -> ChartLines:
    """Laney U' chart: U chart limits widened by sigma_z, LCL >= 0 (Laney 2002; qicharts2
    ``qic.up``); see ``laney_sigma_z``."""
    y = d.ratio
    cl = _pooled_rate(d)
    sigma = np.sqrt(cl / d.denominator)
    sigma_z = laney_sigma_z(d, y, cl, sigma)
    sigma = sigma * sigma_z[d.seg]
    return ChartLines(y, cl, np.maximum(cl - 3 * sigma, 0), cl + 3 * sigma, sigma_z=sigma_z)


def c_chart(d: ChartInput) -> ChartLines:
    """C chart: CL = mean count; limits CL +/- 3 sqrt(CL), LCL >= 0."""
    y = d.ratio
    cl = segment_mean(d.seg, d.nseg, y, d.base)[d.seg]
    sigma = np.sqrt(cl)
    return ChartLines(y, cl, np.maximum(cl - 3 * sigma, 0), cl + 3 * sigma)


def g_chart(d: ChartInput) -> ChartLines:
    """G chart (opportunities between events): limits from the mean m, m +/- 3 sqrt(m (m + 1))
    (Montgomery p. 319), LCL >= 0; the plotted CL is the median, as qicharts2 draws it."""
    y = d.ratio
    m = segment_mean(d.seg, d.nseg, y, d.base)[d.seg]
    sigma = np.sqrt(m * (m + 1))
    cl = segment_median(d.seg, d.nseg, y, d.base)[d.seg]
    return ChartLines(y, cl, np.maximum(m - 3 * sigma, 0), m + 3 * sigma)


def t_chart(d: ChartInput) -> ChartLines:
    """T chart (time between events): an I chart of y^(1/3.6), lines raised back to the power 3.6
    (Nelson 1994, as qicharts2 ``qic.t``); LCL >= 0."""
    y = d.ratio
    transformed = ChartInput(
        seg=d.seg,
        nseg=d.nseg,
        value=y ** (1 / 3.6),
        denominator=_nan(y.size),
        size=d.size,
        mean=d.mean,
        sd=d.sd,
        base=d.base,
        screen=d.screen,
        mdc=d.mdc,
    )
    lines = i_chart(transformed)
    lcl = np.where(lines.lcl < 0, 0.0, lines.lcl) ** 3.6
    return ChartLines(y, lines.cl**3.6, lcl, lines.ucl**3.6)


#: Chart name -> (calculator, plain-English name, has limits).
CALCULATORS = {
    "run": (run_chart, "run chart", False),
    "i": (i_chart, "I chart (individual values)", True),
    "mr": (mr_chart, "moving range chart", True),
    "xbar": (xbar_chart, "Xbar chart (subgroup averages)", True),
    "s": (s_chart, "S chart (subgroup standard deviations)", True),
    "p": (p_chart, "P chart (proportions)", True),
    "pp": (pp_chart, "Laney P' chart (proportions, large denominators)", True),
    "u": (u_chart, "U chart (rates)", True),
    "up": (up_chart, "Laney U' chart (rates, large denominators)", True),
    "c": (c_chart, "C chart (counts)", True),
    "g": (g_chart, "G chart (cases between events)", True),
    "t": (t_chart, "T chart (time between events)", True),
}

#: Charts whose rows sharing an x are a subgroup rather than repeats to combine.
SUBGROUP_CHARTS = ("xbar", "s")
#: Charts that need a denominator column.
DENOMINATOR_CHARTS = ("p", "pp", "u", "up")
#: Charts whose values are counts and so cannot be negative.
COUNT_CHARTS = ("p", "pp", "u", "up", "c", "g", "t")
