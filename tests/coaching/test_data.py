"""Data prompts: too few weeks to judge, and no week entered lately."""

from __future__ import annotations

import datetime as dt

from qikit.coaching import project_prompts
from qikit.coaching.data import periods_missing
from tests.coaching.teams import build, measure


def fired(workspace, project_id, rule, today):
    return [p for p in project_prompts(workspace, project_id, today) if p.rule == rule]


def test_too_early_to_judge(tmp_path):
    ws, pid, [six, ten, empty] = build(
        tmp_path,
        measures=[measure(), measure("Huddles", "process"), measure("Falls", "balancing")],
        weeks={0: [4] * 6, 1: [3] * 10},
    )
    found = {p.measure_id: p for p in fired(ws, pid, "too_early", dt.date(2026, 3, 16))}
    assert set(found) == {six.id, empty.id}  # 10 weeks are enough for the rules
    assert found[six.id].text == (
        "'Violent incidents' has 6 weeks of data: too early to judge. Add weeks until it has 10 "
        "or more before reading the chart for signals."
    )
    assert found[empty.id].text.startswith("'Falls' has no weeks entered yet: too early to judge.")


def test_weeks_missing_are_whole_weeks_after_the_last_one():
    monday = dt.date(2026, 1, 5)
    assert periods_missing(monday, dt.date(2026, 1, 12), by_month=False) == 0
    assert periods_missing(monday, dt.date(2026, 1, 26), by_month=False) == 2
    assert periods_missing(monday, dt.date(2026, 2, 2), by_month=False) == 3
    assert periods_missing(dt.date(2026, 1, 1), dt.date(2026, 4, 30), by_month=True) == 2
    assert periods_missing(dt.date(2026, 1, 1), dt.date(2026, 5, 1), by_month=True) == 3


def test_no_week_entered_for_three_weeks(tmp_path):
    ws, pid, [m] = build(tmp_path, measures=[measure()], weeks={0: [4, 5, 3, 4]})  # to 26/01
    assert fired(ws, pid, "no_recent_data", dt.date(2026, 2, 16)) == []  # 2 weeks missing
    [prompt] = fired(ws, pid, "no_recent_data", dt.date(2026, 2, 23))
    assert prompt.text == (
        "Nothing has been entered for 'Violent incidents' for 3 weeks: the last week is "
        "26/01/2026. Add the weeks since then, even the quiet ones, so the chart shows what is "
        "happening now."
    )
    assert (prompt.measure_id, prompt.date, prompt.severity) == (m.id, dt.date(2026, 1, 26),
                                                                 "medium")  # fmt: skip


def test_a_monthly_measure_counts_months(tmp_path):
    ws, pid, _ = build(tmp_path, measures=[measure(how_often="monthly")], weeks={0: [4]})
    assert fired(ws, pid, "no_recent_data", dt.date(2026, 4, 30)) == []
    [prompt] = fired(ws, pid, "no_recent_data", dt.date(2026, 5, 1))
    assert "for 3 months: the last month is 05/01/2026" in prompt.text


def test_a_measure_with_no_weeks_is_not_stale(tmp_path):
    ws, pid, _ = build(tmp_path, measures=[measure()])
    assert fired(ws, pid, "no_recent_data", dt.date(2027, 1, 1)) == []
