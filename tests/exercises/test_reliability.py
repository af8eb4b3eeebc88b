"""Reliability exercises: compliance counted by hand from the audit CSV (QI_REFERENCE 7)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from qikit.exercises import reliability as ex
from tests.exercises.helpers import assert_not_attempted, assert_right, assert_wrong

AUDIT = Path(__file__).resolve().parents[2] / "datasets" / "bundle_audit.csv"


def holly_patients() -> list[dict[str, bool]]:
    with open(AUDIT, newline="") as handle:
        return [
            {e: row[e] == "yes" for e in ex.ELEMENTS}
            for row in csv.DictReader(handle)
            if row["ward_id"] == "W07" and int(row["audit_week"]) < 49
        ]


def test_ecg_rate_counted_by_hand():
    patients = holly_patients()
    had = sum(p["ecg_done"] for p in patients)
    assert (had, len(patients)) == (62, 81)  # as the reasoning says
    assert ex.q1.expected == pytest.approx(100 * had / len(patients))


def test_all_or_none_counted_patient_by_patient():
    patients = holly_patients()
    every = sum(all(p.values()) for p in patients)
    assert every == 40
    assert ex.q2.expected == pytest.approx(100 * every / len(patients))


def test_the_mistakes_named_in_q2_are_the_composite_and_the_product():
    patients = holly_patients()
    done = sum(sum(p.values()) for p in patients)
    composite = 100 * done / (5 * len(patients))
    product = 100 * math.prod(sum(p[e] for p in patients) / len(patients) for e in ex.ELEMENTS)
    assert composite == pytest.approx(83.0, abs=0.05)
    assert product == pytest.approx(38.5, abs=0.05)
    assert "composite" in ex.q2.check(composite).message
    assert "multiplies" in ex.q2.check(product).message


def test_chaotic_is_below_eighty_percent():
    assert ex.q2.expected < 80 and ex.q3.answer == "a"


def test_five_checks_at_ninety_percent():
    assert ex.q4.expected == pytest.approx(59.049)


@pytest.mark.parametrize("answer", [76.5, "76.5%", 76.54])
def test_q1_right(answer):
    assert_right(ex.q1, answer)


@pytest.mark.parametrize("answer", [62, 0.765, 76.6, 23.5, "ECG"])
def test_q1_wrong(answer):
    assert_wrong(ex.q1, answer)


@pytest.mark.parametrize("answer", [49.4, 49.38, "49.4"])
def test_q2_right(answer):
    assert_right(ex.q2, answer)


@pytest.mark.parametrize("answer", [83.0, 38.5, 40, 50.6, 0.494, 97.5])
def test_q2_wrong(answer):
    assert_wrong(ex.q2, answer)


@pytest.mark.parametrize("answer", ["a", "Chaotic"])
def test_q3_right(answer):
    assert_right(ex.q3, answer)


@pytest.mark.parametrize("answer", ["b", "c", "d"])
def test_q3_wrong(answer):
    assert_wrong(ex.q3, answer)


@pytest.mark.parametrize("answer", [59.0, 59.05, "59%"])
def test_q4_right(answer):
    assert_right(ex.q4, answer)


@pytest.mark.parametrize("answer", [90, 50, 45, 0.59, 95, "most"])
def test_q4_wrong(answer):
    assert_wrong(ex.q4, answer)


@pytest.mark.parametrize("answer", ["c"])
def test_q5_right(answer):
    assert_right(ex.q5, answer)


@pytest.mark.parametrize("answer", ["a", "b", "d"])
def test_q5_wrong(answer):
    assert_wrong(ex.q5, answer)


@pytest.mark.parametrize("exercise", list(ex.TOPIC.exercises.values()), ids=lambda q: q.name)
def test_not_attempted(exercise):
    assert_not_attempted(exercise)
