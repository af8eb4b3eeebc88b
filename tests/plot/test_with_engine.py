"""plot() on real qikit.spc results: every chart type, facets and a trust-wide board."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from plot_fixtures import layer_with, layers_of, spec_table

from qikit.apps import gallery_charts
from qikit.plot import examples, plot
from qikit.spc import spc


def _spc(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(data, **kw)


@pytest.mark.parametrize("key", list(gallery_charts.GALLERY))
def test_every_chart_type_draws_what_spc_computed(key):
    result = gallery_charts.result_for(key)
    spec = gallery_charts.gallery_chart(key).to_dict(validate=True)
    table = spec_table(spec)
    points = result.points
    assert len(table) == len(points)
    np.testing.assert_allclose(table["y"], points["y"], rtol=1e-5, equal_nan=True)
    np.testing.assert_allclose(table["c"], points["cl"], rtol=1e-5, equal_nan=True)
    np.testing.assert_allclose(table["l"], points["lcl"], rtol=1e-5, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(table["u"], points["ucl"], rtol=1e-5, equal_nan=True)
    assert table["p"].tolist() == points["part"].tolist()
    flagged = points[["sigma_signal", "shift_signal", "trend_signal", "two_of_three_signal"]].any(
        axis=1
    ) | points["special_cause"].ne("")
    assert (table["s"] > 0).tolist() == flagged.tolist()
    assert spec["title"]["text"] == gallery_charts.GALLERY[key].label
    assert spec["title"]["subtitle"] and spec["description"]
    has_limits = points["ucl"].notna().any()
    assert bool(layer_with(spec, "line", "u")) == bool(has_limits)


def test_mdc_result_shows_its_icons_and_target():
    result = gallery_charts.result_for("mdc")
    spec = gallery_charts.gallery_chart("mdc").to_dict()
    images = [lay for lay in layers_of(spec) if lay["mark"]["type"] == "image"]
    assert len(images) == 2
    kind = result.summary["variation_icon"].iloc[-1]
    assert (
        f"Variation icon: {gallery_charts.icon_pictures.VARIATION_WORDS[kind]}"
        in (spec["description"])
    )
    assert spec_table(spec)["g"].eq(45).all()


def test_part_gives_trial_limits_in_the_short_phase():
    spec = gallery_charts.gallery_chart("part").to_dict()
    table = spec_table(spec)
    assert table.groupby("p")["t"].max().to_dict() == {1: 0, 2: 1}


def test_freeze_shades_the_baseline():
    spec = gallery_charts.gallery_chart("freeze").to_dict()
    assert spec_table(spec)["b"].tolist() == [1] * 24 + [0] * 12


def test_small_multiples_shared_and_independent():
    shared = gallery_charts.board_chart("shared").to_dict(validate=True)
    free = gallery_charts.board_chart("independent").to_dict(validate=True)
    assert shared["resolve"] == {"scale": {"y": "shared"}}
    assert free["resolve"] == {"scale": {"y": "independent"}}
    assert shared["facet"]["field"] == "f" and shared["columns"] == 3
    names = ["R1H", "R1K", "RJ7", "RJC", "RQM", "RRK"]
    assert shared["facet"]["header"]["labelExpr"] == f"{json.dumps(names)}[datum.value]"
    assert shared["description"].startswith("A&E four-hour breaches at six NHS trusts. Small")
    assert shared["title"]["subtitle"][0].startswith("Of 6 series at the latest point:")
    table = spec_table(shared)
    assert table.groupby("f").size().tolist() == [24] * 6


def _board(wards: int = 40, measures: int = 6, weeks: int = 104) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    series = [
        f"Ward {w + 1:02d} \u00b7 measure {m + 1}" for w in range(wards) for m in range(measures)
    ]
    dates = pd.date_range("2023-01-02", periods=weeks, freq="7D")
    return pd.DataFrame(
        {
            "series": np.repeat(series, weeks),
            "week": np.tile(dates, len(series)),
            "incidents": rng.poisson(np.repeat(rng.uniform(2, 12, len(series)), weeks)),
        }
    )


def test_trust_board_of_240_series_is_small_and_complete():
    import altair as alt

    data = _board()
    assert len(data) > alt.data_transformers.options.get("max_rows", 5000)
    result = _spc(data, y="incidents", x="week", facet="series", chart="c", rules="mdc",
                  improvement="decrease")  # fmt: skip
    chart = plot(result, y_scale="independent")
    spec = chart.to_dict(validate=True)  # no MaxRowsError: the data is inline CSV
    size = len(json.dumps(spec))
    assert size < 2_000_000
    table = spec_table(spec)
    assert len(table) == 240 * 104 and table["f"].nunique() == 240
    assert spec["columns"] == 6
    # many panels: icons as badges (point + letter) joined outside the panels
    badges = [
        lay for lay in layers_of(spec) if lay["encoding"].get("color", {}).get("field") == "vc"
    ]
    assert len(badges) == 1
    assert [t["lookup"] for t in spec["transform"]] == ["f", "f"]


def test_board_renders_offline_in_vl_convert():
    import vl_convert as vlc

    result = _spc(_board(wards=4, measures=3, weeks=52), y="incidents", x="week",
                  facet="series", chart="c")  # fmt: skip
    svg = vlc.vegalite_to_svg(plot(result).to_dict())
    assert svg.count("Ward 0") >= 12  # every panel has its header


def test_gallery_draws_from_generated_data_when_the_files_are_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(examples, "HERE", tmp_path)  # as if the example files were not installed
    for name in examples.EXAMPLES:
        pd.testing.assert_frame_equal(examples.load(name), examples._generated(name))
    for key in gallery_charts.GALLERY:
        spec = gallery_charts.gallery_chart(key).to_dict()
        assert len(spec_table(spec)) > 10
    assert spec_table(gallery_charts.board_chart().to_dict())["f"].nunique() == 6


def test_result_chart_is_a_shortcut_for_plot():
    result = gallery_charts.result_for("i")
    assert result.chart(title="Same").to_dict() == plot(result, title="Same").to_dict()


def test_labels_as_x_keep_their_order(run_shift):
    # qikit.spc needs dates or numbers; a result made elsewhere may carry labels
    labels = [f"Audit {i:02d}" for i in range(24, 0, -1)]
    run_shift.points["x"] = labels
    spec = plot(run_shift).to_dict(validate=True)
    (points,) = layer_with(spec, "point", "y")
    assert points["encoding"]["x"]["type"] == "ordinal" and points["encoding"]["x"]["sort"] is None
    assert spec_table(spec)["x"].tolist() == labels
