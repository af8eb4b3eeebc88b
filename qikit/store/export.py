"""The PDSA log and the measurement plan as Markdown, print-ready HTML and CSV.

All text typed by people is HTML-escaped in the HTML, and CSV cells that a spreadsheet would run
as a formula (starting with = + - @, tab or carriage return) are made safe with a leading
apostrophe (OWASP "CSV injection" advice).
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable
from typing import Any

from qikit.errors import DataError
from qikit.improve import PDSA, SCALES, MeasurementPlan, Ramp, quality
from qikit.improve.choose import CHART_NAMES

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value that a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_table(frame: Any) -> Any:
    """A copy of a pandas table whose headings and text cells a spreadsheet will show as text
    (:func:`safe_cell`); numbers and dates are left as they are."""
    import pandas as pd

    out = frame.copy()
    out.columns = [safe_cell(c) for c in out.columns]
    for position in range(out.shape[1]):
        cells = out.iloc[:, position]
        if pd.api.types.is_object_dtype(cells) or pd.api.types.is_string_dtype(cells):
            out.isetitem(position, cells.map(safe_cell))
    return out


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return buffer.getvalue()


def _cycles(items: PDSA | Ramp | Iterable[PDSA | Ramp]) -> list[PDSA]:
    if isinstance(items, PDSA | Ramp):
        items = [items]
    cycles: list[PDSA] = []
    for item in items:
        if isinstance(item, Ramp):
            cycles.extend(item.cycles)
        elif isinstance(item, PDSA):
            cycles.append(item)
        else:
            raise DataError(
                f"The PDSA log is made from PDSA cycles or ramps; found {type(item).__name__}."
            )
    return cycles


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: ""}[value]


def _cycle_sections(cycle: PDSA) -> list[tuple[str, list[tuple[str, str]]]]:
    """The worksheet as (section, [(label, text)]) pairs, in the IHI order."""
    questions = [
        (
            f"Question {n}",
            f"{q.question}\nPrediction: {q.prediction}"
            + (f" (because {q.reason})" if q.reason else "")
            + (f"\nResult: {q.result}" if q.result else ""),
        )
        for n, q in enumerate(cycle.questions, start=1)
    ]
    who = ", ".join(f"{c.name} ({c.role})" if c.name else c.role for c in cycle.contributors)
    dates = " to ".join(d.isoformat() for d in (cycle.start_date, cycle.end_date) if d)
    return [
        (
            "About this cycle",
            [
                ("Team", cycle.team),
                ("Aim", cycle.aim),
                ("Change idea", cycle.change_idea),
                ("Driver", cycle.driver),
                ("Dates", dates),
                ("Scale", SCALES.get(cycle.scale, "")),
                ("Shaped by", who),
            ],
        ),
        (
            "Plan",
            [("Objective", cycle.objective), *questions]
            + [
                ("Who", cycle.plan_who),
                ("What", cycle.plan_what),
                ("When", cycle.plan_when),
                ("Where", cycle.plan_where),
                ("Data to collect", cycle.data_what),
                ("Who collects", cycle.data_who),
                ("When collected", cycle.data_when),
                ("Where recorded", cycle.data_where),
            ],
        ),
        (
            "Do",
            [
                ("Done as planned?", _yes_no(cycle.do_as_planned)),
                ("What happened", cycle.do_what_happened),
                ("Problems and surprises", cycle.do_surprises),
                ("Data collected", cycle.data_collected),
            ],
        ),
        ("Study", [("What we learned", cycle.study_learned)]),
        (
            "Act",
            [("Decision", cycle.act_decision.capitalize()), ("Next cycle", cycle.act_next)],
        ),
    ]


def pdsa_log_markdown(items: PDSA | Ramp | Iterable[PDSA | Ramp], title: str = "PDSA log") -> str:
    """Every cycle, worksheet by worksheet, as Markdown."""
    lines = [f"# {title}", ""]
    for cycle in _cycles(items):
        report = quality(cycle)
        lines += [f"## Cycle {cycle.cycle_number}: {cycle.change_idea}", ""]
        lines += [f"Quality: {report.summary()}", ""]
        for section, rows in _cycle_sections(cycle):
            lines += [f"### {section}", ""]
            for label, text in rows:
                if text:
                    body = text.replace("\n", "  \n  ")
                    lines.append(f"- **{label}:** {body}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_PRINT_CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; color: #1a1a1a;
       max-width: 60em; margin: 1em auto; line-height: 1.4; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; border-bottom: 2px solid #005eb8; }
h3 { font-size: 12pt; margin-bottom: 0.2em; }
table { border-collapse: collapse; width: 100%; margin-bottom: 0.8em; }
th, td { border: 1px solid #768692; padding: 4px 6px; text-align: left; vertical-align: top; }
th { width: 28%; background: #e8edee; }
section { page-break-inside: avoid; break-inside: avoid; margin-bottom: 1.5em; }
.pre { white-space: pre-wrap; }
@media print { body { margin: 0; } }
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_PRINT_CSS}</style>\n</head>\n"
        f"<body>\n<h1>{html.escape(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f'<tr><th scope="row">{html.escape(label)}</th>'
        f'<td class="pre">{html.escape(text)}</td></tr>'
        for label, text in rows
        if text
    )
    return f"<table>{cells}</table>" if cells else "<p>Not written yet.</p>"


def pdsa_log_html(items: PDSA | Ramp | Iterable[PDSA | Ramp], title: str = "PDSA log") -> str:
    """Every cycle as a print-ready HTML page (one section per cycle)."""
    parts = []
    for cycle in _cycles(items):
        report = quality(cycle)
        inner = "".join(
            f"<h3>{html.escape(section)}</h3>{_table(rows)}"
            for section, rows in _cycle_sections(cycle)
        )
        parts.append(
            f"<section><h2>Cycle {cycle.cycle_number}: {html.escape(cycle.change_idea)}</h2>"
            f"<p>Quality: {html.escape(report.summary())}</p>{inner}</section>"
        )
    return _page(title, "\n".join(parts))


PDSA_CSV_COLUMNS = [
    "cycle_number",
    "team",
    "aim",
    "change_idea",
    "driver",
    "start_date",
    "end_date",
    "scale",
    "objective",
    "questions_predictions_results",
    "plan_who",
    "plan_what",
    "plan_when",
    "plan_where",
    "data_what",
    "data_who",
    "data_when",
    "data_where",
    "do_as_planned",
    "do_what_happened",
    "do_surprises",
    "data_collected",
    "study_learned",
    "act_decision",
    "act_next",
    "contributors",
    "quality_score",
]

#: The spreadsheet's column headings, in the words of the PDSA form.
PDSA_CSV_HEADINGS = {
    "cycle_number": "Cycle",
    "team": "Team",
    "aim": "Aim",
    "change_idea": "Change idea",
    "driver": "Driver",
    "start_date": "Start date",
    "end_date": "End date",
    "scale": "Scale of the test",
    "objective": "Objective",
    "questions_predictions_results": "Questions, predictions and results",
    "plan_who": "Plan: who",
    "plan_what": "Plan: what",
    "plan_when": "Plan: when",
    "plan_where": "Plan: where",
    "data_what": "Data: what",
    "data_who": "Data: who collects",
    "data_when": "Data: when",
    "data_where": "Data: where",
    "do_as_planned": "Do: carried out as planned",
    "do_what_happened": "Do: what happened",
    "do_surprises": "Do: surprises",
    "data_collected": "Data collected",
    "study_learned": "Study: what we learned",
    "act_decision": "Act: decision",
    "act_next": "Act: next cycle",
    "contributors": "Contributors",
    "quality_score": "Quality score",
}


def pdsa_log_csv(items: PDSA | Ramp | Iterable[PDSA | Ramp]) -> str:
    """One row per cycle, for a spreadsheet."""
    rows = []
    for c in _cycles(items):
        questions = "\n".join(
            f"{q.question} | Prediction: {q.prediction} | Result: {q.result}" for q in c.questions
        )
        values = c.to_dict()
        values["questions_predictions_results"] = questions
        values["do_as_planned"] = _yes_no(c.do_as_planned)
        values["contributors"] = "; ".join(
            f"{p.name} ({p.role})" if p.name else p.role for p in c.contributors
        )
        values["quality_score"] = quality(c).score
        if c.scale in SCALES:
            values["scale"] = SCALES[c.scale].capitalize()
        rows.append([values.get(column, "") for column in PDSA_CSV_COLUMNS])
    return _csv([PDSA_CSV_HEADINGS[column] for column in PDSA_CSV_COLUMNS], rows)


MEASURE_LABELS = [
    ("type", "Type"),
    ("form", "Form"),
    ("numerator", "Numerator"),
    ("denominator", "Denominator"),
    ("multiplier", "Multiplier"),
    ("inclusions", "Included"),
    ("exclusions", "Excluded"),
    ("data_source", "Data source"),
    ("who_collects", "Who collects"),
    ("how_often", "How often"),
    ("sampling", "Sampling"),
    ("chart_type", "Chart"),
    ("better", "Better when"),
    ("source", "Source"),
]


def _measure_rows(measure) -> list[tuple[str, str]]:
    rows = []
    for name, label in MEASURE_LABELS:
        value = getattr(measure, name)
        if name == "multiplier" and value is not None:
            value = f"{value:,.0f}" if value == int(value) else f"{value:g}"
        elif name == "chart_type" and value:
            value = CHART_NAMES[value]
        elif name == "better" and value:
            value = f"{value.capitalize()} is better"
        rows.append((label, "" if value is None else str(value)))
    return rows


def _plan_title(plan: MeasurementPlan) -> str:
    return plan.title or "Measurement plan"


def measurement_plan_markdown(plan: MeasurementPlan) -> str:
    """The plan with each measure's operational definition, as Markdown."""
    lines = [f"# {_plan_title(plan)}", ""]
    if plan.aim:
        lines += [f"**Aim:** {plan.aim}", ""]
    for measure_type in ("outcome", "process", "balancing", ""):
        measures = [m for m in plan.measures if m.type == measure_type]
        if not measures:
            continue
        heading = f"{measure_type.capitalize()} measures" if measure_type else "Type not chosen"
        lines += [f"## {heading}", ""]
        for m in measures:
            lines += [f"### {m.name or '(no name yet)'}", ""]
            lines += [f"- **{label}:** {text}" for label, text in _measure_rows(m) if text]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def measurement_plan_html(plan: MeasurementPlan) -> str:
    """The plan as a print-ready HTML page."""
    parts = []
    if plan.aim:
        parts.append(f"<p><strong>Aim:</strong> {html.escape(plan.aim)}</p>")
    for m in plan.measures:
        parts.append(
            f"<section><h2>{html.escape(m.name or '(no name yet)')}</h2>"
            f"{_table(_measure_rows(m))}</section>"
        )
    return _page(_plan_title(plan), "\n".join(parts))


MEASURE_CSV_COLUMNS = ["name", *(name for name, _ in MEASURE_LABELS), "work_stream"]
#: The spreadsheet's column headings: the labels the plan's page and document use.
MEASURE_CSV_HEADINGS = ["Measure", *(label for _, label in MEASURE_LABELS), "Work stream"]


def measurement_plan_csv(plan: MeasurementPlan) -> str:
    """One row per measure, for a spreadsheet, headed in the plan's own words."""
    rows = [[getattr(m, column) for column in MEASURE_CSV_COLUMNS] for m in plan.measures]
    return _csv(MEASURE_CSV_HEADINGS, rows)
