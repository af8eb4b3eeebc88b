"""SCORE scoring against hand-worked examples: reverse items, missing answers, N/A, cut-offs."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qikit import culture
from qikit.errors import DataError

TEAMWORK = ("TW1", "TW2", "TW3")  # TW3 is negatively worded
BURNOUT = ("PB1", "PB2", "PB3", "PB4")


def answers(rows: dict[str, dict[str, object]]) -> pd.DataFrame:
    """Long survey table from {respondent: {item: answer}}; items TW* Teamwork, PB* burnout."""
    out = []
    for respondent, items in rows.items():
        for item, response in items.items():
            domain = "Teamwork" if item.startswith("TW") else "Personal Burnout"
            out.append(
                {
                    "respondent_id": respondent,
                    "ward_id": "W1",
                    "domain": domain,
                    "item": item,
                    "reverse_scored": item == "TW3",
                    "response": response,
                }
            )
    return pd.DataFrame(out)


def score_of(scored: pd.DataFrame, respondent: str, domain: str) -> pd.Series:
    row = scored[(scored["respondent_id"] == respondent) & (scored["domain"] == domain)]
    assert len(row) == 1
    return row.iloc[0]


def test_reverse_scored_item_and_scale_score_by_hand():
    # A: 5, 4 and a reversed 2 (= 4): mean 13/3, score (13/3 - 1) x 25 = 83.33: positive.
    # C: 3, 4 and a reversed 5 (= 1): mean 8/3, score 41.67: not positive.
    data = answers(
        {
            "A": dict(zip(TEAMWORK, (5, 4, 2), strict=True)),
            "C": dict(zip(TEAMWORK, (3, 4, 5), strict=True)),
        }
    )
    scored = culture.score_respondents(data, by=["ward_id"])
    a, c = score_of(scored, "A", "Teamwork"), score_of(scored, "C", "Teamwork")
    assert a["score"] == pytest.approx(250 / 3)
    assert bool(a["positive"]) is True
    assert c["score"] == pytest.approx(125 / 3)
    assert bool(c["positive"]) is False
    assert pd.isna(a["concerning"])


def test_not_applicable_and_missing_left_out_and_counted():
    # D: 4, N/A, reversed 2 (= 4): mean 4 -> exactly 75, which counts as positive.
    # B: 4, N/A, blank: one answer out of three is fewer than half, so no score.
    data = answers(
        {
            "D": dict(zip(TEAMWORK, (4, "N/A", 2), strict=True)),
            "B": dict(zip(TEAMWORK, (4, "n/a", None), strict=True)),
        }
    )
    scored = culture.score_respondents(data, by=["ward_id"])
    d, b = score_of(scored, "D", "Teamwork"), score_of(scored, "B", "Teamwork")
    assert d["score"] == pytest.approx(75.0)
    assert bool(d["positive"]) is True
    assert (d["items_answered"], d["items_not_applicable"], d["items_missing"]) == (2, 1, 0)
    assert pd.isna(b["score"]) and pd.isna(b["positive"])
    assert (b["items_answered"], b["items_not_applicable"], b["items_missing"]) == (1, 1, 1)


def test_minimum_answered_is_a_setting():
    data = answers({"B": dict(zip(TEAMWORK, (5, "N/A", None), strict=True))})
    loose = culture.CultureSettings(minimum_answered=0.3)
    scored = culture.score_respondents(data, by=["ward_id"], settings=loose)
    assert score_of(scored, "B", "Teamwork")["score"] == pytest.approx(100.0)


def test_answers_given_in_words():
    data = answers(
        {"A": dict(zip(TEAMWORK, ("Agree strongly", "agree slightly", "Neutral"), strict=True))}
    )
    # 5, 4 and reversed 3 (= 3): mean 4 -> 75
    scored = culture.score_respondents(data, by=["ward_id"])
    assert score_of(scored, "A", "Teamwork")["score"] == pytest.approx(75.0)


def test_burnout_is_percent_concerning_with_the_cutoff_as_a_setting():
    # A: 3, 3, 3, 2 -> mean 2.75 -> 43.75 (not concerning); C: all 3 -> 50 (concerning at >= 50)
    data = answers(
        {
            "A": dict(zip(BURNOUT, (3, 3, 3, 2), strict=True)),
            "C": dict(zip(BURNOUT, (3, 3, 3, 3), strict=True)),
        }
    )
    scored = culture.score_respondents(data, by=["ward_id"])
    a, c = score_of(scored, "A", "Personal Burnout"), score_of(scored, "C", "Personal Burnout")
    assert a["score"] == pytest.approx(43.75) and bool(a["concerning"]) is False
    assert c["score"] == pytest.approx(50.0) and bool(c["concerning"]) is True
    assert pd.isna(c["positive"])
    stricter = culture.CultureSettings(burnout_cutoff=60)
    scored = culture.score_respondents(data, by=["ward_id"], settings=stricter)
    assert bool(score_of(scored, "C", "Personal Burnout")["concerning"]) is False


def test_reverse_items_can_be_named_instead_of_a_column():
    data = answers({"A": dict(zip(TEAMWORK, (5, 4, 2), strict=True))}).drop(
        columns="reverse_scored"
    )
    scored = culture.score_respondents(data, by=["ward_id"], reverse_items=["TW3"])
    assert score_of(scored, "A", "Teamwork")["score"] == pytest.approx(250 / 3)


@pytest.mark.parametrize("bad", [7, 0, "sometimes", 3.5])
def test_unreadable_answers_name_the_column(bad):
    data = answers({"A": dict(zip(TEAMWORK, (5, 4, bad), strict=True))})
    with pytest.raises(DataError, match="Column 'response'"):
        culture.score_respondents(data, by=["ward_id"])


def test_missing_column_is_named():
    data = answers({"A": dict(zip(TEAMWORK, (5, 4, 2), strict=True))}).drop(columns="item")
    with pytest.raises(DataError, match="no column 'item'"):
        culture.score_respondents(data)


@pytest.mark.parametrize(
    "change, words",
    [
        ({"minimum_group": 1}, "never anonymous"),
        ({"positive_cutoff": 120}, "positive_cutoff"),
        ({"minimum_answered": 0}, "minimum_answered"),
        ({"minimum_group": 4.5}, "whole number"),
    ],
)
def test_settings_are_checked(change, words):
    with pytest.raises(DataError, match=words):
        culture.CultureSettings(**change)


def test_wave_comparison_by_hand():
    # Before 10 of 20 positive, after 18 of 20. Pooled 0.7, se sqrt(0.7 x 0.3 x 0.1) = 0.1449,
    # z = 0.4 / 0.1449 = 2.76, two-sided p = 0.0058: a clear change.
    rows = []
    for wave, positives in (("before", 10), ("after", 18)):
        for i in range(20):
            for domain in ("Teamwork", "Personal Burnout"):
                rows.append(
                    {
                        "respondent_id": f"{wave}{i}",
                        "ward_id": "W1",
                        "wave": wave,
                        "domain": domain,
                        "score": 100.0 if i < positives else 0.0,
                        "positive": (i < positives) if domain == "Teamwork" else pd.NA,
                        "concerning": (i < positives) if domain != "Teamwork" else pd.NA,
                    }
                )
    compared = culture.compare_waves(pd.DataFrame(rows)).set_index("domain")
    assert compared.loc["Teamwork", "change"] == pytest.approx(40.0)
    assert compared.loc["Teamwork", "verdict"] == "better"
    assert compared.loc["Personal Burnout", "verdict"] == "worse"
    assert culture._two_proportion_p(0.5, 20, 0.9, 20) == pytest.approx(
        math.erfc(0.4 / math.sqrt(0.021) / math.sqrt(2))
    )
    assert 0.005 < culture._two_proportion_p(0.5, 20, 0.9, 20) < 0.0065


def test_debrief_prompts_for_every_domain_of_the_survey():
    from qikit.data.score import DOMAINS

    for domain in DOMAINS:
        assert len(culture.debrief_prompts(domain)) >= 2
    with pytest.raises(DataError, match="domain"):
        culture.debrief_prompts("Morale")
