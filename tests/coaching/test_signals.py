"""Signal prompts: the SPC engine's signals on a team's measure, asked against the cycle before.

Every expected value is worked out by hand in the comments, from the rules in QI_REFERENCE 3.1,
3.3 and 5.1, not read from the code.
"""

from __future__ import annotations

from qikit.coaching import project_prompts
from tests.coaching.teams import build, cycle, measure, week

# 12 baseline weeks then 8 weeks of 5. Sorted, the 10th and 11th of the 20 values are 10 and 11,
# so the median is 10.5 and no week sits on it. Sides: below, 5 above, below, 5 above, then the
# last 8 below: the only run of 6 or more (IHI shift) is the last 8 weeks (weeks 12 to 19). No 5
# weeks in a row keep rising or falling, so there is no trend.
SHIFT = [10, 14, 11, 15, 12, 16, 10, 14, 11, 15, 12, 16] + [5] * 8
# Median 12 (8th of 15 sorted values); no 6 on one side. Weeks 10 to 14 (16, 14, 12, 10, 8) keep
# falling: a trend of 5, the IHI run-chart length.
TREND = [10, 14, 11, 15, 12, 16, 10, 14, 11, 15, 16, 14, 12, 10, 8]
# I chart, Making Data Count: 8 and 16 alternate (no shift), then 50 in week 19. Mean 13.7,
# average moving range (18 x 8 + 42) / 19 = 9.79, upper limit 13.7 + 2.66 x 9.79 = 39.7 < 50.
LATE_POINT = [8, 16] * 9 + [8, 50]
# The same, with 50 in week 3 instead: mean 12.9, moving range 11.58, upper limit 43.7 < 50, but
# 16 weeks before the last week, so it is history, not news.
EARLY_POINT = [8, 16, 8, 50] + [8, 16] * 8
# Runs of 5 above and below a median of 10: 3 crossings of the median, fewer than the 6 Anhøj's
# rule needs for 20 points, while the longest run (5) is within the limit of 7.
FEW_CROSSINGS = [13, 14, 15, 14, 13, 7, 6, 5, 6, 7] * 2


def signals(workspace, project_id, today=None):
    return [p for p in project_prompts(workspace, project_id, today) if p.kind == "signal"]


def test_a_shift_is_asked_against_the_cycle_begun_just_before_it(tmp_path):
    cycles = [cycle(1, 6), cycle(2, 11), cycle(3, 13)]  # week 12 is the shift's first week
    ws, pid, [m] = build(tmp_path, measures=[measure()], weeks={0: SHIFT}, cycles=cycles, link=[0])
    [prompt] = signals(ws, pid)
    assert prompt.rule == "signal_shift"
    assert prompt.text == (
        "On 'Violent incidents', your last 8 weeks sit below the median: a shift, in the "
        "direction you want. Is this the change you tested in cycle 2 ('Safety huddle'), begun "
        "23/03/2026?"
    )
    assert (prompt.measure_id, prompt.cycle_number, prompt.date) == (m.id, 2, week(12))
    assert prompt.severity == "high"
    assert "6 or more weeks in a row" in prompt.rule_words
    assert prompt.source == "IHI run-chart rules (Perla, Provost and Murray 2011)"


def test_the_same_shift_read_with_the_anhoej_rules_is_a_long_run(tmp_path):
    # 20 useful points: a run longer than round(log2(20) + 3) = 7 is unusual; the last run is 8.
    # The line crosses the median 4 times (fewer than 6 is unusual) but the long run is said.
    ws, pid, _ = build(tmp_path, measures=[measure(rules="anhoej")], weeks={0: SHIFT})
    [prompt] = signals(ws, pid)
    assert prompt.rule == "signal_shift"
    assert prompt.text.startswith("On 'Violent incidents', your last 8 weeks sit below the median")
    assert "No PDSA cycle began before 30/03/2026" in prompt.text
    assert prompt.source == "Anhøj rules (Anhøj and Olesen 2014)"
    assert prompt.rule_words == (
        "An unusually long run: more than 7 weeks in a row on one side of the centre line, for "
        "20 weeks not on it (round(log2(n) + 3))."
    )


