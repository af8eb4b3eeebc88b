"""Properties that must hold for any data (hypothesis)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qikit.errors import DataError
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


CHARTS = ["run", "i", "mr", "xbar", "s", "p", "pp", "u", "up", "c", "g", "t"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["Oak", "Ash", "Elm"]),
            st.integers(0, 12),
            st.sampled_from([0.0, 1.0, 2.0, 3.0, 5.0, 8.0, np.nan]),
            st.sampled_from([5.0, 10.0, 20.0, np.nan]),
        ),
        min_size=1,
        max_size=40,
    ),
    chart=st.sampled_from(CHARTS),
    rules=st.sampled_from(["anhoej", "mdc", "ihi"]),
    use_x=st.booleans(),
    use_facet=st.booleans(),
    part=st.one_of(st.none(), st.integers(1, 10)),
    freeze=st.one_of(st.none(), st.integers(1, 10)),
    exclude=st.one_of(st.none(), st.integers(1, 10)),
    improvement=st.sampled_from([None, "increase", "decrease"]),
)
def test_any_data_gives_a_result_or_a_plain_data_error(
    rows, chart, rules, use_x, use_facet, part, freeze, exclude, improvement
):
    data = pd.DataFrame(rows, columns=["ward", "week", "y", "n"])
    kw = dict(y="y", chart=chart, rules=rules, part=part, freeze=freeze, exclude=exclude)
    kw.update(improvement=improvement, target=3.0 if improvement else None)
    if use_x:
        kw["x"] = "week"
    if use_facet:
        kw["facet"] = "ward"
    if chart in ("p", "pp", "u", "up"):
        kw["n"] = "n"
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        try:
            result = spc(data, **kw)
        except DataError as error:
            assert str(error)
            return
        assert result.explain()
    assert len(result.summary) == result.points.groupby(["facet", "part"], observed=True).ngroups


def test_a_ward_with_only_missing_values_is_left_out():
    data = pd.DataFrame({"ward": ["Ash"] * 3 + ["Oak"] * 12, "y": [np.nan] * 3 + [1.0, 2] * 6})
    r = quiet(data, y="y", facet="ward", chart="i")
    assert r.summary["facet"].tolist() == ["Oak"]
    assert r.points["facet"].unique().tolist() == ["Oak"]
