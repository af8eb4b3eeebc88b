"""Small-group suppression: no group under the minimum is ever shown or can be worked out."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qikit import culture, datasets


def scores_for(groups: dict[str, tuple[int, int]], ward: str = "W1") -> pd.DataFrame:
    """Respondent scores for one ward: {role: (respondents, how many positive)}."""
    rows = []
    for role, (size, positives) in groups.items():
        for i in range(size):
            good = i < positives
            rows.append(
                {
                    "respondent_id": f"{ward}-{role}-{i}",
                    "ward_id": ward,
                    "role": role,
                    "domain": "Teamwork",
                    "score": 100.0 if good else 0.0,
                    "positive": good,
                    "concerning": pd.NA,
                }
            )
    return pd.DataFrame(rows)


def test_small_group_hidden_and_the_next_smallest_hidden_too():
    # Doctors (3) are too few. Ward total 16 is shown, so with only doctors hidden they could be
    # worked out as total - nurses - support workers: nurses (6, the smallest shown) go too.
    scores = scores_for({"nurse": (6, 3), "support worker": (7, 7), "doctor": (3, 1)})
    table = culture.group_results(scores, ["ward_id"], subgroup="role").table
    total = table[table["level"] == "total"].iloc[0]
    assert total["respondents"] == 16 and total["percent"] == pytest.approx(100 * 11 / 16)
    sub = table[table["level"] == "subgroup"].set_index("role")
    assert sub.loc["doctor", "suppressed"] and sub.loc["nurse", "suppressed"]
    assert sub.loc["nurse", "suppression_reason"].startswith("hidden so a small group")
    assert not sub.loc["support worker", "suppressed"]
    assert sub.loc["support worker", "percent"] == pytest.approx(100.0)
    assert sub.loc[["doctor", "nurse"], ["respondents", "percent"]].isna().all().all()


def test_no_extra_hiding_when_the_hidden_groups_already_make_five():
    scores = scores_for({"nurse": (8, 4), "doctor": (3, 1), "therapist": (2, 2)})
    sub = culture.group_results(scores, ["ward_id"], subgroup="role").table
    sub = sub[sub["level"] == "subgroup"].set_index("role")
    assert list(sub["suppressed"]) == [True, False, True]  # doctor, nurse, therapist


def test_small_total_hides_everything_beneath_it():
    scores = scores_for({"nurse": (3, 1), "doctor": (1, 1)})
    table = culture.group_results(scores, ["ward_id"], subgroup="role").table
    assert table["suppressed"].all()
    assert table[["respondents", "percent", "mean_score"]].isna().all().all()


def test_minimum_group_is_a_setting_that_only_raises():
    scores = scores_for({"nurse": (6, 3), "support worker": (7, 7), "doctor": (3, 1)})
    strict = culture.CultureSettings(minimum_group=7)
    table = culture.group_results(scores, ["ward_id"], subgroup="role", settings=strict).table
    sub = table[table["level"] == "subgroup"].set_index("role")
    assert sub.loc["nurse", "suppressed"] and sub.loc["doctor", "suppressed"]
    assert not sub.loc["support worker", "suppressed"]


def assert_nothing_leaks(table: pd.DataFrame, keys: list[str], minimum: int) -> None:
    shown = table[~table["suppressed"]]
    assert (shown["respondents"] >= minimum).all()
    totals = shown[shown["level"] == "total"]
    children = shown[shown["level"] == "subgroup"]
    for _, total in totals.iterrows():
        match = (children[keys + ["domain"]] == total[keys + ["domain"]]).all(axis=1)
        under = children[match]
        # What an onlooker can work out: the hidden subgroups taken together.
        hidden_people = total["respondents"] - under["respondents"].sum()
        assert hidden_people == 0 or hidden_people >= minimum, (total.to_dict(), under)


@settings(max_examples=150, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=6),
    minimum=st.integers(min_value=5, max_value=8),
)
def test_no_small_group_can_be_worked_out_by_subtraction(sizes, minimum):
    groups = {f"role{i}": (n, n // 2) for i, n in enumerate(sizes)}
    scores = scores_for(groups)
    config = culture.CultureSettings(minimum_group=minimum)
    table = culture.group_results(scores, ["ward_id"], subgroup="role", settings=config).table
    assert_nothing_leaks(table, ["ward_id"], minimum)


def test_synthetic_survey_by_ward_and_role_leaks_nothing():
    answers = datasets.load("score_survey")
    scores = culture.score_respondents(answers)
    table = culture.group_results(scores, ["ward_id", "wave"], subgroup="role").table
    assert table["suppressed"].any() and (~table["suppressed"]).any()
    assert_nothing_leaks(table, ["ward_id", "wave"], 5)
    # some subgroups of 5 or more are hidden only to protect a smaller one
    reasons = set(table["suppression_reason"])
    assert "hidden so a small group cannot be worked out" in reasons


def test_heatmap_reads_burnout_the_right_way_round():
    answers = datasets.load("score_survey")
    scores = culture.score_respondents(answers[answers["wave"] == "before"])
    heat = culture.heatmap_table(scores)
    burnout = heat[heat["domain"] == "Personal Burnout"]
    assert (burnout["good"] + burnout["percent"]).round(9).eq(100).all()
    assert heat["ward_id"].nunique() == 16 and heat["domain"].nunique() == 7


def test_wave_comparison_hides_a_change_when_either_wave_is_small():
    before = scores_for({"nurse": (12, 6)}).assign(wave="before")
    after = scores_for({"nurse": (4, 4)}).assign(wave="after")
    compared = culture.compare_waves(pd.concat([before, after]))
    assert compared["verdict"].tolist() == ["not shown (small group)"]
    assert compared["percent_after"].isna().all()
