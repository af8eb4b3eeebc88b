"""The driver diagram: the team's theory of change, from aim to change ideas.

Structure (left to right): aim -> primary drivers -> secondary drivers -> change ideas; each change
idea must act on at least one secondary driver, and one idea may serve several drivers
(QI Lothian [S4][S4b]; Provost & Bennett 2015 [S4c]; QI_REFERENCE 1.3).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qikit.errors import DataError
from qikit.improve import fields
from qikit.improve.coproduction import Contributor, contributors_from, coproduction_feedback
from qikit.improve.feedback import Feedback, improve, missing, ok

#: More primary drivers than this suggests the aim is too broad ("the few big system areas") [S4].
MOST_PRIMARY_DRIVERS = 6


@dataclass
class SecondaryDriver:
    id: str
    text: str

    def __post_init__(self) -> None:
        self.id = fields.identifier(self.id, "secondary driver id")
        self.text = fields.text(self.text, "secondary driver text")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text}

    @classmethod
    def from_dict(cls, data: Any) -> SecondaryDriver:
        data = fields.mapping(data, "secondary driver")
        fields.only_known(data, ("id", "text"), "secondary driver")
        return cls(id=data.get("id"), text=data.get("text"))


@dataclass
class PrimaryDriver:
    id: str
    text: str
    secondary: list[SecondaryDriver] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.id = fields.identifier(self.id, "primary driver id")
        self.text = fields.text(self.text, "primary driver text")
        self.secondary = [
            s if isinstance(s, SecondaryDriver) else SecondaryDriver.from_dict(s)
            for s in (self.secondary or [])
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "secondary": [s.to_dict() for s in self.secondary],
        }

    @classmethod
    def from_dict(cls, data: Any) -> PrimaryDriver:
        data = fields.mapping(data, "primary driver")
        fields.only_known(data, ("id", "text", "secondary"), "primary driver")
        return cls(id=data.get("id"), text=data.get("text"), secondary=data.get("secondary"))


@dataclass
class ChangeIdea:
    """A specific, testable idea; ``drivers`` lists the ids of the drivers it acts on."""

    id: str
    text: str
    drivers: list[str] = field(default_factory=list)
    description: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        self.id = fields.identifier(self.id, "change idea id")
        self.text = fields.text(self.text, "change idea text")
        drivers = fields.text_list(self.drivers, "change idea drivers", item=fields.identifier)
        self.drivers = list(dict.fromkeys(drivers))
        self.description = fields.text(self.description, "change idea description")
        self.source = fields.text(self.source, "change idea source")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "drivers": list(self.drivers),
            "description": self.description,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: Any) -> ChangeIdea:
        data = fields.mapping(data, "change idea")
        fields.only_known(data, cls.__dataclass_fields__, "change idea")
        return cls(**data)


@dataclass
class DriverDiagram:
    """Aim, primary and secondary drivers, and change ideas linked to the drivers they serve."""

    aim: str = ""
    primary: list[PrimaryDriver] = field(default_factory=list)
    change_ideas: list[ChangeIdea] = field(default_factory=list)
    contributors: list[Contributor] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.aim = fields.text(self.aim, "aim")
        self.primary = [
            p if isinstance(p, PrimaryDriver) else PrimaryDriver.from_dict(p)
            for p in (self.primary or [])
        ]
        self.change_ideas = [
            c if isinstance(c, ChangeIdea) else ChangeIdea.from_dict(c)
            for c in (self.change_ideas or [])
        ]
        self.contributors = contributors_from(self.contributors)
        self._check_ids()

    # ----- structure -----------------------------------------------------------------------
    def _all_ids(self) -> list[str]:
        ids = []
        for p in self.primary:
            ids.append(p.id)
            ids.extend(s.id for s in p.secondary)
        ids.extend(c.id for c in self.change_ideas)
        return ids

    def driver_ids(self) -> list[str]:
        return [i for p in self.primary for i in [p.id, *(s.id for s in p.secondary)]]

    def _check_ids(self) -> None:
        ids = self._all_ids()
        if any(not i for i in ids):
            raise DataError("Every driver and change idea needs an id; one id was blank.")
        seen = set()
        for i in ids:
            if i in seen:
                raise DataError(
                    f"The id '{i}' is used twice in the driver diagram. Each driver and change "
                    "idea needs its own id."
                )
            seen.add(i)
        drivers = set(self.driver_ids())
        for idea in self.change_ideas:
            for d in idea.drivers:
                if d not in drivers:
                    raise DataError(
                        f"The change idea '{idea.text}' is linked to driver '{d}', which is not in "
                        "the diagram. Link it to one of the drivers shown."
                    )

    def _new_id(self, prefix: str) -> str:
        used = set(self._all_ids())
        n = 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    def find(self, item_id: str) -> PrimaryDriver | SecondaryDriver | ChangeIdea:
        for p in self.primary:
            if p.id == item_id:
                return p
            for s in p.secondary:
                if s.id == item_id:
                    return s
        for c in self.change_ideas:
            if c.id == item_id:
                return c
        raise DataError(f"There is nothing with the id '{item_id}' in this driver diagram.")

    def add_primary(self, text: str) -> PrimaryDriver:
        driver = PrimaryDriver(self._new_id("p"), text)
        self.primary.append(driver)
        return driver

    def add_secondary(self, primary_id: str, text: str) -> SecondaryDriver:
        parent = self.find(primary_id)
        if not isinstance(parent, PrimaryDriver):
            raise DataError(
                f"'{primary_id}' is not a primary driver. Secondary drivers hang from a primary "
                "driver."
            )
        driver = SecondaryDriver(self._new_id("s"), text)
        parent.secondary.append(driver)
        return driver

    def add_change_idea(
        self,
        text: str,
        drivers: list[str] | tuple[str, ...] = (),
        *,
        description: str = "",
        source: str = "",
    ) -> ChangeIdea:
        idea = ChangeIdea(self._new_id("c"), text, [], description, source)
        self.change_ideas.append(idea)
        for d in drivers:
            self.link(idea.id, d)
        return idea

    def link(self, idea_id: str, driver_id: str) -> None:
        idea = self.find(idea_id)
        if not isinstance(idea, ChangeIdea):
            raise DataError(f"'{idea_id}' is not a change idea.")
        if driver_id not in self.driver_ids():
            raise DataError(
                f"There is no driver with the id '{driver_id}'. Link the change idea to one of "
                "the drivers shown."
            )
        if driver_id not in idea.drivers:
            idea.drivers.append(driver_id)

    def unlink(self, idea_id: str, driver_id: str) -> None:
        idea = self.find(idea_id)
        if isinstance(idea, ChangeIdea) and driver_id in idea.drivers:
            idea.drivers.remove(driver_id)

    def remove(self, item_id: str) -> None:
        """Remove a driver (with its secondary drivers) or a change idea, and any links to it."""
        item = self.find(item_id)
        removed = {item_id}
        if isinstance(item, PrimaryDriver):
            removed |= {s.id for s in item.secondary}
            self.primary.remove(item)
        elif isinstance(item, SecondaryDriver):
            for p in self.primary:
                if item in p.secondary:
                    p.secondary.remove(item)
        else:
            self.change_ideas.remove(item)
        for idea in self.change_ideas:
            idea.drivers = [d for d in idea.drivers if d not in removed]

    def ideas_for(self, driver_id: str) -> list[ChangeIdea]:
        """Change ideas linked to this driver (for a primary: to it or any of its secondaries)."""
        targets = {driver_id}
        for p in self.primary:
            if p.id == driver_id:
                targets |= {s.id for s in p.secondary}
        return [c for c in self.change_ideas if targets & set(c.drivers)]

    # ----- storage -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "aim": self.aim,
            "primary": [p.to_dict() for p in self.primary],
            "change_ideas": [c.to_dict() for c in self.change_ideas],
            "contributors": [c.to_dict() for c in self.contributors],
        }

    @classmethod
    def from_dict(cls, data: Any) -> DriverDiagram:
        data = fields.mapping(data, "driver diagram")
        fields.only_known(data, cls.__dataclass_fields__, "driver diagram")
        return cls(**data)

    # ----- coaching ------------------------------------------------------------------------
    def feedback(self) -> list[Feedback]:
        """What a coach would say about this theory of change."""
        points: list[Feedback] = []
        if self.aim:
            points.append(ok("aim", "The diagram starts from an aim."))
        else:
            points.append(
                missing("aim", "Write the aim at the left of the diagram: every driver serves it.")
            )
        if not self.primary:
            points.append(
                missing(
                    "primary",
                    "Add the primary drivers: the few big areas that must change to reach the aim.",
                )
            )
        elif len(self.primary) > MOST_PRIMARY_DRIVERS:
            points.append(
                improve(
                    "primary",
                    f"There are {len(self.primary)} primary drivers. A few big areas are easier "
                    "to work on; could some be grouped, or is the aim too broad?",
                )
            )
        for p in self.primary:
            if not p.secondary:
                points.append(
                    improve(
                        "secondary",
                        f"The primary driver '{p.text}' has no secondary drivers. What parts of "
                        "the ward's work make it up?",
                    )
                )
            for s in p.secondary:
                if not self.ideas_for(s.id):
                    points.append(
                        improve(
                            "change_ideas",
                            f"The driver '{s.text}' has no change ideas yet. What could you test "
                            "to move it?",
                        )
                    )
            if not self.ideas_for(p.id):
                points.append(
                    missing(
                        "change_ideas",
                        f"Nothing the team plans to test acts on the primary driver '{p.text}'.",
                    )
                )
        if self.primary and not self.change_ideas:
            points.append(
                missing(
                    "change_ideas", "Add change ideas: specific things you can test on the ward."
                )
            )
        secondary_ids = {s.id for p in self.primary for s in p.secondary}
        for idea in self.change_ideas:
            if not idea.drivers:
                points.append(
                    missing(
                        "change_ideas",
                        f"The change idea '{idea.text}' is not linked to any driver. Which driver "
                        "will it move? If none, it may not belong in this diagram.",
                    )
                )
            elif not secondary_ids & set(idea.drivers):
                points.append(
                    improve(
                        "change_ideas",
                        f"The change idea '{idea.text}' is linked only to a primary driver. Link "
                        "it to the secondary driver it acts on.",
                    )
                )
        if (
            self.change_ideas
            and all(i.drivers for i in self.change_ideas)
            and all(self.ideas_for(p.id) for p in self.primary)
        ):
            points.append(ok("change_ideas", "Every change idea is linked to a driver."))
        points.extend(coproduction_feedback(self.contributors, "driver diagram"))
        return points

    # ----- outputs -------------------------------------------------------------------------
    def to_markdown(self) -> str:
        """The diagram as a nested outline."""
        lines = [f"# Aim: {self.aim or '(no aim yet)'}", ""]
        for p in self.primary:
            lines.append(f"- **Primary driver:** {p.text}")
            for s in p.secondary:
                lines.append(f"  - **Secondary driver:** {s.text}")
                for idea in self.change_ideas:
                    if s.id in idea.drivers:
                        lines.append(f"    - Change idea: {idea.text}")
            for idea in self.change_ideas:
                if p.id in idea.drivers:
                    lines.append(f"  - Change idea: {idea.text}")
        unlinked = [i for i in self.change_ideas if not i.drivers]
        if unlinked:
            lines.append("")
            lines.append("## Change ideas not linked to a driver")
            lines.extend(f"- {i.text}" for i in unlinked)
        if self.contributors:
            lines.append("")
            who = ", ".join(f"{c.name} ({c.role})" if c.name else c.role for c in self.contributors)
            lines.append(f"Shaped by: {who}")
        return "\n".join(lines) + "\n"

    def chart(self, width: int = 900):
        """The diagram drawn with Altair: aim | primary | secondary | change ideas."""
        from qikit.improve.driver_diagram_chart import driver_diagram_chart

        return driver_diagram_chart(self, width=width)

    def to_svg(self) -> str:
        """The drawing as SVG text (made offline by vl-convert)."""
        import io

        buffer = io.StringIO()
        self.chart().save(buffer, format="svg")
        return buffer.getvalue()

    def save(self, path: str | Path) -> Path:
        """Save the drawing as .svg, .png or .html (works with no internet)."""
        path = Path(path)
        if path.suffix.lower() not in (".svg", ".png", ".html"):
            raise DataError(
                f"The file name should end in .svg, .png or .html; found '{path.name}'."
            )
        self.chart().save(str(path))
        return path


def wrap(text: str, width: int = 24) -> list[str]:
    """Split a label into short lines for a diagram box."""
    return textwrap.wrap(text, width=width) or [""]
