"""The SPC explorer's team source and upload questions, driven headless: a team's own measure
charted with its settings and linked PDSA cycles, settings saved back to the measure, and the
walkthrough upload of violent incidents over occupied bed days drawn as a u chart per 1,000."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import qikit
from qikit.apps import spc_explorer
from qikit.cli import main as qikit_command
from qikit.improve import PDSA, Measure, MeasurementPlan, Ramp
from qikit.improve.observations import Observation
from tests.store.test_backends import BACKENDS, Store
from tests.teaching.chart_data import chart_points
from tests.team_measures import violence_measure

MONDAY = dt.date(2026, 1, 5)
#: Violent incidents and occupied bed days, 30 weeks: a fall after week 15.
INCIDENTS = [11, 9, 12, 10, 13, 8, 11, 12, 9, 10, 14, 11, 10, 12, 9,
             5, 4, 6, 3, 5, 4, 6, 5, 3, 4, 5, 6, 4, 3, 5]  # fmt: skip
BED_DAYS = [560 + (7 * k) % 45 for k in range(30)]


@pytest.fixture(params=BACKENDS)
def workspace(request, tmp_path, monkeypatch):
    """The team's workspace on SQLite and on PostgreSQL."""
    monkeypatch.delenv("QUERY_STRING", raising=False)
    store = Store(request.param, tmp_path)
    try:
        with store.open() as ws:
            yield ws
    finally:
        store.drop()


def violence() -> Measure:
    return violence_measure(unit="per 1,000 occupied bed days", target=8, rules="mdc")


def week(k: int) -> dt.date:
    return MONDAY + dt.timedelta(weeks=k)


@pytest.fixture
def team(workspace):
    """A team with a violence measure holding 30 weeks, a process measure with none, a single
    PDSA cycle and a ramp cycle linked to the violence measure, and one cycle not linked."""
    t = workspace.create_team("Willow team")
    project = workspace.create_project(t.id, "Calmer wards")
    measure, other = violence(), Measure(name="Huddles held", type="process", form="count")
    workspace.save(project.id, MeasurementPlan(aim="Less violence", measures=[measure, other]))
    workspace.save_observations(
        measure.id,
        [
            Observation(week(k), n, d)
            for k, (n, d) in enumerate(zip(INCIDENTS, BED_DAYS, strict=True))
        ],
    )
    single = PDSA(
        cycle_number=1,
        change_idea="Safety huddle",
        start_date=week(14),
        measure_ids=[measure.id],
    )
    workspace.save(project.id, single)
    ramp = Ramp(change_idea="Calm boxes")
    ramp.add_cycle(start_date=week(18), measure_ids=[measure.id])
    ramp.add_cycle(start_date=week(22))  # not linked: not on this measure's chart
    workspace.save(project.id, ramp)
    return project, measure


def weekly(workspace, measure) -> pd.DataFrame:
    table = workspace.observation_table(measure.id)
    return pd.DataFrame({"x": table["period"], "y": table["numerator"], "n": table["denominator"]})


def drawn(app) -> pd.DataFrame:
    return chart_points(app.view.jupyter_chart.chart)


def test_team_measure_drawn_with_its_own_settings(workspace, team):
    project, measure = team
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_TEAM
    assert app.team_project.value == project.id
    assert app.team_measure.value == measure.id
    labels = [label for label, _ in app.team_measure.options]
    assert labels[0].startswith("Violent incidents") and "30 weeks" in labels[0]
    assert "no data yet" in labels[1]
    assert measure.id not in str(app.team_box.children[0].value)  # no ids on the page
    assert (app.chart.value, app.per.value, app.direction.value, app.rules.value) == (
        "u",
        1000,
        "decrease",
        "mdc",
    )
    expected = qikit.spc(
        weekly(workspace, measure),
        x="x",
        y="y",
        n="n",
        chart="u",
        multiply=1000,
        improvement="decrease",
        target=8,
        rules="mdc",
    )
    for column in ("y", "cl", "lcl", "ucl"):
        assert np.allclose(app.result.points[column], expected.points[column])
    assert np.allclose(drawn(app)["y"], expected.points["y"], atol=1e-3)  # 4 places drawn
    assert "U chart" in app.advice.value and "exposure changes" in app.advice.value
    assert "lower is better" in app.team_note.value
    assert app.chart_warning.value == ""


