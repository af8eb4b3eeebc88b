"""Reading a free-text aim statement for the parts a coach looks for.

IHI's elements of an aim: what, how much, by when, for whom, where (QI_REFERENCE 1.2, [S1]).
Berwick's maxim "some is not a number; soon is not a time" is the usual teaching point [S3].
This reader is deliberately simple: it finds numbers, dates, people and places so that a team that
types a sentence still gets useful feedback. It cannot judge meaning, only presence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_PATTERNS = [
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\b(?:\s+20\d\d)?",  # 31 March (2027)
    rf"\b(?:{_MONTH})\s*,?\s*(?:20\d\d)\b",  # March 2027
    rf"\b(?:by|before|until|in|end of)\s+(?:{_MONTH})\b",  # by March
    r"\b20\d\d-\d{2}-\d{2}\b",  # 2027-03-31
    r"\b\d{1,2}[/.]\d{1,2}[/.](?:20)?\d\d\b",  # 31/03/2027
    r"\bwithin\s+(?:\d+|one|two|three|four|five|six|nine|twelve|eighteen)\s+"
    r"(?:days?|weeks?|months?|years?)\b",
    r"\b(?:in|over)\s+the\s+next\s+(?:\d+|one|two|three|six|twelve)\s+"
    r"(?:days?|weeks?|months?|years?)\b",
    r"\b(?:by|before)\s+(?:the\s+end\s+of\s+)?(?:20\d\d|q[1-4]|quarter\s+[1-4])\b",
    r"\b(?:q[1-4])\s+20\d\d\b",
]
_PERCENT = r"(\d+(?:\.\d+)?)\s*(?:%|per\s?cent\b)"
_FRACTIONS = {
    "half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "two thirds": 200 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "three quarters": 75.0,
}
_POPULATION = (
    r"patients?|service users?|people|persons?|adults?|older adults?|young people|children|"
    r"adolescents?|women|men|inpatients?|residents?|staff|nurses?|carers?|families|"
    r"admissions?|everyone|clients?"
)
_PLACES = (
    r"wards?|units?|picu|hospitals?|trusts?|services?|teams?|sites?|bays?|"
    r"directorates?|community|clinics?"
)
REDUCING_VERBS = (
    "reduce",
    "decrease",
    "lower",
    "cut",
    "halve",
    "minimise",
    "minimize",
    "eliminate",
    "prevent",
)
INCREASING_VERBS = ("increase", "raise", "double", "grow", "achieve", "reach", "maximise")
#: Verbs that say a direction but nothing measurable when they stand alone [S1][S3].
VAGUE_VERBS = (
    "improve",
    "reduce",
    "increase",
    "decrease",
    "enhance",
    "better",
    "optimise",
    "optimize",
    "minimise",
    "minimize",
    "maximise",
    "strengthen",
    "support",
    "promote",
    "ensure",
    "address",
    "tackle",
)
#: Words that sound like a target or a time but are neither ("some is not a number") [S3].
VAGUE_AMOUNTS = (
    "some",
    "significantly",
    "substantially",
    "considerably",
    "a lot",
    "as much as possible",
    "where possible",
    "soon",
    "as soon as possible",
    "asap",
    "in due course",
    "over time",
    "eventually",
)


@dataclass
class AimTextFacts:
    """What the reader found in an aim statement."""

    numbers: list[float] = field(default_factory=list)
    percentages: list[float] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    population: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    direction: str = ""
    vague_verbs: list[str] = field(default_factory=list)
    vague_amounts: list[str] = field(default_factory=list)

    @property
    def has_number(self) -> bool:
        return bool(self.numbers or self.percentages)


def _words(pattern: str, text: str) -> list[str]:
    return [m.group(0) for m in re.finditer(rf"\b(?:{pattern})\b", text)]


def read_aim_text(statement: str) -> AimTextFacts:
    """Find the numbers, dates, population and place words in a free-text aim.

    >>> facts = read_aim_text("Reduce restraint on Ward 3 by 25% by March 2027")
    >>> facts.percentages, facts.dates, facts.places
    ([25.0], ['March 2027'], ['Ward'])
    """
    facts = AimTextFacts()
    text = statement or ""
    lower = text.lower()
    blanked = text
    for pattern in _DATE_PATTERNS:
        for m in re.finditer(pattern, blanked, flags=re.IGNORECASE):
            facts.dates.append(m.group(0).strip())
            blanked = blanked[: m.start()] + " " * (m.end() - m.start()) + blanked[m.end() :]
    for m in re.finditer(_PERCENT, blanked, flags=re.IGNORECASE):
        facts.percentages.append(float(m.group(1)))
        blanked = blanked[: m.start()] + " " * (m.end() - m.start()) + blanked[m.end() :]
    for words, value in _FRACTIONS.items():
        if re.search(rf"\b(?:by|of)\s+{words}\b|\b{words}\b", lower) and words != "half":
            facts.percentages.append(value)
        elif words == "half" and re.search(r"\bhalve\b|\bby half\b|\bin half\b", lower):
            facts.percentages.append(value)
    # Numbers that are not part of a date, a ward name ("Ward 3") or a multiplier ("per 1,000").
    number_pattern = r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])"
    for m in re.finditer(number_pattern, blanked):
        before = blanked[: m.start()].lower().rstrip()
        if re.search(rf"(?:\bper|\b(?:{_PLACES}))$", before):
            continue
        value = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
        facts.numbers.append(value)
    facts.population = _words(_POPULATION, lower)
    facts.places = [text[m.start() : m.end()] for m in re.finditer(rf"\b(?:{_PLACES})\b", lower)]
    for verb in REDUCING_VERBS:
        if re.search(rf"\b{verb}\w*", lower):
            facts.direction = "reduce"
            break
    else:
        for verb in INCREASING_VERBS:
            if re.search(rf"\b{verb}\w*", lower):
                facts.direction = "increase"
                break
    facts.vague_verbs = [v for v in VAGUE_VERBS if re.search(rf"\b{v}\w*", lower)]
    facts.vague_amounts = [w for w in VAGUE_AMOUNTS if re.search(rf"\b{re.escape(w)}\b", lower)]
    return facts
