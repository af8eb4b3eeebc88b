"""The live poll (workbook 15): a facilitator's page and three delegates' pages on one workspace,
updated by ``refresh()`` (what the page's timer calls), never by waiting."""

from __future__ import annotations

import re

import pytest

from qikit.apps import live_poll
from qikit.apps.live_poll import (
    ANSWERED,
    WAITING,
    LivePoll,
    tally_chart,
    usable_key,
    whole_ticks,
)
from qikit.errors import DataError
from qikit.improve.observations import Observation
from qikit.room.poll import from_trainer
from qikit.store import SQLiteWorkspace
from qikit.teaching import trainer
from tests.store.test_measures import huddles, weeks

CODE = "FACIL7"
KEYS = [f"{n:032x}" for n in (1, 2, 3)]


@pytest.fixture(autouse=True)
def room(monkeypatch):
    for name in ("QUERY_STRING", "QIKIT_DATABASE_URL", "JUPYTERHUB_USER", "QIKIT_FACILITATORS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QIKIT_SHARED_WORKSPACE", "1")
    monkeypatch.setenv("QIKIT_FACILITATOR_CODE", CODE)


@pytest.fixture
def workspace(tmp_path):
    with SQLiteWorkspace(tmp_path / "workspace.db") as ws:
        yield ws


def delegate(workspace, key: str) -> LivePoll:
    page = LivePoll(workspace, delegate=key)
    assert not page.facilitator and not page.live.running
    return page


def facilitator(workspace) -> LivePoll:
    page = LivePoll(workspace)
    assert page.open_facilitator(CODE.lower()) and page.facilitator
    return page


def shown_buttons(page: LivePoll) -> list[str]:
    return [b.description for b in page.buttons if b.layout.display != "none"]


def page_text(page: LivePoll) -> str:
    parts = [page.status, page.question, page.answered, page.answer, page.count, page.errors]
    text = " ".join(re.sub(r"<[^>]+>", " ", w.value) for w in parts)
    return re.sub(r"\s+", " ", text).replace(" .", ".").replace(" :", ":")


def bars(page: LivePoll) -> dict[str, int]:
    values = page.bars.jupyter_chart.chart.to_dict()["datasets"]
    [rows] = values.values()
    return {row["choice"]: row["answers"] for row in rows}


def test_a_question_is_sent_answered_tallied_and_revealed(workspace):
    boss = facilitator(workspace)
    pages = [delegate(workspace, key) for key in KEYS]
    assert all(WAITING in page_text(p) for p in pages)
    assert all(p.chart.layout.display == "none" for p in pages)

    # Level 1, chart 1 of the trainer's bank is a shift: there is a signal.
    question = trainer.question(1, 1)
    assert question.has_signal
    boss.level.value, boss.number.value, boss.kind.value = 1, 1, "signal"
    boss.send_button.click()
    assert boss.poll_id and "0 answers" in page_text(boss)
    for page in pages:
        assert page.refresh() is True
        assert page.refresh() is False  # nothing changed: nothing redrawn
        assert page.chart.layout.display != "none"
        assert "Is there a signal?" in page.question.value
        assert shown_buttons(page) == ["Yes, there is a signal", "No signal, only noise"]
    yes, no = pages[0].buttons[:2]
    yes.click()
    pages[1].buttons[0].click()
    pages[2].buttons[1].click()
    assert ANSWERED in page_text(pages[0]) and "Yes, there is a signal" in page_text(pages[0])
    assert pages[0].buttons[0].button_style == "primary"
    pages[2].buttons[0].click()  # changed their mind
    pages[2].buttons[1].click()

    assert boss.refresh() is True
    assert "3 answers" in page_text(boss)
    assert bars(boss) == {"Yes, there is a signal": 2, "No signal, only noise": 1}
    axis = boss.bars.jupyter_chart.chart.to_dict()["layer"][0]["encoding"]["x"]["axis"]
    assert axis["format"] == "d" and axis["values"] == [0, 1, 2]  # whole answers only

    boss.reveal_button.click()
    assert bars(boss) == {"Yes, there is a signal (right answer)": 2, "No signal, only noise": 1}
    assert "The answer: Yes, there is a signal" in page_text(boss)
    for page in pages:
        page.refresh()
        text = page_text(page)
        assert "The answer: Yes, there is a signal" in text
        assert question.description in text  # the trainer's explanation
        assert all(b.disabled for b in page.buttons if b.layout.display != "none")
    assert "Your answer: Yes, there is a signal: right" in page_text(pages[0])
    assert "Your answer: No signal, only noise: not this time" in page_text(pages[2])
    assert "Missing it means missing a real change" in page_text(pages[2])

    boss.next_button.click()
    assert boss.number.value == 2
    for page in pages:
        page.refresh()
        assert WAITING in page_text(page)


