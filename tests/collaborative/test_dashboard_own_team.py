"""A team's own measures beside the synthetic wards: the comparability rule and the numbers."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from qikit import thread, worked_team
from qikit.collaborative import charts, own_team
from qikit.improve import Measure
from qikit.spc import spc
from qikit.store import open_workspace
from tests.storyboard.own_team import make_own_team, reference_frame


@pytest.fixture(scope="module")
def worked(tmp_path_factory):
    workspace = open_workspace(tmp_path_factory.mktemp("worked"))
    project = worked_team.load_worked_team(workspace)
    yield workspace, project.id
    workspace.close()


def rate(name: str, better: str = "lower") -> Measure:
    return Measure(name=name, chart_type="u", multiplier=1000, better=better, form="rate")


def share(name: str, better: str = "higher") -> Measure:
    return Measure(name=name, chart_type="p", better=better, form="percentage")


@pytest.mark.parametrize(
    "measure, column, expected",
    [
        (rate("Violent incidents per 1,000 occupied bed days"), "violence_incidents", True),
        (rate("Physical violence"), "violence_incidents", True),
        (rate("Violent incidents", better="higher"), "violence_incidents", False),
        (share("Violent incidents (%)", better="lower"), "violence_incidents", False),
        (rate("Restraint episodes"), "restraint_episodes", True),
        (rate("Prone restraint episodes"), "restraint_episodes", False),
        (rate("Prone restraint episodes"), "prone_restraints", True),
        (share("Shifts with a safety huddle (%)"), "huddles_held", True),
        (rate("Rapid tranquillisation per 1,000 occupied bed days"), "violence_incidents", False),
        (rate("Falls per 1,000 occupied bed days"), "falls", True),
        (rate("Falls per 1,000 occupied bed days"), "no_such_column", False),
    ],
)
def test_only_the_same_measure_is_comparable(measure, column, expected):
    assert own_team.comparable(measure, column) is expected


def test_all_measures_each_in_its_own_panel(worked):
    workspace, project_id = worked
    found = own_team.own_charts(workspace, project_id)
    assert found.left_out == []
    panels = list(dict.fromkeys(found.points["panel"]))
    names = [m.name for m in thread.family(workspace.measures(project_id))]
    assert panels == [f"{thread.OWN_DATA}: {name}" for name in names]
    assert set(found.signals["trust"]) == {thread.OWN_DATA}
    assert all(w.startswith(thread.OWN_DATA) for w in found.signals["ward"])


def test_one_measure_chosen_keeps_only_the_comparable_one_and_says_why(worked):
    workspace, project_id = worked
    found = own_team.own_charts(workspace, project_id, "violence_incidents")
    assert set(found.points["panel"]) == {
        f"{thread.OWN_DATA}: Violent incidents per 1,000 occupied bed days"
    }
    assert len(found.left_out) == 2
    assert any("Shifts with a safety huddle (%): not a rate" in s for s in found.left_out)
    none = own_team.own_charts(workspace, project_id, "news2_complete")
    assert none.points.empty and len(none.left_out) == 3


def test_the_points_are_what_qikit_spc_gives_on_the_same_weeks(tmp_path):
    workspace = open_workspace(tmp_path)
    project_id, ids = make_own_team(workspace)
    found = own_team.own_charts(workspace, project_id, "falls")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = spc(
            reference_frame(workspace, ids["outcome"]),
            x="week", y="count", n="exposure", chart="u", multiply=1000,
            improvement="decrease", target=4.0, rules="mdc",
        ).points  # fmt: skip
    for column in ("y", "cl", "lcl", "ucl"):
        np.testing.assert_allclose(found.points[column], expected[column].astype(float))
    assert found.points["week"].tolist() == list(range(1, 25))
    # The process measure (1 week) and balancing (none) are not rates of falls.
    assert len(found.left_out) == 2
    everything = own_team.own_charts(workspace, project_id)
    assert any("1 week of data" in s for s in everything.left_out)
    assert any("0 weeks of data" in s for s in everything.left_out)
    assert own_team.teams_with_charts(workspace) == [("Our ward: Fewer falls at night", project_id)]
    workspace.close()


def test_own_panels_come_first_on_the_small_multiples(worked):
    workspace, project_id = worked
    found = own_team.own_charts(workspace, project_id)
    spec = charts.small_multiples(
        found.points, "Every team's measures", first=[found.points["panel"].iloc[0]]
    ).to_dict(validate=True)
    assert spec["facet"]["sort"][0].startswith(thread.OWN_DATA)
