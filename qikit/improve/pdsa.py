"""PDSA cycles, ramps of linked cycles, and how well they follow the method.

Fields follow the IHI worksheet (QI_REFERENCE 2.1, [S13][S14][S15]); ramps follow IHI "Linking tests
of change" [S16]; the quality checks use the fidelity features of Taylor et al. 2014 [S19]:
documented prediction, small-scale testing first, data collected, study compared with the
prediction, and iterative linked cycles.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from qikit.errors import DataError
from qikit.improve import fields
from qikit.improve.coproduction import Contributor, contributors_from, coproduction_feedback
from qikit.improve.feedback import Feedback, improve, missing, ok

#: Scale of a test, smallest first. IHI: scope early cycles as small as possible [S13][S16].
SCALES = {
    "one_person": "one patient or one member of staff",
    "few_people": "a few patients or staff",
    "one_shift": "one shift",
    "one_day": "one day",
    "one_week": "one week",
    "one_ward": "the whole ward",
    "several_wards": "several wards",
    "whole_service": "the whole service",
}
SCALE_ORDER = list(SCALES)
#: The largest scale that still counts as a small first test.
SMALL_SCALE = "one_day"
DECISIONS = ("adopt", "adapt", "abandon")


def scale_rank(scale: str) -> int:
    """Position of a scale in :data:`SCALES` (0 is the smallest)."""
    return SCALE_ORDER.index(scale)


@dataclass
class Question:
    """One question the test should answer, the team's prediction and why, and what happened."""

    question: str
    prediction: str = ""
    reason: str = ""
    result: str = ""

    def __post_init__(self) -> None:
        self.question = fields.text(self.question, "question")
        self.prediction = fields.text(self.prediction, "prediction")
        self.reason = fields.text(self.reason, "reason for the prediction")
        self.result = fields.text(self.result, "result")

    def to_dict(self) -> dict[str, str]:
        return {
            "question": self.question,
            "prediction": self.prediction,
            "reason": self.reason,
            "result": self.result,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Question:
        data = fields.mapping(data, "question")
        fields.only_known(data, cls.__dataclass_fields__, "question")
        return cls(**data)


def _boolean_or_none(value: Any, field_name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise DataError(
        f"The field '{field_name}' should be yes (true), no (false) or left blank; found {value!r}."
    )


@dataclass
class PDSA:
    """One Plan-Do-Study-Act cycle with every field of the IHI worksheet."""

    # Header
    cycle_number: int = 1
    team: str = ""
    aim: str = ""
    change_idea: str = ""
    driver: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    scale: str = ""
    # Plan
    objective: str = ""
    questions: list[Question] = field(default_factory=list)
    plan_who: str = ""
    plan_what: str = ""
    plan_when: str = ""
    plan_where: str = ""
    data_what: str = ""
    data_who: str = ""
    data_when: str = ""
    data_where: str = ""
    # Do
    do_as_planned: bool | None = None
    do_what_happened: str = ""
    do_surprises: str = ""
    data_collected: str = ""
    # Study
    study_learned: str = ""
    # Act
    act_decision: str = ""
    act_next: str = ""
    # Who shaped it, and an id that links cycles
    contributors: list[Contributor] = field(default_factory=list)
    id: str = ""
    #: The team's measures this cycle is expected to move (their ids): the cycle is drawn on
    #: their charts.
    measure_ids: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        number = fields.whole_number(self.cycle_number, "cycle_number", minimum=1)
        self.cycle_number = 1 if number is None else number
        for name in (
            "team",
            "aim",
            "change_idea",
            "driver",
            "objective",
            "plan_who",
            "plan_what",
            "plan_when",
            "plan_where",
            "data_what",
            "data_who",
            "data_when",
            "data_where",
            "do_what_happened",
            "do_surprises",
            "data_collected",
            "study_learned",
            "act_next",
        ):
            setattr(self, name, fields.text(getattr(self, name), name))
        self.start_date = fields.date(self.start_date, "start_date")
        self.end_date = fields.date(self.end_date, "end_date")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise DataError(
                f"The field 'end_date' ({self.end_date}) is before 'start_date' "
                f"({self.start_date}). Check the dates of the cycle."
            )
        self.scale = fields.choice(self.scale, "scale", SCALE_ORDER)
        self.questions = [
            q if isinstance(q, Question) else Question.from_dict(q) for q in (self.questions or [])
        ]
        self.do_as_planned = _boolean_or_none(self.do_as_planned, "do_as_planned")
        self.act_decision = fields.choice(self.act_decision, "act_decision", DECISIONS)
        self.contributors = contributors_from(self.contributors)
        self.id = fields.identifier(self.id, "id") or uuid.uuid4().hex[:12]
        self.measure_ids = fields.text_list(self.measure_ids, "measure_ids", item=fields.identifier)

    # ----- storage -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif name == "questions":
                value = [q.to_dict() for q in value]
            elif name == "contributors":
                value = [c.to_dict() for c in value]
            data[name] = value
        return data

    @classmethod
    def from_dict(cls, data: Any) -> PDSA:
        data = fields.mapping(data, "PDSA cycle")
        fields.only_known(data, cls.__dataclass_fields__, "PDSA cycle")
        return cls(**data)

    # ----- where the cycle has got to --------------------------------------------------------
    @property
    def stage(self) -> str:
        """'plan', 'do', 'study', 'act' or 'done': the first part not yet written."""
        if not (self.objective and self.questions and self.plan_what):
            return "plan"
        if not (self.do_what_happened or self.data_collected):
            return "do"
        if not (self.study_learned or any(q.result for q in self.questions)):
            return "study"
        if not self.act_decision:
            return "act"
        return "done"

    def feedback(self) -> list[Feedback]:
        """Coaching points on the worksheet: the quality checks plus who shaped the cycle."""
        points = quality(self).checks
        if not self.change_idea:
            points.insert(0, missing("change_idea", "Say which change idea this cycle tests."))
        if not self.driver:
            points.append(
                improve(
                    "driver",
                    "Say which driver this change should move: it links the test to your theory "
                    "of change.",
                )
            )
        if not self.objective:
            points.append(missing("objective", "Write the objective: what is this test for?"))
        if not (self.plan_who and self.plan_what and self.plan_when and self.plan_where):
            gaps = [
                w
                for w, v in (
                    ("who", self.plan_who),
                    ("what", self.plan_what),
                    ("when", self.plan_when),
                    ("where", self.plan_where),
                )
                if not v
            ]
            points.append(missing("plan", f"The plan does not yet say {', '.join(gaps)}."))
        points.extend(coproduction_feedback(self.contributors, "PDSA cycle"))
        return points


@dataclass
class QualityReport:
    """How many of the fidelity features a cycle or ramp shows, and what to improve."""

    score: int
    out_of: int
    checks: list[Feedback]

    @property
    def to_improve(self) -> list[Feedback]:
        return [c for c in self.checks if c.level != "ok"]

    def summary(self) -> str:
        return f"{self.score} of {self.out_of} features of a well-run PDSA"


def _prediction_check(cycle: PDSA) -> Feedback:
    if not cycle.questions:
        return missing(
            "prediction",
            "Write the question this test should answer, and predict the answer before you start.",
        )
    without = [q.question for q in cycle.questions if not q.prediction]
    if without:
        return missing(
            "prediction", f"Predict what will happen for: '{without[0]}'. Say why you think so."
        )
    return ok("prediction", "Every question has a prediction written before the test.")


def _data_check(cycle: PDSA) -> Feedback:
    if not cycle.data_what:
        return missing("data", "Plan the data: what will you count or ask, who records it, when.")
    if not cycle.data_collected:
        return missing(
            "data", "Data were planned but none are recorded yet. Write down what you collected."
        )
    return ok("data", "Data were planned and collected.")


def _study_check(cycle: PDSA) -> Feedback:
    predicted = [q for q in cycle.questions if q.prediction]
    if not predicted:
        return missing("study", "There is no prediction to compare the results with.")
    without = [q.question for q in predicted if not q.result]
    if without:
        return missing(
            "study",
            f"Compare the result with the prediction for: '{without[0]}'. Was it as you expected?",
        )
    if not cycle.study_learned:
        return improve("study", "Results are recorded; now write what you learned.")
    return ok("study", "The results were compared with every prediction.")


def _act_check(cycle: PDSA) -> Feedback:
    if not cycle.act_decision:
        return missing(
            "act", "Decide: adopt, adapt or abandon the change, and plan the next cycle."
        )
    if not cycle.act_next:
        return improve("act", f"You chose to {cycle.act_decision}; now write the next step.")
    return ok("act", "A decision was made and the next cycle is planned.")


def _cycle_scale_check(cycle: PDSA) -> Feedback:
    if not cycle.scale:
        return missing(
            "scale", "Record the scale of the test (for example one patient, one shift)."
        )
    if cycle.cycle_number == 1 and scale_rank(cycle.scale) > scale_rank(SMALL_SCALE):
        return improve(
            "scale",
            f"A first test on {SCALES[cycle.scale]} is large. Start smaller: one patient or one "
            "shift, by next Tuesday.",
        )
    return ok("scale", f"The test is on {SCALES[cycle.scale]}.")


def quality(item: PDSA | Ramp) -> QualityReport:
    """Score a cycle or a ramp against the fidelity features of Taylor et al. 2014 [S19]."""
    if isinstance(item, Ramp):
        return item.quality()
    if not isinstance(item, PDSA):
        raise DataError(f"quality() needs a PDSA cycle or a ramp; found {type(item).__name__}.")
    checks = [
        _prediction_check(item),
        _cycle_scale_check(item),
        _data_check(item),
        _study_check(item),
        _act_check(item),
    ]
    return QualityReport(sum(c.level == "ok" for c in checks), len(checks), checks)


@dataclass
class Ramp:
    """A linked series of cycles on one change idea, growing in scale [S16]."""

    change_idea: str = ""
    driver: str = ""
    cycles: list[PDSA] = field(default_factory=list)
    measure: str = ""
    #: The measure's values as the team typed them, one "date, value" per line.
    measure_data: str = ""

    def __post_init__(self) -> None:
        self.change_idea = fields.text(self.change_idea, "change_idea")
        self.driver = fields.text(self.driver, "driver")
        self.measure = fields.text(self.measure, "measure")
        self.measure_data = fields.text(self.measure_data, "measure_data")
        self.cycles = [c if isinstance(c, PDSA) else PDSA.from_dict(c) for c in self.cycles or []]
        numbers = [c.cycle_number for c in self.cycles]
        if len(set(numbers)) != len(numbers):
            raise DataError(
                "Two cycles in the ramp have the same cycle_number. Number the cycles 1, 2, 3..."
            )
        self.cycles.sort(key=lambda c: c.cycle_number)

    def add_cycle(self, **values: Any) -> PDSA:
        """Start the next cycle, carrying over the change idea, driver, aim and team."""
        last = self.cycles[-1] if self.cycles else None
        values.setdefault("cycle_number", (last.cycle_number + 1) if last else 1)
        values.setdefault("change_idea", self.change_idea)
        values.setdefault("driver", self.driver)
        if last is not None:
            values.setdefault("aim", last.aim)
            values.setdefault("team", last.team)
        cycle = PDSA(**values)
        if any(c.cycle_number == cycle.cycle_number for c in self.cycles):
            raise DataError(
                f"The ramp already has a cycle {cycle.cycle_number}. Choose the next number."
            )
        self.cycles.append(cycle)
        self.cycles.sort(key=lambda c: c.cycle_number)
        return cycle

    def to_dict(self) -> dict[str, Any]:
        return {
            "change_idea": self.change_idea,
            "driver": self.driver,
            "measure": self.measure,
            "measure_data": self.measure_data,
            "cycles": [c.to_dict() for c in self.cycles],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Ramp:
        data = fields.mapping(data, "ramp")
        fields.only_known(data, cls.__dataclass_fields__, "ramp")
        return cls(**data)

    def chart(self, width: int = 560):
        """The ramp drawn as a rising line of cycles (Altair)."""
        from qikit.improve.ramp_chart import ramp_chart

        return ramp_chart(self, width=width)

    def measure_ids(self) -> list[str]:
        """The measures any of the ramp's cycles should move, in the order first linked."""
        found: list[str] = []
        for cycle in self.cycles:
            found.extend(i for i in cycle.measure_ids if i not in found)
        return found

    def markers(self) -> list[dict[str, Any]]:
        """One marker per dated cycle, for drawing the cycles on the measure's run chart."""
        return [
            {
                "date": c.start_date.isoformat(),
                "label": f"PDSA {c.cycle_number}: {c.change_idea}"
                + (f" ({c.act_decision})" if c.act_decision else ""),
                "cycle_number": c.cycle_number,
            }
            for c in self.cycles
            if c.start_date is not None
        ]

    def quality(self) -> QualityReport:
        """Score the ramp on the five fidelity features [S19] and say what to improve."""
        cycles = self.cycles
        if not cycles:
            return QualityReport(
                0,
                5,
                [missing("cycles", "Plan the first cycle: what can you test by next Tuesday?")],
            )
        checks: list[Feedback] = []

        # The newest cycle may still be under way: judge its results only once it has them.
        last = cycles[-1]
        finished = cycles if last.stage in ("study", "act", "done") else cycles[:-1]

        def every(check, name: str, good: str, among: list[PDSA] = cycles) -> Feedback:
            failing = [c for c in among if check(c).level != "ok"]
            if not failing:
                return ok(name, good)
            first = failing[0]
            return Feedback(
                check(first).level, name, f"Cycle {first.cycle_number}: {check(first).message}"
            )

        checks.append(every(_prediction_check, "prediction", "Every cycle has predictions."))
        checks.append(self._scale_check())
        data = every(_data_check, "data", "Every finished cycle collected data.", finished)
        if data.level == "ok" and not last.data_what:
            data = missing(
                "data", f"Cycle {last.cycle_number}: plan the data before you run the test."
            )
        checks.append(data)
        checks.append(
            every(
                _study_check,
                "study",
                "Every finished cycle compared its results with the predictions.",
                finished,
            )
        )
        checks.append(self._linked_check())
        score = sum(c.level == "ok" for c in checks)
        if not self.driver and not any(c.driver for c in cycles):
            checks.append(
                improve(
                    "driver",
                    "Say which driver this change idea should move, so the ramp tests your theory.",
                )
            )
        return QualityReport(score, 5, checks)

    def _scale_check(self) -> Feedback:
        scales = [c.scale for c in self.cycles]
        if not scales[0]:
            return missing("scale", "Record the scale of cycle 1 (for example one patient).")
        if scale_rank(scales[0]) > scale_rank(SMALL_SCALE):
            return missing(
                "scale",
                f"The ramp starts on {SCALES[scales[0]]}. Start with a small test: one patient "
                "or one shift.",
            )
        known = [scale_rank(s) for s in scales if s]
        for before, after in zip(known, known[1:], strict=False):
            if after - before > 3:
                return improve(
                    "scale",
                    f"The ramp jumps from {SCALES[SCALE_ORDER[before]]} to "
                    f"{SCALES[SCALE_ORDER[after]]}. Add a middle step to test under more "
                    "conditions.",
                )
        if len(known) >= 3 and max(known) == known[0]:
            return improve(
                "scale",
                "The ramp has not grown beyond its first scale. When a test works, try it with "
                "more people or over more shifts.",
            )
        return ok("scale", "The ramp starts small and grows step by step.")

    def _linked_check(self) -> Feedback:
        cycles = self.cycles
        if len(cycles) < 2:
            return missing(
                "iteration",
                "One cycle is not a ramp. Use what you learned to plan cycle 2.",
            )
        numbers = [c.cycle_number for c in cycles]
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            return improve(
                "iteration", "Some cycle numbers are missing: is a cycle not written up?"
            )
        for before in cycles[:-1]:
            if not before.act_decision:
                return missing(
                    "iteration",
                    f"Cycle {before.cycle_number} has no Act decision, so the next cycle is not "
                    "linked to what it learned.",
                )
            if before.act_decision == "abandon":
                return improve(
                    "iteration",
                    f"Cycle {before.cycle_number} abandoned the idea but the ramp goes on. Start "
                    "a new ramp for a different change idea.",
                )
        ideas = {c.change_idea for c in cycles if c.change_idea}
        if len(ideas) > 1:
            return improve(
                "iteration",
                "The cycles test different change ideas. A ramp follows one idea; give each idea "
                "its own ramp.",
            )
        return ok("iteration", f"{len(cycles)} linked cycles, each building on the one before.")
