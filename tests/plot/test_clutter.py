"""Charts without clutter and with readable axes (issue 15): event labels that never overprint,
legends from the marks drawn, icons beside the data, and axes a ward team reads at a glance."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from plot_fixtures import layer_with, layers_of

from qikit.plot import plot
from qikit.plot.annotations import LABEL_DX, label_width, x_pixels
from qikit.plot.layers import date_stamps
from qikit.plot.table import drawing

IRIS_CYCLES = [
    ("2024-03-04", "PDSA 1: Safety huddle at handover"),
    ("2024-03-18", "PDSA 2"),
    ("2024-04-01", "PDSA 3: Calm box"),
    ("2024-04-15", "PDSA 4: Safety huddle with a violence risk checklist"),
]


def _labels(spec: dict) -> list[tuple[dict, str]]:
    """Every event label drawn: its row and its alignment."""
    out = []
    for layer in layers_of(spec):
        if layer["mark"].get("stroke"):
            continue  # the white outline under a label, not a label of its own
        if layer["mark"]["type"] == "text" and layer["encoding"].get("text", {}).get("field") == (
            "text"
        ):
            values = spec["datasets"][layer["data"]["name"]]
            out += [(row, layer["mark"]["align"]) for row in values]
    return out


def _spans(spec: dict, result, width: float, font: float) -> list[tuple[int, float, float]]:
    """(lane, left, right) in pixels of each label, from the spec and estimated text widths."""
    rows = _labels(spec)
    draw = drawing(result)
    pixels = x_pixels([r["x"] for r, _ in rows], date_stamps(draw), "temporal", width)
    spans = []
    for (row, align), px in zip(rows, pixels, strict=True):
        w = LABEL_DX + label_width(row["text"], font)
        left, right = (px, px + w) if align == "left" else (px - w, px)
        spans.append((row["lane"], left, right))
    return spans


def _no_overprint(spans) -> None:
    for (lane_a, a0, a1), (lane_b, b0, b1) in itertools.combinations(spans, 2):
        if lane_a == lane_b:
            assert a1 <= b0 or b1 <= a0, f"labels overprint in lane {lane_a}"


def test_four_cycles_a_fortnight_apart_never_overprint(run_shift):
    chart = plot(run_shift, annotations=IRIS_CYCLES)
    spec = chart.to_dict(validate=True)
    spans = _spans(spec, run_shift, spec["width"], spec["config"]["text"]["fontSize"])
    assert len(spans) == 4
    _no_overprint(spans)
    assert all(0 <= left and right <= spec["width"] for _, left, right in spans)
    # on this 640 px chart of 24 weeks, the long fourth label does not fit beside the others:
    # it is shortened on the chart and written in full under the title (so in every export)
    drawn = {row["label"]: row["text"] for row, _ in _labels(spec)}
    assert drawn["PDSA 2"] == "PDSA 2"
    full = " ".join(spec["title"]["subtitle"])
    for label, text in drawn.items():
        if text != label:
            assert label in full.replace("\n", " ")
    # the full label is also on hover, on the line and on the label
    rule = next(lay for lay in layers_of(spec) if lay["mark"]["type"] == "rule" and "data" in lay)
    assert rule["encoding"]["tooltip"]["field"] == "label"


@pytest.mark.parametrize("theme", ["qikit", "projector"])
@pytest.mark.parametrize("width", [180, 400, 640])
def test_crowded_events_never_overprint(run_shift, theme, width):
    weeks = pd.date_range("2024-01-01", periods=24, freq="7D")
    events = [(d.strftime("%Y-%m-%d"), f"PDSA {i}: test of change number {i}") for i, d in
              enumerate(weeks[::2], start=1)] + [("2024-03-04", "Same week as PDSA 5")]  # fmt: skip
    spec = plot(run_shift, annotations=events, theme=theme, width=width).to_dict()
    spans = _spans(spec, run_shift, width, spec["config"]["text"]["fontSize"])
    assert len(spans) == len(events)
    _no_overprint(spans)


def test_week_numbers_read_as_whole_numbers(run_shift):
    run_shift.points["x"] = np.arange(1, len(run_shift.points) + 1)
    spec = plot(run_shift).to_dict(validate=True)
    (pts,) = layer_with(spec, "point", "y")
    assert pts["encoding"]["x"]["axis"] == {"format": "d", "tickMinStep": 1}
    run_shift.points["x"] = np.arange(len(run_shift.points)) / 2
    spec = plot(run_shift).to_dict()
    (pts,) = layer_with(spec, "point", "y")
    assert "format" not in pts["encoding"]["x"].get("axis", {})


def test_long_date_axis_reads_months_with_years(mdc_target):
    spec = plot(mdc_target).to_dict(validate=True)  # 40 weeks from January 2024
    (pts,) = layer_with(spec, "point", "y")
    axis = pts["encoding"]["x"]["axis"]
    assert axis["labelExpr"] == "utcFormat(datum.value, '%b %Y')"  # "Jan 2024", never "Tue 06"
    assert axis["tickCount"]["interval"] == "month"
    assert pts["encoding"]["x"]["title"] == "Week commencing"
    tip = pts["encoding"]["tooltip"][0]
    assert (tip["title"], tip["format"]) == ("Week commencing", "%d/%m/%Y")


def test_short_date_axis_labels_its_own_weeks(run_shift):
    run_shift.points = run_shift.points.head(10)  # ten weeks
    spec = plot(run_shift).to_dict(validate=True)
    (pts,) = layer_with(spec, "point", "y")
    axis = pts["encoding"]["x"]["axis"]
    assert axis["labelExpr"] == "utcFormat(datum.value, '%-d %b %Y')"  # "1 Jan 2024"
    stamps = date_stamps(drawing(run_shift))
    assert len(stamps) == 10 and set(axis["values"]) <= set(stamps)
    assert axis["values"][0] == stamps[0] and axis["values"][-1] == stamps[-1]
    assert "%a" not in json_text(spec) and "%A" not in json_text(spec)


def json_text(spec: dict) -> str:
    import json

    return json.dumps(spec)


def test_monthly_data_over_two_years_says_date_and_years(cdi_freeze):
    spec = plot(cdi_freeze).to_dict(validate=True)
    (pts,) = layer_with(spec, "point", "y")
    assert pts["encoding"]["x"]["title"] == "Date"  # months, not weeks
    assert "%Y" in pts["encoding"]["x"]["axis"]["labelExpr"]


def _board_result(mdc_target):
    points = pd.concat([mdc_target.points.assign(facet=name) for name in ("Iris Ward", "Oak Ward")])
    summary = pd.concat([mdc_target.summary.assign(facet=n) for n in ("Iris Ward", "Oak Ward")])
    return type(mdc_target)(points=points, summary=summary, chart_type="i")


def test_board_icons_sit_beside_the_latest_points(mdc_target):
    spec = plot(_board_result(mdc_target)).to_dict(validate=True)
    panel = spec["spec"]
    width = panel["width"]
    (pts,) = [lay for lay in panel["layer"] if lay["mark"]["type"] == "point"]
    data_right = pts["encoding"]["x"]["scale"]["range"][1]
    images = [lay for lay in panel["layer"] if lay["mark"]["type"] == "image"]
    assert len(images) == 2
    for image in images:
        left = image["encoding"]["x"]["value"] - image["mark"]["width"] / 2
        assert left >= data_right  # the icons never cover the data
        assert image["encoding"]["x"]["value"] + image["mark"]["width"] / 2 <= width
    # every layer shares the shortened x scale
    ranges = {
        str(lay["encoding"]["x"].get("scale", {}).get("range"))
        for lay in panel["layer"]
        if "field" in lay["encoding"].get("x", {})
    }
    assert ranges == {str([0, data_right])}


def test_single_chart_keeps_its_full_width(mdc_target):
    spec = plot(mdc_target).to_dict()
    (pts,) = layer_with(spec, "point", "y")
    assert "range" not in pts["encoding"]["x"]["scale"]


def test_funnel_legend_shows_the_shapes_drawn_and_only_those():
    from qikit.collaborative import charts
    from qikit.collaborative import funnel as fn

    wards = pd.DataFrame(
        {"ward_id": list("ABCDEF"), "met": [90, 50, 52, 48, 51, 49], "patients": [100] * 6}
    )
    result = fn.funnel(wards, numerator="met", denominator="patients", kind="proportion", trim=0)
    spec = charts.funnel_chart(result, "Funnel", "Proportion", "Patients").to_dict(validate=True)
    (pts,) = [lay for lay in spec["layer"] if lay["mark"]["type"] == "point"]
    colour, shape = pts["encoding"]["color"], pts["encoding"]["shape"]
    drawn = set(result.units[[c for c in result.units if c.startswith("position_")][-1]])
    assert drawn == {"above", "within"}
    assert colour["scale"]["domain"] == ["Inside the limits", "Above the upper limit"]
    assert shape["scale"]["domain"] == colour["scale"]["domain"]  # one legend: colour and shape
    assert shape["legend"] == colour["legend"] == {"title": "Each ward"}
    assert shape["scale"]["range"] == ["circle", "triangle-up"]


def test_small_multiples_weeks_are_whole_numbers_and_legend_has_shapes():
    from qikit.collaborative import charts

    points = pd.DataFrame(
        {"panel": "Iris", "week": [1, 2, 3], "y": [1.0, 2.0, 3.0], "cl": 2.0, "ucl": 4.0,
         "lcl": 0.0, "special_cause": ["common cause", "improvement", "common cause"]}
    )  # fmt: skip
    spec = charts.small_multiples(points, "Board").to_dict(validate=True)
    layers = spec["spec"]["layer"]
    assert layers[0]["encoding"]["x"]["axis"] == {"format": "d", "tickMinStep": 1}
    (dots,) = [lay for lay in layers if lay["mark"]["type"] == "point"]
    assert dots["encoding"]["shape"]["legend"] == dots["encoding"]["color"]["legend"]
    assert dots["encoding"]["shape"]["scale"]["domain"] == [
        "Common cause",
        "Special cause: improvement",
    ]
    assert dots["encoding"]["shape"]["scale"]["range"] == ["circle", "diamond"]


def test_the_worked_teams_linked_cycles_never_overprint_on_screen_or_in_a_picture(tmp_path):
    from qikit import thread
    from qikit.plot import save
    from qikit.store import open_workspace
    from qikit.worked_team import load_worked_team

    workspace = open_workspace(tmp_path / "team")
    project = load_worked_team(workspace)
    drawn = 0
    for measure in workspace.measures(project.id):
        found = thread.measure_chart(workspace, measure.id)
        chart = getattr(found, "chart", found)
        spec = chart.to_dict(validate=True)
        rows = _labels(spec)
        if not rows:
            continue
        drawn += len(rows)
        result, _ = thread.measure_result(measure, workspace.observation_table(measure.id))
        spans = _spans(spec, result, spec["width"], spec["config"]["text"]["fontSize"])
        _no_overprint(spans)
        halos = [lay for lay in layers_of(spec) if lay["mark"].get("stroke") == "white"]
        assert halos and all(h["mark"]["type"] == "text" for h in halos)
        picture = save(chart, tmp_path / f"{measure.id}.png")
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert drawn >= 4  # the team's four cycles, a few weeks apart


def test_a_label_in_a_lane_of_its_own_is_written_in_full():
    from qikit.plot.annotations import place_labels

    rows = [{"x": i, "label": f"PDSA {i}"} for i in range(1, 5)]
    placed, key = place_labels(rows, [100.0, 104.0, 108.0, 112.0], 640, 13)
    assert [r["text"] for r in placed] == ["PDSA 1", "PDSA 2", "PDSA 3", "PDSA 4"]
    assert len({r["lane"] for r in placed}) == 4 and key == []


def test_a_large_boards_badges_sit_beside_the_latest_points(mdc_target):
    import math

    from qikit.plot.annotations import label_width
    from qikit.plot.layers import ICON_PICTURES_UP_TO

    names = [f"Ward {i}" for i in range(ICON_PICTURES_UP_TO + 2)]
    points = pd.concat([mdc_target.points.assign(facet=n) for n in names])
    summary = pd.concat([mdc_target.summary.assign(facet=n) for n in names])
    board = type(mdc_target)(points=points, summary=summary, chart_type="i")
    spec = plot(board).to_dict()
    panel = spec["spec"]
    (pts,) = [lay for lay in panel["layer"] if lay["mark"]["type"] == "point" and "field" in
              lay["encoding"]["x"]]  # fmt: skip
    data_right = pts["encoding"]["x"]["scale"]["range"][1]
    badge = next(lay for lay in panel["layer"] if lay["encoding"]["x"].get("value") and
                 lay["mark"]["type"] == "point")  # fmt: skip
    radius = math.sqrt(badge["mark"]["size"]) / 2
    assert badge["encoding"]["x"]["value"] - radius >= data_right
    letters = next(lay for lay in panel["layer"] if lay["mark"]["type"] == "text" and
                   lay["encoding"]["x"].get("value"))  # fmt: skip
    widest = label_width("H ?", spec["config"]["text"]["fontSize"])  # a letter and assurance
    assert letters["encoding"]["x"]["value"] - widest / 2 >= data_right - 1