def test_linked_cycles_are_the_annotations(workspace, team):
    project, measure = team
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_TEAM
    marked = [pd.Timestamp(when) for when, _ in app.team.cycles]
    assert marked == [pd.Timestamp(week(14)), pd.Timestamp(week(18))]
    spec = str(app.view.jupyter_chart.chart.to_dict())
    assert "PDSA 1: Safety huddle" in spec and "PDSA 1: Calm boxes" in spec
    assert "PDSA 2: Calm boxes" not in spec
    app.show_cycles.value = False
    assert app.team.cycles == [] and "Safety huddle" not in str(
        app.view.jupyter_chart.chart.to_dict()
    )


@pytest.mark.filterwarnings("ignore:The series has fewer than 20 points")
def test_freeze_and_phase_work_on_the_team_measure(workspace, team):
    _, measure = team
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_TEAM
    assert app.week.max == 29
    app.limits.value = "freeze"
    app.week.value = 15
    expected = qikit.spc(
        weekly(workspace, measure),
        x="x",
        y="y",
        n="n",
        chart="u",
        multiply=1000,
        improvement="decrease",
        target=8,
        freeze=15,
    )
    assert app.result.points["baseline"].tolist() == [True] * 15 + [False] * 15
    assert np.allclose(app.result.points["ucl"], expected.points["ucl"])
    app.limits.value = "phase"
    assert app.result.points["part"].tolist() == [1] * 15 + [2] * 15
    assert [pd.Timestamp(w) for w, _ in app.team.cycles] == [
        pd.Timestamp(week(14)),
        pd.Timestamp(week(18)),
    ]


def test_changed_settings_warn_and_save_to_the_measure(workspace, team):
    _, measure = team
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_TEAM
    app.chart.value = "t"
    assert "T chart does not suit these data" in app.chart_warning.value
    assert 'role="alert"' in app.chart_warning.value and "U chart" in app.chart_warning.value
    app.chart.value = "u"
    assert app.chart_warning.value == ""
    app.per.value = 100.0
    app.rules.value = "anhoej"
    app.direction.value = "neither"
    assert app.result.summary["special_cause_neutral"].sum() > 0  # no direction: purple
    assert np.allclose(
        app.result.points["y"], 100 * np.array(INCIDENTS) / np.array(BED_DAYS), atol=1e-9
    )
    app.direction.value = "decrease"
    app.save_settings.click()
    saved = workspace.measure(measure.id)
    assert (saved.chart_type, saved.multiplier, saved.better, saved.rules) == (
        "u",
        100,
        "lower",
        "anhoej",
    )
    assert saved.name == measure.name and saved.target == 8
    assert "Saved to" in app.save_note.value and "per 100" in app.save_note.value
    again = spc_explorer.app(workspace)
    again.source.value = spc_explorer.SOURCE_TEAM
    assert (again.per.value, again.rules.value) == (100, "anhoej")


def test_a_measure_with_too_few_weeks_says_so_next_to_it(workspace, team):
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_TEAM
    before = drawn(app)["y"].tolist()
    app.team_measure.value = app.team_measure.options[1][1]
    assert "has 0 week(s) of data" in app.team_note.value
    assert 'role="alert"' in app.team_note.value and app.errors.value == ""
    assert drawn(app)["y"].tolist() == before


def test_no_measures_yet_points_to_the_plan(workspace):
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_TEAM
    assert "measurement plan (workbook 04)" in app.team_note.value
    assert app.source.value == spc_explorer.SOURCE_TEAM and app.errors.value == ""


