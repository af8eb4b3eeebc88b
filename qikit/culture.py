"""SCORE culture survey: scale scores, percent positive, percent concerning, kept anonymous.

How a respondent is scored (QI_REFERENCE 6.2, confirmed for the Safety Attitudes Questionnaire and
carried over to SCORE): negatively worded items are reversed (6 - answer); the domain score is
(mean of the answered items - 1) x 25, on 0-100. A respondent is *positive* on a culture domain
when the score is at least 75 (75 is "agree slightly"); on a burnout domain the share reported is
the share *concerning*, score at least the burnout cut-off (50 by default: not confirmed, so it is
a setting, :class:`CultureSettings`).

Anonymity: no result is shown for a group of fewer than ``minimum_group`` respondents (5 by
default), and where a group total is shown beside its subgroups, more subgroups are hidden until
the hidden ones add up to at least ``minimum_group`` people, so no small group can be worked out
by taking the shown subgroups away from the total (complementary suppression).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from qikit.errors import DataError

#: The SCORE culture domains whose results are read as "higher is worse" [S56][S57].
BURNOUT_DOMAINS = ("Burnout Climate", "Personal Burnout")
#: Answers that mean "not applicable" (left out of the score, counted separately).
NOT_APPLICABLE_WORDS = ("n/a", "na", "not applicable")
ANSWER_WORDS = {
    "disagree strongly": 1,
    "disagree slightly": 2,
    "neutral": 3,
    "agree slightly": 4,
    "agree strongly": 5,
}


@dataclass(frozen=True)
class CultureSettings:
    """Choices in scoring and reporting a SCORE survey.

    ``positive_cutoff``: a respondent is positive on a culture domain at this score or above
    (75, confirmed for the SAQ [S51]). ``burnout_cutoff``: a respondent is concerning on a burnout
    domain at this score or above (50: **not confirmed** in the SCORE sources, QI_REFERENCE 6.2).
    ``minimum_group``: fewest respondents for any result to be shown (5). ``minimum_answered``:
    share of a domain's items a respondent must answer to be scored on it (one half).
    ``burnout_domains``: domains reported as percent concerning.
    """

    positive_cutoff: float = 75.0
    burnout_cutoff: float = 50.0
    minimum_group: int = 5
    minimum_answered: float = 0.5
    burnout_domains: tuple[str, ...] = BURNOUT_DOMAINS

    def __post_init__(self) -> None:
        for name in ("positive_cutoff", "burnout_cutoff"):
            value = getattr(self, name)
            if not 0 <= value <= 100:
                raise DataError(
                    f"{name}: expected a score from 0 to 100, found {value!r}. "
                    "Scores run from 0 (disagree strongly) to 100 (agree strongly)."
                )
        if isinstance(self.minimum_group, bool) or not isinstance(self.minimum_group, int):
            raise DataError(
                f"minimum_group: expected a whole number of respondents, found "
                f"{self.minimum_group!r}. Use 5 unless your organisation agreed another number."
            )
        if self.minimum_group < 2:
            raise DataError(
                f"minimum_group: expected at least 2 respondents, found {self.minimum_group}. "
                "A group of one person is never anonymous."
            )
        if not 0 < self.minimum_answered <= 1:
            raise DataError(
                f"minimum_answered: expected a share above 0 and at most 1, found "
                f"{self.minimum_answered!r}. Use 0.5 to score people who answered half the items."
            )

    def with_changes(self, **changes) -> CultureSettings:
        """A copy with some settings changed."""
        return replace(self, **changes)


DEFAULT_SETTINGS = CultureSettings()

#: Questions a facilitator can use to debrief each domain with the team [S54][S55b][S52].
DEBRIEF_PROMPTS: dict[str, tuple[str, ...]] = {
    "Learning Environment": (
        "Think of a time this ward changed how it works after something went wrong. What helped?",
        "What stops a good idea from a member of staff being tried out here?",
    ),
    "Local Leadership": (
        "What does your ward manager do that helps you raise a concern? What gets in the way?",
        "What one thing would you like more feedback on?",
    ),
    "Teamwork": (
        "When did the whole team, every profession, last pull together well? What made it work?",
        "What makes it hard to ask a colleague for help on a busy shift?",
    ),
    "Safety": (
        "Would you be happy for someone you love to be cared for here? Why, or why not?",
        "What would make it easier to speak up about something unsafe?",
    ),
    "Work-Life Balance": (
        "What gets in the way of taking breaks? What one change would protect them?",
        "Could protected breaks or a rota change be tested for one week?",
    ),
    "Burnout Climate": (
        "What drains the team most at the end of a shift? What restores it?",
        "Could a short end-of-shift check-out or 'three good things' be tried for a fortnight?",
    ),
    "Personal Burnout": (
        "This domain is about how people feel, so keep it safe: no one has to share.",
        "What support (supervision, reflective practice, resilience sessions) would people use?",
    ),
}

RESPONDENT_COLUMNS = ("respondent_id", "domain", "item", "response")


def _answer_codes(responses: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Numeric answers 1-5, plus masks of not-applicable and missing answers."""
    text = responses.astype("string").str.strip().str.lower()
    not_applicable = text.isin(NOT_APPLICABLE_WORDS).fillna(False).astype(bool)
    words = text.map(ANSWER_WORDS)
    numbers = pd.to_numeric(text.where(~not_applicable & words.isna()), errors="coerce")
    value = words.astype("Float64").fillna(numbers.astype("Float64"))
    missing = (responses.isna() | (text == "")).fillna(True).astype(bool) & ~not_applicable
    unreadable = value.isna() & ~missing & ~not_applicable
    if unreadable.any():
        examples = ", ".join(repr(v) for v in responses[unreadable].unique()[:3])
        raise DataError(
            f"Column 'response': expected answers 1 to 5 (or 'disagree strongly' ... 'agree "
            f"strongly', 'N/A', or blank), found {examples}. Correct those answers and try again."
        )
    outside = value.notna() & ~value.isin([1, 2, 3, 4, 5])
    if outside.any():
        examples = ", ".join(str(v) for v in value[outside].unique()[:3])
        raise DataError(
            f"Column 'response': expected whole numbers 1 to 5, found {examples}. "
            "Check the survey export: answers use 1 = disagree strongly ... 5 = agree strongly."
        )
    return value, not_applicable, missing


