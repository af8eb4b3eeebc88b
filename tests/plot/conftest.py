"""Fixtures: results built from the reference packages' outputs (see plot_fixtures)."""

from __future__ import annotations

import pytest
from plot_fixtures import ReferenceResult, ptd_result, qicharts2_result


@pytest.fixture
def i_part30() -> ReferenceResult:
    return qicharts2_result("i_part30_qicharts2_i.csv", "i_part30_input.csv", "i")


@pytest.fixture
def p_chart() -> ReferenceResult:
    return qicharts2_result("p_qicharts2_p.csv", "p_input.csv", "p")


@pytest.fixture
def run_shift() -> ReferenceResult:
    return qicharts2_result(
        "run_shift_qicharts2_run.csv",
        "run_shift_input.csv",
        "run",
        sentences=["The points from week 13 on are all above the median: a shift."],
    )


@pytest.fixture
def cdi_freeze() -> ReferenceResult:
    return qicharts2_result("cdi_qicharts2_u_x10000_freeze24.csv", None, "u")


@pytest.fixture
def mdc_target() -> ReferenceResult:
    return ptd_result(
        "i_ptd_increase_target45.csv", "i_ptd_increase_target45_summary.csv", "increase"
    )
