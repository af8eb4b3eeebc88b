"""The data-entry app, driven headless: the weekly grid, corrections, pasted rows from Excel,
uploads with a remembered column mapping, refusals next to the box, and the chart's numbers
against ``qikit.spc`` computed directly."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest

import qikit
from qikit.apps import measure_data
from qikit.improve import Measure, MeasurementPlan
from qikit.store import SQLiteWorkspace
from tests.apps.field_notes import assert_note_under, plain

START = dt.date(2026, 10, 5)  # a Monday


def uk(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def week(k: int) -> dt.date:
    return START + dt.timedelta(days=7 * k)


def violence(**changes) -> Measure:
    values = dict(
        name="Violent incidents per 1,000 occupied bed days",
        type="outcome",
        form="rate",
        numerator="Violent incidents",
        denominator="Occupied bed days",
        multiplier=1000,
        chart_type="u",
        better="lower",
        unit="per 1,000 occupied bed days",
    )
    values.update(changes)
    return Measure(**values)


def huddles() -> Measure:
    return Measure(
        name="% of shifts with a safety huddle",
        type="process",
        form="percentage",
        numerator="Shifts with a huddle",
        denominator="Shifts",
        multiplier=100,
        chart_type="p",
        better="higher",
    )


#: Twenty weeks of incidents and occupied bed days, written as a nurse would type them.
INCIDENTS = [4, 6, 3, 5, 7, 4, 5, 8, 6, 4, 5, 3, 6, 5, 4, 7, 5, 6, 4, 5]
BED_DAYS = [1012, 998, 1020, 1005, 987, 1016, 1003, 995, 1024, 1010] * 2


@pytest.fixture
def workspace(tmp_path):
    with SQLiteWorkspace(tmp_path / "workspace.db") as ws:
        yield ws


@pytest.fixture
def project(workspace):
    team = workspace.create_team("Oak ward team")
    project = workspace.create_project(team.id, "Violence reduction")
    workspace.save(project.id, MeasurementPlan(measures=[violence(), huddles()]))
    return project


def make(workspace, project):
    app = measure_data.MeasureDataApp(workspace)
    app.bar.team.value = "Oak ward team"
    app.bar.project.value = project.name
    app.bar.open_button.click()
    return app


def choose(app, name: str) -> Measure:
    app.picker.value = next(value for label, value in app.picker.options if label.startswith(name))
    return app.measure


def add_week(app, day: str, numerator: str, denominator: str = "", note: str = "") -> None:
    app.new_week.value = day
    app.new_numerator.value = numerator
    app.new_denominator.value = denominator
    app.new_note.value = note
    app.add_button.click()


def upload(name: str, text: str) -> tuple[dict, ...]:
    """What a FileUpload holds after the browser sends one file."""
    content = text.encode("utf-8")
    return (
        {
            "name": name,
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        },
    )


def chart_points(app) -> pd.DataFrame:
    """The points drawn on the app's chart, read back from the chart's own data."""
    spec = app.view.jupyter_chart.chart.to_dict()
    (table,) = spec["datasets"].values()
    return pd.read_csv(io.StringIO(table), parse_dates=["x"])


def test_picker_lists_the_projects_measures_with_their_type(workspace, project):
    app = make(workspace, project)
    assert [label for label, _ in app.picker.options] == [
        "Violent incidents per 1,000 occupied bed days (outcome)",
        "% of shifts with a safety huddle (process)",
    ]
    assert app.measure.name.startswith("Violent incidents")
    assert "Occupied bed days" in app.headings.value and "Violent incidents" in app.headings.value
    assert app.new_numerator.description == "Violent incidents"
    assert app.new_denominator.description == "Occupied bed days"
    assert "No weeks entered yet" in app.summary.value
    assert "needs at least 2" in app.chart_note.value


def test_twenty_weeks_a_correction_and_ten_pasted_rows(workspace, project):
    app = make(workspace, project)
    measure = app.measure
    app.entered_by.value = "JB"
    for k, (count, days) in enumerate(zip(INCIDENTS, BED_DAYS, strict=True)):
        if k:
            assert app.new_week.value == uk(week(k))  # the date defaults to the next week
        add_week(app, uk(week(k)), str(count), f"{days:,}")
        assert app.add_message.value == ""
    assert app.weeks == 20
    assert "20 weeks entered" in app.summary.value
    assert f"from {uk(week(0))} to {uk(week(19))}" in app.summary.value
    assert [r.week.value for r in app.grid.children][:2] == [
        f"<span>{uk(week(0))}</span>",
        f"<span>{uk(week(1))}</span>",
    ]
    saved = workspace.observations(measure.id)
    assert [o.period for o in saved] == [week(k) for k in range(20)]
    assert saved[3].denominator == 1005 and saved[3].entered_by == "JB"

    # correct a past week: the numbers typed replace the saved ones
    row = app.grid.children[3]
    row.numerator.value = "2"
    row.note.value = "Datix checked again"
    assert row.message.value == ""
    fixed = workspace.observations(measure.id)[3]
    assert (fixed.numerator, fixed.denominator, fixed.note) == (2, 1005, "Datix checked again")
    # paste ten more weeks, copied from Excel with the heading row
    lines = ["Week commencing\tIncidents\tOccupied bed days"] + [
        f"{uk(week(20 + k))}\t{k % 4 + 2}\t{1_000 + 7 * k:,}" for k in range(10)
    ]
    app.paste.value = "\n".join(lines)
    app.paste_button.click()
    assert app.paste_message.value == ""
    assert "Added 10 weeks" in app.paste_status.value
    assert app.paste.value == ""
    assert app.weeks == 30 and len(app.grid.children) == 30

    table = workspace.observation_table(measure.id)
    assert table["denominator"].iloc[-1] == 1_063
    direct = qikit.spc(
        table, x="period", y="numerator", n="denominator", chart="u", multiply=1000,
        improvement="decrease", rules="mdc",
    )  # fmt: skip
    drawn = chart_points(app)
    expected = direct.points
    assert list(drawn["x"]) == list(expected["x"])
    for short, column in (("y", "y"), ("c", "cl"), ("l", "lcl"), ("u", "ucl")):
        np.testing.assert_allclose(drawn[short], expected[column], rtol=1e-5, atol=1e-9)
    assert "U chart, per 1,000, lower is better" in app.chart_note.value


def test_pasted_rows_without_headings_and_with_a_note(workspace, project):
    app = make(workspace, project)
    app.paste.value = f"{uk(week(0))}\t4\t1,012\tNew staff\r\n{uk(week(1))}\t6\t998\t\r\n"
    app.paste_button.click()
    assert app.paste_message.value == ""
    saved = workspace.observations(app.measure.id)
    assert [(o.period, o.numerator, o.denominator, o.note) for o in saved] == [
        (week(0), 4, 1012, "New staff"),
        (week(1), 6, 998, ""),
    ]


def test_a_first_row_with_a_bad_date_is_not_taken_for_headings(workspace, project):
    app = make(workspace, project)
    app.paste.value = f"31/02/2026\t4\t1,012\n{uk(week(1))}\t6\t998"
    app.paste_button.click()
    assert "Line 1 of the pasted rows starts with &#x27;31/02/2026&#x27;" in (
        app.paste_message.value
    )
    assert workspace.observations(app.measure.id) == []
    assert app.paste.value.startswith("31/02/2026")
    app.paste.value = f"{uk(week(0))}\t4\t1,012\n{uk(week(1))}\tsix\t998"
    app.paste_button.click()
    assert "its row 2 holds &#x27;six&#x27;" in app.paste_message.value


def test_refusals_sit_next_to_the_box_and_keep_what_was_typed(workspace, project):
    app = make(workspace, project)
    for k in range(3):
        add_week(app, uk(week(k)), "4", "1000")
    before = workspace.observation_table(app.measure.id)

    # a week already in the grid, typed again as new
    add_week(app, uk(week(1)), "9", "1000")
    assert_note_under(app, app.new_week, f"week of {uk(week(1))} is already in the grid")
    assert app.add_form.note(app.new_week).shown and app.add_message.value == ""
    assert (app.new_week.value, app.new_numerator.value) == (uk(week(1)), "9")
    assert app.errors.value == "" and app.paste_message.value == ""

    # a blank number
    add_week(app, uk(week(3)), "", "1000")
    assert "&#x27;Violent incidents&#x27; is blank" in app.add_message.value
    assert app.new_denominator.value == "1000"

    # pasted rows with a week twice: nothing is added, the paste stays in its box
    pasted = f"{uk(week(3))}\t4\t1000\n{uk(week(4))}\t5\t1000\n{uk(week(4))}\t6\t1000"
    app.paste.value = pasted
    app.paste_button.click()
    assert f"In the pasted rows: the week of {uk(week(4))} appears twice" in (
        app.paste_message.value
    )
    assert app.paste.value == pasted and app.add_message.value != ""

    # pasted rows clashing with a week already entered
    app.paste.value = f"{uk(week(2))}\t7\t1000"
    app.paste_button.click()
    assert "already have other numbers" in app.paste_message.value

    # a correction with a blank number is refused under its row; the saved week is kept
    row = app.grid.children[0]
    row.numerator.value = ""
    assert "is blank" in row.message.value and "keeps its saved numbers" in row.message.value
    assert row.numerator.value == ""
    pd.testing.assert_frame_equal(workspace.observation_table(app.measure.id), before)
    assert app.weeks == 3

    # another week added meanwhile: the refused row keeps what was typed and its message
    add_week(app, uk(week(3)), "5", "1000")
    assert app.weeks == 4 and app.add_message.value == ""
    assert row.numerator.value == "" and "is blank" in row.message.value
    row.numerator.value = "6"
    assert row.message.value == ""
    assert workspace.observations(app.measure.id)[0].numerator == 6


def test_a_percentage_cannot_be_over_100(workspace, project):
    app = make(workspace, project)
    choose(app, "% of shifts")
    assert app.new_denominator.description == "Shifts"
    add_week(app, uk(week(0)), "15", "14")
    assert "(15) is more than &#x27;Shifts&#x27; (14)" in app.add_message.value
    assert workspace.observations(app.measure.id) == []
    app.paste.value = f"{uk(week(0))}\t12\t14\n{uk(week(1))}\t15\t14"
    app.paste_button.click()
    assert "more than" in app.paste_message.value
    assert workspace.observations(app.measure.id) == []
    add_week(app, uk(week(0)), "12", "14")
    assert app.add_message.value == "" and app.weeks == 1


def test_delete_asks_once_more(workspace, project):
    app = make(workspace, project)
    for k in range(3):
        add_week(app, uk(week(k)), "4", "1000")
    row = app.grid.children[1]
    row.delete_button.click()
    assert app.weeks == 3 and row.delete_button.description == "Sure? Delete"
    row.delete_button.click()
    assert app.weeks == 2
    assert [o.period for o in workspace.observations(app.measure.id)] == [week(0), week(2)]


def test_upload_mapping_is_remembered(workspace, project):
    app = make(workspace, project)
    measure_id = app.measure.id
    first = "Wk beginning,Assaults,OBDs,Comment\n" + "\n".join(
        f'{uk(week(k))},{INCIDENTS[k]},"{BED_DAYS[k]:,}",x' for k in range(12)
    )
    app.upload.value = upload("oak.csv", first)
    assert app.upload_message.value == ""
    assert app.mapping_box.layout.display is None
    app.date_column.value = "Wk beginning"
    app.numerator_column.value = "Assaults"
    app.denominator_column.value = "OBDs"
    app.upload_button.click()
    assert app.upload_message.value == ""
    assert "Added 12 weeks" in app.upload_status.value
    assert workspace.measure(measure_id).upload_columns == {
        "date": "Wk beginning",
        "numerator": "Assaults",
        "denominator": "OBDs",
    }
    assert workspace.observations(measure_id)[0].denominator == BED_DAYS[0]

    # the next file is mapped by itself, even with the columns in another order
    again = make(workspace, project)
    second = "OBDs,Assaults,Wk beginning\n" + "\n".join(
        f"{BED_DAYS[k]},{INCIDENTS[k]},{uk(week(k))}" for k in range(12, 20)
    )
    again.upload.value = upload("oak later.csv", second)
    assert "you chose last time" in again.upload_note.value
    assert (
        again.date_column.value,
        again.numerator_column.value,
        again.denominator_column.value,
    ) == ("Wk beginning", "Assaults", "OBDs")
    again.upload_button.click()
    assert again.weeks == 20

    # a file with a week already there with other numbers: refused, nothing added
    clash = "Wk beginning,Assaults,OBDs\n" + f"{uk(week(0))},99,1000\n{uk(week(20))},3,1000"
    again.upload.value = upload("clash.csv", clash)
    again.upload_button.click()
    assert "In the file &#x27;clash.csv&#x27;" in again.upload_message.value
    assert again.weeks == 20


def test_pasted_rows_use_the_remembered_headings(workspace, project):
    app = make(workspace, project)
    measure = app.measure
    measure.upload_columns = {"date": "Wk", "numerator": "Assaults", "denominator": "OBDs"}
    workspace.save_measure(project.id, measure)
    app = make(workspace, project)
    app.paste.value = f"OBDs\tWk\tAssaults\n1,010\t{uk(week(0))}\t3"
    app.paste_button.click()
    assert app.paste_message.value == ""
    (saved,) = workspace.observations(measure.id)
    assert (saved.period, saved.numerator, saved.denominator) == (week(0), 3, 1010)


def test_a_project_with_no_measures_says_where_to_add_them(workspace):
    team = workspace.create_team("Birch ward team")
    workspace.create_project(team.id, "Falls")
    app = measure_data.MeasureDataApp(workspace)
    app.bar.team.value = "Birch ward team"
    app.bar.project.value = "Falls"
    app.bar.open_button.click()
    assert "no measures yet" in app.no_measures.value
    assert "04_measurement_strategy.ipynb?project=" in app.no_measures.value
    assert app.entry.layout.display == "none"


def test_the_page_address_chooses_the_measure(workspace, project, monkeypatch):
    second = workspace.measures(project.id)[1]
    monkeypatch.setenv("QUERY_STRING", f"project={project.id}&measure={second.id}")
    app = measure_data.MeasureDataApp(workspace)
    assert app.bar.project_id == project.id
    assert app.measure_id == second.id


def test_next_week_defaults():
    empty = measure_data.obs.frame([])
    assert measure_data.next_week(empty, today=dt.date(2026, 10, 8)) == dt.date(2026, 10, 5)


def test_a_patient_detail_is_hidden_in_its_box_and_said_under_the_row(workspace, project):
    app = make(workspace, project)
    app.new_note.value = "Restraint of 943 476 5919"
    assert app.new_note.value == "Restraint of ••• ••• ••••"
    text = assert_note_under(app, app.new_note, "'Note'", "NHS number")
    assert "5919" not in text and "new_note" not in text
    add_week(app, uk(week(0)), "4", "1000", note=app.new_note.value)
    assert app.weeks == 0  # nothing is added while the dots are there
    assert "still holds the dots" in plain(app.add_form.note(app.new_note).value)
    app.entered_by.value = "JB 943 476 5919"
    assert app.entered_by.value == "JB ••• ••• ••••"
    assert_note_under(app, app.entered_by, "'Entered by (initials)'", "NHS number")
    app.entered_by.value = "JB"
    add_week(app, uk(week(0)), "4", "1000", note="")
    assert app.weeks == 1 and "5919" not in workspace.observation_table(app.measure.id).to_csv()

    # a number that is an NHS number is hidden too, and then refused as not a number
    add_week(app, uk(week(1)), "9434765919", "1000")
    assert app.weeks == 1 and app.new_numerator.value == "••••••••••"
    assert_note_under(app, app.new_numerator, "'Violent incidents'", "NHS number")

    # pasted rows: the detail is hidden in the box and nothing is added
    app.paste.value = f"{uk(week(2))}\t4\t1000\tpatient 401 023 2137"
    assert app.paste.value == f"{uk(week(2))}\t4\t1000\tpatient ••• ••• ••••"
    assert_note_under(app, app.paste, "'Pasted rows'", "NHS number")
    app.paste_button.click()
    assert app.weeks == 1 and "still holds the dots" in plain(app.paste_form.note(app.paste).value)


def test_a_bad_date_or_number_is_said_under_the_row_naming_the_column(workspace, project):
    app = make(workspace, project)
    add_week(app, "31/02/2026", "4", "1000")
    text = assert_note_under(app, app.new_week, "'Week commencing'", "'31/02/2026'")
    assert "should be a date" in text and app.weeks == 0
    add_week(app, uk(week(0)), "four", "1000")
    text = assert_note_under(app, app.new_numerator, "'Violent incidents'", "'four'")
    assert "should be a number" in text and app.new_numerator.value == "four"
    assert "Week commencing" not in plain(app.add_note.value) and app.weeks == 0  # one at a time
    add_week(app, uk(week(0)), "4", "1000")
    row = app.grid.children[0]
    row.denominator.value = "lots"
    text = assert_note_under(app, row.denominator, f"week of {uk(week(0))}", "'lots'")
    assert row.denominator.value == "lots"
    assert workspace.observations(app.measure.id)[0].denominator == 1000


def test_an_upload_refusal_sits_under_the_button_pressed(workspace, project):
    app = make(workspace, project)
    children = list(app.entry.children)
    after = children.index(app.mapping_box) + 1
    assert children[after] is app.upload_message  # under "Add the file's weeks" when shown
    assert children[after - 1].children[-1].children[0] is app.upload_button
    assert isinstance(children[after - 2], measure_data.widgets.HBox)  # the file button, above


def test_the_new_weeks_boxes_are_ready_before_the_summary_changes(workspace, project):
    # On a page, changes reach the browser in this order: someone who types the next week as
    # soon as the summary says it was added must not have their typing emptied after it.
    app = make(workspace, project)
    seen: list[str] = []
    for box, name in ((app.new_numerator, "numerator"), (app.new_week, "week")):
        box.observe(lambda change, name=name: seen.append(f"{name}={change['new']}"), "value")
    app.summary.observe(lambda _: seen.append("summary"), "value")
    add_week(app, uk(week(0)), "4", "610")
    seen = seen[seen.index("numerator=4") + 1 :]  # after the typing
    assert seen.index("summary") > seen.index("numerator=")
    assert seen.index("summary") > seen.index(f"week={uk(week(1))}")
    assert seen[seen.index("summary") :] == ["summary"]  # nothing typed is changed after it
