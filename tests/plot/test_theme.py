"""The qikit and qikit_projector Altair themes."""

from __future__ import annotations

import altair as alt

from qikit.plot import theme


def test_both_themes_are_registered_and_can_be_switched_on():
    assert {"qikit", "qikit_projector"} <= set(alt.theme.names())
    before = alt.theme.active
    try:
        theme.use_theme("projector")
        assert alt.theme.active == "qikit_projector"
        spec = alt.Chart().mark_point().to_dict()
        assert spec["config"]["title"]["fontSize"] == 26
        theme.use_theme()
        assert alt.theme.active == "qikit"
    finally:
        alt.theme.enable(before)


def test_projector_is_larger_and_bolder():
    every = theme.theme_config("qikit")["config"]
    proj = theme.theme_config("qikit_projector")["config"]
    for part, key in [
        ("title", "fontSize"),
        ("axis", "labelFontSize"),
        ("legend", "labelFontSize"),
    ]:
        assert proj[part][key] > every[part][key]
    assert proj["line"]["strokeWidth"] >= 3 > every["line"]["strokeWidth"]
    assert every["axis"]["labelFontSize"] >= 13  # readable from the back of a room
    assert every["view"]["stroke"] is None  # no box around the plot
    assert every["axisX"]["grid"] is False


def test_making_data_count_colours():
    assert theme.STATUS_COLOURS == ("#a6a6a6", "#00b0f0", "#e46c0a", "#490092")
    assert len(set(theme.STATUS_SHAPES)) == 4
