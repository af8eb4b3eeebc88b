"""IHI Shewhart rule 5 (Provost and Murray 2011, ch. 5; QI_REFERENCE 4.2): fifteen points in a
row in the inner third of the limits, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qikit
from qikit.spc.rules import ihi


def test_fifteen_in_the_inner_third_are_flagged_and_fourteen_are_not():
    cl, lcl, ucl = np.full(40, 10.0), np.full(40, 4.0), np.full(40, 16.0)  # inner third: 8 to 12
    y = np.full(40, 20.0)
    y[5:20] = [9, 11, 10, 8.5, 11.9, 10, 9, 10, 11, 9, 10, 10.5, 9.5, 11, 8.1]  # 15 inside
    y[25:39] = 10.0  # 14 inside
    flags = ihi.inner_third(y, cl, lcl, ucl, np.zeros(40, int))
    assert flags[5:20].tolist() == [1] * 15
    assert flags[25:39].sum() == 0 and flags[:5].sum() == 0
    # exactly on the one-sigma line is not inside; a new phase breaks the run
    y2 = y.copy()
    y2[12] = 12.0
    assert ihi.inner_third(y2, cl, lcl, ucl, np.zeros(40, int)).sum() == 0
    groups = np.r_[np.zeros(12, int), np.ones(28, int)]
    assert ihi.inner_third(y, cl, lcl, ucl, groups).sum() == 0


def test_ihi_control_charts_report_hugging_without_colouring_points():
    rng = np.random.default_rng(7)
    baseline = rng.normal(50, 10, 20)
    hugging = baseline.mean() + np.resize([0.5, -0.4, 0.3, -0.6], 16)  # crossing the mean
    data = pd.DataFrame({"week": range(36), "y": np.r_[baseline, hugging]})
    result = qikit.spc(data, x="week", y="y", chart="i", rules="ihi", freeze=20)
    flagged = result.points["inner_third_signal"]
    assert flagged.iloc[20:].all() and not flagged.iloc[:20].any()
    assert "inner third" in result.explain()
    # no direction: the hugging points are not special-cause improvement or concern
    assert set(result.points["point_type"].iloc[20:]) <= {"common_cause"}
    run = qikit.spc(data, x="week", y="y", chart="run", rules="ihi")
    assert not run.points["inner_third_signal"].any()
    assert (
        not qikit.spc(data, x="week", y="y", chart="i", rules="mdc")
        .points["inner_third_signal"]
        .any()
    )


@pytest.mark.parametrize("length", [0, -3, 2.5])
def test_the_run_length_is_checked(length):
    with pytest.raises(ValueError, match="inner_third_length"):
        ihi.inner_third([1.0] * 20, [1.0] * 20, [0.0] * 20, [2.0] * 20, [0] * 20, length=length)
