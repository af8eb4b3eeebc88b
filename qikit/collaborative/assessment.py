"""The IHI Assessment Scale (0.5-5.0): how far each team has got (QI_REFERENCE 8.2 [S72]-[S75]).

Faculty and teams score progress monthly. :func:`suggest_score` proposes a score from what the
data show, for faculty to confirm or change; it never goes above 4.0, because 4.5 and 5.0 need
judgement the data cannot give (sustained results, all goals met, organisational change). The
rules, checked at a given week (a learning session):

- 1.5  no baseline data yet (planning has begun);
- 2.0  baseline data, but no PDSA cycle started yet (activity, but no changes);
- 2.5  PDSA cycles under way, no improvement in the measures yet;
- 3.0  a cycle's change adopted, or special-cause improvement in a process measure only
       (modest improvement);
- 3.5  special-cause improvement in an outcome measure (improvement);
- 4.0  improvement in an outcome measure and the change adopted at whole-ward scale
       (significant improvement; implementation under way).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from qikit.errors import DataError

SCALE = (
    (0.5, "Intent to participate", "Project identified; no charter or team yet"),
    (1.0, "Forming team", "Team formed; no work yet"),
    (1.5, "Planning has begun", "Project structure, resources and meeting schedule agreed"),
    (2.0, "Activity, but no changes", "Baseline data, process study, planning"),
    (2.5, "Changes tested, but no improvement", "PDSA cycles running; measures graphed"),
    (3.0, "Modest improvement", "Some successful tests; small-scale implementation"),
    (3.5, "Improvement", "Testing and implementation continue; measures improving"),
    (4.0, "Significant improvement", "Expected results in major parts; half the goals met"),
    (4.5, "Sustainable improvement", "Data on key measures show the impact is sustained"),
    (5.0, "Outstanding sustainable results", "All goals met; changes made permanent"),
)
SCORES = tuple(s for s, _, _ in SCALE)
WHOLE_WARD = "whole ward"


def check_score(score: float) -> float:
    """A valid assessment score (0.5 to 5.0 in steps of 0.5)."""
    try:
        value = float(score)
    except (TypeError, ValueError):
        value = float("nan")
    if value not in SCORES:
        raise DataError(
            f"score: expected one of {', '.join(f'{s:.1f}' for s in SCORES)}, found {score!r}. "
            "The IHI Assessment Scale goes from 0.5 to 5.0 in steps of 0.5."
        )
    return value


def label(score: float) -> str:
    """The scale's label for a score, such as 'Modest improvement' for 3.0."""
    value = check_score(score)
    return next(name for s, name, _ in SCALE if s == value)


def scale_table() -> pd.DataFrame:
    """The whole scale as a table: score, label, meaning."""
    return pd.DataFrame(SCALE, columns=["score", "label", "meaning"])


def suggest_score(
    week: int,
    *,
    has_baseline: bool,
    cycle_starts: Iterable[int],
    adopted: Iterable[tuple[int, str]],
    improvement_weeks: dict[str, int | None],
) -> float:
    """Suggested score at ``week`` from the team's data (see the module docstring).

    ``cycle_starts``: weeks PDSA cycles began. ``adopted``: (week, scale) of cycles whose decision
    was to adopt. ``improvement_weeks``: per measure role ("outcome", "process", ...) the first
    week special-cause improvement showed (None if never).
    """
    if not has_baseline:
        return 1.5
    if not any(start <= week for start in cycle_starts):
        return 2.0
    adoptions = [scale for when, scale in adopted if when <= week]
    outcome = improvement_weeks.get("outcome")
    process = improvement_weeks.get("process")
    outcome_better = outcome is not None and outcome <= week
    process_better = process is not None and process <= week
    if outcome_better and any(WHOLE_WARD in s for s in adoptions):
        return 4.0
    if outcome_better:
        return 3.5
    if process_better or adoptions:
        return 3.0
    return 2.5
