"""Reliability measures against worked examples (QI_REFERENCE 7.1 and 7.3)."""

from __future__ import annotations

import pandas as pd
import pytest

from qikit import datasets, reliability
from qikit.errors import DataError

ELEMENTS = ["a", "b", "c"]


def worked_audit() -> pd.DataFrame:
    """100 patients: element a met for 70, b for 53, c for 55; all three for exactly 20.

    a: patients 0-69. b: 0-22 and 70-99. c: 0-19 and 30-64. All three: 0-19 only
    (20-22 miss c; 70-99 miss a).
    """
    ids = range(100)
    return pd.DataFrame(
        {
            "patient": list(ids),
            "a": [i < 70 for i in ids],
            "b": [i < 23 or i >= 70 for i in ids],
            "c": [i < 20 or 30 <= i < 65 for i in ids],
        }
    )


def test_three_elements_at_70_53_55_counted_per_patient():
    result = reliability.compliance(worked_audit(), ELEMENTS)
    rates = result.components.set_index("element")["rate"]
    assert rates.to_dict() == pytest.approx({"a": 0.70, "b": 0.53, "c": 0.55})
    assert result.all_or_none == pytest.approx(0.20)  # counted: 20 of 100 patients
    assert result.patients_all_met == 20
    assert result.composite == pytest.approx(178 / 300)
    # Multiplying the rates would give 0.204: close here, but not what was counted.
    assert reliability.combine([0.70, 0.53, 0.55]).if_independent == pytest.approx(0.20405)


def test_all_or_none_is_not_the_product_when_failures_cluster():
    # The same element rates, but failures fall on the same patients: 53 get all three.
    ids = range(100)
    audit = pd.DataFrame({"a": [i < 70 for i in ids], "b": [i < 53 for i in ids]})
    audit["c"] = [i < 55 for i in ids]
    result = reliability.compliance(audit, ELEMENTS)
    assert result.all_or_none == pytest.approx(0.53)
    assert result.all_or_none != pytest.approx(0.70 * 0.53 * 0.55)


def test_not_applicable_elements_are_left_out():
    # Patient 1 had no ECG due (blank) and got the rest: counts as all met.
    # Patient 3 had nothing applicable: not counted at all.
    audit = pd.DataFrame(
        {
            "bp": ["yes", "yes", "no", None],
            "ecg": [None, "yes", "yes", None],
            "bloods": ["yes", "no", "yes", ""],
        }
    )
    result = reliability.compliance(audit, ["bp", "ecg", "bloods"])
    assert result.patients == 3 and result.patients_all_met == 1
    assert result.all_or_none == pytest.approx(1 / 3)
    assert result.composite == pytest.approx(6 / 8)  # 2 + 2 + 2 delivered of 2 + 3 + 3
    rates = result.components.set_index("element")
    assert rates.loc["ecg", "patients"] == 2 and rates.loc["ecg", "rate"] == pytest.approx(1.0)
    rows = reliability.per_patient(audit, ["bp", "ecg", "bloods"])
    assert rows["all_met"].tolist()[:3] == [True, False, False]
    assert pd.isna(rows["all_met"].iloc[3])


@pytest.mark.parametrize(
    "rate, level",
    [(0.0, "chaotic"), (0.799, "chaotic"), (0.80, "10^-1"), (0.93, "10^-1"), (0.9499, "10^-1")]
    + [(0.95, "10^-2"), (0.994, "10^-2"), (0.995, "10^-3"), (1.0, "10^-3")],
)
def test_ihi_levels(rate, level):
    assert reliability.reliability_level(rate) == level


@pytest.mark.parametrize(
    "patients, level", [(9, reliability.TOO_FEW), (50, "10^-1"), (100, "10^-2")]
)
def test_a_level_needs_enough_patients_to_show_it(patients, level):
    assert reliability.reliability_level(1.0, patients) == level
    assert reliability.reliability_level(1.0, 1000) == "10^-3"


def test_what_if_bounds_and_design_target():
    three = reliability.combine([0.70, 0.53, 0.55])
    assert (three.worst_case, three.best_case) == (0.0, 0.53)
    nines = reliability.combine([0.9, 0.9, 0.9])
    assert nines.if_independent == pytest.approx(0.729)
    assert nines.worst_case == pytest.approx(0.7)
    assert nines.level == "chaotic"
    # 95% over five elements needs each at 0.95 ** (1/5) = 0.98979
    assert reliability.element_rate_needed(0.95, 5) == pytest.approx(0.989794, abs=1e-6)
    # vigilance (85% per element) over five elements: 0.85 ** 5 = 0.4437
    assert reliability.combine([0.85] * 5).if_independent == pytest.approx(0.443705, abs=1e-6)


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: reliability.combine([0.9, 90]), "Divide percentages by 100"),
        (lambda: reliability.combine([]), "at least one"),
        (lambda: reliability.reliability_level(1.5), "Divide a percentage"),
        (lambda: reliability.element_rate_needed(0.95, 0), "whole number"),
        (lambda: reliability.compliance(worked_audit(), ["a", "ecg"]), "no column 'ecg'"),
        (lambda: reliability.compliance(pd.DataFrame({"a": ["maybe"]}), ["a"]), "Column 'a'"),
        (lambda: reliability.level_description("10^-4"), "expected one of"),
    ],
)
def test_plain_errors(call, words):
    with pytest.raises(DataError, match=words):
        call()


def test_synthetic_bundle_audit_over_time_and_p_chart():
    import qikit

    audit = datasets.load("bundle_audit")
    elements = [c for c in audit.columns if c.endswith(("recorded", "taken", "done"))]
    assert len(elements) == 5
    overall = reliability.compliance(audit, elements)
    assert overall.all_or_none < overall.components["rate"].min()
    counted = audit[elements].all(axis=1).mean()
    assert overall.all_or_none == pytest.approx(counted)
    table = reliability.compliance_over_time(audit, elements, "audit_week")
    assert table["patients"].sum() == len(audit)
    assert table["all_met"].sum() == audit[elements].all(axis=1).sum()
    result = qikit.spc(table, y="all_met", n="patients", x="audit_week", chart="p")
    assert len(result.points) == len(table)


def test_fewer_than_ten_patients_at_full_compliance_are_not_chaotic():
    # 9 of 9: no failure in 10 can be claimed or denied
    assert reliability.reliability_level(1.0, 9) == reliability.TOO_FEW
    assert "too few" in reliability.level_description(reliability.TOO_FEW).lower()
    assert reliability.reliability_level(0.5, 6) == "chaotic"  # 3 failures in 6: more than 2 in 10
    assert reliability.reliability_level(1.0, 10) == "10^-1"


def test_every_level_has_plain_words_without_powers_of_ten():
    for level in (*reliability.LEVEL_NAMES, reliability.TOO_FEW):
        words = reliability.level_name(level)
        assert "^" not in words and "10^" not in reliability.level_description(level)
    assert reliability.level_name("10^-1") == "1 failure in 10 (80 % to below 95 %)"
    with pytest.raises(DataError, match="expected one of"):
        reliability.level_name("10^-4")
