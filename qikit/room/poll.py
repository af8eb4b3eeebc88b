"""A live poll: one chart, one question, the choices, the right answer and why.

The facilitator sends a :class:`Poll` to every delegate's page (through the workspace, see
:meth:`qikit.store.Workspace.send_poll`). A poll carries the chart's numbers and settings, so
every page draws the same chart, and the answer worked out when it was made:

- from the interpretation trainer's bank (:func:`from_trainer`): the right answer is the
  question's ground truth and the explanation is what the trainer says
  (:func:`qikit.teaching.trainer.mark`);
- from a synthetic ward's measure (:func:`from_ward`) or a team's own measure, only when its
  project is shared with the collaborative (:func:`from_team`): the right answer and the
  explanation are the chart's reading by its rules (:func:`qikit.spc.verdict.verdict`).
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qikit.errors import DataError
from qikit.teaching import trainer

#: The questions a poll can ask.
KINDS = {
    "signal": "Is there a signal?",
    "rule": "Which rule shows it?",
    "next": "What would you do next?",
}
SIGNAL_CHOICES = (("yes", "Yes, there is a signal"), ("no", "No signal, only noise"))
NEXT_CHOICES = (
    ("find_cause", "Find out what changed when the signal began, and learn from it"),
    ("carry_on", "Keep plotting, react to no single week, and test a change to the system"),
    ("new_target", "Set a tighter target so that the team tries harder"),
    ("latest_week", "Look into the latest week on its own and act on it"),
)
#: The taught answer to "What would you do next?", by whether the chart shows a signal.
NEXT_TAUGHT = {
    True: (
        "A signal means something in the system has changed. Find out what changed when it "
        "began: if it is your change working, keep it going and hold the gain; if it is not, "
        "learn from it."
    ),
    False: (
        "With no signal, every week is common-cause variation. Reacting to a single week is "
        "tampering and makes things vary more, and a target alone changes nothing. To improve, "
        "change the system and test the change with a PDSA cycle, then keep plotting."
    ),
}
SOURCES = ("trainer", "ward", "team")
#: The synthetic wards' charts are drawn as the collaborative dashboard draws them.
WARD_NOTE = "Synthetic data."


@dataclass(frozen=True)
class Choice:
    """One answer a delegate can press: a short key (stored) and the words on the button."""

    key: str
    words: str


@dataclass(frozen=True)
class Poll:
    """One question as sent to the room."""

    kind: str
    title: str
    source: str
    #: The chart's numbers: ``x`` (point numbers, or ISO dates), ``numerator`` and
    #: ``denominator`` (None for a chart without one).
    series: dict[str, Any]
    #: How the chart is read: chart type, rules, multiply, improvement, target, freeze.
    settings: dict[str, Any]
    choices: tuple[Choice, ...]
    right: tuple[str, ...]
    explanation: str
    y_title: str = ""
    #: What the trainer says to a delegate who gave each answer (trainer questions only).
    feedback: dict[str, str] = field(default_factory=dict)

    @property
    def question(self) -> str:
        return KINDS[self.kind]

    @property
    def choice_keys(self) -> list[str]:
        return [c.key for c in self.choices]

    def words(self, key: str) -> str:
        """The words of the choice ``key`` (the key itself when it is not a choice)."""
        return next((c.words for c in self.choices if c.key == key), key)

    def is_right(self, key: str | None) -> bool:
        return key in self.right

    @property
    def right_words(self) -> str:
        """The right answer in words (several joined with "or")."""
        return " or ".join(self.words(k) for k in self.choice_keys if k in self.right)

    def tally(self, counts: dict[str, int]) -> list[tuple[Choice, int]]:
        """Each choice with how many gave it, in the order of the choices."""
        return [(c, int(counts.get(c.key, 0))) for c in self.choices]

    def frame(self) -> pd.DataFrame:
        """The chart's numbers as columns x, numerator and (when it has one) denominator."""
        data = {"x": self.series["x"], "numerator": self.series["numerator"]}
        if self.series.get("dates"):
            data["x"] = pd.to_datetime(self.series["x"])
        if self.series.get("denominator") is not None:
            data["denominator"] = self.series["denominator"]
        return pd.DataFrame(data)

    def result(self) -> Any:
        """The chart as the SPC engine reads it (the same on every delegate's page)."""
        from qikit.spc import spc

        frame = self.frame()
        s = self.settings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return spc(
                frame,
                x="x",
                y="numerator",
                n="denominator" if "denominator" in frame else None,
                chart=s["chart"],
                rules=s["rules"],
                multiply=s.get("multiply", 1),
                improvement=s.get("improvement"),
                target=s.get("target"),
                freeze=s.get("freeze"),
            )

    # ----- stored as JSON ------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "source": self.source,
            "series": self.series,
            "settings": self.settings,
            "choices": [[c.key, c.words] for c in self.choices],
            "right": list(self.right),
            "explanation": self.explanation,
            "y_title": self.y_title,
            "feedback": dict(self.feedback),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Poll:
        try:
            poll = cls(
                kind=str(data["kind"]),
                title=str(data["title"]),
                source=str(data["source"]),
                series=dict(data["series"]),
                settings=dict(data["settings"]),
                choices=tuple(Choice(str(k), str(w)) for k, w in data["choices"]),
                right=tuple(str(k) for k in data["right"]),
                explanation=str(data["explanation"]),
                y_title=str(data.get("y_title", "")),
                feedback={str(k): str(v) for k, v in dict(data.get("feedback", {})).items()},
            )
        except (KeyError, TypeError, ValueError):
            raise DataError(
                "The question in the workspace could not be read. Ask the facilitator to send "
                "it again."
            ) from None
        if poll.kind not in KINDS or not set(poll.right) <= set(poll.choice_keys):
            raise DataError(
                "The question in the workspace could not be read. Ask the facilitator to send "
                "it again."
            )
        return poll


