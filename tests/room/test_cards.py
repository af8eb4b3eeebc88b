"""The room's team cards, checked against what each synthetic team saved."""

from __future__ import annotations

import datetime as dt

import pytest

from qikit import coaching
from qikit.apps.team_access import EVERYONE, Viewer
from qikit.improve.observations import Observation
from qikit.room import cards
from qikit.room.cards import NO_AIM, room_cards
from qikit.store import open_workspace
from tests.room.teams import TODAY, add_team, cycle, weeks

AIM = "Reduce violent incidents on Cedar Ward by half by 30 June 2026"


@pytest.fixture
def workspace(tmp_path):
    with open_workspace(tmp_path / "room.db") as ws:
        yield ws


@pytest.fixture
def cedar(workspace):
    return add_team(
        workspace,
        "Cedar Ward",
        trust="North Trust",
        work_stream="violence_aggression",
        aim=AIM,
        cycles=[
            cycle(1, "Safety huddle", "one_person", dt.date(2026, 2, 2), dt.date(2026, 2, 6)),
            cycle(2, "Safety huddle", "one_shift", dt.date(2026, 2, 23), dt.date(2026, 3, 4)),
            cycle(3, "Safety huddle", "one_ward", dt.date(2026, 3, 9)),
            cycle(4, "Calm boxes", "", dt.date(2026, 3, 16)),
            cycle(5, "Calm boxes", "one_shift", dt.date(2026, 3, 30)),  # not begun yet
        ],
    )


def only(found, team_id):
    [card] = [c for c in found if c.team_id == team_id]
    return card


def test_a_card_holds_what_the_team_saved(workspace, cedar):
    team, project, family = cedar
    card = only(room_cards(workspace, EVERYONE, TODAY), team.id)
    assert (card.team, card.trust, card.work_stream) == ("Cedar Ward", "North Trust",
                                                         "violence_aggression")  # fmt: skip
    assert card.work_stream_name == "Violence and aggression"
    assert (card.project_id, card.project, card.aim) == (project.id, project.name, AIM)
    assert [(m.measure_id, m.role, m.weeks) for m in card.measures] == [
        (family[0].id, "outcome", 30),
        (family[1].id, "process", 30),
        (family[2].id, "balancing", 30),
    ]
    spec = card.measures[0].spec
    assert spec["width"] == cards.CARD_CHART[0] and spec["title"] == "Violent incidents"


def test_the_cycles_this_month_with_their_size(workspace, cedar):
    card = only(room_cards(workspace, EVERYONE, TODAY), cedar[0].id)
    assert [(c.number, c.change_idea, c.size) for c in card.cycles] == [
        (2, "Safety huddle", "one shift"),  # began in February, ended in March
        (3, "Safety huddle", "the whole ward"),
        (4, "Calm boxes", "size not recorded"),
    ]
    assert (
        card.cycles[0].words()
        == "Cycle 2, Safety huddle: one shift, from 23 Feb 2026 to 4 Mar 2026"
    )
    in_february = only(room_cards(workspace, EVERYONE, dt.date(2026, 2, 10)), cedar[0].id)
    assert [(c.number, c.size) for c in in_february.cycles] == [
        (1, "one patient or one member of staff")
    ]


def test_a_shift_below_the_median_shows_the_improvement_icon(workspace, cedar):
    outcome, huddles, sickness = only(room_cards(workspace, EVERYONE, TODAY), cedar[0].id).measures
    assert outcome.variation == "improvement_low"
    assert outcome.variation_words.startswith("Special cause improvement")
    assert huddles.variation == sickness.variation == "common_cause"
    assert outcome.note == "" and outcome.chart is not None


def test_the_prompts_are_the_coaching_prompts_of_the_project(workspace, cedar):
    team, project, _ = cedar
    card = only(room_cards(workspace, EVERYONE, TODAY), team.id)
    expected = coaching.project_prompts(workspace, project.id, TODAY)
    assert card.prompts == expected and expected