def test_opens_on_the_team_named_in_the_page_address(workspace, team, monkeypatch):
    project, measure = team
    monkeypatch.setenv("QUERY_STRING", f"project={project.id}")
    app = spc_explorer.app(workspace)
    assert app.source.value == spc_explorer.SOURCE_TEAM
    assert app.team_box.layout.display == "" and app.ward_box.layout.display == "none"
    assert app.team_measure.value == measure.id and app.chart_type == "u"
    monkeypatch.setenv("QUERY_STRING", "")
    assert spc_explorer.app(workspace).source.value == spc_explorer.SOURCE_WARD


def walkthrough_csv() -> bytes:
    lines = ["Week commencing,Violent incidents,Occupied bed days"]
    for k, (n, d) in enumerate(zip(INCIDENTS, BED_DAYS, strict=True)):
        lines.append(f"{week(k).strftime('%d/%m/%Y')},{n},{d}")
    return ("\n".join(lines) + "\n").encode()


def test_upload_walkthrough_counts_over_bed_days_make_a_u_chart_per_1000(workspace, tmp_path):
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_FILE
    content = walkthrough_csv()
    app.upload.value = (
        {
            "name": "violence.csv",
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime(2026, 1, 1),
        },
    )
    assert app.errors.value == ""
    assert (app.time_column.value, app.value_column.value, app.denominator_column.value) == (
        "Week commencing",
        "Violent incidents",
        "Occupied bed days",
    )
    assert app.data_kind.value == "A count per amount of exposure (with a denominator)"
    assert app.chart.value == "u" and app.per.value == 1000
    assert "U chart" in app.advice.value
    # the file does not say whether higher is better: the page asks, and signals are purple
    assert app.direction.value == "" and "neither better nor worse" in app.direction_note.value
    assert app.result.summary["special_cause_neutral"].sum() > 0
    app.direction.value = "decrease"
    assert app.direction_note.value == ""

    frame = pd.DataFrame(
        {
            "week": pd.to_datetime([week(k) for k in range(30)]),
            "incidents": INCIDENTS,
            "bed_days": BED_DAYS,
        }
    )
    expected = qikit.spc(
        frame,
        x="week",
        y="incidents",
        n="bed_days",
        chart="u",
        multiply=1000,
        improvement="decrease",
    )
    for column in ("y", "cl", "lcl", "ucl"):
        assert np.allclose(app.result.points[column], expected.points[column])
    assert app.result.points["lcl"].min() >= 0 and app.result.points["cl"].iloc[0] > 5
    types = set(app.result.points["point_type"].astype(str)) - {"common_cause"}
    assert types and types <= {"special_cause_improvement", "special_cause_concern"}
    assert "Violent incidents per 1,000 occupied bed days" in str(
        app.view.jupyter_chart.chart.to_dict()
    )

    # the command line, given the same file and answers, draws the same limits
    path = tmp_path / "violence.csv"
    path.write_bytes(content)
    out = tmp_path / "points.csv"
    code = qikit_command(
        [
            "spc",
            str(path),
            "--chart",
            "u",
            "--x",
            "Week commencing",
            "--y",
            "Violent incidents",
            "--n",
            "Occupied bed days",
            "--multiply",
            "1000",
            "--improvement",
            "decrease",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    command = pd.read_csv(out)
    for column in ("cl", "lcl", "ucl"):
        assert np.allclose(command[column], app.result.points[column], atol=1e-6)


def test_upload_of_yes_no_out_of_a_total_is_a_p_chart_in_percent(workspace):
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_FILE
    rows = "".join(f"{week(k).strftime('%d/%m/%Y')},{15 + k % 5},20\n" for k in range(24))
    content = f"Week,Observations on time,Observations due\n{rows}".encode()
    app.upload.value = (
        {
            "name": "obs.csv",
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime(2026, 1, 1),
        },
    )
    assert app.data_kind.value == "A percentage of cases (with a denominator)"
    assert (app.chart.value, app.per.value) == ("p", 100)
    assert np.allclose(app.result.points["y"], [100 * (15 + k % 5) / 20 for k in range(24)])
    app.chart.value = "t"
    assert "does not suit these data" in app.chart_warning.value


def upload(app, name: str, content: bytes) -> None:
    app.upload.value = (
        {
            "name": name,
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime(2026, 1, 1),
        },
    )


def test_add_the_file_to_a_measure_and_remember_its_columns(workspace):
    t = workspace.create_team("Willow team")
    project = workspace.create_project(t.id, "Calmer wards")
    measure = violence()
    workspace.save(project.id, MeasurementPlan(measures=[measure]))
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_FILE
    assert app.add_box.layout.display == "none"  # nothing offered before a file arrives
    upload(app, "violence.csv", walkthrough_csv())
    assert app.add_box.layout.display == ""
    assert app.add_to.options == (
        ("Willow team: Calmer wards: Violent incidents per 1,000 occupied bed days", measure.id),
    )
    app.add_button.click()
    assert "Choose the measure" in app.add_note.value
    app.add_to.value = measure.id
    app.add_button.click()
    assert "Added 30 weeks" in app.add_note.value, app.add_note.value
    table = workspace.observation_table(measure.id)
    assert table["numerator"].tolist() == INCIDENTS
    assert table["denominator"].tolist() == BED_DAYS
    assert table["period"].iloc[0] == pd.Timestamp(week(0))  # 05/01/2026 read day first
    assert workspace.measure(measure.id).upload_columns == {
        "date": "Week commencing",
        "numerator": "Violent incidents",
        "denominator": "Occupied bed days",
    }
    app.add_button.click()  # the same weeks again: nothing new, nothing lost
    assert "Added 0 weeks" in app.add_note.value and "30 already there" in app.add_note.value

    # a file with other headings: choosing the measure maps the remembered columns back
    renamed = walkthrough_csv().replace(b"Week commencing", b"Notes,Week commencing", 1)
    renamed = b"\n".join(
        line if k == 0 else b"x," + line for k, line in enumerate(renamed.split(b"\n")) if line
    )
    later = spc_explorer.app(workspace)
    later.source.value = spc_explorer.SOURCE_FILE
    upload(later, "again.csv", renamed)
    later.time_column.value = "Notes"
    later.add_to.value = measure.id
    assert later.time_column.value == "Week commencing"
    assert "used last time" in later.add_note.value


def test_adding_weeks_that_clash_is_refused_next_to_the_button(workspace):
    t = workspace.create_team("Willow team")
    project = workspace.create_project(t.id, "Calmer wards")
    measure = violence()
    workspace.save(project.id, MeasurementPlan(measures=[measure]))
    workspace.save_observations(measure.id, [Observation(week(3), 99, 600)])
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_FILE
    upload(app, "violence.csv", walkthrough_csv())
    app.add_to.value = measure.id
    app.add_button.click()
    assert "Nothing was added" in app.add_note.value and "26/01/2026" in app.add_note.value
    assert 'role="alert"' in app.add_note.value and app.errors.value == ""
    assert len(workspace.observations(measure.id)) == 1


def test_answers_about_the_file_are_kept_while_looking_elsewhere(workspace, team):
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_FILE
    upload(app, "violence.csv", walkthrough_csv())
    app.direction.value = "decrease"
    app.per.value = 10000.0
    app.source.value = spc_explorer.SOURCE_TEAM
    assert app.per.value == 1000
    app.source.value = spc_explorer.SOURCE_WARD
    app.source.value = spc_explorer.SOURCE_FILE
    assert (app.direction.value, app.per.value, app.chart.value) == ("decrease", 10000, "u")
    assert np.allclose(
        app.result.points["y"], 10000 * np.array(INCIDENTS) / np.array(BED_DAYS), atol=1e-9
    )


def test_per_how_many_is_asked_only_with_a_denominator(workspace):
    app = spc_explorer.app(workspace)
    assert app.per.layout.display == ""  # a ward's rate per 1,000 bed days
    app.source.value = spc_explorer.SOURCE_FILE
    content = b"week,minutes\n" + b"".join(f"{w},{40 + w % 6}\n".encode() for w in range(1, 21))
    upload(app, "minutes.csv", content)
    assert app.per.layout.display == "none" and app.data_kind.value == "Not sure"
