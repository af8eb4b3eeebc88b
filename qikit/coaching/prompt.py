"""A coaching prompt: what a QI coach would say to a ward team, the rule behind it and its source.

Every prompt names the rule that produced it (an id and the rule in words) and where the rule
comes from, as a citation a ward team can look up, so a facilitator can say why the kit raised it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from qikit.errors import DataError

#: What a prompt is about.
KINDS = ("signal", "aim", "measures", "data", "pdsa")
#: How soon a coach would raise it: high first (talk about it at this meeting), then medium (fill
#: the gap before the next cycle), then low (housekeeping).
SEVERITIES = ("high", "medium", "low")

#: Readable citations, one per source the prompts draw on (QI_REFERENCE sections in brackets).
SOURCES = {
    "anhoej": "Anhøj rules (Anhøj and Olesen 2014)",
    "mdc": "Making Data Count rules (NHS England and NHS Improvement 2018)",
    "ihi_run": "IHI run-chart rules (Perla, Provost and Murray 2011)",
    "ihi_shewhart": "Shewhart chart rules (Provost and Murray 2011, The Health Care Data Guide)",
    "aim": (
        "Model for Improvement, setting aims (Langley et al. 2009; IHI): how much, by when, "
        "for whom, where; 'some is not a number, soon is not a time' (Berwick)"
    ),
    "family": "Family of measures: outcome, process and balancing (Langley et al. 2009; IHI)",
    "ramps": (
        "Linking tests of change in PDSA ramps (IHI); small-scale testing first "
        "(Taylor et al. 2014)"
    ),
    "study": (
        "PDSA worksheet: study compares the results with the predictions (IHI); "
        "prediction-based testing (Taylor et al. 2014)"
    ),
    "ten_points": (
        "Run-chart rules need at least 10 points (Perla, Provost and Murray 2011; "
        "Anhøj and Olesen 2014)"
    ),
    "data_over_time": "Data collected often and shown over time (Taylor et al. 2014)",
    "linked": (
        "Model for Improvement: how will we know that a change is an improvement? "
        "(Langley et al. 2009)"
    ),
}


@dataclass(frozen=True)
class Prompt:
    """One coaching prompt for a ward team.

    ``text`` is for the team, in plain English; ``rule`` is the rule's id and ``rule_words`` the
    rule itself; ``source`` says where the rule comes from. ``measure_id`` / ``measure_name`` and
    ``cycle_id`` / ``cycle_number`` / ``change_idea`` say what the prompt is about, where it is
    about one measure or one PDSA cycle; ``date`` is the week it points at (a signal's first
    week, the last week entered), if any.
    """

    text: str
    rule: str
    rule_words: str
    source: str
    kind: str
    severity: str
    measure_id: str = ""
    measure_name: str = ""
    cycle_id: str = ""
    cycle_number: int | None = None
    change_idea: str = ""
    date: dt.date | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise DataError(f"A prompt's kind is one of {', '.join(KINDS)}; found {self.kind!r}.")
        if self.severity not in SEVERITIES:
            raise DataError(
                f"A prompt's severity is one of {', '.join(SEVERITIES)}; found {self.severity!r}."
            )

    def to_dict(self) -> dict[str, Any]:
        """The prompt as JSON-safe values (for a team's card or a file)."""
        data = dict(self.__dict__)
        data["date"] = self.date.isoformat() if self.date else None
        return data

    def markdown(self) -> str:
        """One bullet: the prompt, then the rule and its source in brackets."""
        return f"- {self.text} (Rule: {self.rule_words} Source: {self.source}.)"


def day(value: Any) -> str:
    """A date as a UK reader writes it: 05/10/2026."""
    return value.strftime("%d/%m/%Y")


def count_words(n: int) -> str:
    """Small counts as words at the start of a sentence ("Three cycles"), larger as digits."""
    words = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]
    return words[n] if 0 <= n < len(words) else str(n)


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
