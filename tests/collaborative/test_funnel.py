"""Funnel plot limits checked by hand (Spiegelhalter 2005 formulas)."""

from __future__ import annotations

import math
from fractions import Fraction
from math import comb

import pandas as pd
import pytest

from qikit import datasets
from qikit.collaborative import funnel as fn
from qikit.errors import DataError

Z95, Z998 = 1.959964, 3.090232


def four_wards() -> pd.DataFrame:
    # 100 patients each; target 0.5 so s = sqrt(0.25 / 100) = 0.05 and z = 2, -2, 1, -1.
    return pd.DataFrame(
        {"ward_id": ["A", "B", "C", "D"], "met": [60, 40, 55, 45], "patients": [100] * 4}
    )


def test_normal_quantiles():
    assert fn.z_for(0.95) == pytest.approx(Z95, abs=1e-6)
    assert fn.z_for(0.998) == pytest.approx(Z998, abs=1e-6)


def test_plain_proportion_limits_by_hand():
    result = fn.funnel(
        four_wards(), numerator="met", denominator="patients", kind="proportion", trim=0,
        method="normal",
    )  # fmt: skip
    assert result.target == pytest.approx(0.5)
    units = result.units.set_index("unit")
    assert units["z"].tolist() == pytest.approx([2, -2, 1, -1])
    assert units.loc["A", "upper_0.95"] == pytest.approx(0.5 + Z95 * 0.05, abs=1e-6)
    assert units.loc["A", "lower_0.998"] == pytest.approx(0.5 - Z998 * 0.05, abs=1e-6)
    # z = 2 is beyond 1.96 but inside 3.09
    assert units.loc["A", "position_95"] == "above" and units.loc["B", "position_95"] == "below"
    assert units.loc["A", "position_99.8"] == "within"
    assert result.outside(0.95) == ["A", "B"] and result.outside() == []


def twelve_wards() -> pd.DataFrame:
    # the four wards three times: z = 2, -2, 1, -1 three times each
    return pd.concat(
        [four_wards().assign(ward_id=lambda d, i=i: d["ward_id"] + str(i)) for i in range(3)]
    )


def test_overdispersion_by_hand_without_winsorising():
    # phi = 3 x (4 + 4 + 1 + 1) / 12 = 2.5
    # multiplicative: 0.5 +/- 1.96 x sqrt(2.5) x 0.05
    # additive: w = 400 each, sum w = 4800, sum w^2 / sum w = 400, tau^2 = (12 x 2.5 - 11) / 4400
    multiplicative = fn.funnel(
        twelve_wards(), numerator="met", denominator="patients", kind="proportion", trim=0,
        overdispersion="multiplicative",
    )  # fmt: skip
    assert multiplicative.phi == pytest.approx(2.5)
    upper = multiplicative.units["upper_0.95"].iloc[0]
    assert upper == pytest.approx(0.5 + Z95 * math.sqrt(2.5) * 0.05, abs=1e-6)
    assert "2.5 times more than chance" in multiplicative.note
    assert not {"phi", "tau", "sqrt", "="} & set(multiplicative.note.replace(".", " ").split())
    additive = fn.funnel(
        twelve_wards(), numerator="met", denominator="patients", kind="proportion", trim=0,
        overdispersion="additive",
    )  # fmt: skip
    assert additive.tau2 == pytest.approx(19 / 4400)
    upper = additive.units["upper_0.95"].iloc[0]
    assert upper == pytest.approx(0.5 + Z95 * math.sqrt(0.0025 + 19 / 4400), abs=1e-6)
    assert additive.outside(0.95) == []
    assert "spread between wards is added" in additive.note and "2.5 times" in additive.note
    assert not {"phi", "tau", "tau^2", "="} & set(additive.note.replace(".", " ").split())


def test_overdispersion_needs_ten_wards():
    few = fn.funnel(
        four_wards(), numerator="met", denominator="patients", kind="proportion", trim=0,
        overdispersion="additive",
    )  # fmt: skip
    assert few.overdispersion is None and few.tau2 == pytest.approx(7 / 1200)
    assert "at least 10 wards" in few.note and "there are 4" in few.note
    plain = fn.funnel(four_wards(), numerator="met", denominator="patients", kind="proportion")
    pd.testing.assert_frame_equal(few.units, plain.units)


def binomial_cdf_exact(n: int, p: Fraction, k: int) -> Fraction:
    return sum((comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1)), Fraction(0))


def poisson_cdf(mean: float, k: int) -> float:
    return sum(math.exp(-mean) * mean**i / math.factorial(i) for i in range(k + 1))


def interpolated(cdf, p: float) -> float:
    """Spiegelhalter (2005) appendix: r = smallest count with F(r) >= p, then interpolate."""
    r = 0
    while cdf(r) < p:
        r += 1
    before = cdf(r - 1) if r > 0 else 0.0
    return max(0.0, r - (cdf(r) - p) / (cdf(r) - before))  # a limit is never below 0


@pytest.mark.parametrize("n", [20, 57, 150])
def test_exact_binomial_limits_against_fractions(n):
    data = pd.DataFrame({"ward_id": list("ABC"), "met": [3, 9, 4], "patients": [n, 80, 40]})
    result = fn.funnel(
        data, numerator="met", denominator="patients", kind="proportion", target=0.08
    )
    row = result.units.set_index("unit").loc["A"]
    target = Fraction(8, 100)
    for level in (0.95, 0.998):
        tail = (1 - level) / 2

        def cdf(k, n=n):
            return float(binomial_cdf_exact(n, target, k))

        assert row[f"lower_{level:g}"] == pytest.approx(interpolated(cdf, tail) / n, abs=1e-9)
        assert row[f"upper_{level:g}"] == pytest.approx(interpolated(cdf, 1 - tail) / n, abs=1e-9)


