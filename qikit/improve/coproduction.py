"""Who shaped a piece of improvement work: staff, patients, carers, people with lived experience.

IHI advises engaging the people who benefit in writing the aim (QI_REFERENCE 1.2); Reed & Card list
"key stakeholders missed" among the ways PDSA work fails (QI_REFERENCE 2.3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from qikit.errors import DataError
from qikit.improve import fields
from qikit.improve.feedback import Feedback, improve, missing, ok

#: Roles offered in the forms. People may type another role; these are suggestions.
STAFF_ROLES = (
    "ward manager",
    "registered nurse",
    "healthcare assistant",
    "psychiatrist",
    "psychologist",
    "occupational therapist",
    "pharmacist",
    "activities coordinator",
    "QI coach",
    "other staff",
)
LIVED_EXPERIENCE_ROLES = (
    "patient",
    "former patient",
    "carer",
    "person with lived experience",
    "peer support worker",
    "expert by experience",
)
ROLES = STAFF_ROLES + LIVED_EXPERIENCE_ROLES


@dataclass
class Contributor:
    """One person (or group) who shaped the work, and their role."""

    role: str
    name: str = ""

    def __post_init__(self) -> None:
        self.role = fields.text(self.role, "contributor role")
        self.name = fields.text(self.name, "contributor name")
        if not self.role:
            raise DataError(
                "Each contributor needs a role, for example 'registered nurse', 'patient' or "
                "'carer'; the role was blank."
            )

    @property
    def lived_experience(self) -> bool:
        """True for patients, carers and people with lived experience."""
        role = self.role.lower()
        words = ("patient", "carer", "lived experience", "peer support", "by experience")
        return any(word in role for word in words) or role == "service user"

    def to_dict(self) -> dict[str, str]:
        return {"role": self.role, "name": self.name}

    @classmethod
    def from_dict(cls, data: Any) -> Contributor:
        data = fields.mapping(data, "contributor")
        fields.only_known(data, ("role", "name"), "contributor")
        return cls(role=data.get("role"), name=data.get("name", ""))


def contributors_from(value: Any) -> list[Contributor]:
    """Contributors from a list of :class:`Contributor` objects or plain dicts."""
    if value is None:
        return []
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise DataError(
            "The field 'contributors' should be a list of people with a role each; "
            f"found {value!r}."
        )
    return [c if isinstance(c, Contributor) else Contributor.from_dict(c) for c in value]


def coproduction_feedback(contributors: list[Contributor], what: str) -> list[Feedback]:
    """What a coach would ask about who shaped ``what`` (an aim, a diagram, a cycle)."""
    if not contributors:
        return [
            missing(
                "contributors",
                f"Record who shaped this {what}: which staff roles, and which patients, carers "
                "or people with lived experience took part.",
            )
        ]
    if not any(c.lived_experience for c in contributors):
        return [
            improve(
                "contributors",
                f"No patient, carer or person with lived experience is recorded as shaping this "
                f"{what}. Who on the ward could you ask this week?",
            )
        ]
    return [ok("contributors", f"People with lived experience helped shape this {what}.")]
