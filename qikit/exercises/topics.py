"""A topic: one exercise notebook's title, objectives, narrative and exercises, in order.

Each topic module (``qikit/exercises/run_charts.py`` ...) is the author source of its notebook:
it defines ``q1``, ``q2``, ... and a ``TOPIC`` saying how they are laid out. The learner notebook
and the facilitator's answer key are generated from it by ``python -m qikit.exercises.build``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType

from qikit.errors import DataError
from qikit.exercises.kinds import Exercise

#: Topic modules in the order of the exercise notebooks.
TOPIC_MODULES = (
    "aims",
    "driver_diagrams",
    "pdsa",
    "measures",
    "run_charts",
    "choosing_a_chart",
    "spc_interpretation",
    "reliability",
    "score",
)


@dataclass(frozen=True)
class Text:
    """A Markdown cell between exercises."""

    markdown: str


@dataclass(frozen=True)
class Code:
    """A code cell every learner runs as it is (loading data, drawing a chart)."""

    source: str


@dataclass(eq=False)
class Topic:
    """The author source of one exercise notebook."""

    slug: str
    number: int
    title: str
    minutes: int
    objectives: list[str]
    key_points: list[str]
    #: Text, Code and exercise names ("q1"), in notebook order.
    cells: list
    exercises: dict[str, Exercise] = field(default_factory=dict)
    setup: str = ""

    def __post_init__(self) -> None:
        named = [c for c in self.cells if isinstance(c, str)]
        if named != list(self.exercises):
            raise DataError(
                f"Topic {self.slug}: the cells name exercises {named} but the topic has "
                f"{list(self.exercises)}; list each exercise once, in order."
            )
        for name, exercise in self.exercises.items():
            exercise.name = name
            exercise.topic = self.slug
        if len(self.exercises) < 3:
            raise DataError(f"Topic {self.slug} needs at least 3 exercises.")

    @property
    def notebook_name(self) -> str:
        return f"{self.number:02d}_{self.slug}.ipynb"


def topic_module(slug: str) -> ModuleType:
    if slug not in TOPIC_MODULES:
        raise DataError(
            f"There is no exercise topic called {slug!r}. "
            f"Choose one of: {', '.join(TOPIC_MODULES)}."
        )
    return importlib.import_module(f"qikit.exercises.{slug}")


def all_topics() -> list[Topic]:
    return [topic_module(slug).TOPIC for slug in TOPIC_MODULES]


def find_topic(topic) -> Topic:
    """A topic from its name, its module or itself."""
    if isinstance(topic, Topic):
        return topic
    if isinstance(topic, ModuleType):
        return topic.TOPIC
    return topic_module(str(topic)).TOPIC