def test_a_reload_keeps_the_answer_and_does_not_count_twice(workspace):
    boss = facilitator(workspace)
    boss.send()
    first = delegate(workspace, KEYS[0])
    first.buttons[1].click()
    again = delegate(workspace, KEYS[0])  # the same browser, reloaded
    assert ANSWERED in page_text(again) and again.buttons[1].button_style == "primary"
    again.buttons[0].click()
    boss.refresh()
    assert "1 answer " in page_text(boss) + " "
    assert sum(bars(boss).values()) == 1


def test_the_browser_key_replaces_the_kernel_key(workspace):
    boss = facilitator(workspace)
    boss.send()
    page = LivePoll(workspace)
    assert page.delegate == live_poll.KERNEL_KEY
    page.buttons[0].click()
    try:
        page.key.key = KEYS[1]  # what the browser sends once the page draws
        assert page.delegate == KEYS[1] and page.live.running
        assert page.buttons[0].button_style == ""  # this browser has not answered yet
    finally:
        page.close()
    assert not page.live.running
    assert not usable_key("not a key") and usable_key(KEYS[0])


def test_a_delegate_typing_a_wrong_code_gets_a_plain_refusal_under_the_box(workspace):
    page = delegate(workspace, KEYS[0])
    page.code.value = "guess1"
    page.code_button.click()
    assert not page.facilitator
    assert page.code_note.shown and "not the facilitator code" in page.code_note.value
    assert page.errors.value == "" and page.code.value == ""
    assert page.controls.layout.display == "none"
    page.code.value = CODE
    page.code_button.click()
    assert page.facilitator and not page.code_note.shown
    assert page.controls.layout.display != "none"


def test_the_facilitator_code_in_the_address_opens_the_facilitators_view(workspace, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", f"team={CODE}")
    assert LivePoll(workspace).facilitator


def test_a_teams_own_chart_is_offered_only_when_its_project_is_shared(workspace):
    team = workspace.create_team("Cedar ward")
    project = workspace.create_project(team.id, "Safety huddles")
    measure = huddles()
    workspace.save_measure(project.id, measure)
    rows = [Observation(week, 10 + k % 4, 21) for k, week in enumerate(weeks(14))]
    workspace.save_observations(measure.id, rows)
    boss = facilitator(workspace)
    boss.source.value = "team"
    assert boss.team_chart.options == ()
    assert "No team has shared" in boss.team_note.value
    workspace.share_project(project.id)
    boss.source.value = "ward"
    boss.source.value = "team"
    assert [label for label, _ in boss.team_chart.options] == [
        "Cedar ward: % of shifts with a safety huddle"
    ]
    boss.send_button.click()
    assert boss.send_note.value == "" and boss.errors.value == ""
    found = workspace.current_poll()
    assert found is not None and found[1].source == "team"


def test_a_question_the_chart_cannot_answer_is_refused_beside_the_send_button(workspace):
    boss = facilitator(workspace)
    stable = next(n for n in range(1, 13) if not trainer.question(1, n).has_signal)
    boss.level.value, boss.number.value, boss.kind.value = 1, stable, "rule"
    boss.send_button.click()
    assert boss.send_note.shown and "no signal" in boss.send_note.value
    assert workspace.current_poll() is None and boss.errors.value == ""


def test_only_the_facilitator_sends(workspace):
    page = delegate(workspace, KEYS[0])
    with pytest.raises(DataError, match="Only the facilitator"):
        page.send()
    assert workspace.current_poll() is None


def test_a_poll_from_a_synthetic_ward_reaches_the_delegates(workspace):
    boss = facilitator(workspace)
    boss.source.value = "ward"
    boss.ward.value = boss.ward.options[1][1]
    boss.kind.value = "next"
    boss.send_button.click()
    page = delegate(workspace, KEYS[0])
    assert "What would you do next?" in page.question.value
    assert len(shown_buttons(page)) == 4
    assert workspace.current_poll()[1].source == "ward"
    boss.reveal()
    page.refresh()
    assert "Synthetic data" in page_text(page)


def test_no_code_words_on_the_page(workspace):
    boss = facilitator(workspace)
    boss.send()
    page = delegate(workspace, KEYS[0])
    page.buttons[0].click()
    boss.reveal()
    page.refresh()
    boss.refresh()
    for shown in (page_text(page), page_text(boss), *shown_buttons(page)):
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", shown), shown
        assert "None" not in shown and "Traceback" not in shown


def test_the_tally_chart_keeps_the_choices_order_and_whole_numbers():
    poll = from_trainer(2, 3, "rule")
    spec = tally_chart(poll, {"trend": 2, "long_run": 1}, revealed=False).to_dict()
    [rows] = spec["datasets"].values()
    assert [r["choice"] for r in rows] == list(trainer.RULE_WORDS.values())
    assert [r["answers"] for r in rows] == [1, 0, 0, 2]


def test_a_count_axis_has_whole_ticks_only():
    # With a single answer Vega would tick 0, 0.5 and 1 and print "0 1 1".
    assert whole_ticks(1) == [0, 1]
    assert whole_ticks(7) == list(range(8))
    assert whole_ticks(60) == [0, 10, 20, 30, 40, 50, 60]
    assert whole_ticks(100) == [0, 20, 40, 60, 80, 100]
