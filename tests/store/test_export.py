import csv
import io

from qikit.improve import Measure, MeasurementPlan, Ramp, measures
from qikit.store import (
    measurement_plan_csv,
    measurement_plan_html,
    measurement_plan_markdown,
    pdsa_log_csv,
    pdsa_log_html,
    pdsa_log_markdown,
    safe_cell,
)


def ramp():
    r = Ramp(change_idea="Safety <huddle> & checklist")
    r.add_cycle(
        scale="one_shift",
        start_date="2026-12-01",
        objective='=HYPERLINK("http://example.invalid")',
        questions=[{"question": "Under 10 minutes?", "prediction": "Yes", "result": "14 minutes"}],
        plan_what="Huddle",
        data_what="-minutes taken",
        data_collected="@14",
        study_learned="+too long",
        act_decision="adapt",
        act_next="Shorter card",
        do_as_planned=True,
        contributors=[{"role": "patient", "name": "<b>Sam</b>"}],
    )
    r.add_cycle(scale="one_day")
    return r


def test_safe_cell():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+44 20") == "'+44 20"
    assert safe_cell("-5") == "'-5"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("Huddle") == "Huddle"
    assert safe_cell(1000.0) == 1000.0


def test_pdsa_csv_rows_and_neutralised_cells():
    rows = list(csv.DictReader(io.StringIO(pdsa_log_csv(ramp()))))
    assert len(rows) == 2
    first = rows[0]
    assert first["Objective"] == '\'=HYPERLINK("http://example.invalid")'
    assert first["Data: what"] == "'-minutes taken"
    assert first["Data collected"] == "'@14"
    assert first["Study: what we learned"] == "'+too long"
    assert first["Questions, predictions and results"] == (
        "Under 10 minutes? | Prediction: Yes | Result: 14 minutes"
    )
    assert first["Do: carried out as planned"] == "Yes"
    assert first["Quality score"] == "5"  # every feature of a well-run cycle is present
    assert rows[1]["Quality score"] == "1"  # cycle 2 so far records only its scale
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@"))


def test_pdsa_html_escapes_everything_typed():
    page = pdsa_log_html(ramp(), title="Oak <ward> log")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Oak &lt;ward&gt; log</title>" in page
    assert "Safety &lt;huddle&gt; &amp; checklist" in page
    assert "&lt;b&gt;Sam&lt;/b&gt; (patient)" in page
    assert "<b>Sam</b>" not in page and "<huddle>" not in page
    assert "@page" in page and page.count("<section>") == 2


def test_pdsa_markdown():
    text = pdsa_log_markdown(ramp())
    assert text.startswith("# PDSA log\n")
    assert "## Cycle 1: Safety <huddle> & checklist" in text
    assert (
        "- **Question 1:** Under 10 minutes?  \n  Prediction: Yes  \n  Result: 14 minutes" in text
    )
    assert "- **Decision:** Adapt" in text
    assert "## Cycle 2:" in text


def plan():
    return MeasurementPlan(
        title="Oak ward violence",
        aim="Reduce violence <30%>",
        measures=[*measures("violence_aggression"), Measure(name="=cmd|' /C calc'!A0")],
    )


def test_measurement_plan_csv():
    rows = list(csv.DictReader(io.StringIO(measurement_plan_csv(plan()))))
    assert [r["Type"] for r in rows] == ["outcome", "process", "balancing", ""]
    assert rows[0]["Multiplier"] == "1000.0"
    assert rows[0]["Chart"] == "u"
    assert rows[3]["Measure"].startswith("'=cmd")


def test_measurement_plan_markdown_and_html():
    text = measurement_plan_markdown(plan())
    assert "## Outcome measures" in text and "## Balancing measures" in text
    assert "- **Multiplier:** 1,000" in text
    assert "- **Chart:** U chart" in text
    assert "- **Better when:** Lower is better" in text
    assert "## Type not chosen" in text
    page = measurement_plan_html(plan())
    assert "Reduce violence &lt;30%&gt;" in page
    assert page.count("<section>") == 4


def test_spreadsheet_headings_and_scale_in_words():
    pdsa = list(csv.reader(io.StringIO(pdsa_log_csv(ramp()))))
    plan_rows = list(csv.reader(io.StringIO(measurement_plan_csv(plan()))))
    for heading in pdsa[0] + plan_rows[0]:
        assert "_" not in heading, heading
    assert pdsa[0][:3] == ["Cycle", "Team", "Aim"]
    assert plan_rows[0][0] == "Measure" and plan_rows[0][-1] == "Work stream"
    scales = [row[pdsa[0].index("Scale of the test")] for row in pdsa[1:]]
    assert all(scale and "_" not in scale for scale in scales), scales
