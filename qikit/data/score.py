"""Respondent-level SCORE culture survey answers, before and after the collaborative.

Domains are the SCORE culture domains (QI_REFERENCE 6.1 [S48]); answers use the 5-point agreement
scale, 1 = disagree strongly ... 5 = agree strongly, with "not applicable" left empty [S50].
The item wording below is illustrative, written for this kit: it is not the licensed SCORE
instrument text. Negatively worded items are marked ``reverse_scored`` and must be reversed
(6 - answer) before scoring (QI_REFERENCE 6.2).

Burnout domains are scored so that higher means more burnout. Wards whose change worked improve
a little between waves (culture +0.25 on the 1-5 scale, burnout -0.2; assumed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qikit.data import parameters as p
from qikit.data.names import identifiers


@dataclass(frozen=True)
class Item:
    """One illustrative survey item."""

    item: str
    domain: str
    wording: str
    reverse_scored: bool = False


SCORE_ITEMS = (
    Item("LE1", "Learning Environment", "After something goes wrong here, we change how we work."),
    Item("LE2", "Learning Environment", "Staff ideas for doing things better get tried out here."),
    Item("LE3", "Learning Environment", "The same problems come back and nothing is done.", True),
    Item("LL1", "Local Leadership", "My ward manager acts on the worries staff raise."),
    Item("LL2", "Local Leadership", "My ward manager tells me how I am getting on."),
    Item("LL3", "Local Leadership", "My ward manager puts patient safety first."),
    Item("TW1", "Teamwork", "Nurses, doctors and therapists pull together here."),
    Item("TW2", "Teamwork", "It is easy to ask a colleague for help on this ward."),
    Item("TW3", "Teamwork", "Falling-outs between colleagues here tend to linger.", True),
    Item("SA1", "Safety", "I would be happy for someone I love to be cared for here."),
    Item("SA2", "Safety", "I know how to raise a safety concern on this ward."),
    Item("SA3", "Safety", "Raising a worry about safety here feels risky.", True),
    Item("WB1", "Work-Life Balance", "In the past week my breaks were cut short by work.", True),
    Item("WB2", "Work-Life Balance", "In the past week I left work later than planned.", True),
    Item("WB3", "Work-Life Balance", "In the past week I ate proper meals at sensible times."),
    Item("BC1", "Burnout Climate", "Colleagues on this ward seem exhausted by the end of a shift."),
    Item("BC2", "Burnout Climate", "People here seem emotionally spent by their work."),
    Item("BC3", "Burnout Climate", "Frustration with the job is common among staff here."),
    Item("PB1", "Personal Burnout", "By the end of a shift I have little energy left."),
    Item("PB2", "Personal Burnout", "My work leaves me feeling emptied out."),
    Item("PB3", "Personal Burnout", "Getting through the week at work takes everything I have."),
    Item("PB4", "Personal Burnout", "I feel close to the end of my tether because of work."),
)  # fmt: skip

DOMAINS = (
    "Learning Environment",
    "Local Leadership",
    "Teamwork",
    "Safety",
    "Work-Life Balance",
    "Burnout Climate",
    "Personal Burnout",
)
BURNOUT_DOMAINS = ("Burnout Climate", "Personal Burnout")
# Mean answer per domain, scored direction, 1-5 scale (assumed).
DOMAIN_MEAN = (3.7, 3.8, 3.9, 3.7, 3.0, 3.3, 2.5)
ROLES = ("nurse", "healthcare support worker", "doctor", "allied health professional", "other")
ROLE_SHARE = (0.35, 0.35, 0.1, 0.12, 0.08)  # assumed
WAVES = ("before", "after")


def score_items() -> pd.DataFrame:
    """The illustrative items: code, domain, wording, reverse-scored (not licensed text)."""
    return pd.DataFrame(
        {
            "item": [i.item for i in SCORE_ITEMS],
            "domain": [i.domain for i in SCORE_ITEMS],
            "wording": [i.wording for i in SCORE_ITEMS],
            "reverse_scored": [i.reverse_scored for i in SCORE_ITEMS],
        }
    )


def score_survey_table(
    rng: np.random.Generator, wards: pd.DataFrame, changes: pd.DataFrame, weeks: int
) -> pd.DataFrame:
    """One row per respondent and item, for each ward and wave."""
    n_wards = len(wards)
    n_domains = len(DOMAINS)
    staff = np.rint(wards["beds"].to_numpy() * p.STAFF_PER_BED.value).astype(np.int64)
    responded = rng.binomial(np.repeat(staff[:, None], 2, axis=1), p.SURVEY_RESPONSE_RATE.value)
    ward_offset = rng.normal(0.0, 0.25, (n_wards, n_domains))
    worked = changes.groupby("ward_id", sort=False)["has_effect"].any()
    worked = worked.reindex(wards["ward_id"]).fillna(False).to_numpy(dtype=bool)
    burnout = np.array([d in BURNOUT_DOMAINS for d in DOMAINS])
    gain = np.where(burnout, -0.2, 0.25)

    flat = responded.ravel()  # ward-major, then wave
    n_resp = int(flat.sum())
    ward = np.repeat(np.repeat(np.arange(n_wards), 2), flat)
    wave = np.repeat(np.tile(np.arange(2), n_wards), flat)
    role = rng.choice(len(ROLES), size=n_resp, p=ROLE_SHARE)
    general = rng.normal(0.0, 0.5, n_resp)
    specific = rng.normal(0.0, 0.5, (n_resp, n_domains))
    latent = (
        np.array(DOMAIN_MEAN)
        + ward_offset[ward]
        + np.where(burnout, -1.0, 1.0) * general[:, None]
        + specific
        + (wave == 1)[:, None] * worked[ward][:, None] * gain
    )
    domain_of_item = np.array([DOMAINS.index(i.domain) for i in SCORE_ITEMS])
    reverse = np.array([i.reverse_scored for i in SCORE_ITEMS])
    n_items = len(SCORE_ITEMS)
    scored = latent[:, domain_of_item] + rng.normal(0.0, 0.6, (n_resp, n_items))
    scored = np.clip(np.rint(scored), 1, 5).astype(np.int64)
    answer = np.where(reverse, 6 - scored, scored)
    missing = rng.random((n_resp, n_items)) < p.NOT_APPLICABLE_SHARE.value

    respondent = identifiers("R", n_resp, 4)
    survey_week = np.array([max(1, round(0.1 * weeks)), weeks - 4])
    return pd.DataFrame(
        {
            "respondent_id": np.repeat(respondent, n_items),
            "ward_id": np.repeat(wards["ward_id"].to_numpy()[ward], n_items),
            "wave": np.repeat(np.array(WAVES, dtype=object)[wave], n_items),
            "survey_week": np.repeat(survey_week[wave], n_items),
            "role": np.repeat(np.array(ROLES, dtype=object)[role], n_items),
            "domain": np.tile(np.array([i.domain for i in SCORE_ITEMS], dtype=object), n_resp),
            "item": np.tile(np.array([i.item for i in SCORE_ITEMS], dtype=object), n_resp),
            "reverse_scored": np.tile(reverse, n_resp),
            "response": pd.array(np.where(missing, -1, answer).ravel(), dtype="Int64"),
        }
    ).assign(response=lambda d: d["response"].mask(d["response"] < 0))
