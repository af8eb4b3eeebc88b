"""All the coaching prompts together, on the worked example team and on a team built in memory."""

from __future__ import annotations

import datetime as dt

import pytest

from qikit.coaching import (
    RULES,
    SEVERITIES,
    Prompt,
    TeamThread,
    as_html,
    as_markdown,
    for_measure,
    project_prompts,
    prompts,
)
from qikit.errors import DataError
from qikit.store import SQLiteWorkspace
from qikit.worked_team import load_worked_team
from tests.coaching.teams import FULL_AIM, family


def test_the_worked_team_in_the_week_after_its_last_data(tmp_path):
    workspace = SQLiteWorkspace(tmp_path / "workspace.db")
    project = load_worked_team(workspace)
    found = project_prompts(workspace, project.id, dt.date(2025, 4, 14))
    outcome, process, balancing = (
        {m.type: m for m in workspace.measures(project.id)}[k]
        for k in ("outcome", "process", "balancing")
    )
    # The outcome's last 9 weeks (from 10/02/2025) sit below the mean: a Making Data Count shift,
    # asked against cycle 4 (begun 20/01/2025, the nearest before); the huddles' shift (from
    # 06/01/2025) against cycle 3 (begun 30/12/2024). The aim, family and cycles are complete;
    # the process and balancing measures have no cycle linked to them.
    [shift] = for_measure(found, outcome.id)
    assert (shift.rule, shift.cycle_number, shift.date) == ("signal_shift", 4, dt.date(2025, 2, 10))
    assert shift.text.startswith(
        "On 'Violent incidents per 1,000 occupied bed days', your last 9 weeks sit below the mean"
    )
    assert [(p.rule, p.cycle_number) for p in for_measure(found, process.id)] == [
        ("signal_shift", 3),
        ("no_linked_cycle", None),
    ]
    assert {p.rule for p in for_measure(found, balancing.id)} == {
        "signal_two_of_three",
        "no_linked_cycle",
    }
    assert not [p for p in found if p.kind in ("aim", "measures") or p.rule == "scale_too_fast"]


def test_prompts_come_high_severity_first_and_carry_their_rule_and_source():
    team = TeamThread(aim=None, measures=family())
    found = prompts(team, dt.date(2026, 6, 1))
    assert [p.rule for p in found] == ["aim_missing", "too_early", "too_early", "too_early"]
    ranks = [SEVERITIES.index(p.severity) for p in found]
    assert ranks == sorted(ranks)
    for p in found:
        assert p.rule_words and p.source and p.text
    assert (
        as_markdown(found)
        .splitlines()[0]
        .startswith("- Your project has no aim yet: what are you trying to accomplish")
    )
    assert found[0].to_dict()["date"] is None


def test_a_complete_quiet_team_has_nothing_to_raise():
    team = TeamThread(aim=FULL_AIM)
    found = [p for p in prompts(team, dt.date(2026, 6, 1)) if p.kind != "measures"]
    assert found == []
    assert as_markdown(found) == "- Nothing to raise from the team's data today."


def test_every_rule_is_listed_once():
    assert list(RULES) == [
        "signals", "aim", "family", "scale", "study", "stale", "too_early", "links",
    ]  # fmt: skip


def test_a_prompt_refuses_an_unknown_severity():
    with pytest.raises(DataError, match="severity is one of high, medium, low"):
        Prompt("x", "r", "w", "s", kind="data", severity="urgent")


def test_the_html_list_escapes_the_team_s_words_and_keeps_the_rule_a_click_away():
    prompt = Prompt(
        "On 'Falls <5 min>', a shift.", "signal_shift", "A shift & more.", "Anhøj rules",
        kind="signal", severity="high",
    )  # fmt: skip
    page = as_html([prompt])
    assert "On &#x27;Falls &lt;5 min&gt;&#x27;, a shift." in page
    assert "<summary>Why this prompt</summary><p>Rule: A shift &amp; more.</p>" in page
    assert 'class="qikit-coaching-prompt qikit-coaching-high"' in page
    assert "Nothing to raise" in as_html([])
