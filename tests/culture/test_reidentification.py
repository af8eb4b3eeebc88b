"""No small group can be found by combining any of the SCORE tables the kit shows.

The attacker (tests/culture/reidentify.py) reads only the shown cells of every published view
(each ward, each trust, all wards; each staff group and all staff; each wave) and tries
subtraction and interval attacks. It is first shown to find the leak the audit reported when each
table is protected on its own (W09's four doctors and "other" staff before the collaborative).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qikit import culture
from qikit.errors import DataError

from .reidentify import attack

DATASETS = Path(__file__).resolve().parents[2] / "datasets"


@pytest.fixture(scope="module")
def shipped() -> tuple[pd.DataFrame, dict[str, str]]:
    answers = pd.read_csv(DATASETS / "score_survey.csv")
    wards = pd.read_csv(DATASETS / "wards.csv")
    return culture.score_respondents(answers), dict(
        zip(wards["ward_id"], wards["trust"], strict=True)
    )


def scores_from_counts(counts: dict[tuple[str, str], int], domain: str = "Teamwork"):
    """Respondent scores: {(ward, role): people}; every other person positive."""
    rows = []
    for (ward, role), size in counts.items():
        for i in range(size):
            rows.append(
                {
                    "respondent_id": f"{ward}-{role}-{i}",
                    "ward_id": ward,
                    "wave": "before",
                    "role": role,
                    "domain": domain,
                    "score": 100.0 if i % 2 else 0.0,
                    "positive": bool(i % 2),
                    "concerning": pd.NA,
                }
            )
    return pd.DataFrame(rows)


def per_table_publication(scores: pd.DataFrame, minimum: int) -> pd.DataFrame:
    """What protecting each table on its own publishes: each ward's and all wards' staff groups."""
    rows = []
    roles = sorted(scores["role"].unique())

    def add(table: pd.DataFrame, level: str, unit: str) -> None:
        for row in table.itertuples(index=False):
            role = "all staff" if row.level == "total" else row.role
            rows.append(
                {"wave": "before", "level": level, "unit": unit, "role": role,
                 "domain": row.domain, "respondents": row.respondents,
                 "suppressed": row.suppressed}
            )  # fmt: skip
        for domain in table["domain"].unique():
            present = set(table.loc[table["domain"] == domain, "role"].dropna())
            for role in roles:
                if role not in present:  # shown as "-": the reader knows nobody is there
                    rows.append(
                        {"wave": "before", "level": level, "unit": unit, "role": role,
                         "domain": domain, "respondents": 0.0, "suppressed": False}
                    )  # fmt: skip

    config = culture.CultureSettings(minimum_group=minimum)
    for ward, mine in scores.groupby("ward_id"):
        add(culture.group_results(mine, ["ward_id"], "role", config).table, "ward", ward)
    everyone = scores.assign(ward_id="all")
    add(culture.group_results(everyone, ["ward_id"], "role", config).table, "all wards", "all")
    return pd.DataFrame(rows)


def test_the_attacker_finds_a_group_that_per_table_protection_leaves_open():
    # The audit's case in miniature: one ward's doctors (2) and other staff (2) are hidden in
    # the ward's own table, but every other ward shows its doctors and other staff, and the
    # all-wards table shows both groups: all wards minus the rest gives the four people.
    counts = {
        ("W1", "nurse"): 9, ("W1", "doctor"): 2, ("W1", "other"): 2,
        ("W2", "nurse"): 8, ("W2", "doctor"): 6, ("W2", "other"): 5,
        ("W3", "nurse"): 7, ("W3", "doctor"): 5, ("W3", "other"): 6,
    }  # fmt: skip
    scores = scores_from_counts(counts)
    found = attack(per_table_publication(scores, 5), None, 5)
    groups = {f["group"] for f in found if f["attack"] == "exact"}
    assert (("W1", "doctor"),) in groups and (("W1", "doctor"), ("W1", "other")) in groups
    # Protected together, nothing is found.
    published = culture.published_results(scores).table
    assert attack(published, None, 5) == []


def test_the_attacker_finds_the_audited_leak_in_the_shipped_survey(shipped):
    scores, _ = shipped
    before = scores[scores["wave"] == "before"]
    found = attack(per_table_publication(before, 5), None, 5)
    exact = {(f["domain"], f["group"], f["size"]) for f in found if f["attack"] == "exact"}
    w09 = (("W09", "allied health professional"), ("W09", "doctor"), ("W09", "other"))
    assert ("Burnout Climate", w09, 4.0) in exact  # W09 has no allied health professional


def test_no_group_under_five_in_any_combination_of_the_shipped_tables(shipped):
    scores, trusts = shipped
    for ward_trusts in (trusts, None):
        published = culture.published_results(scores, trusts=ward_trusts)
        table = published.table
        assert set(table["level"]) == ({"ward", "trust", "all wards"} if ward_trusts else
                                       {"ward", "all wards"})  # fmt: skip
        shown = table[~table["suppressed"]]
        assert (shown["respondents"] >= 5).all()
        assert attack(table, ward_trusts, 5) == []
        # Whole-ward and all-ward results stay visible: protection hides staff groups first.
        totals = table[(table["role"] == "all staff")]
        assert not totals["suppressed"].any()


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    wards=st.integers(min_value=2, max_value=6),
    roles=st.integers(min_value=2, max_value=4),
    minimum=st.integers(min_value=5, max_value=8),
    with_trusts=st.booleans(),
)
def test_no_group_under_the_minimum_in_adversarial_surveys(
    data, wards, roles, minimum, with_trusts
):
    sizes = st.integers(min_value=0, max_value=3 * minimum)
    counts = {(f"W{w}", f"role{r}"): data.draw(sizes) for w in range(wards) for r in range(roles)}
    scores = scores_from_counts(counts)
    trusts = None
    if with_trusts:
        trusts = {f"W{w}": f"T{data.draw(st.integers(0, 2))}" for w in range(wards)}
    present = sorted(scores["ward_id"].unique()) if len(scores) else []
    if not present:
        return
    trusts = {w: trusts[w] for w in present} if trusts else None
    config = culture.CultureSettings(minimum_group=minimum)
    table = culture.published_results(scores, config, trusts=trusts).table
    shown = table[~table["suppressed"]]
    assert (shown["respondents"] >= minimum).all()
    assert attack(table, trusts, minimum) == []


def test_minimum_is_never_below_five():
    for low in (1, 2, 3, 4):
        with pytest.raises(DataError, match="minimum_group: expected at least 5"):
            culture.CultureSettings(minimum_group=low)
    assert culture.CultureSettings(minimum_group=8).minimum_group == 8


def test_shipped_file_read_by_pandas_scores(shipped):
    from qikit import datasets

    scores, _ = shipped
    loaded = culture.score_respondents(datasets.load("score_survey"))
    pd.testing.assert_series_equal(
        scores["score"].reset_index(drop=True), loaded["score"].reset_index(drop=True)
    )
    answers = pd.read_csv(DATASETS / "score_survey.csv")
    answers.loc[0, "reverse_scored"] = "maybe"
    with pytest.raises(DataError, match="Column 'reverse_scored'"):
        culture.score_respondents(answers)


def test_empty_and_small_groups_read_the_same(shipped):
    from qikit.apps.score_culture import group_table_html

    scores, trusts = shipped
    published = culture.published_results(scores, trusts=trusts)
    table = published.unit_table("W09", "before")
    teamwork = table[table["domain"] == "Teamwork"].set_index("role")
    # No allied health professional answered on W09 before; two doctors did. Both are rows,
    # both hidden, with the same reason and no numbers.
    empty = teamwork.loc["allied health professional"]
    small = teamwork.loc["doctor"]
    for row in (empty, small):
        assert row["suppressed"] and pd.isna(row["respondents"]) and pd.isna(row["percent"])
    assert empty["suppression_reason"] == small["suppression_reason"]
    markup = group_table_html(table, 5)
    assert "<td>-</td>" not in markup
    assert markup.count('<td class="qikit-hidden">hidden</td>') == table["suppressed"].sum()
