"""The generated collaborative: realistic rates, consistent tables and honest ground truth.

Ranges come from QI_REFERENCE.md: section 9 (rates per 1,000 occupied bed days, occupancy,
length of stay), 6 (SCORE domains, burnout), 7 (all-or-none reliability), 2 (PDSA fields).
"""

import numpy as np
import pandas as pd
import pytest

from qikit.data import generate_collaborative
from qikit.errors import DataError

# QI_REFERENCE 9.2 "synthetic-data guidance" and anchors, per 1,000 occupied bed days.
REFERENCE_RATES = {
    "violence_incidents": (7, 12),  # guidance 7-12; 12.1 -> 7.2 [S88]
    "restraint_episodes": (10, 25),  # guidance 10-25; 9.5 [S86], 11.7 [S85], 23 [S87]
    "sexual_safety_incidents": (0, 1),  # "<1 per 1,000 OBDs", derived 0.6-0.7 [S94]
}
OLDER_ADULT_FALLS = (1, 3)  # QI_REFERENCE 9.2: 1-3 on older-adult wards; 1.25 [S95]
SCORE_CULTURE_DOMAINS = {  # QI_REFERENCE 6.1 [S48]
    "Learning Environment",
    "Local Leadership",
    "Burnout Climate",
    "Personal Burnout",
    "Teamwork",
    "Safety",
    "Work-Life Balance",
}


def _rate(weekly, column):
    return 1000 * weekly[column].sum() / weekly["occupied_bed_days"].sum()


@pytest.mark.parametrize("column", sorted(REFERENCE_RATES))
def test_rates_over_the_whole_collaborative_are_in_the_published_range(collaborative, column):
    low, high = REFERENCE_RATES[column]
    assert low <= _rate(collaborative.weekly, column) <= high


def test_falls_on_older_adult_wards_are_in_the_published_range(collaborative):
    older = collaborative.wards.loc[collaborative.wards["ward_type"] == "older adult", "ward_id"]
    weekly = collaborative.weekly
    on_older = weekly[weekly["ward_id"].isin(older)]
    assert OLDER_ADULT_FALLS[0] <= _rate(on_older, "falls") <= OLDER_ADULT_FALLS[1]
    assert weekly.loc[~weekly["ward_id"].isin(older), "falls"].isna().all()
    assert on_older["falls"].notna().all()


def test_assumed_rates_fall_inside_their_documented_ranges(collaborative):
    from qikit.data.parameters import RATES

    for column in ("seclusion_episodes", "rapid_tranquillisation", "self_harm_incidents"):
        assert RATES[column].low <= _rate(collaborative.weekly, column) <= RATES[column].high


def test_shares_over_the_whole_collaborative_fall_inside_their_documented_ranges(collaborative):
    from qikit.data.parameters import PROPORTIONS

    weekly = collaborative.weekly
    denominators = {
        "huddles_held": "shifts",
        "observations_on_time": "observations_due",
        "news2_complete": "news2_due",
        "patients_feeling_safe": "patients_surveyed",
    }
    for column, denominator in denominators.items():
        share = weekly[column].sum() / weekly[denominator].sum()
        assert PROPORTIONS[column].low <= share <= PROPORTIONS[column].high, column


def test_occupancy_and_length_of_stay_look_like_english_adult_acute_wards(collaborative):
    weekly = collaborative.weekly.merge(collaborative.wards, on="ward_id")
    occupancy = weekly["occupied_bed_days"].sum() / (7 * weekly["beds"]).sum()
    assert 0.85 <= occupancy <= 1.0  # 94-95% (QI_REFERENCE 9.1 [S77][S78]), never over 100%
    assert (weekly["occupied_bed_days"] <= 7 * weekly["beds"]).all()
    acute = weekly[weekly["ward_type"] == "adult acute"]
    length_of_stay = acute["occupied_bed_days"].sum() / acute["admissions"].sum()
    assert 28 <= length_of_stay <= 38  # mean 33 days (QI_REFERENCE 9.1 [S77])


def test_counts_are_over_dispersed(collaborative):
    weekly = collaborative.weekly
    for column in ("violence_incidents", "restraint_episodes"):
        per_ward = weekly.groupby("ward_id")[column]
        # Negative binomial: variance above the mean (a Poisson count has them equal).
        assert (per_ward.var() / per_ward.mean()).mean() > 1.15


def test_denominators_vary_and_numerators_never_exceed_them(collaborative):
    weekly = collaborative.weekly
    assert weekly.groupby("ward_id")["occupied_bed_days"].nunique().min() > 5
    pairs = [
        ("prone_restraints", "restraint_episodes"),
        ("huddles_held", "shifts"),
        ("observations_on_time", "observations_due"),
        ("news2_complete", "news2_due"),
        ("patients_feeling_safe", "patients_surveyed"),
    ]
    for numerator, denominator in pairs:
        assert (weekly[numerator] <= weekly[denominator]).all(), numerator