def _check_columns(answers: pd.DataFrame, needed: Sequence[str]) -> None:
    if not isinstance(answers, pd.DataFrame):
        raise DataError(
            f"answers: expected a table (DataFrame) of survey answers, found "
            f"{type(answers).__name__}. Load the survey with qikit.datasets.load('score_survey')."
        )
    lost = [c for c in needed if c not in answers.columns]
    if lost:
        raise DataError(
            f"The survey table has no column {', '.join(map(repr, lost))}. Expected one row per "
            f"respondent and item with columns {', '.join(needed)}; found "
            f"{', '.join(map(str, answers.columns))}."
        )


def score_respondents(
    answers: pd.DataFrame,
    by: Sequence[str] = ("ward_id", "wave", "role"),
    settings: CultureSettings = DEFAULT_SETTINGS,
    reverse_items: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per respondent and domain: the 0-100 score and whether it is positive/concerning.

    ``answers`` has one row per respondent and item (columns respondent_id, domain, item, response
    and either ``reverse_scored`` or the ``reverse_items`` list). Blank answers are *missing* and
    "N/A" answers are *not applicable*: both are left out of the mean and counted. A respondent who
    answered fewer than ``settings.minimum_answered`` of a domain's items gets no score there.
    """
    by = [c for c in by if c in answers.columns] if isinstance(answers, pd.DataFrame) else []
    _check_columns(answers, RESPONDENT_COLUMNS)
    if reverse_items is None:
        _check_columns(answers, (*RESPONDENT_COLUMNS, "reverse_scored"))
        reverse = answers["reverse_scored"].astype("boolean").fillna(False).astype(bool)
    else:
        reverse = answers["item"].isin(list(reverse_items))
    value, not_applicable, missing = _answer_codes(answers["response"])
    scored = value.where(~reverse, 6 - value)
    frame = answers[["respondent_id", *by, "domain", "item"]].copy()
    frame["scored"] = scored.astype("float64")
    frame["answered"] = value.notna()
    frame["not_applicable"] = not_applicable
    frame["missing"] = missing
    items_in_domain = answers.groupby("domain", sort=False)["item"].nunique()
    grouped = frame.groupby(["respondent_id", *by, "domain"], sort=False, dropna=False)
    out = grouped.agg(
        mean_answer=("scored", "mean"),
        items_answered=("answered", "sum"),
        items_not_applicable=("not_applicable", "sum"),
        items_missing=("missing", "sum"),
    ).reset_index()
    needed = np.ceil(out["domain"].map(items_in_domain) * settings.minimum_answered - 1e-9)
    enough = out["items_answered"] >= needed.clip(lower=1)
    out["score"] = ((out["mean_answer"] - 1) * 25).where(enough)
    burnout = out["domain"].isin(settings.burnout_domains)
    cutoff = np.where(burnout, settings.burnout_cutoff, settings.positive_cutoff)
    flag = (out["score"] >= cutoff - 1e-9).astype("boolean").mask(out["score"].isna())
    out["positive"] = flag.mask(burnout)
    out["concerning"] = flag.mask(~burnout)
    return out.drop(columns="mean_answer")


@dataclass
class GroupTable:
    """Results per group and domain, after small-group suppression.

    ``table`` has the group columns, ``domain``, ``level`` ("total" or "subgroup"), ``respondents``
    (scored on the domain), ``percent`` (percent positive, or percent concerning for burnout
    domains), ``measure`` (which of the two), ``mean_score`` and ``suppressed``. Suppressed rows
    show no numbers at all, not even the count of respondents.
    """

    table: pd.DataFrame
    settings: CultureSettings = field(default_factory=CultureSettings)

    def shown(self) -> pd.DataFrame:
        """The rows a person is allowed to see."""
        return self.table[~self.table["suppressed"]]


def _cells(scores: pd.DataFrame, keys: list[str], settings: CultureSettings) -> pd.DataFrame:
    usable = scores[scores["score"].notna()].copy()
    usable["flag"] = usable["positive"].fillna(usable["concerning"]).astype(float)
    cells = (
        usable.groupby([*keys, "domain"], sort=True, dropna=False)
        .agg(respondents=("score", "size"), flagged=("flag", "sum"), mean_score=("score", "mean"))
        .reset_index()
    )
    cells["percent"] = 100 * cells["flagged"] / cells["respondents"]
    burnout = cells["domain"].isin(settings.burnout_domains)
    cells["measure"] = np.where(burnout, "percent concerning", "percent positive")
    cells["suppressed"] = cells["respondents"] < settings.minimum_group
    cells["suppression_reason"] = np.where(cells["suppressed"], "fewer than minimum", "")
    return cells


def complementary_suppression(
    children: pd.DataFrame, parent_keys: Sequence[str], minimum: int
) -> pd.DataFrame:
    """Hide more subgroups until the hidden ones in each parent add up to ``minimum`` or more.

    With a parent total shown, the hidden subgroups together can be worked out as the total minus
    the shown subgroups. So the hidden set must be empty or hold at least ``minimum`` people:
    while it holds between 1 and ``minimum - 1``, the smallest shown subgroup is hidden too.
    ``children`` needs ``respondents`` and ``suppressed`` columns (and ``domain``).
    """
    out = children.reset_index(drop=True)
    sizes = out["respondents"].to_numpy(dtype=float)
    hidden = out["suppressed"].to_numpy(dtype=bool).copy()
    reasons = out["suppression_reason"].to_numpy(dtype=object).copy()
    groups = out.groupby([*parent_keys, "domain"], sort=False, dropna=False).indices
    for rows in groups.values():
        while 0 < sizes[rows][hidden[rows]].sum() < minimum and not hidden[rows].all():
            shown = rows[~hidden[rows]]
            smallest = shown[np.argmin(sizes[shown])]
            hidden[smallest] = True
            reasons[smallest] = "hidden so a small group cannot be worked out"
    out["suppressed"] = hidden
    out["suppression_reason"] = reasons
    return out


def group_results(
    scores: pd.DataFrame,
    by: Sequence[str],
    subgroup: str | None = None,
    settings: CultureSettings = DEFAULT_SETTINGS,
) -> GroupTable:
    """Percent positive (or concerning) per group and domain, never revealing a small group.

    ``by`` names the group columns (for example ``["ward_id", "wave"]``). With ``subgroup``
    (for example ``"role"``), the table holds the group totals and, beneath them, the subgroups,
    with complementary suppression so no hidden subgroup can be recovered by subtraction.
    """
    by = list(by)
    for column in [*by, *([subgroup] if subgroup else [])]:
        if column not in scores.columns:
            raise DataError(
                f"Cannot group the results by '{column}': the scores have no such column. "
                f"Choose from {', '.join(c for c in scores.columns if scores[c].dtype == object)}."
            )
    totals = _cells(scores, by, settings)
    totals["level"] = "total"
    parts = [totals]
    if subgroup:
        children = _cells(scores, [*by, subgroup], settings)
        children = complementary_suppression(children, by, settings.minimum_group)
        # A suppressed total hides every subgroup beneath it.
        hidden_totals = totals.loc[totals["suppressed"], [*by, "domain"]].assign(_hide=True)
        children = children.merge(hidden_totals, on=[*by, "domain"], how="left")
        hide = children.pop("_hide").astype("boolean").fillna(False).astype(bool)
        children.loc[hide & ~children["suppressed"], "suppression_reason"] = "group total hidden"
        children["suppressed"] = children["suppressed"] | hide
        children["level"] = "subgroup"
        parts.append(children)
    table = pd.concat(parts, ignore_index=True)
    for column in ("respondents", "percent", "mean_score", "flagged"):
        table[column] = table[column].astype("float64").mask(table["suppressed"])
    table = table.drop(columns="flagged")
    order = [*by, *([subgroup] if subgroup else []), "level", "domain", "respondents"]
    order += ["percent", "measure", "mean_score", "suppressed", "suppression_reason"]
    return GroupTable(table[order], settings)


def compare_waves(
    scores: pd.DataFrame,
    by: Sequence[str] = ("ward_id",),
    before: str = "before",
    after: str = "after",
    settings: CultureSettings = DEFAULT_SETTINGS,
) -> pd.DataFrame:
    """Before/after change per group and domain, in percentage points, with a plain verdict.

    Each wave is suppressed on its own; a change is only shown when both waves are shown. The
    verdict uses a two-proportion test at the 5% level: "better", "worse" or "no clear change"
    (for burnout domains a fall in percent concerning is "better").
    """
    if "wave" not in scores.columns:
        raise DataError(
            "Cannot compare waves: the scores have no 'wave' column. Score a survey with a "
            "'wave' column (for example 'before' and 'after')."
        )
    result = group_results(scores, [*by, "wave"], settings=settings).table
    waves = set(result["wave"])
    for wave in (before, after):
        if wave not in waves:
            raise DataError(
                f"Cannot compare waves: no wave called {wave!r}; found "
                f"{', '.join(map(repr, sorted(waves)))}. Name the waves to compare."
            )
    keys = [*by, "domain"]
    cols = ["respondents", "percent", "measure"]
    first = result.loc[result["wave"] == before, [*keys, *cols]]
    second = result.loc[result["wave"] == after, [*keys, "respondents", "percent"]]
    both = first.merge(second, on=keys, how="outer", suffixes=("_before", "_after"))
    both["change"] = both["percent_after"] - both["percent_before"]
    verdicts = []
    for row in both.itertuples(index=False):
        if math.isnan(row.change):
            verdicts.append("not shown (small group)")
            continue
        p = _two_proportion_p(
            row.percent_before / 100, row.respondents_before,
            row.percent_after / 100, row.respondents_after,
        )  # fmt: skip
        if p >= 0.05:
            verdicts.append("no clear change")
            continue
        went_up = row.change > 0
        burnout = row.domain in settings.burnout_domains
        verdicts.append("better" if went_up != burnout else "worse")
    both["verdict"] = verdicts
    return both


def _two_proportion_p(p1: float, n1: float, p2: float, n2: float) -> float:
    """Two-sided p value of the pooled two-proportion z test."""
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 1.0
    z = abs(p1 - p2) / spread
    return math.erfc(z / math.sqrt(2))


def heatmap_table(
    scores: pd.DataFrame, unit: str = "ward_id", settings: CultureSettings = DEFAULT_SETTINGS
) -> pd.DataFrame:
    """Domains x units for a heatmap: percent and whether it is good news, suppressed cells empty.

    ``good`` is the percent read so that higher is always better (100 - percent concerning for
    burnout domains), so one colour scale suits every domain.
    """
    table = group_results(scores, [unit], settings=settings).table
    burnout = table["domain"].isin(settings.burnout_domains)
    table["good"] = table["percent"].where(~burnout, 100 - table["percent"])
    return table[[unit, "domain", "respondents", "percent", "measure", "good", "suppressed"]]


def debrief_prompts(domain: str) -> tuple[str, ...]:
    """Questions a facilitator can ask the team about one domain."""
    if domain not in DEBRIEF_PROMPTS:
        raise DataError(
            f"domain: expected one of {', '.join(DEBRIEF_PROMPTS)}, found {domain!r}. "
            "Check the spelling of the domain name."
        )
    return DEBRIEF_PROMPTS[domain]
