"""Storyboards built from the synthetic collaborative's workspace, exported offline."""

from __future__ import annotations

import re
import struct
from html.parser import HTMLParser

import pytest

from qikit import datasets
from qikit import storyboard as sb
from qikit.collaborative import teams
from qikit.errors import DataError
from qikit.store import open_workspace
from tests.storyboard.offline import outside_references

TABLES = ("wards", "changes", "pdsa", "weekly")


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    tables = {n: datasets.load(n) for n in TABLES}
    workspace = open_workspace(tmp_path_factory.mktemp("ws"))
    projects = teams.fill_workspace(workspace, tables, ward_ids=["W01"])
    made = sb.from_workspace(workspace, projects["W01"], note="All data are synthetic.")
    made.measures = sb.ward_panels(tables["weekly"], tables["changes"], "W01", made.cycles)
    yield made
    workspace.close()


def test_content_comes_from_the_workspace(board):
    assert board.team == "Willow Ward (Northfield Trust)"
    assert board.aim.startswith("Reduce restraint episodes for patients on Willow Ward by 30%")
    assert board.driver_diagram is not None and board.driver_diagram.change_ideas
    assert board.cycles["cycle"].tolist() == [1, 2, 3, 4]
    assert board.cycles["scale"].tolist()[-1] == "the whole ward"
    assert board.ramp_summary() == ("4 PDSA cycles, from one shift to the whole ward; 1 adopted.")
    assert board.learned and len(set(board.learned)) == len(board.learned)
    assert board.next_steps == [
        "Keep it going on every shift and check the measures monthly to hold the gains."
    ]


def test_measures_carry_their_pdsa_cycles(board):
    assert [m.title for m in board.measures][0].startswith("Restraint episodes")
    assert len(board.measures) == 3
    for panel in board.measures:
        tables = [t for t in panel.spec["datasets"].values() if isinstance(t, list)]
        rows = [r for t in tables for r in t]
        labels = {r.get("label") for r in rows}
        assert {"PDSA 1", "PDSA 4"} <= labels
    restraint = board.measures[0]
    assert restraint.caption.startswith("Special-cause improvement")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.images: list[dict] = []
        self.headings: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs))
        self._in_heading = tag in ("h1", "h2")

    def handle_data(self, data):
        if self._in_heading and data.strip():
            self.headings.append(data.strip())
            self._in_heading = False


def test_web_page_is_self_contained_and_print_ready(board, tmp_path):
    path = sb.save(board, tmp_path / "storyboard.html", paper="A3")
    text = path.read_text(encoding="utf-8")
    assert outside_references(text) == []
    assert "<script" not in text
    page = _Page()
    page.feed(text)
    assert page.headings == [
        "Willow Ward (Northfield Trust)", "Our aim", "Our driver diagram", "What we tested",
        "Our measures", "What we learned", "Next steps",
    ]  # fmt: skip
    assert len(page.images) == 4  # driver diagram and three measures
    for image in page.images:
        assert image["src"].startswith("data:image/svg+xml;base64,") and image["alt"]
    assert "@page { size: A3 portrait" in text
    assert "size: A4 portrait" in sb.storyboard_html(board, "a4")


def _media_box(pdf: bytes) -> list[float]:
    found = re.search(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", pdf)
    return [float(v) for v in found.group(1).split()]


@pytest.mark.parametrize("paper, points", [("A4", (595.28, 841.89)), ("A3", (841.89, 1190.55))])
def test_pdf_is_one_page_at_the_paper_size(board, paper, points):
    pdf = sb.poster_pdf(board, paper)
    assert pdf.startswith(b"%PDF")
    assert _media_box(pdf)[2:] == pytest.approx(points, abs=0.05)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    assert outside_references(pdf.decode("latin-1")) == []


def test_png_and_svg(board, tmp_path):
    png = sb.save(board, tmp_path / "storyboard.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1587, 2245)  # A4 at scale 2 (about 190 dots per inch)
    svg = sb.poster_svg(board)
    assert outside_references(svg) == []
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert len(ids) == len(set(ids)), "each chart's ids must be unique on the poster"
    assert 'aria-label="Storyboard of Willow Ward' in svg


def test_a_project_without_an_aim_and_bad_choices(tmp_path, board):
    workspace = open_workspace(tmp_path)
    team = workspace.create_team("Our ward")
    project = workspace.create_project(team.id, "Just started")
    with pytest.raises(DataError, match="has no aim yet"):
        sb.from_workspace(workspace, project.id)
    workspace.close()
    with pytest.raises(DataError, match="paper"):
        sb.storyboard_html(board, "A5")
    with pytest.raises(DataError, match="ending in"):
        sb.save(board, tmp_path / "storyboard.docx")


def test_the_offline_check_catches_outside_references():
    assert outside_references('<img src="https://cdn.example.org/x.png">')
    assert outside_references("<script src='//cdn.example.org/v.js'></script>")
    assert outside_references("body { background: url(http://example.org/a.png) }")
    assert outside_references('<link rel="stylesheet" href="style.css">')
    assert not outside_references('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
