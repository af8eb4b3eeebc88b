"""The SPC explorer, driven headless: ward data, uploads, rules, limits, PDSA cycles, export."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest

from qikit import datasets
from qikit.apps import spc_explorer
from qikit.improve import PDSA
from qikit.store import open_workspace
from tests.teaching.chart_data import chart_points

NOW = dt.datetime(2025, 1, 1)


@pytest.fixture
def workspace(tmp_path):
    with open_workspace(tmp_path) as ws:
        yield ws


def upload(app, name: str, content: bytes, size: int | None = None) -> None:
    item = {
        "name": name,
        "type": "",
        "size": len(content) if size is None else size,
        "content": memoryview(content),
        "last_modified": NOW,
    }
    app.upload.value = (item,)


def drawn(app) -> pd.DataFrame:
    return chart_points(app.view.jupyter_chart.chart)


def spec_text(app) -> str:
    return str(app.view.jupyter_chart.chart.to_dict())


def test_opens_on_a_ward_with_the_suggested_u_chart(workspace):
    app = spc_explorer.app(workspace)
    assert "<h1" not in app.children[0].value  # the workbook draws the title block
    assert app.chart_type == "u" and app.chart.value == "u"
    assert "U chart" in app.advice.value and "exposure changes" in app.advice.value
    weekly = datasets.load("weekly")
    ward = weekly[weekly["ward_id"] == app.ward.value]
    rates = 1000 * ward["restraint_episodes"] / ward["occupied_bed_days"]
    assert np.allclose(drawn(app)["y"], rates, atol=1e-3)  # the chart rounds to 4 places
    assert "Making Data Count" in app.explanation


def test_choosing_a_percentage_measure_suggests_a_p_chart_and_rules_switch(workspace):
    app = spc_explorer.app(workspace)
    app.measure.value = "news2_complete"
    assert app.chart_type == "p" and "P chart" in app.advice.value
    app.rules.value = "anhoej"
    assert "Anhøj" in app.explanation
    app.rules.value = "ihi"
    assert "IHI" in app.explanation


def test_freeze_and_new_phase_at_a_chosen_week(workspace):
    app = spc_explorer.app(workspace)
    app.limits.value = "freeze"
    app.week.value = 30
    assert app.result.points["baseline"].tolist() == [True] * 30 + [False] * 74
    app.limits.value = "phase"
    assert app.result.points["part"].tolist() == [1] * 30 + [2] * 74


def test_pdsa_cycles_from_the_ward_and_from_the_team_workspace(workspace):
    app = spc_explorer.app(workspace)
    assert "PDSA 1:" in spec_text(app)  # the synthetic ward's own cycles
    app.show_cycles.value = False
    assert "PDSA 1:" not in spec_text(app)
    team = workspace.create_team("Willow team")
    project = workspace.create_project(team.id, "Fewer restraints")
    cycle = PDSA(cycle_number=4, change_idea="Safety huddle", start_date=dt.date(2024, 6, 3))
    workspace.save(project.id, cycle)
    app = spc_explorer.app(workspace)
    app.project.value = project.id
    assert "PDSA 4: Safety huddle" in spec_text(app)


def test_upload_csv_maps_columns_and_draws_it(workspace):
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_FILE
    rows = "".join(f"{w},{10 + w % 4},{20}\n" for w in range(1, 25))
    upload(app, "ours.csv", f"week,complete,due\n{rows}".encode())
    assert app.errors.value == ""
    assert (app.time_column.value, app.value_column.value) == ("week", "complete")
    assert app.denominator_column.value == "due"
    app.data_kind.value = "A percentage of cases (with a denominator)"
    assert app.chart_type == "p"
    assert drawn(app)["y"].round(6).tolist() == [100 * (10 + w % 4) / 20 for w in range(1, 25)]


def test_upload_excel_file(workspace):
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_FILE
    buffer = io.BytesIO()
    frame = pd.DataFrame({"Month": pd.date_range("2024-01-01", periods=15, freq="MS")})
    frame["Minutes"] = [40 + (i % 5) for i in range(15)]
    frame.to_excel(buffer, index=False, engine="openpyxl")
    upload(app, "ward.xlsx", buffer.getvalue())
    assert app.errors.value == "" and app.value_column.value == "Minutes"
    assert drawn(app)["y"].tolist() == frame["Minutes"].astype(float).tolist()


def test_bad_uploads_show_plain_words_and_keep_the_last_chart(workspace):
    app = spc_explorer.app(workspace)
    app.source.value = spc_explorer.SOURCE_FILE
    upload(app, "good.csv", b"week,y\n" + b"".join(f"{w},{w % 3}\n".encode() for w in range(1, 21)))
    before = drawn(app)["y"].tolist()
    upload(app, "huge.csv", b"x", size=50 * 1024 * 1024)
    assert "is 50.0 MB; the largest file this page reads is 10.0 MB" in app.errors.value
    upload(app, "empty.csv", b"")
    assert "is empty (0 bytes)" in app.errors.value
    upload(app, "text.csv", b"week,y\n1,2\n2,lots\n")
    assert "should hold numbers" in app.errors.value and "&#x27;lots&#x27;" in app.errors.value
    assert drawn(app)["y"].tolist() == before  # the chart and the mapping are kept
    upload(app, "good.csv", b"week,y\n" + b"".join(f"{w},{w % 5}\n".encode() for w in range(1, 21)))
    assert app.errors.value == ""


def test_export_chart_and_table(workspace):
    app = spc_explorer.app(workspace)
    assert app.export_table.text == "Download the numbers (CSV)"
    table = pd.read_csv(io.StringIO(app.export_table.click().decode()))
    assert len(table) == 104 and {"y", "cl", "lcl", "ucl"} <= set(table.columns)
    assert app.export_table.filename == "spc_table.csv" and "KB)" in app.export_table.text
    png = app.export_chart.click()  # one click: made and sent, no second link
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and app.export_chart.mime == "image/png"
    assert app.export_chart.text.startswith("Download the chart (PNG, ")


def test_a_chart_that_does_not_suit_is_warned_beside_the_chooser(workspace):
    app = spc_explorer.app(workspace)
    app.chart.value = "t"  # a T chart on a ward's restraint rate
    assert "T chart does not suit these data" in app.chart_warning.value
    index = app.children.index(app.chart)
    assert app.children[index + 1] is app.chart_warning  # right under the chart type
    # a teaching series saved as a file, kind left as "not sure"
    from qikit.data import teaching

    made = teaching.series("shift", n=24, seed=3, chart="u")
    upload(app, "restraint.csv", made.data.drop(columns=["date"]).to_csv(index=False).encode())
    app.data_kind.value = "Not sure"
    app.chart.value = "g"
    assert "counts out of something" in app.chart_warning.value
    app.chart.value = "u"
    assert app.chart_warning.value == ""