# ----- the chart's numbers ---------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def series_of(result: Any) -> dict[str, Any]:
    """The numbers behind one SPC result, fit for JSON."""
    points = result.points
    dates = pd.api.types.is_datetime64_any_dtype(points["x"])
    has_n = result.n_name is not None and points["denominator"].notna().any()
    return {
        "x": [_plain(v) for v in points["x"]],
        "dates": bool(dates),
        "numerator": [_plain(v) for v in points["numerator"]],
        "denominator": [_plain(v) for v in points["denominator"]] if has_n else None,
    }


def settings_of(result: Any, freeze: int | None = None) -> dict[str, Any]:
    return {
        "chart": result.chart_type,
        "rules": result.rules,
        "multiply": _plain(result.multiply),
        "improvement": result.improvement,
        "target": _plain(result.target) if result.target is not None else None,
        "freeze": freeze,
    }


# ----- the right answer --------------------------------------------------------------------------
def _choices(kind: str) -> tuple[Choice, ...]:
    if kind == "signal":
        pairs = SIGNAL_CHOICES
    elif kind == "rule":
        pairs = tuple(trainer.RULE_WORDS.items())
    else:
        pairs = NEXT_CHOICES
    return tuple(Choice(k, w) for k, w in pairs)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise DataError(
            f"The question should be one of: {'; '.join(KINDS.values())}. Found '{kind}'."
        )


def _named(rules: frozenset[str] | set[str]) -> str:
    return " and ".join(trainer.RULE_SHORT[r] for r in trainer.RULE_WORDS if r in rules)


NO_RULE = (
    "This chart shows no signal, so there is no rule to ask about. Ask 'Is there a signal?' "
    "or 'What would you do next?' instead."
)


def _rule_answer(rules: frozenset[str], reading: str) -> tuple[tuple[str, ...], str]:
    rules = frozenset(r for r in rules if r in trainer.RULE_WORDS)
    if not rules:
        raise DataError(NO_RULE)
    right = tuple(r for r in trainer.RULE_WORDS if r in rules)
    return right, f"The rule that shows it: {_named(rules)}. {reading}"


def _next_answer(signal: bool, reading: str) -> tuple[tuple[str, ...], str]:
    return (("find_cause",) if signal else ("carry_on",)), f"{reading} {NEXT_TAUGHT[signal]}"


# ----- where a chart comes from -------------------------------------------------------------------
def from_trainer(level: int, number: int, kind: str = "signal", seed: int = 2016) -> Poll:
    """Question ``number`` of the interpretation trainer's ``level``, asked of the room."""
    _check_kind(kind)
    q = trainer.question(level, number, seed)
    if kind == "signal":
        right = ("yes",) if q.has_signal else ("no",)
        # What the trainer says to someone who reads it the other way explains the truth.
        explanation = trainer.mark(q, trainer.Answer(signal=not q.has_signal)).feedback
        feedback = {
            "yes": trainer.mark(q, _reading_yes(q)).feedback,
            "no": trainer.mark(q, trainer.Answer(signal=False)).feedback,
        }
    elif kind == "rule":
        if not q.has_signal:
            raise DataError(NO_RULE)
        right, explanation = _rule_answer(q.accepted_rules, q.description)
        feedback = {
            rule: trainer.mark(q, trainer.Answer(True, rule, q.start)).feedback
            for rule in trainer.RULE_WORDS
        }
    else:
        right, explanation = _next_answer(q.has_signal, q.description)
        feedback = {}
    name = "Run chart (median)" if q.chart == "run" else f"{q.chart.upper()} chart with limits"
    return Poll(
        kind=kind,
        title=f"Level {level}, question {number}: {name}",
        source="trainer",
        series=series_of(q.result),
        settings=settings_of(q.result),
        choices=_choices(kind),
        right=right,
        explanation=explanation,
        y_title="Value",
        feedback=feedback,
    )


