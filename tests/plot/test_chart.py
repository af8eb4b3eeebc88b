"""plot(): each chart type, checked on its specification against the reference packages' numbers."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from plot_fixtures import layer_with, layers_of, marks, spec_table

from qikit.errors import DataError
from qikit.plot import plot, theme


def _trial_labels(spec: dict) -> list[dict]:
    return [lay for lay in layers_of(spec) if lay["encoding"].get("text") == TRIAL]


TRIAL = {"value": "trial limits"}


def test_i_chart_layers_colours_and_tooltip(i_part30):
    spec = plot(i_part30).to_dict(validate=True)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert marks(spec).count("line") == 4  # two limits, centre line, data line
    assert len(layer_with(spec, "line", "l")) == 1 and len(layer_with(spec, "line", "u")) == 1
    (pts,) = layer_with(spec, "point", "y")
    enc = pts["encoding"]
    assert enc["color"]["scale"]["domain"] == ["Common cause"]
    assert enc["color"]["scale"]["range"] == [theme.COMMON_CAUSE]
    assert enc["shape"]["field"] == enc["color"]["field"] == "status"
    titles = [t["title"] for t in enc["tooltip"]]
    # weekly dates: the tooltip says "Week commencing 01/01/2024" (was "Date", "01 Jan 2024")
    assert titles[:5] == ["Week commencing", "Value", "Centre line", "Lower limit", "Upper limit"]
    assert enc["tooltip"][0]["format"] == "%d/%m/%Y"
    assert "Rule that fired" in titles
    # screen readers read the points; lines and labels are said once in the description
    assert "aria" not in pts["mark"]
    assert all(lay["mark"]["aria"] is False for lay in layer_with(spec, "line"))


def test_limits_match_the_reference_and_restart_at_each_phase(i_part30):
    spec = plot(i_part30).to_dict()
    table = spec_table(spec)
    ref = i_part30.points
    np.testing.assert_allclose(table["l"], ref["lcl"], rtol=1e-5)
    np.testing.assert_allclose(table["u"], ref["ucl"], rtol=1e-5)
    np.testing.assert_allclose(table["c"], ref["cl"], rtol=1e-5)
    assert table["p"].tolist() == ref["part"].tolist()
    # every line is drawn per phase, so the lines break between phases
    for layer in layer_with(spec, "line"):
        assert layer["encoding"]["detail"]["field"] == "p"
    # a dotted rule and a label where phase 2 starts (point 31)
    assert table.index[table["n"] == 1].tolist() == [30]
    rules = [lay for lay in layers_of(spec) if lay["mark"]["type"] == "rule"]
    assert rules[0]["transform"] == [{"filter": "datum.n == 1"}]


def test_trial_limits_dashed_and_labelled_only_in_the_short_phase(i_part30):
    spec = plot(i_part30).to_dict()
    table = spec_table(spec)
    assert table.loc[table["p"] == 1, "t"].eq(0).all()  # 30 baseline points: firm limits
    assert table.loc[table["p"] == 2, "t"].eq(1).all()  # 10 baseline points: trial limits
    (upper,) = layer_with(spec, "line", "u")
    dash = upper["encoding"]["strokeDash"]
    assert dash["field"] == "t"
    assert dash["scale"] == {"domain": [0, 1], "range": [[1, 0], [8, 5]]}
    labels = [
        lay for lay in layers_of(spec) if lay["encoding"].get("text") == {"value": "trial limits"}
    ]
    assert len(labels) == 1


def test_firm_limits_have_no_trial_label(p_chart):
    spec = plot(p_chart).to_dict()
    assert spec_table(spec)["t"].eq(0).all()
    assert not any(
        lay["encoding"].get("text") == {"value": "trial limits"} for lay in layers_of(spec)
    )


def test_p_chart_limits_step_with_the_denominator(p_chart):
    spec = plot(p_chart).to_dict(validate=True)
    table = spec_table(spec)
    assert table["u"].nunique() > 20  # one upper limit per denominator
    np.testing.assert_allclose(table["u"], p_chart.points["ucl"], rtol=1e-5)
    (upper,) = layer_with(spec, "line", "u")
    assert upper["mark"]["interpolate"] == "step"


def test_frozen_baseline_is_shaded(cdi_freeze):
    spec = plot(cdi_freeze).to_dict(validate=True)
    table = spec_table(spec)
    assert table["b"].tolist() == [1] * 24 + [0] * 12  # freeze = 24
    (band,) = [lay for lay in layers_of(spec) if lay["mark"]["type"] == "rect"]
    assert band["mark"]["color"] == theme.BASELINE_SHADE
    assert band["transform"] == [{"filter": "datum.b == 1"}]
    assert band["encoding"]["x"]["aggregate"] == "min"
    assert band["encoding"]["x2"] == {"field": "x", "aggregate": "max"}


def test_no_shading_without_freeze(p_chart):
    assert "rect" not in marks(plot(p_chart).to_dict())


def test_mdc_colours_shapes_and_counts(mdc_target):
    spec = plot(mdc_target).to_dict(validate=True)
    table = spec_table(spec)
    ref = mdc_target.points["point_type"]
    assert (table["s"] == 1).sum() == (ref == "special_cause_improvement").sum() == 18
    assert (table["s"] == 2).sum() == (ref == "special_cause_concern").sum() == 12
    (pts,) = layer_with(spec, "point", "y")
    scale = pts["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == {
        "Common cause": "#a6a6a6",
        "Special cause: improvement": "#00b0f0",
        "Special cause: concern": "#e46c0a",
    }
    shapes = pts["encoding"]["shape"]["scale"]
    assert shapes["domain"] == scale["domain"]
    assert len(set(shapes["range"])) == 3  # a second cue besides colour
    assert pts["encoding"]["size"]["condition"]["test"] == "datum.s > 0"


def test_neutral_signal_without_direction_is_purple(cdi_freeze):
    spec = plot(cdi_freeze).to_dict()
    (pts,) = layer_with(spec, "point", "y")
    scale = pts["encoding"]["color"]["scale"]
    assert "#490092" in scale["range"]
    table = spec_table(spec)
    sigma = cdi_freeze.points["sigma_signal"].to_numpy()
    assert (table["s"].to_numpy() == 3).tolist() == sigma.tolist()


def test_target_line_and_icons(mdc_target):
    spec = plot(mdc_target).to_dict()
    (target,) = layer_with(spec, "line", "g")
    assert target["mark"]["color"] == theme.TARGET == "#de1b1b"
    assert spec_table(spec)["g"].eq(45).all()
    images = [lay for lay in layers_of(spec) if lay["mark"]["type"] == "image"]
    assert len(images) == 2  # variation and assurance beside the chart
    urls = [lay["transform"][1]["calculate"] for lay in images]
    assert all(u.startswith('"data:image/svg+xml;base64,') for u in urls)
    assert "Variation icon: Special cause concern" in spec["description"]
    assert "sometimes meet and sometimes miss" in spec["description"]


def test_no_icons_when_the_summary_has_none(i_part30):
    assert "image" not in marks(plot(i_part30).to_dict())


def test_run_chart_marks_runs_signal_on_the_centre_line(run_shift):
    spec = plot(run_shift).to_dict(validate=True)
    assert spec["title"]["text"] == "Run chart"
    assert spec_table(spec)["a"].eq(1).all()  # qicharts2: runs.signal TRUE
    (centre,) = layer_with(spec, "line", "c")
    assert centre["encoding"]["color"]["condition"] == {"test": "datum.a == 1", "value": "#490092"}
    assert centre["encoding"]["strokeDash"]["condition"]["value"] == [10, 4]
    assert not layer_with(spec, "line", "u")  # no limits on a run chart
    (pts,) = layer_with(spec, "point", "y")
    assert [t["title"] for t in pts["encoding"]["tooltip"]][2] == "Median"


def test_title_subtitle_and_description(run_shift, mdc_target):
    spec = plot(run_shift, title="Falls per 1,000 bed days").to_dict()
    assert spec["title"]["text"] == "Falls per 1,000 bed days"
    assert spec["title"]["subtitle"] == [
        "The points from week 13 on are all above the median: a shift."
    ]
    assert spec["description"].startswith("Falls per 1,000 bed days. Run chart")
    long = plot(mdc_target).to_dict()
    assert all(len(line) <= 95 for line in long["title"]["subtitle"])
    assert " ".join(long["title"]["subtitle"]).startswith("The latest point is unusually low")


def test_subtitle_without_explain_reads_the_latest_point(i_part30):
    spec = plot(i_part30).to_dict()
    assert spec["title"]["subtitle"] == [
        "The latest point shows common cause variation: no sign of change."
    ]


def test_annotations_from_pairs_and_from_a_table(run_shift):
    pairs = [("2024-03-04", "PDSA 1: safety huddle"), ("2024-03-18", "PDSA 2: new rota")]
    spec = plot(run_shift, annotations=pairs).to_dict(validate=True)
    rule, halo, text = layers_of(spec)[-3:]
    assert rule["mark"]["type"] == "rule" and text["mark"]["type"] == "text"
    assert (
        halo["mark"]["stroke"] == "white" and halo["encoding"]["text"] == text["encoding"]["text"]
    )
    values = spec["datasets"][rule["data"]["name"]]
    assert [v["label"] for v in values] == ["PDSA 1: safety huddle", "PDSA 2: new rota"]
    # dates as milliseconds since 1970 (UTC): 2024-03-04 is day 19,786
    assert values[0]["x"] == 19786 * 86_400_000
    assert values[0]["lane"] != values[1]["lane"]  # near events are staggered
    frame = pd.DataFrame({"date": ["2024-03-18", "2024-03-04"], "label": ["B", "A"]})
    spec2 = plot(run_shift, annotations=frame).to_dict()
    rule2 = layers_of(spec2)[-3]
    assert [v["label"] for v in spec2["datasets"][rule2["data"]["name"]]] == ["A", "B"]


def test_annotations_straight_from_the_pdsa_log(run_shift):
    import datetime as dt

    from qikit.improve import PDSA

    cycles = [
        PDSA(cycle_number=1, change_idea="Safety huddle", start_date=dt.date(2024, 3, 4)),
        PDSA(cycle_number=2, change_idea="", start_date=dt.date(2024, 4, 1)),
    ]
    spec = plot(run_shift, annotations=cycles).to_dict()
    rule = layers_of(spec)[-2]
    values = spec["datasets"][rule["data"]["name"]]
    assert [v["label"] for v in values] == ["PDSA 1: Safety huddle", "PDSA 2"]
    with pytest.raises(DataError, match="PDSA 3 has no start date"):
        plot(run_shift, annotations=[PDSA(cycle_number=3)])


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (pd.DataFrame({"when_it_was": [1], "label": ["x"]}), "'date' (or 'x') column"),
        ([("2024-03-04",)], "list of (date, label) pairs"),
        ([("not a date", "PDSA")], "expected dates"),
        (42, "table or a list"),
    ],
)
def test_bad_annotations_say_what_to_do(run_shift, bad, words):
    with pytest.raises(DataError, match=words.replace("(", r"\(").replace(")", r"\)")):
        plot(run_shift, annotations=bad)


def test_bad_arguments_say_what_to_do(run_shift):
    with pytest.raises(DataError, match="theme: expected one of qikit, qikit_projector"):
        plot(run_shift, theme="dark")
    with pytest.raises(DataError, match="y_scale: expected 'shared' or 'independent'"):
        plot(run_shift, y_scale="free")
    with pytest.raises(DataError, match=r"Run qikit.spc on your data first"):
        plot(pd.DataFrame({"y": [1, 2]}))


def test_projector_theme_is_written_into_the_chart(run_shift):
    everyday = plot(run_shift).to_dict()
    projector = plot(run_shift, theme="projector").to_dict()
    assert projector["config"]["title"]["fontSize"] > everyday["config"]["title"]["fontSize"]
    assert projector["config"]["axis"]["labelFontSize"] >= 18
    (line_p,) = layer_with(projector, "line", "y")
    (line_e,) = layer_with(everyday, "line", "y")
    assert line_p["mark"]["strokeWidth"] > line_e["mark"]["strokeWidth"]
    assert projector["width"] > everyday["width"]


def test_numeric_x_axis(run_shift):
    run_shift.points["x"] = np.arange(1, len(run_shift.points) + 1)
    spec = plot(run_shift).to_dict(validate=True)
    (pts,) = layer_with(spec, "point", "y")
    assert pts["encoding"]["x"]["type"] == "quantitative"
    assert spec_table(spec)["x"].tolist() == list(range(1, 25))


def test_spec_is_plain_json(mdc_target):
    text = json.dumps(plot(mdc_target).to_dict())
    assert "NaN" not in text
