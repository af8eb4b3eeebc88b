"""Exercises: SCORE culture survey results and debriefs.

Scoring: a respondent's domain score is (mean answer - 1) x 25 on 0-100 after reversing negatively
worded items; percent positive = share scoring 75 or more (confirmed for the SAQ [S51], assumed
for SCORE); burnout domains are read as percent concerning, higher is worse; results go to staff
first in a facilitated debrief [S54][S55b] (QI_REFERENCE 6.2-6.3). Groups under 5 respondents
are not shown. Data: Laurel Ward (W08, synthetic), ``score_survey.csv``; scoring and suppression
use ``qikit.culture``.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from qikit.exercises.kinds import Computed, MultipleChoice, Numeric, letters
from qikit.exercises.shown import Table
from qikit.exercises.shown import table as readable_table
from qikit.exercises.topics import Code, Text, Topic

WARD = "W08"
WARD_NAME = "Laurel Ward"


@cache
def _scores() -> pd.DataFrame:
    from qikit.culture import score_respondents
    from qikit.datasets import load

    answers = load("score_survey")
    mine = answers[answers["ward_id"] == WARD]
    scored = score_respondents(mine, by=("wave", "role"))
    return scored[["respondent_id", "wave", "role", "domain", "score"]].reset_index(drop=True)


def scores() -> pd.DataFrame:
    """Laurel Ward's SCORE results: one row per respondent, wave and domain (0-100)."""
    return _scores().copy()


def results(domain: str = "Burnout Climate") -> pd.DataFrame:
    """The ward's results for one domain by wave and staff group, small groups hidden."""
    from qikit.culture import published_results, score_respondents
    from qikit.datasets import load

    wards = load("wards")
    trusts = dict(zip(wards["ward_id"], wards["trust"], strict=True))
    published = published_results(score_respondents(load("score_survey")), trusts=trusts)
    table = published.unit_table(WARD)
    shown = table[table["domain"] == domain]
    columns = ["wave", "role", "respondents", "percent", "measure", "suppressed"]
    return shown[columns].fillna({"role": "all staff"}).reset_index(drop=True)


def table(frame: pd.DataFrame | None = None) -> Table:
    """Respondents' domain scores as a learner reads them (0 to 100)."""
    shown = _scores() if frame is None else frame
    headings = {
        "respondent_id": "Respondent",
        "wave": "Wave",
        "role": "Staff group",
        "domain": "Domain",
        "score": "Score (0 to 100)",
    }
    return readable_table(shown, headings, f"{WARD_NAME}: each respondent's domain scores")


def results_table(domain: str = "Burnout Climate") -> Table:
    """:func:`results` as a learner reads it: a hidden group's result says so."""
    headings = {
        "wave": "Wave",
        "role": "Staff group",
        "respondents": "Respondents",
        "percent": "Result (%)",
        "measure": "Measure",
        "suppressed": "Hidden",
    }
    return readable_table(results(domain), headings, f"{WARD_NAME}: {domain} by staff group")


def _before_teamwork() -> pd.Series:
    table = _scores()
    return table.loc[(table["wave"] == "before") & (table["domain"] == "Teamwork"), "score"]


q1 = Numeric(
    title="Score one respondent",
    prompt=(
        "One nurse answered the three Teamwork items: **TW1: agree slightly (4)**, **TW2: agree "
        "strongly (5)** and **TW3: disagree slightly (2)**. TW3 is negatively worded, so it is "
        "**reverse-scored** (1 becomes 5, 2 becomes 4, and so on). The domain score is (mean "
        "answer − 1) × 25, from 0 to 100. What is this nurse's Teamwork score? One decimal place."
    ),
    hints=[
        "Reverse TW3 first: a reversed answer is 6 minus the answer.",
        "Then take the mean of the three answers, subtract 1, and multiply by 25.",
    ],
    reasoning=(
        "TW3 reversed is 6 − 2 = 4; the mean of 4, 5 and 4 is 4.33; (4.33 − 1) × 25 = 83.3.\n\n"
        "Reversing makes every item point the same way (higher is better) before the mean is "
        "taken. The 0-100 scale puts 'agree slightly' at 75."
    ),
    solution_code="answer = (((4 + 5 + (6 - 2)) / 3) - 1) * 25\n{q}.check(answer)",
    answer=(((4 + 5 + (6 - 2)) / 3) - 1) * 25,
    tolerance=0.05,
    units="",
    mistakes=[
        (66.7, "Did you reverse TW3? A reversed answer is 6 minus the answer."),
        (4.3, "That is the mean answer (1 to 5). Subtract 1 and multiply by 25 for 0-100."),
        (108.3, "Subtract 1 from the mean before multiplying by 25."),
    ],
)

q2 = Computed(
    title="Percent positive",
    prompt=(
        f"The table holds {WARD_NAME}'s Teamwork scores in the before wave, one row per "
        "respondent. A respondent is "
        "**positive** on a domain if they score **75 or more** (agree slightly or better, on "
        "average). What percentage of respondents were positive on **Teamwork** in the "
        "**before** wave? One decimal place."
    ),
    jupyter=(
        "`scores` holds every respondent's scores on every domain in both waves: columns "
        "`respondent_id`, `wave`, `role`, `domain` and `score`."
    ),
    hints=[
        "Count the respondents with a score of 75 or more, and divide by all the respondents "
        "in the table.\n\n"
        'In Jupyter: keep the rows where `scores["wave"] == "before"` and '
        '`scores["domain"] == "Teamwork"`.',
        "Then 100 × the share of those scores that are 75 or more.\n\n"
        'In Jupyter: `100 * (teamwork["score"] >= 75).mean()`.',
    ],
    reasoning=(
        "11 of the 19 respondents scored 75 or more on Teamwork: 57.9% positive.\n\n"
        "Percent positive (not the mean score) is how SAQ and SCORE results are usually "
        "reported: it says how many people see teamwork as good."
    ),
    solution_code=(
        'teamwork = scores[(scores["wave"] == "before") & (scores["domain"] == "Teamwork")]\n'
        'answer = 100 * (teamwork["score"] >= 75).mean()\n'
        "{q}.check(answer)"
    ),
    compute=lambda: 100 * float((_before_teamwork() >= 75).mean()),
    tolerance=0.05,
    units="%",
    mistakes=[
        (70.6, "That is the mean score. Count the share of people scoring 75 or more."),
        (11, "That is the number of people. Divide by everyone who answered, times 100."),
    ],
)