def test_filters_keep_one_trust_and_one_work_stream(workspace, cedar):
    add_team(workspace, "Elm Ward", trust="North Trust", work_stream="falls", count=4)
    add_team(workspace, "Oak Ward", trust="South Trust", work_stream="falls", count=4)
    every = room_cards(workspace, EVERYONE, TODAY)
    assert [c.team for c in every] == ["Cedar Ward", "Elm Ward", "Oak Ward"]
    assert cards.choices(every, "trust") == ["North Trust", "South Trust"]
    assert cards.choices(every, "work_stream") == ["falls", "violence_aggression"]
    north = room_cards(workspace, EVERYONE, TODAY, trust="North Trust")
    assert [c.team for c in north] == ["Cedar Ward", "Elm Ward"]
    both = room_cards(workspace, EVERYONE, TODAY, trust="North Trust", work_stream="falls")
    assert [c.team for c in both] == ["Elm Ward"]
    assert [c.team for c in cards.filter_cards(every, work_stream="falls")] == [
        "Elm Ward",
        "Oak Ward",
    ]
    assert room_cards(workspace, EVERYONE, TODAY, trust="West Trust") == []


def test_a_team_with_nothing_yet(workspace):
    bare = workspace.create_team("Birch Ward")
    started = workspace.create_team("Ash Ward")
    workspace.create_project(started.id, "Falls")
    found = {c.team: c for c in room_cards(workspace, EVERYONE, TODAY)}
    assert found["Birch Ward"].project_id == "" and found["Birch Ward"].aim == NO_AIM
    assert found["Birch Ward"].measures == found["Birch Ward"].cycles == []
    assert found["Birch Ward"].trust == found["Birch Ward"].work_stream == ""
    ash = found["Ash Ward"]
    assert ash.project == "Falls" and ash.aim == NO_AIM and not ash.measures and not ash.cycles
    assert any(p.rule == "measures_none" for p in ash.prompts)
    assert bare.id in cards.team_stamps(workspace)


def test_a_measure_with_one_week_says_why_it_has_no_chart(workspace):
    team, _, family = add_team(workspace, "Pine Ward", count=1)
    card = only(room_cards(workspace, EVERYONE, TODAY), team.id)
    assert card.measures[0].chart is None and card.measures[0].spec is None
    assert card.measures[0].note == "1 week of data so far; a chart needs 2."


def test_the_last_change_in_words(workspace, cedar):
    card = only(room_cards(workspace, EVERYONE, TODAY), cedar[0].id)
    saved = cards.saved_time(card.saved_at)
    later = only(
        room_cards(workspace, EVERYONE, TODAY, now=saved + dt.timedelta(minutes=12)), cedar[0].id
    )
    assert later.last_change == "12 minutes ago"
    assert cards.when_words(card.saved_at, saved + dt.timedelta(seconds=20)) == "just now"
    assert cards.when_words(card.saved_at, saved + dt.timedelta(minutes=1)) == "1 minute ago"
    assert cards.when_words(card.saved_at, saved + dt.timedelta(hours=3)) == "3 hours ago"
    assert cards.when_words(
        "2026-12-03T10:00:00.000000Z", dt.datetime(2026, 12, 9, tzinfo=dt.UTC)
    ) == ("3 Dec 2026")
    assert cards.when_words("not a time") == "not known"


def test_last_change_moves_on_every_kind_of_save(workspace, cedar):
    team, project, family = cedar
    elm, _, _ = add_team(workspace, "Elm Ward", count=3)
    before, stamps = cards.last_change(workspace), cards.team_stamps(workspace)
    workspace.save_observations(family[0].id, [Observation(weeks(31)[-1], 4)])
    after = cards.team_stamps(workspace)
    assert cards.last_change(workspace) != before
    assert [t for t in after if after[t] != stamps[t]] == [team.id]
    before = cards.last_change(workspace)
    workspace.set_team_details(elm.id, trust="South Trust", work_stream="")
    assert cards.last_change(workspace) != before
    before = cards.last_change(workspace)
    workspace.create_team("Yew Ward")
    assert cards.last_change(workspace) != before
    assert cards.last_change(workspace) == cards.last_change(workspace)


def test_a_team_page_sees_only_its_own_card_and_the_facilitator_every_card(workspace, cedar):
    elm, _, _ = add_team(workspace, "Elm Ward", count=3)
    assert [c.team for c in room_cards(workspace, Viewer(team=elm), TODAY)] == ["Elm Ward"]
    assert len(room_cards(workspace, Viewer(facilitator=True), TODAY)) == 2
    assert len(room_cards(workspace, None, TODAY)) == 2
