"""Chart constants against Montgomery's table and limits on small worked examples."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from qikit.spc import spc
from qikit.spc.charts import c4


def run(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(pd.DataFrame(data), **kw)


# Montgomery, Introduction to Statistical Quality Control, appendix VI (4 decimals / 3 for A3)
@pytest.mark.parametrize(
    ("n", "c4_", "a3", "b3", "b4"),
    [
        (2, 0.7979, 2.659, 0.0, 3.267),
        (5, 0.9400, 1.427, 0.0, 2.089),
        (10, 0.9727, 0.975, 0.284, 1.716),
        (25, 0.9896, 0.606, 0.565, 1.435),
    ],
)
def test_subgroup_constants_match_montgomery(n, c4_, a3, b3, b4):
    k = c4(np.array([n]))[0]
    c5 = np.sqrt(1 - k**2)
    assert k == pytest.approx(c4_, abs=1e-4)
    assert 3 / (k * np.sqrt(n)) == pytest.approx(a3, abs=1e-3)
    assert max(0, 1 - 3 * c5 / k) == pytest.approx(b3, abs=1e-3)
    assert 1 + 3 * c5 / k == pytest.approx(b4, abs=1e-3)


SIGMA_UNIT = 3 / 1.128  # limits of an I chart whose average moving range is 1


def test_i_chart_screens_a_large_moving_range_once():
    # moving ranges 1, 1, 1, 1, 10: mean 2.8; 10 >= 3.267 x 2.8 is dropped, leaving 1
    r = run({"y": [0.0, 1, 0, 1, 0, 10]}, y="y", chart="i")
    assert r.points["cl"].iloc[0] == pytest.approx(2.0)
    assert r.points["ucl"].iloc[0] == pytest.approx(2.0 + SIGMA_UNIT)
    unscreened = run({"y": [0.0, 1, 0, 1, 0, 10]}, y="y", chart="i", screen_mr=False)
    assert unscreened.points["ucl"].iloc[0] == pytest.approx(2.0 + 2.8 * SIGMA_UNIT)


def test_excluded_point_is_skipped_and_one_range_spans_the_gap():
    r = run({"y": [1.0, 2, 3, 10, 4, 5]}, y="y", chart="i", exclude=4)
    assert r.points["include"].tolist() == [True, True, True, False, True, True]
    assert r.points["cl"].iloc[0] == pytest.approx(3.0)
    assert r.points["ucl"].iloc[0] == pytest.approx(3.0 + SIGMA_UNIT)
    assert r.points["sigma_signal"].tolist() == [False, False, False, True, False, False]


def test_freeze_extends_baseline_limits():
    r = run({"y": [1.0, 2, 3, 4, 5, 100]}, y="y", chart="i", freeze=5)
    assert r.points["baseline"].tolist() == [True] * 5 + [False]
    assert r.points["cl"].tolist() == pytest.approx([3.0] * 6)
    assert r.points["ucl"].iloc[-1] == pytest.approx(3.0 + SIGMA_UNIT)
    assert r.points["sigma_signal"].iloc[-1]


def test_mdc_limits_use_2_66():
    r = run({"y": [1.0, 2, 1, 2, 1, 2, 1, 2]}, y="y", chart="i", rules="mdc")
    assert r.points["ucl"].iloc[0] == pytest.approx(1.5 + 2.66)
    assert r.points["near_ucl"].iloc[0] == pytest.approx(1.5 + 2.66 * 2 / 3)


def test_c_chart_lower_limit_is_clipped_at_zero():
    r = run({"y": [2.0, 6, 2, 6]}, y="y", chart="c")
    assert r.points["cl"].iloc[0] == pytest.approx(4.0)
    assert r.points["lcl"].iloc[0] == 0
    assert r.points["ucl"].iloc[0] == pytest.approx(10.0)


def test_p_chart_limits_step_with_the_denominator():
    r = run({"y": [20.0, 5], "n": [100.0, 25]}, y="y", n="n", chart="p")
    assert r.points["cl"].tolist() == pytest.approx([0.2, 0.2])
    assert r.points["lcl"].tolist() == pytest.approx([0.08, 0.0])  # 0.2 - 3 x 0.08 < 0
    assert r.points["ucl"].tolist() == pytest.approx([0.32, 0.44])


def test_u_chart_multiplier_scales_rates():
    r = run({"y": [2.0, 4], "n": [1000.0, 1000]}, y="y", n="n", chart="u", multiply=1000)
    assert r.points["y"].tolist() == pytest.approx([2.0, 4.0])
    assert r.points["cl"].iloc[0] == pytest.approx(3.0)
    assert r.points["ucl"].iloc[0] == pytest.approx(1000 * (0.003 + 3 * np.sqrt(0.003 / 1000)))


def test_g_chart_limits_from_mean_and_median_centre_line():
    r = run({"y": [1.0, 1, 4]}, y="y", chart="g")
    assert r.points["cl"].iloc[0] == pytest.approx(1.0)  # median
    assert r.points["ucl"].iloc[0] == pytest.approx(2 + 3 * np.sqrt(6))
    assert r.points["lcl"].iloc[0] == 0


def test_t_chart_transforms_and_back_transforms():
    y = [1.0, 2**3.6, 1.0, 2**3.6]  # transformed: 1, 2, 1, 2 -> mean 1.5, ranges all 1
    r = run({"y": y}, y="y", chart="t")
    assert r.points["cl"].iloc[0] == pytest.approx(1.5**3.6)
    assert r.points["ucl"].iloc[0] == pytest.approx((1.5 + SIGMA_UNIT) ** 3.6)
    assert r.points["lcl"].iloc[0] == 0


def test_xbar_and_s_with_unequal_subgroups_use_pooled_sd():
    data = {"x": [1, 1, 2, 2, 2], "y": [1.0, 3, 2, 4, 6]}
    # subgroup SDs sqrt(2) and 2, pooled: sqrt((2 x 1 + 4 x 2) / 3)
    pooled = np.sqrt(10 / 3)
    s = run(data, x="x", y="y", chart="s")
    assert s.points["cl"].tolist() == pytest.approx([pooled, pooled])
    xbar = run(data, x="x", y="y", chart="xbar")
    assert xbar.points["cl"].iloc[0] == pytest.approx(16 / 5)
    assert xbar.points["y"].tolist() == pytest.approx([2.0, 4.0])
    a3_2 = 3 / (c4(np.array([2]))[0] * np.sqrt(2))
    assert xbar.points["ucl"].iloc[0] == pytest.approx(16 / 5 + a3_2 * pooled)


def test_mr_chart_first_point_has_no_range():
    r = run({"y": [1.0, 3, 2, 5]}, y="y", chart="mr")
    assert np.isnan(r.points["y"].iloc[0])
    assert r.points["y"].iloc[1:].tolist() == [2.0, 1.0, 3.0]
    assert r.points["cl"].iloc[0] == pytest.approx(2.0)
    assert r.points["ucl"].iloc[0] == pytest.approx(3.267 * 2)
    assert not r.summary["runs_signal"].iloc[0]