q3 = MultipleChoice(
    title="Reading burnout",
    prompt=(
        f"The table above shows {WARD_NAME}'s **Burnout Climate** results, reported as "
        "**percent concerning**. From the before wave to the after wave, the percentage went up. "
        "What does that mean?"
    ),
    options=letters(
        [
            "Things got better: a higher percentage is always good.",
            "More staff describe a concerning burnout climate: things got worse.",
            "Nothing: burnout is not part of SCORE.",
            "The survey was filled in wrongly.",
        ]
    ),
    answer="b",
    why_not={
        "a": "Burnout domains are read the other way round. What is being counted?",
        "c": "Burnout Climate and Personal Burnout are SCORE culture domains.",
        "d": "There is no sign of that; read what the percentage counts.",
    },
    hints=["For burnout domains, the percentage counts people with a concerning score."],
    reasoning=(
        "More staff scored a concerning burnout climate: for burnout domains a higher percentage "
        "is worse.\n\n"
        "This is worth raising gently in the debrief: what drains the team, and what restores "
        "it? With about 19 respondents a change of a few people moves the percentage a lot."
    ),
    solution_code='answer = "b"\n{q}.check(answer)',
)

q4 = MultipleChoice(
    title="Hidden groups",
    prompt=(
        "In the table, the doctors' results are hidden (Hidden says Yes). Two doctors "
        "answered. Why are their results hidden?"
    ),
    options=letters(
        [
            "Doctors are not part of the ward team.",
            "Their answers were incomplete.",
            "Fewer than 5 people answered, so individuals could be identified.",
            "Their results were too negative to publish.",
        ]
    ),
    answer="c",
    why_not={
        "a": "SCORE asks every staff group on the ward, doctors included.",
        "b": "Incomplete answers are scored when at least half the items are answered.",
        "d": "Results are never hidden for being negative: that would defeat the survey.",
    },
    hints=["Think about what a manager could work out from a group of two people."],
    reasoning=(
        "Groups of fewer than 5 respondents are not shown, so no one's answers can be worked out "
        "(and other small groups are hidden too, so they cannot be found by subtraction).\n\n"
        "Anonymity is what makes staff answer honestly; a debrief must protect it too."
    ),
    solution_code='answer = "c"\n{q}.check(answer)',
)

q5 = MultipleChoice(
    title="The debrief",
    prompt="How should the ward's SCORE results be shared, according to UK SCORE practice?",
    options=letters(
        [
            "Emailed to the board first, then to staff if there is time.",
            "Fed back to the ward staff first in a facilitated debrief, where they agree the "
            "actions and take them to managers.",
            "Kept by the ward manager, who decides the actions.",
            "Published on the intranet ranked against other wards.",
        ]
    ),
    answer="b",
    why_not={
        "a": "Who answered the survey? They hear the results first.",
        "c": "The staff who answered own the results and help choose the actions.",
        "d": "League tables invite blame; SCORE results are for the team's own learning.",
    },
    hints=["The people who answered the survey are the first to hear the results."],
    reasoning=(
        "Staff hear the results first in a facilitated debrief, agree actions together and take "
        "them to managers.\n\n"
        "Typical actions include morning briefings, protected breaks, teamwork tools and "
        "resilience activities such as 'three good things'.\n\n"
        "In Jupyter: the debrief questions for each domain are in "
        "`qikit.culture.debrief_prompts`."
    ),
    solution_code='answer = "b"\n{q}.check(answer)',
)

TOPIC = Topic(
    slug="score",
    number=9,
    title="SCORE culture survey: results and debriefs",
    minutes=20,
    objectives=[
        "Score a respondent on a SCORE domain, reversing negatively worded items",
        "Calculate and read percent positive and percent concerning",
        "Explain why small groups are hidden and how results are debriefed",
    ],
    key_points=[
        "Percent positive = share of respondents scoring 75 or more; for burnout, higher is worse.",
        "Results go to staff first, in a facilitated debrief; small groups are never shown.",
    ],
    setup="scores = ex.scores()",
    cells=[
        Text(
            "## Scoring a domain\n\nSCORE asks staff how much they agree with statements about "
            "their ward, from 1 (disagree strongly) to 5 (agree strongly)."
        ),
        "q1",
        Text(f"## {WARD_NAME}'s results"),
        Code('ex.table(scores[(scores["wave"] == "before") & (scores["domain"] == "Teamwork")])'),
        "q2",
        Text(
            "## Burnout Climate by staff group\n\nThe ward's Burnout Climate results, as a "
            "facilitator would see them: groups with fewer than 5 respondents are hidden."
        ),
        Code('ex.results_table("Burnout Climate")'),
        "q3",
        "q4",
        Text("## Sharing the results"),
        "q5",
    ],
    exercises={"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5},
)
