"""Every NHSRplotthedots case in ../shared/reference reproduced through qikit.spc (rules="mdc").

The improvement direction, target, rebase date and screening come from the R call in INDEX.csv.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from reference_cases import load_cases

from qikit.spc import spc

CASES = load_cases("NHSRplotthedots")
RTOL, ATOL = 1e-9, 1e-12
ASSURANCE = {"consistent_pass": "pass", "consistent_fail": "fail", "inconsistent": "hit_and_miss"}


def run_case(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(case.input(), **case.kwargs)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_points_match_ptd(case):
    expected = pd.read_csv(case.file)
    points = run_case(case).points
    assert len(points) == len(expected)
    np.testing.assert_allclose(points["y"], expected["y"], rtol=RTOL, atol=ATOL)
    for ours, theirs in [("cl", "mean_col"), ("lcl", "lpl"), ("ucl", "upl")]:
        np.testing.assert_allclose(
            points[ours], expected[theirs], rtol=RTOL, atol=ATOL, err_msg=ours
        )
    np.testing.assert_array_equal(points["part"] - 1, expected["rebase_group"])
    np.testing.assert_array_equal(
        points["sigma_signal"], expected["outside_limits"].astype(str).str.upper() == "TRUE"
    )
    np.testing.assert_array_equal(points["point_type"], expected["point_type"])
    np.testing.assert_array_equal(
        points["special_cause"] != "",
        expected["special_cause_flag"].astype(str).str.upper() == "TRUE",
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_icons_and_summary_match_ptd(case):
    expected_points = pd.read_csv(case.file)
    expected = pd.read_csv(case.summary_file)
    result = run_case(case)
    summary = result.summary
    assert len(summary) == len(expected)
    for ours, theirs in [("cl", "mean_col"), ("lcl", "lpl"), ("ucl", "upl")]:
        np.testing.assert_allclose(summary[ours], expected[theirs], rtol=RTOL, atol=ATOL)
    np.testing.assert_array_equal(summary["n_obs"], expected["n"])
    for column in ("common_cause", "special_cause_improvement", "special_cause_concern"):
        np.testing.assert_array_equal(summary[column], expected[column])
    # the variation type of each part is the type of its last point
    last_type = result.points.groupby("part")["point_type"].last()
    np.testing.assert_array_equal(last_type, expected["variation_type"])
    # the icon on every row of the point table is the icon of the latest point
    icon_file = expected_points["variation_icon"].iloc[-1].removesuffix(".svg")
    assert summary["variation_icon"].iloc[-1] == icon_file
    # assurance: only the latest part, as NHSRplotthedots reports it
    if "assurance_type" in expected:
        want = [ASSURANCE.get(v, "none") for v in expected["assurance_type"].fillna("none")]
    else:
        want = ["none"] * len(expected)
    assert summary["assurance"].tolist() == want


def test_every_ptd_case_is_covered():
    index = pd.read_csv(__import__("reference_cases").REFERENCE / "INDEX.csv")
    listed = index[
        (index["package"] == "NHSRplotthedots") & ~index["label"].str.endswith("_summary")
    ]
    assert len(CASES) == len(listed) > 20
