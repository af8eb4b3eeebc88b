"""Properties that must hold for any data (hypothesis)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qikit.spc import spc

values = st.lists(st.integers(min_value=0, max_value=60).map(float), min_size=12, max_size=40)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def quiet(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(data, **kw)


@SETTINGS
@given(y=values, seed=st.integers(0, 2**32 - 1), chart=st.sampled_from(["run", "i", "c", "u"]),
       rules=st.sampled_from(["anhoej", "mdc", "ihi"]))  # fmt: skip
def test_row_order_does_not_matter_when_x_is_given(y, seed, chart, rules):
    data = pd.DataFrame(
        {"week": np.arange(len(y)), "count": y, "days": 100.0 + np.arange(len(y)) % 7}
    )
    kw = dict(y="count", x="week", chart=chart, rules=rules)
    if chart == "u":
        kw["n"] = "days"
    shuffled = data.sample(frac=1, random_state=np.random.RandomState(seed % 2**32))
    pd.testing.assert_frame_equal(quiet(data, **kw).points, quiet(shuffled, **kw).points)
    pd.testing.assert_frame_equal(quiet(data, **kw).summary, quiet(shuffled, **kw).summary)


@SETTINGS
@given(y=values, scale=st.sampled_from([0.5, 3.0, 10.0, 1000.0]),
       chart=st.sampled_from(["run", "i", "mr", "xbar"]))  # fmt: skip
def test_scaling_y_scales_the_lines(y, scale, chart):
    if chart == "xbar":
        y = y[: len(y) // 2 * 2]  # subgroups of two
    x = np.arange(len(y)) // 2 if chart == "xbar" else np.arange(len(y))
    base = pd.DataFrame({"x": x, "y": y})
    scaled = base.assign(y=base["y"] * scale)
    a = quiet(base, y="y", x="x", chart=chart).points
    b = quiet(scaled, y="y", x="x", chart=chart).points
    for column in ("y", "cl", "lcl", "ucl"):
        np.testing.assert_allclose(b[column], a[column] * scale, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("chart", ["run", "i", "mr", "c", "g", "t", "p", "pp", "u", "up"])
@pytest.mark.parametrize("rules", ["anhoej", "mdc", "ihi"])
def test_no_variation_gives_a_clear_message_not_a_division_by_zero(chart, rules):
    data = pd.DataFrame({"y": [4.0] * 15, "n": [10.0] * 15})
    kw = dict(y="y", chart=chart, rules=rules)
    if chart in ("p", "pp", "u", "up"):
        kw["n"] = "n"
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        result = spc(data, **kw)
    assert any("same value at every point" in m for m in result.messages)
    assert not result.points["sigma_signal"].any()
    assert not result.summary["runs_signal"].any()