def test_events_add_up_to_the_weekly_counts(collaborative):
    columns = {
        "violence": "violence_incidents",
        "restraint": "restraint_episodes",
        "seclusion": "seclusion_episodes",
        "rapid tranquillisation": "rapid_tranquillisation",
        "self-harm": "self_harm_incidents",
        "sexual safety": "sexual_safety_incidents",
        "fall": "falls",
    }
    events = collaborative.events
    counted = events.groupby(["ward_id", "week", "event_type"]).size().unstack(fill_value=0)
    weekly = collaborative.weekly.set_index(["ward_id", "week"])
    for event_type, column in columns.items():
        expected = weekly[column].fillna(0).astype(int)
        found = counted.get(event_type, pd.Series(dtype=int)).reindex(expected.index, fill_value=0)
        assert (found == expected).all(), event_type
    week_start = events["date"] - pd.to_timedelta(7 * (events["week"] - 1), unit="D")
    assert (week_start - pd.Timestamp("2024-04-01")).dt.days.between(0, 6).all()


def test_days_and_admissions_between_events(collaborative):
    events = collaborative.events
    group = events.groupby(["ward_id", "event_type"])
    gap = group["date"].diff().dt.days
    assert (events["days_since_previous"].isna() == gap.isna()).all()
    assert (events["days_since_previous"].dropna() == gap.dropna()).all()
    assert (group.cumcount() == 0).sum() == events["admissions_since_previous"].isna().sum()
    # Admissions between events add up, per ward and type, to at most that ward's admissions.
    total = events.groupby(["ward_id", "event_type"])["admissions_since_previous"].sum()
    admitted = collaborative.weekly.groupby("ward_id")["admissions"].sum()
    assert (total <= admitted.reindex(total.index.get_level_values(0)).to_numpy()).all()


def test_changes_include_working_no_effect_and_a_worsening_balancing_measure(collaborative):
    changes = collaborative.changes
    assert changes["has_effect"].any() and (~changes["has_effect"]).any()
    worse = changes[(changes["measure_role"] == "balancing") & changes["has_effect"]]
    assert len(worse) == 1
    assert worse["effect_size"].iloc[0] > 1 and worse["expected_signal"].iloc[0] == "concern"
    no_effect = changes[~changes["has_effect"]]
    assert ((no_effect["effect_size"] == 1) | (no_effect["effect_size"] == 0)).all()
    assert (no_effect["expected_signal"] == "none").all()
    assert set(collaborative.wards["work_stream"]) == {
        "reducing restrictive practice",
        "violence and aggression",
        "sexual safety",
        "self-harm",
        "falls",
        "physical health",
    }


def test_recorded_effects_are_really_in_the_data(collaborative):
    weekly = collaborative.weekly
    for change in collaborative.changes.itertuples():
        ward = weekly[weekly["ward_id"] == change.ward_id]
        before = ward[ward["week"] < change.start_week]
        after = ward[ward["week"] >= change.start_week + change.ramp_weeks]
        share_before = before[change.measure].sum() / before[change.denominator].sum()
        share_after = after[change.measure].sum() / after[change.denominator].sum()
        if change.effect_type == "percentage points":
            moved = 100 * (share_after - share_before)
            assert abs(moved - change.effect_size) < 8, change
        elif change.expected_signal != "none" or not change.has_effect:
            ratio = share_after / share_before
            assert abs(np.log(ratio) - np.log(change.effect_size)) < np.log(1.45), change


def test_pdsa_ramps_match_the_changes(collaborative):
    pdsa, changes = collaborative.pdsa, collaborative.changes
    worked = changes.groupby("change_id")["has_effect"].any()
    for change_id, cycles in pdsa.groupby("change_id"):
        change = changes[changes["change_id"] == change_id].iloc[0]
        assert list(cycles["cycle"]) == list(range(1, len(cycles) + 1))
        assert cycles["start_week"].iloc[0] == change["start_week"]
        assert (cycles["ward_id"] == change["ward_id"]).all()
        assert (cycles["start_week"].diff().dropna() > 0).all()
        assert set(cycles["act"].iloc[:-1]) == {"adapt"}
        assert cycles["act"].iloc[-1] == ("adopt" if worked[change_id] else "abandon")
        if worked[change_id]:
            assert cycles["start_week"].iloc[-1] == change["start_week"] + change["ramp_weeks"]
    worksheet = {
        "cycle",
        "change_idea",
        "objective",
        "prediction",
        "plan_who",
        "plan_what",
        "plan_when",
        "plan_where",
        "do",
        "study",
        "act",
        "scale",
    }  # QI_REFERENCE 2.1
    assert worksheet <= set(pdsa.columns)
    assert set(pdsa["change_id"]) == set(changes["change_id"])


