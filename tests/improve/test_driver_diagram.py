import json

import pytest

from qikit.errors import DataError
from qikit.improve import DriverDiagram
from qikit.improve.driver_diagram_chart import layout


def example():
    d = DriverDiagram(
        aim="Reduce physical violence on Oak ward from 12 to 8 per 1,000 OBDs by March 2027",
        contributors=[{"role": "registered nurse"}, {"role": "expert by experience"}],
    )
    p1 = d.add_primary("Early recognition of rising tension")
    s1 = d.add_secondary(p1.id, "Shared risk picture at each shift")
    s2 = d.add_secondary(p1.id, "Patients can say how safe they feel")
    p2 = d.add_primary("Therapeutic ward culture")
    s3 = d.add_secondary(p2.id, "Calm, respectful communication")
    d.add_change_idea("Safety huddle every shift", [s1.id])
    d.add_change_idea("Brøset checklist each shift", [s1.id, s2.id])
    d.add_change_idea("Safewards soft words", [s3.id])
    return d


def test_ids_are_given_in_order():
    d = example()
    assert [p.id for p in d.primary] == ["p1", "p2"]
    assert [s.id for s in d.primary[0].secondary] == ["s1", "s2"]
    assert [c.id for c in d.change_ideas] == ["c1", "c2", "c3"]


def test_complete_diagram_has_no_gaps():
    assert {p.level for p in example().feedback()} == {"ok"}


def test_one_idea_serves_several_drivers():
    d = example()
    assert [c.text for c in d.ideas_for("s2")] == ["Brøset checklist each shift"]
    assert len(d.ideas_for("p1")) == 2


def test_feedback_on_gaps():
    d = DriverDiagram()
    assert any(p.field == "aim" and p.level == "missing" for p in d.feedback())
    d = example()
    d.add_secondary("p2", "Enough staff on each shift")
    d.add_change_idea("Orphan idea")
    messages = [p.message for p in d.feedback() if p.level != "ok"]
    assert any("'Enough staff on each shift' has no change ideas" in m for m in messages)
    assert any("'Orphan idea' is not linked to any driver" in m for m in messages)


def test_primary_without_any_ideas_is_missing():
    d = example()
    d.add_primary("Leadership")
    points = [p for p in d.feedback() if p.level == "missing"]
    assert any("'Leadership'" in p.message for p in points)


def test_idea_linked_only_to_primary():
    d = example()
    d.add_change_idea("Leadership walk-rounds", ["p2"])
    assert any("only to a primary" in p.message for p in d.feedback())


def test_links_must_point_at_drivers():
    d = example()
    with pytest.raises(DataError, match="no driver with the id 'zz'"):
        d.link("c1", "zz")
    data = d.to_dict()
    data["change_ideas"][0]["drivers"] = ["nowhere"]
    with pytest.raises(DataError, match="'nowhere'"):
        DriverDiagram.from_dict(data)


def test_duplicate_ids_refused():
    data = example().to_dict()
    data["primary"][1]["id"] = "p1"
    with pytest.raises(DataError, match="used twice"):
        DriverDiagram.from_dict(data)


def test_remove_driver_removes_links():
    d = example()
    d.remove("p1")
    assert [c.drivers for c in d.change_ideas] == [[], [], ["s3"]]


def test_round_trip_json():
    d = example()
    assert DriverDiagram.from_dict(json.loads(json.dumps(d.to_dict()))) == d


def test_markdown_outline():
    md = example().to_markdown()
    assert md.splitlines()[0].startswith("# Aim: Reduce physical violence")
    assert "  - **Secondary driver:** Patients can say how safe they feel" in md
    assert "    - Change idea: Brøset checklist each shift" in md
    assert md.count("Brøset checklist each shift") == 2  # listed under both drivers
    assert "Shaped by: registered nurse, expert by experience" in md


def test_layout_positions():
    nodes, edges = layout(example())
    by_id = {n["id"]: n for n in nodes}
    # Three secondary rows and three ideas: height 3, one unit per row.
    assert [by_id[s]["y"] for s in ("s1", "s2", "s3")] == [0.5, 1.5, 2.5]
    assert by_id["p1"]["y"] == 1.0  # middle of its two secondaries
    assert by_id["aim"]["y"] == 1.5
    assert [by_id[n]["column"] for n in ("aim", "p1", "s1", "c1")] == [0, 1, 2, 3]
    # aim->2 primaries, primaries->3 secondaries, 4 links from drivers to ideas
    assert len(edges) == 2 + 3 + 4
    c2_links = [e for e in edges if e["target"] == "c2"]
    assert sorted(e["source"] for e in c2_links) == ["s1", "s2"]


def test_chart_spec():
    spec = example().chart().to_dict()
    assert len(spec["layer"]) == 4
    assert spec["layer"][0]["mark"]["type"] == "rule"
    assert spec["title"]["text"] == "Driver diagram"
    assert "3 change ideas" in spec["description"]
    headings = [v["heading"] for v in spec["layer"][3]["data"]["values"]]
    assert headings == ["Aim", "Primary drivers", "Secondary drivers", "Change ideas"]


def test_save_svg(tmp_path):
    path = example().save(tmp_path / "diagram.svg")
    text = path.read_text()
    assert text.startswith("<svg") and "Safety huddle every shift" in text
    with pytest.raises(DataError, match="svg"):
        example().save(tmp_path / "diagram.doc")


def test_svg_text():
    svg = example().to_svg()
    assert svg.startswith("<svg") and "Brøset checklist each shift" in svg
