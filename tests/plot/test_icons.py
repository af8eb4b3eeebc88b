"""Variation and assurance icons: valid SVG, one per kind, told apart by more than colour."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pytest

import qikit.icons as qi
from qikit.errors import DataError
from qikit.plot import theme

NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


@pytest.mark.parametrize("kind", qi.VARIATION_KINDS)
def test_variation_icons(kind):
    root = _parse(qi.variation(kind))
    assert root.get("role") == "img"
    assert root.find(f"{NS}title").text == qi.VARIATION_WORDS[kind]
    ring = root.find(f"{NS}circle")
    group = kind.split("_")[0]
    expected = {
        "common": theme.COMMON_CAUSE,
        "improvement": theme.IMPROVEMENT,
        "concern": theme.CONCERN,
        "neutral": theme.NEUTRAL,
    }[group]
    assert ring.get("stroke") == expected
    letters = [t.text for t in root.iter(f"{NS}text")]
    assert letters == ({"high": ["H"], "low": ["L"]}.get(kind.rsplit("_", 1)[-1], []))
    shapes = {e.tag.removeprefix(NS) for e in root if e.get("fill") == expected}
    # the special points use the chart's shapes: diamond/triangle polygons, concern squares
    assert shapes == {
        "common": set(),  # grey points: no special cause
        "improvement": {"polygon"},
        "concern": {"rect"},
        "neutral": {"polygon"},
    }[group] | ({"text"} if group != "common" else set())


def test_the_seven_variation_icons_all_differ():
    assert len({qi.variation(k) for k in qi.VARIATION_KINDS}) == 7


@pytest.mark.parametrize(
    ("kind", "letter"), [("pass", "P"), ("fail", "F"), ("hit_and_miss", "?"), ("none", "\u2013")]
)
def test_assurance_icons(kind, letter):
    root = _parse(qi.assurance(kind, size=40))
    assert root.get("width") == "40"
    assert [t.text for t in root.iter(f"{NS}text")] == [letter]
    dashed = [e for e in root.iter(f"{NS}line") if e.get("stroke") == theme.TARGET]
    assert len(dashed) == (0 if kind == "none" else 1)


def test_icons_from_a_result(mdc_target):
    assert qi.variation(mdc_target) == qi.variation("concern_low")
    assert qi.assurance(mdc_target) == qi.assurance("hit_and_miss")


def test_data_url_round_trip():
    svg = qi.variation("improvement_high")
    url = qi.data_url(svg)
    assert url.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(url.split(",", 1)[1]).decode() == svg


def test_unknown_kinds_and_missing_facet():
    with pytest.raises(DataError, match="variation icon: expected one of common_cause"):
        qi.variation("improvement_up")
    with pytest.raises(DataError, match="assurance icon: expected one of pass, fail"):
        qi.assurance("maybe")
    with pytest.raises(DataError, match="summary column 'variation_icon'"):
        qi.variation(object())
