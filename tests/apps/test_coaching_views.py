"""The coaching prompts where a team and its coach look, driven headless: under the team
measure's chart in the SPC explorer (workbook 06) and on the team's card on the collaborative
dashboard (workbook 11). A team whose outcome shifted sees the prompt with its rule and source; a
quiet team sees none."""

from __future__ import annotations

import re

import pytest

from qikit import worked_team
from qikit.apps import collaborative_dashboard, spc_explorer
from qikit.store import open_workspace
from tests.coaching.teams import build, cycle, family, week
from tests.coaching.test_signals import SHIFT

#: Alternating weeks around a median of 13: no shift, trend or point outside the limits.
STEADY = [10, 14, 11, 15, 12, 16] * 3 + [10, 14]
#: The week after the last of the 20 weeks entered: nothing is missing yet.
TODAY = week(20)
#: The outcome's shift, as the coaching rules word it (IHI run-chart rules, as planned).
SHIFT_TEXT = (
    "On &#x27;Violent incidents&#x27;, your last 8 weeks sit below the median: a shift, in the "
    "direction you want. Is this the change you tested in cycle 2"
)
SHIFT_RULE = "A shift: 6 or more weeks in a row on the same side of the median"
SHIFT_SOURCE = "IHI run-chart rules (Perla, Provost and Murray 2011)"
#: A word written in code style (a rule id such as signal_shift) must never reach the page.
CODE_WORD = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b")


@pytest.fixture(autouse=True)
def no_page_address(monkeypatch):
    monkeypatch.delenv("QUERY_STRING", raising=False)


def team(folder, outcome):
    """Cedar ward team: an aim, outcome, process and balancing measures with 20 weeks each
    (the outcome's as given, the others steady) and three cycles linked to all three."""
    cycles = [cycle(1, 6), cycle(2, 11), cycle(3, 13)]
    weeks = {0: outcome, 1: STEADY, 2: STEADY}
    return build(folder, measures=family(), weeks=weeks, cycles=cycles, link=[0, 1, 2])


def visible_text(markup: str) -> str:
    """The words a reader sees: no tags, no class names or other attributes."""
    return re.sub(r"<style>.*?</style>|<[^>]+>", " ", markup, flags=re.S)


def explorer_on(workspace, measure_id):
    app = spc_explorer.app(workspace, today=TODAY)
    app.source.value = spc_explorer.SOURCE_TEAM
    app.team_measure.value = measure_id
    assert app.errors.value == "" and "qikit-alert" not in app.team_note.value
    return app


def test_the_explorer_asks_about_the_shift_under_the_measures_chart(tmp_path):
    workspace, _, (outcome, process, _) = team(tmp_path, SHIFT)
    app = explorer_on(workspace, outcome.id)
    children = list(app.children)
    assert children.index(app.coaching) == children.index(app.view) + 1  # under the chart
    shown = app.coaching.value
    assert "What a coach would ask about this measure" in shown
    assert SHIFT_TEXT in shown
    assert "<summary>Why this prompt</summary>" in shown
    assert SHIFT_RULE in shown and SHIFT_SOURCE in shown
    assert shown.count('<li class="qikit-coaching-prompt') == 1
    assert not CODE_WORD.search(visible_text(shown))
    assert "\u2026" not in shown and "..." not in visible_text(shown)

    app.team_measure.value = process.id  # steady: nothing to ask about it
    assert app.coaching.value == ""
    app.team_measure.value = outcome.id
    assert SHIFT_TEXT in app.coaching.value
    app.source.value = spc_explorer.SOURCE_WARD  # a synthetic ward's chart: no team prompts
    assert app.coaching.value == ""


def test_the_explorer_shows_no_prompts_for_a_quiet_team(tmp_path):
    workspace, _, measures = team(tmp_path, STEADY)
    for measure in measures:
        assert explorer_on(workspace, measure.id).coaching.value == ""


def test_the_explorer_reads_the_prompts_again_after_the_settings_are_saved(tmp_path):
    workspace, _, (outcome, _, _) = team(tmp_path, SHIFT)
    app = explorer_on(workspace, outcome.id)
    app.rules.value = "anhoej"
    app.save_to_measure()
    assert "Anhøj rules (Anhøj and Olesen 2014)" in app.coaching.value
    assert SHIFT_SOURCE not in app.coaching.value


def dashboard_on(workspace):
    app = collaborative_dashboard.DashboardApp(workspace=workspace, today=TODAY)
    assert app.own_prompts.value == ""
    app.include_own.value = True
    assert app.own_errors.value == "" and app.errors.value == ""
    return app


def test_the_dashboard_card_lists_the_teams_prompts(tmp_path):
    workspace, _, _ = team(tmp_path, SHIFT)
    app = dashboard_on(workspace)
    children = list(app.children)
    assert children.index(app.own_prompts) == children.index(app.small) + 1  # under the charts
    card = app.own_prompts.value
    assert "What a coach would ask this team" in card
    assert "Cedar ward team: Fewer violent incidents" in card
    assert SHIFT_TEXT in card and SHIFT_RULE in card and SHIFT_SOURCE in card
    assert card.count('<li class="qikit-coaching-prompt') == 1
    assert not CODE_WORD.search(visible_text(card))
    app.measure.value = "news2_complete"  # another measure: the card stays
    assert SHIFT_TEXT in app.own_prompts.value
    app.include_own.value = False
    assert app.own_prompts.value == ""


def test_the_dashboard_card_says_when_there_is_nothing_to_raise(tmp_path):
    workspace, _, _ = team(tmp_path, STEADY)
    card = dashboard_on(workspace).own_prompts.value
    assert "Nothing to raise from the team's data today." in card
    assert "<li" not in card and "Why this prompt" not in card


def test_the_worked_example_teams_card_and_outcome_chart(tmp_path, monkeypatch):
    import datetime as dt

    workspace = open_workspace(tmp_path)
    try:
        project = worked_team.load_worked_team(workspace)
        day_after = dt.date(2025, 4, 14)  # the week after its last week of data
        app = collaborative_dashboard.DashboardApp(workspace=workspace, today=day_after)
        app.include_own.value = True
        card = app.own_prompts.value
        assert worked_team.TEAM in card
        assert card.count('<li class="qikit-coaching-prompt') == 5  # 3 shifts, 2 unlinked
        explorer = spc_explorer.app(workspace, today=day_after)
        explorer.source.value = spc_explorer.SOURCE_TEAM
        assert explorer.team_project.value == project.id
        outcome = next(m for m in workspace.measures(project.id) if m.type == "outcome")
        explorer.team_measure.value = outcome.id
        assert "your last 9 weeks sit below the mean" in explorer.coaching.value
        assert explorer.coaching.value.count('<li class="qikit-coaching-prompt') == 1
    finally:
        workspace.close()
