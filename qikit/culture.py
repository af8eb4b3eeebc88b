"""SCORE culture survey: scale scores, percent positive, percent concerning, kept anonymous.

How a respondent is scored (QI_REFERENCE 6.2, confirmed for the Safety Attitudes Questionnaire and
carried over to SCORE): negatively worded items are reversed (6 - answer); the domain score is
(mean of the answered items - 1) x 25, on 0-100. A respondent is *positive* on a culture domain
when the score is at least 75 (75 is "agree slightly"); on a burnout domain the share reported is
the share *concerning*, score at least the burnout cut-off (50 by default: not confirmed, so it is
a setting, :class:`CultureSettings`).

Anonymity: no result is shown for a group of fewer than ``minimum_group`` respondents (5, which a
setting may raise but never lower). Every table the kit shows (each ward, each trust and all wards,
each by staff group, each wave) is protected together by :func:`published_results`, so no
subtraction between any of them reveals a smaller group; an empty staff group is hidden exactly
like a small one.
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
#: The smallest group any result is shown for; a setting may raise it, never lower it.
MINIMUM_GROUP_FLOOR = 5
#: How the ``reverse_scored`` column may say yes or no (as written by a spreadsheet or by pandas).
YES_WORDS = ("yes", "y", "true", "t", "1", "1.0")
NO_WORDS = ("no", "n", "false", "f", "0", "0.0", "")
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
    ``minimum_group``: fewest respondents for any result to be shown (5; it may be raised, never
    set below 5). ``minimum_answered``:
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
        if self.minimum_group < MINIMUM_GROUP_FLOOR:
            raise DataError(
                f"minimum_group: expected at least {MINIMUM_GROUP_FLOOR} respondents, found "
                f"{self.minimum_group}. Fewer than {MINIMUM_GROUP_FLOOR} people is never "
                "anonymous: the setting can raise the smallest group shown, never lower it."
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


def _yes_no(values: pd.Series, column: str) -> pd.Series:
    """True / False from a column holding booleans or the words yes / no (blank is no)."""
    if pd.api.types.is_bool_dtype(values):
        return values.fillna(False).astype(bool)
    text = values.astype("string").str.strip().str.lower().fillna("")
    unreadable = ~text.isin(YES_WORDS + NO_WORDS)
    if unreadable.any():
        examples = ", ".join(repr(v) for v in values[unreadable].unique()[:3])
        raise DataError(
            f"Column '{column}': expected yes or no (or True / False), found {examples}. "
            "Mark negatively worded items 'yes' and the others 'no'."
        )
    return text.isin(YES_WORDS).astype(bool)


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
        reverse = _yes_no(answers["reverse_scored"], "reverse_scored")
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


ALL_STAFF = "all staff"
ALL_WARDS = "all wards"
#: The reason shown for a cell hidden to protect another; small and empty cells read the same.
REASON_SMALL = "fewer than minimum"
REASON_COMPLEMENT = "hidden so a small group cannot be worked out"


@dataclass
class PublishedResults:
    """Every result the kit can show, protected together so no combination reveals a small group.

    ``table`` holds one row per wave, place and staff group and domain: ``level`` is "ward",
    "trust" or "all wards"; ``unit`` the ward, trust or "all wards"; ``role`` a staff group or
    "all staff"; then ``respondents``, ``percent``, ``measure``, ``mean_score``, ``suppressed``
    and ``suppression_reason``. Staff groups with nobody in them are rows too, hidden exactly
    like small groups, so a reader cannot tell an empty group from a small one.
    """

    table: pd.DataFrame
    settings: CultureSettings = field(default_factory=CultureSettings)

    def shown(self) -> pd.DataFrame:
        """The rows a person is allowed to see."""
        return self.table[~self.table["suppressed"]]

    def unit_table(self, unit: str = ALL_WARDS, wave: str | None = None) -> pd.DataFrame:
        """One ward's, trust's or all wards' results by staff group, as :func:`group_results`.

        Rows with ``level`` "total" (the whole unit) and "subgroup" (each staff group), with
        the unit in ``ward_id`` (``"all"`` for all wards).
        """
        rows = self.table[self.table["unit"] == unit]
        if rows.empty:
            units = ", ".join(map(repr, dict.fromkeys(self.table["unit"])))
            raise DataError(f"unit: expected one of {units}, found {unit!r}.")
        if wave is not None:
            rows = rows[rows["wave"] == wave]
        out = rows.assign(
            ward_id="all" if unit == ALL_WARDS else unit,
            level=np.where(rows["role"] == ALL_STAFF, "total", "subgroup"),
            role=rows["role"].where(rows["role"] != ALL_STAFF),
        )
        columns = ["ward_id", "wave", "role", "level", "domain", "respondents", "percent"]
        columns += ["measure", "mean_score", "suppressed", "suppression_reason"]
        return out[columns].reset_index(drop=True)

    def heatmap(self, wave: str) -> pd.DataFrame:
        """Domains x wards for one wave, as :func:`heatmap_table`."""
        rows = self.table[
            (self.table["level"] == "ward")
            & (self.table["role"] == ALL_STAFF)
            & (self.table["wave"] == wave)
        ].rename(columns={"unit": "ward_id"})
        burnout = rows["domain"].isin(self.settings.burnout_domains)
        rows = rows.assign(good=rows["percent"].where(~burnout, 100 - rows["percent"]))
        columns = ["ward_id", "domain", "respondents", "percent", "measure", "good", "suppressed"]
        return rows[columns].reset_index(drop=True)

    def compare(self, unit: str = ALL_WARDS, before: str = "before", after: str = "after"):
        """Before/after for one unit (whole staff), as :func:`compare_waves`."""
        rows = self.table[(self.table["unit"] == unit) & (self.table["role"] == ALL_STAFF)]
        rows = rows.assign(ward_id="all" if unit == ALL_WARDS else unit)
        return _compare(rows, ["ward_id"], before, after, self.settings)


def _lattice_lines(
    geo: list[tuple[str, str, np.ndarray]], n_roles: int, trust_rows: list[int] | None
) -> tuple[list[tuple[int, list[int]]], int]:
    """The sums a reader can check: cell index = geo index x (roles + 1) + role (last = all)."""
    width = n_roles + 1
    lines = []
    for g in range(len(geo)):
        lines.append((g * width + n_roles, [g * width + r for r in range(n_roles)]))
    wards = [g for g, (level, _, _) in enumerate(geo) if level == "ward"]
    everyone = len(geo) - 1
    for q in range(width):
        if trust_rows:
            for t in trust_rows:
                inside = [g for g in wards if set(geo[g][2]) <= set(geo[t][2])]
                lines.append((t * width + q, [g * width + q for g in inside]))
            lines.append((everyone * width + q, [t * width + q for t in trust_rows]))
        else:
            lines.append((everyone * width + q, [g * width + q for g in wards]))
    return lines, width


def protect_cells(
    counts: np.ndarray, lines: list[tuple[int, list[int]]], minimum: int
) -> tuple[np.ndarray, np.ndarray]:
    """Which cells to hide so that no group of 1 to ``minimum - 1`` people can be worked out.

    ``counts`` are the people in each published cell; each line says a parent cell is the sum
    of its child cells (a ward is the sum of its staff groups, a trust the sum of its wards).
    Every cell under ``minimum`` is hidden, empty ones included, so empty and small look the
    same. Then, until nothing changes, in every line: the hidden children of a shown parent must
    add up to none or to at least ``minimum`` people (else a small group is the parent minus the
    shown children), and no line may hold exactly one hidden cell with people in it (that cell
    would be the line's sum minus the rest, and could then unlock another line). Each time, the
    smallest shown child is hidden too (or the parent when every child is already hidden).
    Returns the hidden mask and a mask of cells hidden only to protect others.
    """
    hidden = counts < minimum
    primary = hidden.copy()
    changed = True
    while changed:
        changed = False
        for parent, children in lines:
            kids = np.asarray(children)
            hidden_kids = kids[hidden[kids]]
            occupied = [c for c in hidden_kids if counts[c] > 0]
            if hidden[parent] and counts[parent] > 0:
                occupied.append(parent)
            small_gap = not hidden[parent] and 0 < counts[hidden_kids].sum() < minimum
            if not small_gap and len(occupied) != 1:
                continue
            shown = kids[~hidden[kids]]
            if len(shown):
                hidden[shown[np.argmin(counts[shown])]] = True
            elif not hidden[parent]:
                hidden[parent] = True
            else:
                continue
            changed = True
    return hidden, hidden & ~primary


def published_results(
    scores: pd.DataFrame,
    settings: CultureSettings = DEFAULT_SETTINGS,
    trusts: dict[str, str] | None = None,
) -> PublishedResults:
    """Every table the kit shows, by wave: each ward, each trust and all wards, each by staff group.

    All of them are protected together (:func:`protect_cells`), so no subtraction between any
    of them (ward minus its staff groups, all wards minus the other wards, a trust minus its
    wards, one staff group across wards, ...) gives a group of fewer than
    ``settings.minimum_group`` people. ``trusts`` maps ward to trust (from the wards table);
    without it, trust rows are left out. Waves are protected one at a time, because different
    people answered each wave.
    """
    for column in ("ward_id", "role", "domain", "score"):
        if column not in scores.columns:
            raise DataError(
                f"Cannot publish the results: the scores have no '{column}' column. Score the "
                "survey with qikit.culture.score_respondents first."
            )
    usable = scores[scores["score"].notna()].copy()
    if "wave" not in usable.columns:
        usable["wave"] = "all"
    usable["flag"] = usable["positive"].fillna(usable["concerning"]).astype(float)
    wards = sorted(usable["ward_id"].dropna().unique())
    roles = sorted(usable["role"].dropna().unique())
    geo: list[tuple[str, str, np.ndarray]] = [
        ("ward", w, np.array([i])) for i, w in enumerate(wards)
    ]
    trust_rows = None
    if trusts is not None:
        lost = [w for w in wards if w not in trusts]
        if lost:
            raise DataError(
                f"trusts: no trust given for ward {', '.join(map(repr, lost[:3]))}. Give every "
                "ward's trust (the 'trust' column of the wards table)."
            )
        names = sorted({trusts[w] for w in wards})
        trust_rows = list(range(len(geo), len(geo) + len(names)))
        for name in names:
            inside = np.array([i for i, w in enumerate(wards) if trusts[w] == name])
            geo.append(("trust", name, inside))
    geo.append((ALL_WARDS, ALL_WARDS, np.arange(len(wards))))
    lines, width = _lattice_lines(geo, len(roles), trust_rows)
    ward_index = {w: i for i, w in enumerate(wards)}
    role_index = {r: i for i, r in enumerate(roles)}
    out = []
    for (wave, domain), group in usable.groupby(["wave", "domain"], sort=True):
        base = np.zeros((3, len(wards), len(roles)))
        w = group["ward_id"].map(ward_index).to_numpy()
        r = group["role"].map(role_index).to_numpy()
        np.add.at(base[0], (w, r), 1.0)
        np.add.at(base[1], (w, r), group["flag"].to_numpy(dtype=float))
        np.add.at(base[2], (w, r), group["score"].to_numpy(dtype=float))
        sums = np.zeros((3, len(geo) * width))
        for g, (_, _, inside) in enumerate(geo):
            part = base[:, inside, :].sum(axis=1)
            sums[:, g * width : g * width + len(roles)] = part
            sums[:, g * width + len(roles)] = part.sum(axis=1)
        hidden, complement = protect_cells(sums[0], lines, settings.minimum_group)
        burnout = domain in settings.burnout_domains
        for g, (level, unit, _) in enumerate(geo):
            for q, role in enumerate([*roles, ALL_STAFF]):
                cell = g * width + q
                people = sums[0, cell]
                shown = not hidden[cell]
                out.append(
                    {
                        "wave": wave,
                        "level": level,
                        "unit": unit,
                        "role": role,
                        "domain": domain,
                        "respondents": people if shown else np.nan,
                        "percent": 100 * sums[1, cell] / people if shown else np.nan,
                        "measure": "percent concerning" if burnout else "percent positive",
                        "mean_score": sums[2, cell] / people if shown else np.nan,
                        "suppressed": not shown,
                        "suppression_reason": (
                            "" if shown else REASON_COMPLEMENT if complement[cell] else REASON_SMALL
                        ),
                    }
                )
    return PublishedResults(pd.DataFrame(out), settings)


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
    return _compare(result, list(by), before, after, settings)


def _compare(
    result: pd.DataFrame, by: list[str], before: str, after: str, settings: CultureSettings
) -> pd.DataFrame:
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
