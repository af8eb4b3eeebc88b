"""Prompts about a measure's weeks: too few to judge yet, or none entered lately."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from qikit.coaching.prompt import SOURCES, Prompt, day, plural
from qikit.coaching.team import TeamThread
from qikit.improve import Measure
from qikit.spc.api import RUN_RULE_POINTS

#: A measure with no week entered for this many whole periods (weeks, or months for a monthly
#: measure) after its last one raises a prompt.
STALE_PERIODS = 3

TOO_EARLY_RULE = (
    f"The run-chart rules are used once a chart has {RUN_RULE_POINTS} or more points; with "
    "fewer, a missing signal means little."
)
STALE_RULE = (
    f"Data are entered every period: {STALE_PERIODS} or more whole weeks (months, for a monthly "
    "measure) with nothing entered after the last one is a gap."
)


def monthly(measure: Measure) -> bool:
    return "month" in measure.how_often.lower()


def too_early_prompts(team: TeamThread, today: dt.date) -> list[Prompt]:
    """Measures with fewer weeks than the run-chart rules need."""
    prompts = []
    for measure in team.measures:
        n = len(team.table(measure))
        if n >= RUN_RULE_POINTS:
            continue
        one, many = ("month", "months") if monthly(measure) else ("week", "weeks")
        have = f"has {plural(n, one, many)} of data" if n else f"has no {many} entered yet"
        prompts.append(
            Prompt(
                text=(
                    f"'{measure.name}' {have}: too early to judge. Add {many} until it has "
                    f"{RUN_RULE_POINTS} or more before reading the chart for signals."
                ),
                rule="too_early",
                rule_words=TOO_EARLY_RULE,
                source=SOURCES["ten_points"],
                kind="data",
                severity="low",
                measure_id=measure.id,
                measure_name=measure.name,
            )
        )
    return prompts


def periods_missing(last: dt.date, today: dt.date, by_month: bool) -> int:
    """Whole periods after the last one entered that have ended before ``today``.

    A week is named by its first day, so the week of 5 January has ended by 12 January; on
    2 February the weeks of 12, 19 and 26 January (3) are missing.
    """
    if by_month:
        return max((today.year - last.year) * 12 + today.month - last.month - 1, 0)
    return max((today - last).days // 7 - 1, 0)


def stale_prompts(team: TeamThread, today: dt.date) -> list[Prompt]:
    """Measures with weeks of data but none entered for the last few weeks."""
    prompts = []
    for measure in team.measures:
        table = team.table(measure)
        if table.empty:
            continue
        last = pd.Timestamp(table["period"].max()).date()
        by_month = monthly(measure)
        missing = periods_missing(last, today, by_month)
        if missing < STALE_PERIODS:
            continue
        many = "months" if by_month else "weeks"
        one = "month" if by_month else "week"
        prompts.append(
            Prompt(
                text=(
                    f"Nothing has been entered for '{measure.name}' for {missing} {many}: the "
                    f"last {one} is {day(last)}. Add the {many} since then, even the quiet ones, "
                    "so the chart shows what is happening now."
                ),
                rule="no_recent_data",
                rule_words=STALE_RULE,
                source=SOURCES["data_over_time"],
                kind="data",
                severity="medium",
                measure_id=measure.id,
                measure_name=measure.name,
                date=last,
            )
        )
    return prompts