def test_a_falling_trend(tmp_path):
    ws, pid, _ = build(tmp_path, measures=[measure()], weeks={0: TREND})
    [prompt] = signals(ws, pid)
    assert prompt.rule == "signal_trend"
    assert prompt.text.startswith(
        "On 'Violent incidents', your last 5 weeks keep falling: a trend, in the direction you "
        "want. No PDSA cycle began before 16/03/2026"
    )
    assert prompt.date == week(10)


def test_a_point_above_the_upper_limit_is_a_concern_when_lower_is_better(tmp_path):
    m = measure(chart_type="i", rules="mdc")
    ws, pid, _ = build(
        tmp_path, measures=[m], weeks={0: LATE_POINT}, cycles=[cycle(1, 15)], link=[0]
    )
    [prompt] = signals(ws, pid)
    assert prompt.rule == "signal_outside_limits"
    assert prompt.text == (
        "On 'Violent incidents', the week of 18/05/2026 is above the upper limit: a point unlike "
        "the others, which chance alone rarely gives. What happened that week? It is in the "
        "wrong direction. Did the change you tested in cycle 1 ('Safety huddle'), begun "
        "20/04/2026, cause it, or did something else change on the ward?"
    )
    assert prompt.source == "Making Data Count rules (NHS England and NHS Improvement 2018)"


def test_an_old_point_outside_the_limits_stays_quiet(tmp_path):
    ws, pid, _ = build(tmp_path, measures=[measure(chart_type="i", rules="mdc")],
                       weeks={0: EARLY_POINT})  # fmt: skip
    assert signals(ws, pid) == []


def test_few_crossings_by_the_anhoej_rules(tmp_path):
    ws, pid, _ = build(tmp_path, measures=[measure(rules="anhoej")], weeks={0: FEW_CROSSINGS})
    [prompt] = signals(ws, pid)
    assert prompt.rule == "signal_few_crossings"
    assert prompt.text == (
        "On 'Violent incidents', the line crosses the median only 3 times in 20 weeks (fewer "
        "than 6 is unusual): the weeks stay on one side longer than chance allows."
    )
    assert prompt.rule_words.startswith("Unusually few crossings: fewer than 6 crossings of the")
    assert (prompt.date, prompt.cycle_number) == (week(0), None)


def test_a_control_chart_read_with_the_ihi_rules_cites_provost_and_murray(tmp_path):
    ws, pid, _ = build(tmp_path, measures=[measure(chart_type="i")], weeks={0: LATE_POINT})
    [prompt] = signals(ws, pid)
    assert prompt.rule == "signal_outside_limits"
    assert prompt.rule_words.endswith("an astronomical point.")
    assert prompt.source == (
        "Shewhart chart rules (Provost and Murray 2011, The Health Care Data Guide)"
    )


def test_a_stable_measure_and_a_short_one_stay_quiet(tmp_path):
    stable = [10, 14, 11, 15, 12, 16, 10, 14, 11, 15, 12, 16, 10, 14, 11, 15]
    ws, pid, _ = build(
        tmp_path,
        measures=[measure(), measure("Falls", "balancing")],
        weeks={0: stable, 1: [3]},
    )
    assert signals(ws, pid) == []


def test_an_unlinked_measure_is_asked_against_the_projects_cycles(tmp_path):
    ws, pid, _ = build(tmp_path, measures=[measure()], weeks={0: SHIFT},
                       cycles=[cycle(1, 9)], link=[])  # fmt: skip
    [prompt] = signals(ws, pid)
    assert prompt.cycle_number == 1
    assert "cycle 1 ('Safety huddle'), begun 09/03/2026?" in prompt.text
