"""Free text in every planning model is checked for patient details (qikit.privacy.check_text):
NHS numbers and names with dates of birth are refused; ordinary ward text and qikit's own ids
are not."""

from __future__ import annotations

import pytest

from qikit.errors import DataError
from qikit.improve import (
    PDSA,
    Aim,
    ChangeIdea,
    Contributor,
    DriverDiagram,
    Measure,
    MeasurementPlan,
    PrimaryDriver,
    Question,
    Ramp,
    SecondaryDriver,
)

# 943 476 5919 and 401 023 2137 pass the NHS modulus 11 check (see tests/privacy).
TYPED = [
    (Aim, {"statement": "Reduce falls for 943 476 5919"}, "statement"),
    (Aim, {"for_whom": "Jane Doe 12/03/1985"}, "for_whom"),
    (DriverDiagram, {"aim": "Fewer falls for patient 4010232137"}, "aim"),
    (
        PrimaryDriver,
        {"id": "p1", "text": "Care of Mary O'Neill (14/07/1962)"},
        "primary driver text",
    ),
    (SecondaryDriver, {"id": "s1", "text": "NHS no 943-476-5919"}, "secondary driver text"),
    (
        ChangeIdea,
        {"id": "c1", "text": "Huddle", "description": "DOB: 01/02/1970"},
        "change idea description",
    ),
    (PDSA, {"study_learned": "Patient 9434765919 settled"}, "study_learned"),
    (Ramp, {"measure": "Falls for John Smith, born 12/03/1985"}, "measure"),
    (Question, {"question": "Will 401 023 2137 sleep?"}, "question"),
    (Measure, {"inclusions": "Only patient 9434765919"}, "inclusions"),
    (MeasurementPlan, {"title": "Falls, Ann Smith-Jones 1 May 1960"}, "title"),
    (Contributor, {"role": "carer", "name": "Ann McDonald, 01/02/1970"}, "contributor name"),
]


@pytest.mark.parametrize(
    ("model", "values", "field"), TYPED, ids=[f"{m.__name__}-{f}" for m, _, f in TYPED]
)
def test_patient_details_are_refused_naming_the_field(model, values, field):
    with pytest.raises(DataError) as caught:
        model(**values)
    message = str(caught.value)
    assert f"'{field}'" in message and "aggregate or synthetic" in message
    for digits in ("9434765919", "943 476 5919", "4010232137", "12/03/1985"):
        assert digits not in message  # the details are not repeated in full


def test_stored_plans_with_patient_details_are_refused_when_read_back():
    stored = PDSA(change_idea="Safety huddle").to_dict()
    stored["plan_who"] = "Nurse in charge with patient 943 476 5919"
    with pytest.raises(DataError, match="'plan_who'.*aggregate or synthetic"):
        PDSA.from_dict(stored)


def test_ordinary_ward_plans_pass():
    Aim(
        what="physical violence",
        where="Oak Ward",
        statement="Reduce physical violence on Oak Ward, 1 April 2026 to 31 March 2027, from 12 "
        "to 8 per 1,000 occupied bed days",
    )
    PDSA(plan_when="Starting Monday 01/04/2024 on the night shift", change_idea="Safety huddle")
    Ramp(change_idea="Safety huddle", measure_data="2024-04-01, 12\n2024-04-08, 9.5")
    MeasurementPlan(aim="Fewer falls", title="Team Meeting 02/05/2025")


def test_ids_qikit_writes_are_not_read_as_patient_details():
    # a ten-digit id that happens to pass the NHS check is qikit's own, not a patient's
    idea = ChangeIdea(id="9434765919", text="Huddle", drivers=["4010232137"])
    assert idea.id == "9434765919" and idea.drivers == ["4010232137"]
    assert PDSA(id="4010232137").id == "4010232137"
