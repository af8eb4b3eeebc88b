"""The aim: what we are trying to accomplish, how much, by when, for whom and where.

Elements and checks follow IHI "Setting Aims" [S1] and the teaching maxim "some is not a number;
soon is not a time" [S3] (QI_REFERENCE 1.2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from qikit.errors import DataError
from qikit.improve import fields
from qikit.improve.aim_text import AimTextFacts, read_aim_text
from qikit.improve.coproduction import Contributor, contributors_from, coproduction_feedback
from qikit.improve.feedback import Feedback, improve, missing, ok

DIRECTIONS = ("reduce", "increase")
HOW_MUCH_KINDS = ("value", "percent")


@dataclass
class Aim:
    """An aim statement, held as its parts and (optionally) as free text.

    ``how_much`` is either the value to reach (``how_much_kind="value"``, in the same units as
    ``baseline``) or a percentage change from the baseline (``how_much_kind="percent"``).
    """

    what: str = ""
    direction: str = ""
    baseline: float | None = None
    how_much: float | None = None
    how_much_kind: str = "value"
    units: str = ""
    by_when: dt.date | None = None
    for_whom: str = ""
    where: str = ""
    statement: str = ""
    contributors: list[Contributor] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.what = fields.text(self.what, "what")
        self.direction = fields.choice(self.direction, "direction", DIRECTIONS)
        self.baseline = fields.number(self.baseline, "baseline")
        self.how_much = fields.number(self.how_much, "how_much")
        self.how_much_kind = fields.choice(
            self.how_much_kind or "value", "how_much_kind", HOW_MUCH_KINDS, blank=False
        )
        if self.how_much_kind == "percent" and self.how_much is not None and self.how_much < 0:
            raise DataError(
                "The field 'how_much' is a percentage change, so it should be positive (the "
                f"direction says whether it goes up or down); found {self.how_much:g}."
            )
        self.units = fields.text(self.units, "units")
        self.by_when = fields.date(self.by_when, "by_when")
        self.for_whom = fields.text(self.for_whom, "for_whom")
        self.where = fields.text(self.where, "where")
        self.statement = fields.text(self.statement, "statement")
        self.contributors = contributors_from(self.contributors)

    # ----- reading and writing -------------------------------------------------------------
    @classmethod
    def from_text(cls, statement: str) -> Aim:
        """An aim known only by its free-text statement; the feedback reads the text."""
        facts = read_aim_text(fields.text(statement, "statement"))
        return cls(statement=statement, direction=facts.direction)

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "direction": self.direction,
            "baseline": self.baseline,
            "how_much": self.how_much,
            "how_much_kind": self.how_much_kind,
            "units": self.units,
            "by_when": fields.date_text(self.by_when),
            "for_whom": self.for_whom,
            "where": self.where,
            "statement": self.statement,
            "contributors": [c.to_dict() for c in self.contributors],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Aim:
        data = fields.mapping(data, "aim")
        fields.only_known(data, cls.__dataclass_fields__, "aim")
        return cls(**data)

    # ----- derived values ------------------------------------------------------------------
    @property
    def target(self) -> float | None:
        """The value the team wants to reach, in the units of the baseline."""
        if self.how_much is None:
            return None
        if self.how_much_kind == "value":
            return self.how_much
        if self.baseline is None or not self.direction:
            return None
        sign = -1 if self.direction == "reduce" else 1
        return self.baseline * (1 + sign * self.how_much / 100)

    def text(self) -> str:
        """The aim as one sentence: the typed statement, or one written from the parts."""
        if self.statement:
            return self.statement
        if not self.what:
            return ""
        verb = {"reduce": "Reduce", "increase": "Increase"}.get(self.direction, "Change")
        parts = [f"{verb} {self.what}"]
        if self.for_whom:
            parts.append(f"for {self.for_whom}")
        if self.where:
            parts.append(f"on {self.where}")
        units = f" {self.units}" if self.units else ""
        if self.how_much is not None and self.how_much_kind == "percent":
            if self.baseline is not None:
                parts.append(f"by {self.how_much:g}% from {self.baseline:g}{units}")
            else:
                parts.append(f"by {self.how_much:g}%")
        elif self.how_much is not None:
            start = f"from {self.baseline:g} " if self.baseline is not None else ""
            parts.append(f"{start}to {self.how_much:g}{units}")
        if self.by_when is not None:
            parts.append(f"by {self.by_when.day} {self.by_when:%B %Y}")
        return " ".join(parts) + "."

    def facts(self) -> AimTextFacts:
        """What the free-text reader finds in the aim sentence."""
        return read_aim_text(self.statement or self.text())

    # ----- coaching ------------------------------------------------------------------------
    def feedback(self, today: dt.date | None = None) -> list[Feedback]:
        """What a QI coach would say about this aim, in plain English."""
        today = today or dt.date.today()
        facts = read_aim_text(self.statement)
        points: list[Feedback] = []

        if self.what or self.statement:
            points.append(ok("what", "The aim says what is being improved."))
        else:
            points.append(missing("what", "Say what you are trying to improve."))

        has_number = self.how_much is not None or facts.has_number
        if has_number:
            points.append(
                ok("how_much", "The aim has a number, so you will know if you got there.")
            )
        elif facts.vague_verbs:
            verb = facts.vague_verbs[0]
            points.append(
                missing(
                    "how_much",
                    f"'{verb.capitalize()}' on its own is not measurable. Say by how much, for "
                    "example 'from 12 to 8 per 1,000 occupied bed days' or 'by 25%'. Some is "
                    "not a number.",
                )
            )
        else:
            points.append(missing("how_much", "Add a number: how much change are you aiming for?"))
        if facts.vague_amounts:
            words = "', '".join(facts.vague_amounts)
            points.append(
                improve(
                    "statement",
                    f"'{words}' can be read in different ways. Replace it with a number or a date.",
                )
            )

        if self.by_when is not None:
            if self.by_when <= today:
                points.append(
                    improve(
                        "by_when",
                        f"The date {self.by_when:%d %B %Y} has already passed. Set a new date.",
                    )
                )
            else:
                points.append(ok("by_when", "The aim has a date."))
        elif facts.dates:
            points.append(ok("by_when", f"The aim has a time frame ('{facts.dates[0]}')."))
        else:
            points.append(missing("by_when", "Add a date: by when? Soon is not a time."))

        if self.for_whom or facts.population:
            points.append(ok("for_whom", "The aim says who it is for."))
        else:
            points.append(
                missing(
                    "for_whom",
                    "Say who will benefit, for example 'adults admitted to the ward' or "
                    "'patients on close observation'.",
                )
            )
        if self.where or facts.places:
            points.append(ok("where", "The aim says where the improvement will happen."))
        else:
            points.append(missing("where", "Say where: which ward, unit or service?"))

        direction = self.direction or facts.direction
        if not direction and has_number:
            points.append(
                improve(
                    "direction",
                    "Say which way the measure should move: reduce or increase?",
                )
            )
        points.extend(self._change_feedback(direction, facts))
        points.extend(coproduction_feedback(self.contributors, "aim"))
        return points

    def _change_feedback(self, direction: str, facts: AimTextFacts) -> list[Feedback]:
        """Is the target really a change from where the ward is now?"""
        if self.how_much is None:
            if facts.has_number and self.baseline is None and len(facts.numbers) < 2:
                return [
                    improve(
                        "baseline",
                        "Give today's level (the baseline) so everyone can see how big the change "
                        "is.",
                    )
                ]
            return []
        if self.how_much_kind == "percent":
            if self.how_much == 0:
                return [missing("how_much", "A 0% change is not a change. Set a real target.")]
            if self.baseline is None:
                return [
                    improve(
                        "baseline",
                        "Give today's level (the baseline) so a percentage change can be turned "
                        "into a number to reach.",
                    )
                ]
            return [ok("how_much", "The target is a change from the baseline.")]
        if self.baseline is None:
            return [
                improve(
                    "baseline",
                    "Give today's level (the baseline) so everyone can see how big the change is.",
                )
            ]
        if self.how_much == self.baseline:
            return [
                missing(
                    "how_much",
                    f"The target ({self.how_much:g}) is the same as the baseline "
                    f"({self.baseline:g}): that is not a change. Set the level you want to reach.",
                )
            ]
        if direction == "reduce" and self.how_much > self.baseline:
            return [
                missing(
                    "how_much",
                    f"The aim says reduce, but the target ({self.how_much:g}) is higher than the "
                    f"baseline ({self.baseline:g}). Check the numbers or the direction.",
                )
            ]
        if direction == "increase" and self.how_much < self.baseline:
            return [
                missing(
                    "how_much",
                    f"The aim says increase, but the target ({self.how_much:g}) is lower than the "
                    f"baseline ({self.baseline:g}). Check the numbers or the direction.",
                )
            ]
        return [ok("how_much", "The target is a change from the baseline.")]
