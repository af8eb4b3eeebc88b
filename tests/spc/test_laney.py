"""Laney p' and u' charts: qicharts2's screened sigma_z by default, Laney's untrimmed as a setting.

The untrimmed limits are checked against an independent numpy computation written from Laney's
definition (Laney 2002, "Improved control charts for attributes", Quality Engineering 14(4)):
z_i = (p_i - p) / sigma_i, sigma_z = mean |z_i - z_(i-1)| / 1.128 with no range dropped, limits
p +/- 3 sigma_i sigma_z. The default is checked against qicharts2's own output in
../shared/reference.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest
from reference_cases import REFERENCE, load_cases

from qikit.errors import DataError
from qikit.spc import spc
from qikit.spc.cli import main

LANEY_CASES = [c for c in load_cases("qicharts2") if c.kwargs["chart"] in ("pp", "up")]


def _spc(data, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(data, **kwargs)


def _over_dispersed(chart: str, seed: int = 11, points: int = 36) -> pd.DataFrame:
    """Large denominators, extra-binomial / extra-Poisson variation, and one wild point."""
    rng = np.random.default_rng(seed)
    n = rng.integers(4_000, 9_000, points)
    rate = np.clip(0.12 + rng.normal(0, 0.012, points), 0.01, 0.9)
    rate[20] = 0.21  # an outlier whose two moving ranges the screening drops
    y = rng.binomial(n, rate) if chart == "pp" else rng.poisson(n * rate)
    return pd.DataFrame({"week": np.arange(1, points + 1), "count": y, "size": n})


def _laney_by_hand(y: np.ndarray, n: np.ndarray, chart: str):
    """Laney (2002) from the definition, no screening: (sigma_z, lcl, ucl)."""
    p = y.sum() / n.sum()
    sigma = np.sqrt(p * (1 - p) / n) if chart == "pp" else np.sqrt(p / n)
    z = (y / n - p) / sigma
    sigma_z = np.mean(np.abs(np.diff(z))) / 1.128
    lcl = np.maximum(p - 3 * sigma * sigma_z, 0)
    ucl = p + 3 * sigma * sigma_z
    return sigma_z, lcl, np.minimum(ucl, 1) if chart == "pp" else ucl


@pytest.mark.parametrize("chart", ["pp", "up"])
def test_untrimmed_sigma_z_is_laneys_definition(chart):
    data = _over_dispersed(chart)
    result = _spc(data, y="count", n="size", x="week", chart=chart, laney_sigma="untrimmed")
    sigma_z, lcl, ucl = _laney_by_hand(data["count"].to_numpy(), data["size"].to_numpy(), chart)
    assert result.laney_sigma == "untrimmed"
    assert result.sigma_z == pytest.approx([sigma_z], rel=1e-12)
    np.testing.assert_allclose(result.points["lcl"], lcl, rtol=1e-12)
    np.testing.assert_allclose(result.points["ucl"], ucl, rtol=1e-12)


@pytest.mark.parametrize("chart", ["pp", "up"])
def test_screened_default_drops_the_wild_ranges_and_so_is_narrower(chart):
    data = _over_dispersed(chart)
    screened = _spc(data, y="count", n="size", x="week", chart=chart)
    untrimmed = _spc(data, y="count", n="size", x="week", chart=chart, laney_sigma="untrimmed")
    assert screened.laney_sigma == "screened"
    # Screening by hand: drop ranges of 3.267 x their mean or more, once, then average.
    p = data["count"].sum() / data["size"].sum()
    size = data["size"].to_numpy()
    sigma = np.sqrt(p * (1 - p) / size) if chart == "pp" else np.sqrt(p / size)
    ranges = np.abs(np.diff((data["count"].to_numpy() / size - p) / sigma))
    kept = ranges[ranges < 3.267 * ranges.mean()]
    assert kept.size < ranges.size  # the outlier's ranges were dropped
    assert screened.sigma_z == pytest.approx([kept.mean() / 1.128], rel=1e-12)
    assert screened.sigma_z[0] < untrimmed.sigma_z[0]
    assert (screened.points["ucl"] < untrimmed.points["ucl"]).all()


@pytest.mark.parametrize("case", LANEY_CASES, ids=[c.id for c in LANEY_CASES])
def test_default_is_qicharts2(case):
    """With no laney_sigma given, p' and u' charts are qicharts2's (screened unless the case
    switched qic.screenedmr off, which the reference reader passes as screen_mr=False)."""
    expected = pd.read_csv(case.file)
    result = _spc(case.input(), **case.kwargs)
    np.testing.assert_allclose(result.points["lcl"], expected["lcl"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(result.points["ucl"], expected["ucl"], rtol=1e-9, atol=1e-12)
    screened = case.kwargs.get("screen_mr", True)
    assert result.laney_sigma == ("screened" if screened else "untrimmed")


def test_untrimmed_setting_is_qicharts2_with_screening_off():
    """laney_sigma="untrimmed" alone gives qicharts2's qic.screenedmr = FALSE p' chart."""
    case = next(c for c in LANEY_CASES if c.label == "pp_unscreened")
    expected = pd.read_csv(case.file)
    kwargs = {k: v for k, v in case.kwargs.items() if k != "screen_mr"}
    result = _spc(case.input(), **kwargs, laney_sigma="untrimmed")
    np.testing.assert_allclose(result.points["ucl"], expected["ucl"], rtol=1e-9, atol=1e-12)
    default = _spc(case.input(), **kwargs)
    assert not np.allclose(default.points["ucl"], expected["ucl"])  # the setting matters here


def test_sigma_z_per_facet_and_part():
    one, two = _over_dispersed("up", seed=1), _over_dispersed("up", seed=2)
    data = pd.concat([one.assign(ward="A"), two.assign(ward="B")])
    result = _spc(data, y="count", n="size", x="week", chart="up", facet="ward",
                  laney_sigma="untrimmed", part=18)  # fmt: skip
    expected = []
    for frame in (one, two):
        for half in (frame.iloc[:18], frame.iloc[18:]):
            expected.append(
                _laney_by_hand(half["count"].to_numpy(), half["size"].to_numpy(), "up")[0]
            )
    assert result.sigma_z == pytest.approx(expected, rel=1e-12)
    assert "each series' limits" in result.explain()


@pytest.mark.parametrize("given", ["trimmed", "", 1, True, ["screened"]])
def test_a_wrong_laney_sigma_is_refused_naming_the_argument(given):
    with pytest.raises(DataError) as caught:
        _spc(_over_dispersed("pp"), y="count", n="size", chart="pp", laney_sigma=given)
    message = str(caught.value)
    assert message.startswith("'laney_sigma' says how Laney's sigma_z is estimated")
    assert "'screened'" in message and "'untrimmed'" in message
    assert f"It was given {given!r}." in message


def test_the_words_say_which_estimate_was_used():
    data = _over_dispersed("pp")
    screened = _spc(data, y="count", n="size", chart="pp").explain()
    untrimmed = _spc(data, y="count", n="size", chart="pp", laney_sigma=" Untrimmed ").explain()
    assert "qicharts2's estimate" in screened and "dropped once" in screened
    assert "Laney's original estimate (2002)" in untrimmed and "none dropped" in untrimmed
    # in the opening sentence, which the chart keeps for its alt text, not its subtitle
    for text in (screened, untrimmed):
        first = text.split(". ")[0]
        assert first.startswith("This is a Laney P' chart") and "(sigma z) of " in first


def test_other_charts_have_no_sigma_z_and_say_the_setting_does_nothing():
    data = _over_dispersed("up")
    plain = _spc(data, y="count", n="size", chart="u")
    assert plain.laney_sigma is None and plain.sigma_z is None
    assert "sigma z" not in plain.explain() and "sigma_z" not in plain.explain()
    with pytest.warns(UserWarning, match="'laney_sigma' only changes Laney p' and u' charts"):
        spc(data, y="count", n="size", chart="u", laney_sigma="untrimmed")


def test_command_line_option(capsys):
    series = str(REFERENCE / "spc" / "pp" / "input.csv")
    args = ["spc", series, "--chart", "pp", "--x", "x", "--y", "y", "--n", "n", "--explain"]
    assert main(args) == 0
    default = capsys.readouterr()
    assert main([*args, "--laney-sigma", "untrimmed"]) == 0
    untrimmed = capsys.readouterr()
    assert "qicharts2's estimate" in default.err  # the reading goes beside the CSV on stdout
    assert "Laney's original estimate" in untrimmed.err
    ucl = {
        name: pd.read_csv(io.StringIO(run.out))["ucl"]
        for name, run in (("screened", default), ("untrimmed", untrimmed))
    }
    assert not np.allclose(ucl["screened"], ucl["untrimmed"])
    for name, file in (("screened", "qicharts2_pp"), ("untrimmed", "qicharts2_pp_unscreened")):
        expected = pd.read_csv(REFERENCE / "spc" / "pp" / f"{file}.csv")
        np.testing.assert_allclose(ucl[name], expected["ucl"], rtol=1e-9)
    with pytest.raises(SystemExit) as refused:
        main([*args, "--laney-sigma", "trimmed"])
    assert refused.value.code == 2
    assert "invalid choice: 'trimmed'" in capsys.readouterr().err
