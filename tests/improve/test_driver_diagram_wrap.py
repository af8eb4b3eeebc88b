"""Driver diagram text stays inside its box, on the page and in exported pictures."""

from __future__ import annotations

import pytest

from qikit.improve import DriverDiagram
from qikit.improve.driver_diagram_chart import (
    BOX_WIDTH,
    COLUMNS,
    FONT_SIZE,
    LINE_PIXELS,
    wrap_to,
)
from qikit.plot.annotations import label_width

LONG_AIM = (
    "Reduce restraint episodes for patients on Willow Ward (Northfield Trust) by 30% from 14.2 "
    "to 9.9 per 1,000 occupied bed days by 31 March 2026, and keep it there for six months"
)


def crowded() -> DriverDiagram:
    d = DriverDiagram(aim=LONG_AIM)
    p1 = d.add_primary("Staff have the skills and confidence to de-escalate without restraint")
    s1 = d.add_secondary(p1.id, "Every shift has a safety huddle naming patients at risk")
    s2 = d.add_secondary(p1.id, "Calm-down methods are offered early")
    p2 = d.add_primary("Patients help plan their own care")
    d.add_change_idea("Calm-down methods and a debrief after every restraint, led by the nurse "
                      "in charge", [s1.id])  # fmt: skip
    d.add_change_idea("Safewards mutual help meeting twice a week", [s2.id, p2.id])
    d.add_change_idea("Supercalifragilisticexpialidociousward plan", [p2.id])
    return d


def _pixels(spec: dict, value: float) -> float:
    (layer,) = [lay for lay in spec["layer"] if lay["mark"]["type"] == "rect"]
    top, bottom = layer["encoding"]["y"]["scale"]["domain"]
    return (value - top) / (bottom - top) * spec["height"]


@pytest.mark.parametrize("width", [560, 700, 900])
def test_every_line_fits_across_and_down_its_box(width):
    spec = crowded().chart(width=width).to_dict()
    (boxes,) = [lay for lay in spec["layer"] if lay["mark"]["type"] == "rect"]
    nodes = boxes["data"]["values"]
    box_px = width / len(COLUMNS) * BOX_WIDTH
    for node in nodes:
        widest = max(label_width(line, FONT_SIZE) for line in node["label"])
        assert widest <= box_px - 8, (node["label"], widest, box_px)
        top, bottom = _pixels(spec, node["top"]), _pixels(spec, node["bottom"])
        first = _pixels(spec, node["text_top"])
        assert top < first and first + len(node["label"]) * LINE_PIXELS <= bottom + 1, node
    # boxes in one column never overlap, and the aim stays below the column headings
    for column in range(len(COLUMNS)):
        mine = sorted((n["top"], n["bottom"]) for n in nodes if n["column"] == column)
        assert all(a[1] <= b[0] for a, b in zip(mine, mine[1:], strict=False))
    (headings,) = [lay for lay in spec["layer"] if "heading" in str(lay["encoding"])]
    heading_bottom = _pixels(spec, headings["data"]["values"][0]["y"]) + 10
    assert all(_pixels(spec, n["top"]) >= heading_bottom for n in nodes)
    assert all(0 <= _pixels(spec, n["bottom"]) <= spec["height"] for n in nodes)


def test_a_word_longer_than_a_line_is_split():
    lines = wrap_to("Supercalifragilisticexpialidociousward plan", 100)
    assert all(label_width(line, FONT_SIZE) <= 100 for line in lines)
    assert len(lines) > 1 and all(line.endswith("-") for line in lines[:-2])
    assert (
        "".join(lines).replace("-", "").replace(" ", "")
        == "Supercalifragilisticexpialidociouswardplan"
    )


def test_the_exported_picture_has_every_word(tmp_path):
    svg = crowded().save(tmp_path / "diagram.svg").read_text()
    for word in ("Reduce", "restraint", "months", "week"):
        assert word in svg
