"""The funnel plot as drawn: names that never overprint, a legend of the marks drawn, and plain
words in every title (tested on the chart's specification, with no browser)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from qikit.apps.collaborative_dashboard import funnel_view, synthetic_dashboard
from qikit.collaborative import charts
from qikit.collaborative import funnel as fn
from qikit.plot.annotations import label_width
from qikit.plot.point_labels import MARKER, overlaps, place_point_labels

SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


def _text_layers(spec: dict) -> list[dict]:
    return [lay for lay in spec["layer"] if lay["mark"]["type"] == "text"]


def _rows(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def _pixels(spec: dict, x: float, y: float) -> tuple[float, float]:
    layer = _text_layers(spec)[0]
    (x0, x1) = layer["encoding"]["x"]["scale"]["domain"]
    (y0, y1) = layer["encoding"]["y"]["scale"]["domain"]
    return (x - x0) / (x1 - x0) * spec["width"], (y1 - y) / (y1 - y0) * spec["height"]


def name_boxes(spec: dict) -> list[tuple[float, float, float, float]]:
    """Each written name's box in pixels, from the specification and the estimated text width."""
    boxes = []
    for layer in _text_layers(spec):
        font, align = layer["mark"]["fontSize"], layer["mark"]["align"]
        for row in _rows(spec, layer):
            px, py = _pixels(spec, row["x"], row["y"])
            w, h = label_width(row["unit"], font), font * 1.2
            left = {"left": px, "right": px - w, "center": px - w / 2}[align]
            boxes.append((left, py - h / 2, left + w, py + h / 2))
    return boxes


def point_boxes(spec: dict) -> list[tuple[float, float, float, float]]:
    (points,) = [lay for lay in spec["layer"] if lay["mark"]["type"] == "point"]
    out = []
    for row in _rows(spec, points):
        px, py = _pixels(spec, row["denominator"], row["value"])
        out.append((px - MARKER + 1, py - MARKER + 1, px + MARKER - 1, py + MARKER - 1))
    return out


CASES = [
    ("restraint_episodes", None, "additive"),
    ("news2_complete", "last", "multiplicative"),
    ("huddles_held", None, None),
    ("violence_incidents", "pre-work", None),
]


@pytest.fixture(scope="module")
def board():
    return synthetic_dashboard()


@pytest.mark.parametrize(("column", "period", "spread"), CASES)
def test_ward_names_never_overprint_each_other_or_a_point(board, column, period, spread):
    spec = funnel_view(board, column, period, spread).to_dict(validate=True)
    names = name_boxes(spec)
    assert names and overlaps(names) == []
    for name in names:  # inside the plot
        assert name[0] >= 0 and name[2] <= spec["width"]
        assert name[1] >= 0 and name[3] <= spec["height"]
    for name in names:  # and never over another ward's point
        assert all(overlaps([name, dot]) == [] for dot in point_boxes(spec))


@pytest.mark.parametrize(("column", "period", "spread"), CASES)
def test_every_ward_is_named_or_numbered_in_the_key(board, column, period, spread):
    spec = funnel_view(board, column, period, spread).to_dict()
    written = [row for lay in _text_layers(spec) for row in _rows(spec, lay)]
    wards = set(board.wards["ward"])
    named = {row["unit"] for row in written if row["unit"] in wards}
    numbered = {row["ward"] for row in written if row["unit"].isdigit()}
    subtitle = " ".join(spec["title"]["subtitle"])
    for row in written:
        if row["unit"].isdigit():
            assert f"{row['unit']}\u00a0{row['ward']}" in subtitle
    (points,) = [lay for lay in spec["layer"] if lay["mark"]["type"] == "point"]
    drawn = {row["unit"] for row in _rows(spec, points)}
    assert named | numbered == drawn
    assert not named & numbered


def test_the_legend_shows_the_shapes_and_colours_drawn_and_only_those(board):
    spec = funnel_view(board, "restraint_episodes", None, "additive").to_dict()
    (points,) = [lay for lay in spec["layer"] if lay["mark"]["type"] == "point"]
    colour, shape = points["encoding"]["color"], points["encoding"]["shape"]
    rows = _rows(spec, points)
    drawn = [w for w, _, _ in charts.POSITIONS.values() if w in {r["shown"] for r in rows}]
    assert colour["scale"]["domain"] == shape["scale"]["domain"] == drawn
    assert colour["legend"] == shape["legend"]  # one legend, showing colour and shape together
    for words, colour_drawn, shape_drawn in charts.POSITIONS.values():
        if words in drawn:
            at = drawn.index(words)
            assert shape["scale"]["range"][at] == shape_drawn
            assert colour["scale"]["range"][at] == colour_drawn


def test_three_places_give_three_shapes_in_the_legend():
    wards = pd.DataFrame(
        {"ward_id": list("ABCDEFG"), "met": [90, 50, 52, 48, 51, 49, 10], "patients": [100] * 7}
    )
    result = fn.funnel(wards, numerator="met", denominator="patients", kind="proportion", trim=0)
    spec = charts.funnel_chart(result, "Funnel", "%", "Patients").to_dict(validate=True)
    (points,) = [lay for lay in spec["layer"] if lay["mark"]["type"] == "point"]
    shape = points["encoding"]["shape"]["scale"]
    assert shape["range"] == ["circle", "triangle-up", "square"]
    assert shape["domain"] == [
        "Inside the limits",
        "Above the upper limit",
        "Below the lower limit",
    ]


@pytest.mark.parametrize(("column", "period", "spread"), CASES)
def test_titles_and_notes_are_plain_words(board, column, period, spread):
    spec = funnel_view(board, column, period, spread).to_dict()
    words = [spec["title"]["text"], *spec["title"]["subtitle"], spec["description"]]
    for layer in spec["layer"]:
        for channel in layer["encoding"].values():
            if isinstance(channel, dict) and channel.get("title"):
                words.append(channel["title"])
    text = " ".join(map(str, words))
    assert not SNAKE.search(text), SNAKE.findall(text)
    assert not re.search(r"\b(tau|phi|sqrt)\b", text)


def test_a_crowd_of_points_gets_numbers_not_overprinted_names():
    xs = [100 + 3 * i for i in range(12)]
    ys = [100 + 2 * (i % 4) for i in range(12)]
    texts = [f"Ward number {i}" for i in range(12)]
    placed, left_out = place_point_labels(
        xs, ys, texts, width=400, height=300, font_size=11, numbered=True
    )
    assert overlaps([p.box for p in placed]) == []
    assert len(placed) + len(left_out) == 12
    numbers = sorted(int(p.text) for p in placed if p.text.isdigit())
    assert numbers == list(range(1, len(numbers) + 1))
