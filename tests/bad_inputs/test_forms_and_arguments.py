"""Bad input typed into forms (the planning models and the aim app), given to ``qikit spc`` as
options, or handed to ``qikit.spc.spc`` directly: a plain-English message every time, and on the
page what was typed is kept.
"""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest

from qikit.errors import DataError
from qikit.improve import PDSA, Aim, Measure, MeasurementPlan
from qikit.spc import spc
from tests.bad_inputs.test_files import HERE, plain, run_cli

GOOD_CSV = HERE / "files" / "dates_iso.csv"

# ----- forms: the planning models ------------------------------------------------------------
# (model, field, what was typed, words the message must contain)
FORMS = [
    (Aim, "baseline", "twelve", "'baseline' should be a number"),
    (Aim, "baseline", "1e999", "'baseline' should be a number"),
    (Aim, "how_much", "=1+1", "'how_much' should be a number"),
    (Aim, "how_much", "8 per 1000", "'how_much' should be a number"),
    (Aim, "by_when", "March 2027", "written like 31/03/2027 (day first) or 2027-03-31"),
    (Aim, "by_when", "2027-02-30", "written like 31/03/2027 (day first) or 2027-03-31"),
    (Aim, "direction", "lower", "'direction' should be one of"),
    (PDSA, "cycle_number", "two", "'cycle_number' should be a number"),
    (PDSA, "cycle_number", "0", "'cycle_number' should be at least 1"),
    (PDSA, "cycle_number", "2.5", "'cycle_number' should be a whole number"),
    (PDSA, "start_date", "next Tuesday", "'start_date' should be a date"),
    (PDSA, "scale", "massive", "'scale' should be one of"),
    (Measure, "multiplier", "-1000", "'multiplier' should be at least 0"),
    (Measure, "type", "sort of", "'type' should be one of"),
]


@pytest.mark.parametrize(
    ("model", "field", "typed", "words"),
    FORMS,
    ids=[f"{m.__name__}.{f}={t}" for m, f, t, _ in FORMS],
)
def test_form_field(model, field, typed, words):
    with pytest.raises(DataError) as caught:
        model(**{field: typed})
    assert words in plain(str(caught.value))


def test_uk_dates_in_a_date_field_are_read_day_first():
    import datetime as dt

    assert Aim(by_when="31/03/2027").by_when == dt.date(2027, 3, 31)
    assert Aim(by_when="05/10/2026").by_when == dt.date(2026, 10, 5)  # 5 October


PATIENT_TEXT = [
    (Aim, "what", "violence towards patient 943 476 5919"),
    (PDSA, "change_idea", "Safety huddle for John Smith, born 12/03/1985"),
    (MeasurementPlan, "aim", "Falls for patient NHS no. 4010232137"),
]


@pytest.mark.parametrize(
    ("model", "field", "typed"), PATIENT_TEXT, ids=[m.__name__ for m, _, _ in PATIENT_TEXT]
)
def test_patient_details_in_free_text_are_refused(model, field, typed):
    with pytest.raises(DataError) as caught:
        model(**{field: typed})
    assert "aggregate or synthetic" in plain(str(caught.value))


# ----- forms on the page: the aim app --------------------------------------------------------
@pytest.fixture(scope="module")
def aim_app(tmp_path_factory):
    from qikit.apps import plan_aim
    from qikit.store import SQLiteWorkspace

    with SQLiteWorkspace(tmp_path_factory.mktemp("ws") / "workspace.db") as ws:
        yield plan_aim.ModelForImprovementApp(ws, delay_ms=60_000)


@pytest.mark.parametrize(
    ("box", "typed", "words"),
    [
        ("baseline", "twelve", "'Baseline (today)' should be a number"),
        ("baseline", "1e999", "'Baseline (today)' should be a number"),
        ("how_much", '=HYPERLINK("http://x")', "'How much' should be a number"),
        ("how_much", "-", "'How much' should be a number"),
    ],
)
def test_the_aim_app_explains_and_keeps_what_was_typed(aim_app, box, typed, words):
    aim = aim_app.aim
    aim.what.value = "physical violence"
    aim.baseline.value = "12"
    aim.how_much.value = "8"
    assert aim_app.errors.value == ""
    before = aim.aim_text
    getattr(aim, box).value = typed
    shown = aim.form.note(getattr(aim, box)).value  # under the box it is about
    assert 'role="alert"' in shown and aim_app.errors.value == ""
    assert words.replace("'", "&#x27;") in plain(shown)
    assert getattr(aim, box).value == typed  # what was typed is kept
    assert aim.what.value == "physical violence"
    assert aim.aim_text == before  # the last good aim still shows
    getattr(aim, box).value = "10"
    assert aim.form.note(getattr(aim, box)).value == ""


# ----- the command line: options ------------------------------------------------------------
OPTIONS = [
    (["--y", "incidents", "--chart", "p"], "denominator"),
    (["--y", "incidents", "--freeze", "ten"], "invalid int value: 'ten'"),
    (["--y", "incidents", "--multiply", "a thousand"], "invalid float value"),
    (["--y", "incidents", "--chart", "pie"], "invalid choice: 'pie'"),
    (["--y", "incidents", "--x", "week", "--exclude", "0"], "exclude"),
    (["--y", "incidents", "--shift-length", "-4"], "shift"),
    (["--y", "Incidents"], "'Incidents' is not in the data"),
]


