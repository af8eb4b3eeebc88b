"""Variation and assurance icons, checked against NHSRplotthedots output and by hand."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qikit.errors import DataError
from qikit.spc.icons import ASSURANCE_TYPES, VARIATION_ICONS, assurance, variation_icon
from qikit.spc.rules import mdc

REFERENCE = Path(
    os.environ.get(
        "QIKIT_REFERENCE", Path(__file__).resolve().parents[2].parent / "shared" / "reference"
    )
)

# NHSRplotthedots names for the assurance outcome
PTD_ASSURANCE = {
    "consistent_pass": "pass",
    "consistent_fail": "fail",
    "inconsistent": "hit_and_miss",
}


def ptd_cases() -> list[dict]:
    index = REFERENCE / "INDEX.csv"
    if not index.exists():
        return []
    cases = []
    with index.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["package"] != "NHSRplotthedots" or row["label"].endswith("_summary"):
                continue
            direction = re.search(r"improvement_direction = '(\w+)'", row["call"]).group(1)
            target = re.search(r"ptd_target\(([-\d.]+)\)", row["call"])
            cases.append(
                {
                    "file": row["file"],
                    "improvement": None if direction == "neutral" else direction,
                    "target": float(target.group(1)) if target else None,
                }
            )
    return cases


CASES = ptd_cases()


def qikit_assurance(column: pd.Series) -> set[str]:
    """The NHSRplotthedots assurance column in qikit's words (missing = none)."""
    return {PTD_ASSURANCE[a] if isinstance(a, str) else "none" for a in column}


@pytest.mark.skipif(not CASES, reason=f"no reference files at {REFERENCE}")
@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_icons_match_nhsrplotthedots(case):
    d = pd.read_csv(REFERENCE / case["file"])
    group = pd.factorize(d["f"].astype(str) + "\x1f" + d["rebase_group"].astype(str))[0]
    types = mdc.point_type(
        d["y"].to_numpy(float),
        d["mean_col"].to_numpy(float),
        d["lpl"].to_numpy(float),
        d["upl"].to_numpy(float),
        group,
        case["improvement"],
    )
    for _, rows in d.assign(point_type_qikit=types).groupby("f", sort=False):
        last = rows.iloc[-1]
        icon = variation_icon(last["point_type_qikit"], case["improvement"])
        assert set(rows["variation_icon"]) == {f"{icon}.svg"}
        (expected,) = qikit_assurance(rows["assurance_type"].iloc[-1:])
        found = assurance(case["target"], last["lpl"], last["upl"], case["improvement"])
        assert found == expected
        assert qikit_assurance(rows["assurance_type"]) == {expected}


def test_the_reference_covers_every_assurance_outcome_and_several_icons():
    if not CASES:
        pytest.skip(f"no reference files at {REFERENCE}")
    outcomes, icons = set(), set()
    for case in CASES:
        d = pd.read_csv(REFERENCE / case["file"], usecols=["assurance_type", "variation_icon"])
        outcomes |= qikit_assurance(d["assurance_type"])
        icons |= set(d["variation_icon"])
    assert outcomes == set(ASSURANCE_TYPES)
    assert len(icons) >= 5


@pytest.mark.parametrize(
    ("point_type", "improvement", "icon"),
    [
        ("common_cause", "increase", "common_cause"),
        ("common_cause", None, "common_cause"),
        ("special_cause_improvement", "increase", "improvement_high"),
        ("special_cause_improvement", "decrease", "improvement_low"),
        ("special_cause_concern", "increase", "concern_low"),
        ("special_cause_concern", "decrease", "concern_high"),
        ("special_cause_neutral_high", None, "neutral_high"),
        ("special_cause_neutral_low", "neutral", "neutral_low"),
    ],
)
def test_variation_icon_by_hand(point_type, improvement, icon):
    assert variation_icon(point_type, improvement) == icon
    assert icon in VARIATION_ICONS


def test_variation_icon_explains_what_is_missing():
    with pytest.raises(DataError, match="improvement direction"):
        variation_icon("special_cause_concern")
    with pytest.raises(DataError, match="latest point type"):
        variation_icon("special cause")
    with pytest.raises(DataError, match="improvement"):
        variation_icon("special_cause_concern", "up")


@pytest.mark.parametrize(
    ("target", "improvement", "expected"),
    [
        # limits 10 to 40
        (45.0, "increase", "fail"),  # higher is better, target above the upper limit
        (5.0, "increase", "pass"),
        (25.0, "increase", "hit_and_miss"),
        (40.0, "increase", "fail"),  # on a limit counts as beyond it (MDC >= / <=)
        (10.0, "increase", "pass"),
        (45.0, "decrease", "pass"),  # lower is better, target above the upper limit
        (5.0, "decrease", "fail"),
        (25.0, "decrease", "hit_and_miss"),
        (25.0, None, "none"),
        (25.0, "neutral", "none"),
        (None, "increase", "none"),
        (np.nan, "decrease", "none"),
        (pd.NA, "decrease", "none"),
    ],
)
def test_assurance_by_hand(target, improvement, expected):
    assert assurance(target, 10.0, 40.0, improvement) == expected


def test_assurance_without_limits_is_none():
    assert assurance(5.0, np.nan, np.nan, "increase") == "none"


def test_assurance_for_many_charts_at_once():
    found = assurance(
        np.array([45.0, 5.0, 25.0, np.nan]),
        np.array([10.0, 10.0, 10.0, 10.0]),
        np.array([40.0, 40.0, 40.0, 40.0]),
        "increase",
    )
    assert list(found) == ["fail", "pass", "hit_and_miss", "none"]


def test_assurance_explains_bad_input():
    with pytest.raises(DataError, match="target"):
        assurance("high", 1.0, 2.0, "increase")
    with pytest.raises(DataError, match="improvement"):
        assurance(1.0, 1.0, 2.0, "higher")


def test_target_exactly_on_a_limit_is_beyond_it_as_in_making_data_count():
    from qikit.spc import icons as icon_rules

    # higher is better, limits 10-20: a target of 20 is consistently missed, 10 always met
    assert icon_rules.assurance(20.0, 10.0, 20.0, "increase") == "fail"
    assert icon_rules.assurance(10.0, 10.0, 20.0, "increase") == "pass"
    assert icon_rules.assurance(20.0, 10.0, 20.0, "decrease") == "pass"
    assert icon_rules.assurance(15.0, 10.0, 20.0, "increase") == "hit_and_miss"
    # NHSRplotthedots' strict comparison is still available
    assert icon_rules.assurance(20.0, 10.0, 20.0, "increase", inclusive=False) == "hit_and_miss"


def test_improvement_neither_is_accepted():
    import pandas as pd

    from qikit.spc import spc

    data = pd.DataFrame({"y": [5.0, 6, 5, 7, 6, 5, 6, 7, 5, 6, 5, 6, 7]})
    result = spc(data, y="y", chart="i", rules="mdc", improvement="neither")
    assert result.improvement is None
