"""Change packages travel between workspaces as one file; the shared library finds ideas."""

from __future__ import annotations

import json

import pytest

from qikit import datasets, sharing
from qikit.collaborative import teams
from qikit.errors import DataError
from qikit.store import open_workspace

TABLES = ("wards", "changes", "pdsa")


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    workspace = open_workspace(tmp_path_factory.mktemp("ws"))
    projects = teams.fill_workspace(
        workspace, {n: datasets.load(n) for n in TABLES}, ward_ids=["W01", "W03", "W08"]
    )
    yield workspace, projects
    workspace.close()


def test_synthetic_teams_fill_the_workspace_once(filled):
    workspace, projects = filled
    assert set(projects) == {"W01", "W03", "W08"}
    kinds = [r.kind for r in workspace.records(projects["W01"])]
    assert kinds.count("pdsa") == 4 and {"aim", "driver_diagram", "ramp"} <= set(kinds)
    again = teams.fill_workspace(workspace, {n: datasets.load(n) for n in TABLES}, ward_ids=["W01"])
    assert again == {"W01": projects["W01"]} and len(workspace.teams()) == 3
    aim = workspace.records(projects["W01"], "aim")[0].item
    assert aim.text().startswith("Reduce restraint episodes for patients on Willow Ward")


def test_library_lists_every_teams_ideas(filled):
    workspace, _ = filled
    table = sharing.library(workspace)
    assert len(table) == 3
    row = table[table["team"].str.startswith("Willow Ward")].iloc[0]
    assert row["idea"] == "Calm-down methods and a debrief after every restraint"
    assert row["work_stream"] == "reducing restrictive practice"
    assert row["cycles"] == 4 and row["latest_decision"] == "adopt"
    assert row["drivers"].startswith("Staff skills in de-escalation")
    assert "Restraint" in row["learned"]


def test_search_by_words_work_stream_and_driver(filled):
    workspace, _ = filled
    table = sharing.library(workspace)
    assert len(sharing.search(table, "debrief restraint")) == 1
    assert len(sharing.search(table, "DEBRIEF")) == 1  # any case
    assert len(sharing.search(table, "nothing-like-this")) == 0
    assert len(sharing.search(table, work_stream="falls")) == 1
    assert len(sharing.search(table, work_stream="All")) == 3
    assert len(sharing.search(table, driver="de-escalation")) == 1


def test_change_package_round_trip_through_one_file(filled, tmp_path):
    workspace, projects = filled
    board_signals = [{"measure": "restraint_episodes", "signal": "improvement"}]
    import pandas as pd

    package = sharing.export_change_package(
        workspace, projects["W01"], results=pd.DataFrame(board_signals)
    )
    path = sharing.write_change_package(package, tmp_path / "willow.json")
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["format"] == "qikit-change-package"
    assert "http" not in text  # plain text, no links to anywhere
    other = open_workspace(tmp_path / "other-trust")
    project_id = sharing.import_change_package(other, sharing.read_change_package(path))
    table = sharing.library(other)
    assert len(table) == 1
    row = table.iloc[0]
    assert row["team"] == "Shared by Willow Ward (Northfield Trust)"
    assert row["idea"] == package["ideas"][0]["idea"]
    assert row["cycles"] == 4 and row["latest_decision"] == "adopt"
    assert row["work_stream"] == "reducing restrictive practice"
    assert row["source"].startswith("change package from Willow Ward")
    assert other.project(project_id).name == package["project"]
    other.close()


@pytest.mark.parametrize(
    "change, words",
    [
        ({"format": "qikit-project"}, "not a change package"),
        ({"version": 9}, "version 9"),
        ({"ideas": []}, "no change ideas"),
        ({"ideas": [{"idea": ""}]}, "has no text"),
        ({"ideas": [{"idea": "x", "cycles": [{"scale": "galaxy"}]}]}, "scale should be"),
        ({"ideas": [{"idea": "x", "cycles": [{"decision": "maybe"}]}]}, "adopt, adapt"),
        ({"ideas": [{"idea": {"nested": 1}}]}, "should be text"),
    ],
)
def test_faulty_packages_are_refused_and_add_nothing(tmp_path, change, words):
    good = {"format": "qikit-change-package", "version": 1, "team": "T", "ideas": [{"idea": "x"}]}
    workspace = open_workspace(tmp_path)
    with pytest.raises(DataError, match=words):
        sharing.import_change_package(workspace, good | change)
    assert workspace.teams() == []
    workspace.close()


def test_files_that_are_not_packages(tmp_path):
    with pytest.raises(DataError, match="not JSON"):
        sharing.read_change_package(b"\x89PNG not json")
    with pytest.raises(DataError, match="No file"):
        sharing.read_change_package(tmp_path / "missing.json")
    with pytest.raises(DataError, match="at most"):
        sharing.read_change_package(b" " * (sharing.LARGEST_FILE + 1))


def test_a_secondary_driver_is_named_after_its_primary(tmp_path):
    from qikit.improve import DriverDiagram

    diagram = DriverDiagram(aim="Fewer falls")
    primary = diagram.add_primary("Safe environment")
    secondary = diagram.add_secondary(primary.id, "Clutter-free corridors")
    idea = diagram.add_change_idea("Night-time corridor check", [secondary.id, primary.id])
    assert sharing._driver_texts(diagram, idea) == [
        "Safe environment: Clutter-free corridors",
        "Safe environment",
    ]