def test_exact_poisson_limits_against_direct_sums_and_the_audit_case():
    # 7.0 expected events and none seen: P(0) = exp(-7) = 0.0009 < 0.001, so below the 99.8%
    # funnel, although the normal approximation calls it within.
    data = pd.DataFrame(
        {"ward_id": ["A", "B", "C"], "events": [0, 30, 12], "bed_days": [700, 2000, 1300]}
    )
    exact = fn.funnel(data, numerator="events", denominator="bed_days", target=0.01)
    normal = fn.funnel(
        data, numerator="events", denominator="bed_days", target=0.01, method="normal"
    )
    a = exact.units.set_index("unit").loc["A"]
    assert a["position_99.8"] == "below"
    assert normal.units.set_index("unit").loc["A", "position_99.8"] == "within"
    for level in (0.95, 0.998):
        tail = (1 - level) / 2
        low = interpolated(lambda k: poisson_cdf(7.0, k), tail) / 700
        high = interpolated(lambda k: poisson_cdf(7.0, k), 1 - tail) / 700
        assert a[f"lower_{level:g}"] == pytest.approx(low, rel=1e-9)
        assert a[f"upper_{level:g}"] == pytest.approx(high, rel=1e-9)
    # the exact 99.8% upper limit for rare events is above the normal one
    assert a["upper_0.998"] > normal.units.set_index("unit").loc["A", "upper_0.998"]
    assert "Exact Poisson limits" in exact.note and "Normal-approximation" in normal.note


def test_winsorising_pulls_in_the_extremes():
    # z sorted -2, -1, 1, 2: 10th and 90th centiles (linear) are -1.7 and 1.7
    # phi = (1.7^2 + 1.7^2 + 1 + 1) / 4 = 1.945
    result = fn.funnel(four_wards(), numerator="met", denominator="patients", kind="proportion")
    assert result.phi == pytest.approx(1.945)


def test_no_extra_spread_means_no_tau():
    data = pd.DataFrame({"ward_id": list("ABCD"), "met": [50, 51, 49, 50], "patients": [100] * 4})
    result = fn.funnel(
        data, numerator="met", denominator="patients", kind="proportion", overdispersion="additive"
    )
    assert result.tau2 == 0.0


def test_rate_limits_by_hand():
    # 10 per 1,000 bed days; a ward with 1,000 bed days: s = sqrt(0.01 / 1000) = 0.0031623
    data = pd.DataFrame(
        {"ward_id": ["A", "B", "C"], "events": [10, 20, 5], "bed_days": [1000, 2000, 500]}
    )
    result = fn.funnel(
        data, numerator="events", denominator="bed_days", multiply=1000, method="normal"
    )
    assert result.target == pytest.approx(10.0)
    a = result.units.set_index("unit").loc["A"]
    assert a["upper_0.95"] == pytest.approx(1000 * (0.01 + Z95 * math.sqrt(0.01 / 1000)), abs=1e-4)
    assert a["upper_0.95"] == pytest.approx(16.198, abs=1e-3)
    assert a["lower_0.95"] == pytest.approx(3.802, abs=1e-3)


def test_three_sigma_funnel_matches_the_p_chart_formula():
    # With z = 3 and a given target, funnel limits equal p chart limits p +/- 3 sqrt(p(1-p)/n).
    data = pd.DataFrame({"ward_id": list("ABC"), "met": [30, 45, 80], "patients": [40, 60, 100]})
    result = fn.funnel(
        data, numerator="met", denominator="patients", kind="proportion",
        levels=(0.9973002,), target=0.75, method="normal",
    )  # fmt: skip
    expected = [0.75 + 3 * math.sqrt(0.75 * 0.25 / n) for n in (40, 60, 100)]
    assert result.units["upper_0.9973"].tolist() == pytest.approx(expected, abs=1e-5)


def test_synthetic_wards_restraint_rates_show_overdispersion():
    weekly = datasets.load("weekly")
    plain = fn.funnel(
        weekly, numerator="restraint_episodes", denominator="occupied_bed_days", multiply=1000
    )
    adjusted = fn.funnel(
        weekly, numerator="restraint_episodes", denominator="occupied_bed_days", multiply=1000,
        overdispersion="additive",
    )  # fmt: skip
    assert len(plain.units) == 16
    assert plain.phi > 1 and adjusted.tau2 > 0  # the generator gives wards different rates
    assert len(adjusted.outside()) < len(plain.outside())
    assert (plain.curve["upper_0.998"].diff().dropna() <= 1e-12).all()  # narrows as n grows


@pytest.mark.parametrize(
    "change, words",
    [
        ({"kind": "count"}, "kind"),
        ({"overdispersion": "yes"}, "overdispersion"),
        ({"numerator": "deaths"}, "Column 'deaths'"),
        ({"trim": 0.6}, "trim"),
        ({"method": "poisson"}, "method"),
    ],
)
def test_plain_errors(change, words):
    options = dict(numerator="met", denominator="patients", kind="proportion") | change
    with pytest.raises(DataError, match=words):
        fn.funnel(four_wards(), **options)


def test_zero_denominator_and_too_few_wards():
    data = four_wards().assign(patients=[100, 0, 100, 100])
    with pytest.raises(DataError, match="denominator above 0"):
        fn.funnel(data, numerator="met", denominator="patients", kind="proportion")
    with pytest.raises(DataError, match="3 or more"):
        fn.funnel(four_wards().head(2), numerator="met", denominator="patients", kind="proportion")
