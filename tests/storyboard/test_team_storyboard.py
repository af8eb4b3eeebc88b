"""A team's own storyboard: its measures from the workspace, charted with their PDSA cycles."""

from __future__ import annotations

import base64
import re
import struct
import warnings

import numpy as np
import pytest

from qikit import storyboard as sb
from qikit.errors import DataError
from qikit.spc import spc
from qikit.store import open_workspace
from qikit.thread import OWN_DATA
from tests.storyboard.offline import outside_references
from tests.storyboard.own_team import drawn_points, make_own_team, reference_frame


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    workspace = open_workspace(tmp_path_factory.mktemp("own"))
    project_id, ids = make_own_team(workspace)
    board = sb.from_workspace(workspace, project_id, note=sb.content.OWN_NOTE)
    board.measures, board.waiting = sb.team_panels(workspace, project_id, label=OWN_DATA)
    yield workspace, project_id, ids, board
    workspace.close()


def reference(workspace, measure_id):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(
            reference_frame(workspace, measure_id),
            x="week",
            y="count",
            n="exposure",
            chart="u",
            multiply=1000,
            improvement="decrease",
            target=4.0,
            rules="mdc",
        )


def test_measures_in_family_order_with_a_sentence_for_those_not_charted(team):
    _, _, _, board = team
    assert [m.title for m in board.measures] == ["Falls per 1,000 occupied bed days"]
    assert board.measures[0].label == OWN_DATA
    assert board.measures[0].caption.startswith("Outcome measure, 24 weeks, lower is better.")
    assert "1 PDSA cycle marked" in board.measures[0].caption
    process, balancing = board.waiting
    assert process.startswith("Lying and standing blood pressure done (%): 1 week so far; 1 more")
    assert "Our data workbook (13)" in process
    assert balancing.startswith("Night sedation doses per 1,000 occupied bed days: no data yet")


def test_the_chart_shows_what_qikit_spc_computes_on_the_same_weeks(team):
    workspace, _, ids, board = team
    expected = reference(workspace, ids["outcome"]).points
    panel = board.measures[0]
    got = panel.result.points
    for column in ("y", "cl", "lcl", "ucl"):
        np.testing.assert_allclose(got[column].astype(float), expected[column].astype(float))
    assert list(got["special_cause"]) == list(expected["special_cause"])
    drawn = drawn_points(panel.spec)
    assert len(drawn) == len(expected) == 24
    for short, column in (("y", "y"), ("c", "cl"), ("u", "ucl")):
        np.testing.assert_allclose(drawn[short], expected[column].astype(float), rtol=1e-5)
    labels = [r for d in panel.spec["datasets"].values() if isinstance(d, list) for r in d]
    assert any(str(r.get("label", "")).startswith("PDSA 1") for r in labels)


def test_web_page_carries_the_chart_and_marks_own_data(team, tmp_path):
    _, _, _, board = team
    text = sb.save(board, tmp_path / "ours.html").read_text(encoding="utf-8")
    assert outside_references(text) == []
    pictures = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', text)
    charts = [base64.b64decode(p).decode() for p, _ in pictures]
    assert any("Falls per 1,000 occupied bed days" in svg and "PDSA 1" in svg for svg in charts)
    assert f'<span class="whose">{OWN_DATA}.</span>' in text
    assert "1 more week needed" in text and "no data yet" in text
    footer = re.search(r"<footer>(.*)</footer>", text).group(1)
    assert "own data" in footer and "synthetic" not in footer.lower()


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def test_pdf_and_png_carry_the_chart(team):
    _, _, _, board = team
    bare = sb.Storyboard(**{**board.__dict__, "measures": [], "waiting": []})
    svg = sb.poster_svg(board)
    assert "Falls per 1,000 occupied bed days" in svg and f"{OWN_DATA}." in svg
    assert "no data yet" in svg
    png, png_bare = sb.poster_png(board), sb.poster_png(bare)
    assert png.startswith(b"\x89PNG") and _png_size(png) == (1587, 2245)
    assert len(png) > len(png_bare) + 20_000  # the chart's lines, points and labels
    pdf, pdf_bare = sb.poster_pdf(board), sb.poster_pdf(bare)
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    assert len(pdf) > len(pdf_bare) + 5_000


def test_a_team_with_measures_but_no_aim_still_gets_a_storyboard(tmp_path):
    workspace = open_workspace(tmp_path)
    project_id, _ = make_own_team(workspace, aim=False)
    board = sb.from_workspace(workspace, project_id)
    assert board.aim == sb.content.NO_AIM
    panels, waiting = sb.team_panels(workspace, project_id)
    assert len(panels) == 1 and len(waiting) == 2
    team = workspace.create_team("Nothing yet")
    empty = workspace.create_project(team.id, "Empty")
    with pytest.raises(DataError, match="has no aim yet"):
        sb.from_workspace(workspace, empty.id)
    assert sb.team_panels(workspace, empty.id) == ([], [])
    workspace.close()


def test_waiting_sentences():
    assert sb.content.waiting_sentence("Falls", 0) == (
        "Falls: no data yet: enter the weekly numbers in the Our data workbook (13)."
    )
    assert sb.content.waiting_sentence("Falls", 1).startswith(
        "Falls: 1 week so far; 1 more week needed"
    )
