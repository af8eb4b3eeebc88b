"""Coaching points: the plain-English feedback every planning model gives."""

from __future__ import annotations

from dataclasses import dataclass

from qikit.errors import DataError

LEVELS = ("ok", "improve", "missing")


@dataclass(frozen=True)
class Feedback:
    """One coaching point about one field.

    ``level`` is ``"ok"`` (this part is good), ``"improve"`` (present but could be stronger) or
    ``"missing"`` (a coach would ask for it before going further).
    """

    level: str
    field: str
    message: str

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise DataError(
                f"Feedback level must be one of {', '.join(LEVELS)}; found {self.level!r}."
            )

    def to_dict(self) -> dict[str, str]:
        return {"level": self.level, "field": self.field, "message": self.message}


def ok(field: str, message: str) -> Feedback:
    return Feedback("ok", field, message)


def improve(field: str, message: str) -> Feedback:
    return Feedback("improve", field, message)


def missing(field: str, message: str) -> Feedback:
    return Feedback("missing", field, message)


def needs_work(points: list[Feedback]) -> list[Feedback]:
    """Only the points that ask for a change (``improve`` or ``missing``)."""
    return [p for p in points if p.level != "ok"]


def as_markdown(points: list[Feedback]) -> str:
    """A bullet list a facilitator can paste into notes."""
    marks = {"ok": "Good", "improve": "Could be stronger", "missing": "Missing"}
    return "\n".join(f"- **{marks[p.level]}** ({p.field}): {p.message}" for p in points)