def _reading_yes(q: trainer.Question) -> trainer.Answer:
    """A "yes" with the rule and the point the trainer accepts (a bare yes is what the poll
    asks)."""
    rule = next((r for r in trainer.RULE_WORDS if r in q.accepted_rules), None)
    return trainer.Answer(signal=True, rule=rule, where=q.start)


def _from_result(
    result: Any,
    kind: str,
    *,
    title: str,
    source: str,
    y_title: str,
    freeze: int | None = None,
    note: str = "",
) -> Poll:
    from qikit.spc.verdict import verdict

    _check_kind(kind)
    read = verdict(result)
    reading = " ".join(read.sentences()[:2])
    if kind == "signal":
        right = ("yes",) if read.signal else ("no",)
        explanation = reading
    elif kind == "rule":
        right, explanation = _rule_answer(trainer.found_rules(result), reading)
    else:
        right, explanation = _next_answer(read.signal, reading)
    if note:
        explanation = f"{explanation} {note}"
    return Poll(
        kind=kind,
        title=title,
        source=source,
        series=series_of(result),
        settings=settings_of(result, freeze),
        choices=_choices(kind),
        right=right,
        explanation=explanation,
        y_title=y_title,
    )


def ward_charts() -> list[tuple[str, tuple[str, str]]]:
    """The synthetic wards' charts a poll can show: (label, (ward id, measure column))."""
    from qikit import datasets
    from qikit.data.change_package import MEASURES

    wards = datasets.load("wards").set_index("ward_id")
    found = []
    for change in datasets.load("changes").itertuples(index=False):
        ward = wards.loc[change.ward_id, "ward"]
        label = MEASURES[change.measure].label if change.measure in MEASURES else change.measure
        found.append((f"{ward}: {label}", (str(change.ward_id), str(change.measure))))
    return found


def from_ward(ward_id: str, measure: str, kind: str = "signal") -> Poll:
    """A synthetic ward's measure, charted as the collaborative dashboard charts it."""
    from qikit import datasets
    from qikit.collaborative.signals import chart_measure
    from qikit.data.change_package import MEASURES

    changes = datasets.load("changes")
    rows = changes[(changes["ward_id"] == ward_id) & (changes["measure"] == measure)]
    if rows.empty:
        raise DataError(
            f"The synthetic wards have no chart of '{measure}' for ward '{ward_id}'. Choose one "
            "from the list."
        )
    chart = chart_measure(datasets.load("weekly"), next(rows.itertuples(index=False)))
    wards = datasets.load("wards").set_index("ward_id")
    label = MEASURES[measure].label if measure in MEASURES else measure
    every = "every 4 weeks" if chart.x == "period" else "each week"
    unit = "per 1,000 occupied bed days" if chart.chart == "u" else "%"
    return _from_result(
        chart.result,
        kind,
        title=f"{wards.loc[ward_id, 'ward']}: {label}, {every}",
        source="ward",
        y_title=f"{label[:1].upper()}{label[1:]} ({unit})",
        freeze=chart.freeze if chart.freeze >= 2 else None,
        note=WARD_NOTE,
    )


def team_charts(workspace: Any) -> list[tuple[str, str]]:
    """Teams' own measures a poll can show, (label, measure id): only measures of projects
    shared with the collaborative, with at least two weeks of data."""
    from qikit.thread import FEWEST_POINTS

    teams = {t.id: t.name for t in workspace.teams()}
    found = []
    for project in workspace.projects():
        if not project.shared:
            continue
        for measure in workspace.measures(project.id):
            if len(workspace.observations(measure.id)) >= FEWEST_POINTS:
                name = measure.name or "Measure"
                found.append((f"{teams.get(project.team_id, 'A team')}: {name}", measure.id))
    return found


def from_team(workspace: Any, measure_id: str, kind: str = "signal") -> Poll:
    """A team's own measure, charted with its own settings: only when the team shared the
    project with the collaborative (its permission to show it to the room)."""
    from qikit import thread

    project = workspace.project(workspace.measure_project(measure_id))
    if not project.shared:
        raise DataError(
            "This team has not shared its project with the collaborative, so its charts are "
            "not shown to the room. The team can share it from its storyboard."
        )
    measure = workspace.measure(measure_id)
    result, chosen = thread.measure_result(measure, workspace.observation_table(measure_id))
    team = workspace.team(project.team_id)
    return _from_result(
        result,
        kind,
        title=f"{team.name}: {measure.name or 'Measure'}",
        source="team",
        y_title=thread.y_title(measure, chosen),
    )