def test_score_survey_uses_the_score_domains_and_scale(collaborative):
    survey = collaborative.score_survey
    assert set(survey["domain"]) == SCORE_CULTURE_DOMAINS
    answered = survey["response"].dropna()
    assert set(answered) <= {1, 2, 3, 4, 5} and set(answered) == {1, 2, 3, 4, 5}
    assert 0 < survey["response"].isna().mean() < 0.05  # "not applicable" is left empty
    assert set(survey["wave"]) == {"before", "after"}
    per_ward = survey.groupby("ward_id")["wave"].nunique()
    assert (per_ward == 2).all() and len(per_ward) == len(collaborative.wards)
    # Each item is either always reverse-scored or never.
    assert (survey.groupby("item")["reverse_scored"].nunique() == 1).all()
    assert 0 < survey.drop_duplicates("item")["reverse_scored"].sum() < survey["item"].nunique()


def test_reverse_scored_items_really_run_the_other_way(collaborative):
    survey = collaborative.score_survey.dropna(subset=["response"])
    by_item = survey.groupby(["domain", "item", "reverse_scored"])["response"].mean().reset_index()
    for domain, items in by_item.groupby("domain"):
        if items["reverse_scored"].nunique() == 2:
            plain = items.loc[~items["reverse_scored"], "response"].mean()
            reverse = items.loc[items["reverse_scored"], "response"].mean()
            assert abs((6 - reverse) - plain) < 0.6, domain
            assert (plain - 3) * (reverse - 3) <= 0.05, domain


def test_burnout_share_is_in_the_published_range(collaborative):
    survey = collaborative.score_survey
    burnout = survey[survey["domain"] == "Personal Burnout"]
    score = (burnout.groupby("respondent_id")["response"].mean() - 1) * 25
    share = (score >= 50).mean()
    assert 0.075 <= share <= 0.544  # 7.5%-54.4% of staff by unit (QI_REFERENCE 6.2 [S56])


def test_all_or_none_is_below_every_element(collaborative):
    audit = collaborative.bundle_audit
    elements = audit.columns[4:]
    assert len(elements) == 5
    component = audit[elements].mean()
    all_or_none = audit[elements].all(axis=1).mean()
    assert (all_or_none < component).all()
    assert component.nunique() == 5 and component.max() - component.min() > 0.15
    assert component.min() > 0.5 and component.max() < 1


def test_names_are_invented(collaborative):
    wards = collaborative.wards
    assert not wards["trust"].str.contains("NHS|Foundation|Hospital", regex=True).any()
    assert wards["trust"].str.endswith("Trust").all()
    assert wards["ward"].str.endswith("Ward").all()
    assert wards["ward"].is_unique and wards["ward_id"].is_unique
    assert set(wards["ward_type"]) == {"adult acute", "PICU", "older adult", "forensic/rehab"}


def test_bigger_collaboratives_keep_names_unique_within_a_trust():
    big = generate_collaborative(seed=3, trusts=15, wards_per_trust=12, weeks=30)
    assert len(big.wards) == 180
    assert not big.wards.duplicated(["trust", "ward"]).any()
    assert big.weekly["week"].max() == 30


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"weeks": 10}, "'weeks' must be from 30 to 1040; found 10"),
        ({"trusts": 0}, "'trusts' must be from 1 to 500; found 0"),
        ({"wards_per_trust": 2.5}, "'wards_per_trust' must be a whole number"),
        ({"seed": "abc"}, "'seed' must be a whole number"),
        ({"start": "next spring"}, "'start' must be a date such as '2024-04-01'"),
    ],
)
def test_bad_settings_give_plain_messages(arguments, words):
    with pytest.raises(DataError, match=words):
        generate_collaborative(**arguments)


def test_every_parameter_has_a_source_or_says_it_is_assumed():
    from qikit.data import parameter_table

    table = parameter_table()
    cited = table["source"].str.contains(r"QI_REFERENCE \d", regex=True)
    assumed = table["source"].str.startswith("assumed")
    assert (cited | assumed).all(), table.loc[~(cited | assumed), "parameter"].tolist()
    # Where the reference has no figure (QI_REFERENCE 11.5), the value must be marked assumed.
    for name in ("seclusion", "rapid tranquillisation", "self-harm"):
        assert table.loc[table["parameter"] == name, "source"].iloc[0] == "assumed"
    ranged = table.dropna(subset=["low", "high"])
    assert ranged["value"].between(ranged["low"], ranged["high"]).all()