@pytest.mark.parametrize(("options", "words"), OPTIONS, ids=[" ".join(o) for o, _ in OPTIONS])
def test_command_line_option(options, words, capsys):
    code, out, err = run_cli(["spc", str(GOOD_CSV), *options], capsys)
    assert code == 2
    assert "Traceback" not in out + err
    assert words in err


def test_a_folder_instead_of_a_file(tmp_path, capsys):
    code, out, err = run_cli(["spc", str(tmp_path), "--y", "incidents"], capsys)
    assert code == 2 and "Traceback" not in out + err
    assert str(tmp_path) in err


# ----- the SPC engine directly ---------------------------------------------------------------
def weekly(values, n=None) -> pd.DataFrame:
    frame = pd.DataFrame({"week": pd.date_range("2024-04-01", periods=len(values), freq="W-MON")})
    frame["y"] = values
    if n is not None:
        frame["n"] = n
    return frame


def run_spc(frame, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(frame, **options)


SPC_CASES = {
    "numerator_over_denominator": (
        weekly([5] * 19 + [40], [30] * 20),
        {"y": "y", "n": "n", "chart": "p"},
        "more than",
    ),
    "negative_count": (weekly([5] * 19 + [-2]), {"y": "y", "chart": "c"}, "negative"),
    "text_values": (weekly(["5"] * 19 + ["five"]), {"y": "y", "chart": "i"}, "'y'"),
    "all_missing": (weekly([math.nan] * 20), {"y": "y", "chart": "i"}, "'y'"),
    "zero_denominator": (
        weekly([5] * 20, [30] * 19 + [0]),
        {"y": "y", "n": "n", "chart": "u"},
        "'n'",
    ),
}


@pytest.mark.parametrize("name", list(SPC_CASES))
def test_spc_engine(name):
    frame, options, words = SPC_CASES[name]
    with pytest.raises(DataError) as caught:
        run_spc(frame, **options)
    assert words in plain(str(caught.value))


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (math.inf, "infinity"),
        (-math.inf, "minus infinity"),
        (1e308, "1e+308"),
        (-1e16, "minus 1e+16"),
    ],
    ids=["inf", "-inf", "1e308", "-1e16"],
)
def test_spc_engine_refuses_values_too_big_to_chart(value, found):
    with pytest.raises(DataError) as caught:
        run_spc(weekly([5.0] * 19 + [value]), y="y", x="week", chart="i")
    message = plain(str(caught.value))
    assert "column 'y'" in message and "row 20" in message
    assert f"{found} at 2024-08-12" in message  # the value and its week


def test_spc_engine_refuses_a_denominator_too_big_to_chart():
    with pytest.raises(DataError) as caught:
        run_spc(weekly([5.0] * 20, [30.0] * 9 + [math.inf] + [30.0] * 10), y="y", n="n", chart="u")
    message = plain(str(caught.value))
    assert "denominator" in message and "'n'" in message and "row 10" in message


def test_the_largest_ward_sized_values_are_still_charted():
    result = run_spc(weekly([5.0] * 19 + [1e15]), y="y", chart="i")
    assert len(result.points) == 20


# ----- patient details typed on the page ------------------------------------------------------
@pytest.mark.parametrize(
    ("box", "typed"),
    [
        ("what", "violence towards patient 943 476 5919"),
        ("for_whom", "John Smith, born 12/03/1985"),
        ("statement", "Reduce falls for Mary O'Neill (14/07/1962)"),
    ],
)
def test_the_aim_app_refuses_patient_details_and_keeps_what_was_typed(aim_app, box, typed):
    aim = aim_app.aim
    aim.statement.value = ""
    aim.what.value = "physical violence"
    aim.for_whom.value = "adults admitted to the ward"
    assert aim_app.errors.value == ""
    getattr(aim, box).value = typed
    shown = plain(aim.form.note(getattr(aim, box)).value)  # under the box it is about
    assert 'role="alert"' in shown and "patient&#x27;s" in shown and aim_app.errors.value == ""
    assert "5919" not in shown and "1985" not in shown and "1962" not in shown  # masked
    kept = getattr(aim, box).value  # the rest of what was typed is kept, the detail hidden
    assert "•" in kept and kept[:4] == typed[:4]
    for digits in ("5919", "1985", "1962"):
        assert digits not in kept and digits not in aim.aim_text  # and nothing of it saved
    getattr(aim, box).value = "adults admitted to the ward" if box == "for_whom" else ""
    if box == "what":
        aim.what.value = "physical violence"
    assert aim.form.note(getattr(aim, box)).value == "" and aim_app.errors.value == ""


def test_the_pdsa_app_refuses_patient_details_and_keeps_what_was_typed(tmp_path):
    from qikit.apps import plan_pdsa
    from qikit.store import SQLiteWorkspace

    with SQLiteWorkspace(tmp_path / "workspace.db") as ws:
        bench = plan_pdsa.PDSAApp(ws, delay_ms=60_000).workbench
        bench.change_idea.value = "Safety huddle every shift"
        assert bench.errors.value == ""
        bench.plan_who.value = "Nurse in charge and patient 401 023 2137"
        shown = plain(bench.form.note(bench.plan_who).value)  # under the box it is about
        assert "patient&#x27;s NHS number" in shown and "&#x27;Who&#x27;" in shown
        assert "plan_who" not in shown and bench.errors.value == ""
        assert bench.plan_who.value == "Nurse in charge and patient ••• ••• ••••"
        assert bench.change_idea.value == "Safety huddle every shift"
        bench.plan_who.value = "Nurse in charge"
        assert bench.form.note(bench.plan_who).value == "" and bench.errors.value == ""
