"""The interpretation trainer: questions with known answers, marking, and the learner's progress.

Each question is a teaching series from ``qikit.data.series`` (data plus ground truth: the pattern,
where it starts, the signal it must show). The learner says whether there is a signal, which rule
shows it and where; :func:`mark` compares that with the ground truth and with what the chart's
rules really find (the SPC engine, Anhøj rules), and says why in one or two sentences.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from qikit.data import series
from qikit.errors import DataError
from qikit.spc import SPCResult, spc
from qikit.spc.verdict import verdict

#: What a learner can say is the signal, in their words.
RULE_WORDS = {
    "long_run": "A long run on one side of the centre line (a shift)",
    "few_crossings": "Too few crossings of the centre line",
    "outside_limits": "A point outside the control limits",
    "trend": "A steady climb or fall (a trend)",
}
RULE_SHORT = {
    "long_run": "a long run (shift)",
    "few_crossings": "too few crossings",
    "outside_limits": "a point outside the limits",
    "trend": "a trend",
}
#: Levels: title, chart types, patterns (stable appears more often so that "no" is a real choice).
LEVELS = {
    1: ("Run charts", ("run",), ("stable", "stable", "shift", "trend", "too_few_runs", "cyclic")),
    2: ("Control charts (I chart)", ("i",), ("stable", "stable", "shift", "outlier", "trend")),
    3: (
        "Mixed charts with denominators (p and u)",
        ("p", "u"),
        ("stable", "stable", "shift", "outlier", "too_few_runs"),
    ),
}
PATTERN_WORDS = {
    "stable": "charts with only common-cause variation",
    "shift": "shifts",
    "trend": "trends",
    "outlier": "single points outside the limits",
    "too_few_runs": "too few crossings (slow swings)",
    "cyclic": "cycles",
}
#: How far (in points) the learner's "where" may be from the true start of a shift.
WHERE_TOLERANCE = {"shift": 2, "outlier": 0}
POINTS = 24


@dataclass
class Question:
    """One chart to read, with its ground truth and what the chart's rules find."""

    level: int
    number: int
    pattern: str
    chart: str
    start: int | None
    expected_signal: str
    description: str
    result: SPCResult = field(repr=False)
    found_rules: frozenset[str] = frozenset()

    @property
    def has_signal(self) -> bool:
        return self.expected_signal != "none"

    @property
    def accepted_rules(self) -> frozenset[str]:
        """Rules a learner may name: what the chart shows, plus the pattern's own name."""
        own = {"shift": "long_run", "trend": "trend", "outside_limits": "outside_limits"}
        own["few_crossings"] = "few_crossings"
        extra = {own[self.expected_signal]} if self.has_signal else set()
        return frozenset(self.found_rules | extra)


def _level(level: int) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    if level not in LEVELS:
        raise DataError(f"The trainer has levels 1, 2 and 3; found {level!r}. Choose 1, 2 or 3.")
    return LEVELS[level]


def question(level: int, number: int, seed: int = 2016) -> Question:
    """Question ``number`` (1, 2, ...) of ``level``; the same seed gives the same question."""
    _, charts, patterns = _level(level)
    rng = np.random.default_rng([seed, level, number])
    pattern = str(rng.choice(patterns))
    chart = str(rng.choice(charts))
    teaching = series(pattern, n=POINTS, seed=int(rng.integers(1, 2**31)), chart=chart)
    arguments = teaching.spc_arguments()
    arguments["improvement"] = teaching.improvement
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = spc(teaching.data, rules="anhoej", **arguments)
    return Question(
        level=level,
        number=number,
        pattern=pattern,
        chart=chart,
        start=teaching.start,
        expected_signal=teaching.expected_signal,
        description=teaching.description,
        result=result,
        found_rules=found_rules(result),
    )


def found_rules(result: SPCResult) -> frozenset[str]:
    """Which of the learner's rule choices the chart's rules really fire: read from
    :func:`qikit.spc.verdict.verdict`, the same reading as the chart's subtitle and
    ``explain()`` (a shift is the long-run choice)."""
    fired = verdict(result).keys_fired
    return frozenset("long_run" if key == "shift" else key for key in fired)


@dataclass(frozen=True)
class Answer:
    """What the learner says: a signal or not, which rule, and from which point (1-based)."""

    signal: bool
    rule: str | None = None
    where: int | None = None


@dataclass(frozen=True)
class Mark:
    """The verdict ("right", "partly right" or "wrong") and the feedback sentences."""

    verdict: str
    feedback: str
    pattern: str

    @property
    def right(self) -> bool:
        return self.verdict == "right"


def mark(q: Question, answer: Answer) -> Mark:
    """Mark an answer against the question's ground truth."""
    if answer.signal and answer.rule is not None and answer.rule not in RULE_WORDS:
        raise DataError(
            f"The rule should be one of: {', '.join(RULE_WORDS)}; found {answer.rule!r}."
        )
    truth = q.description
    if not q.has_signal:
        if not answer.signal:
            return Mark(
                "right", f"No signal indeed. {truth} Reacting to it would be tampering.", q.pattern
            )
        return Mark(
            "wrong",
            "There is no signal here, only the ups and downs every process has. "
            f"{truth} Seeing a signal in noise leads to changing things that were not broken.",
            q.pattern,
        )
    if not answer.signal:
        return Mark(
            "wrong",
            f"There is a signal. {truth} Missing it means missing a real change.",
            q.pattern,
        )
    problems = []
    if answer.rule not in q.accepted_rules:
        named = " and ".join(RULE_SHORT[r] for r in sorted(q.accepted_rules))
        chose = RULE_SHORT.get(answer.rule, "no rule")
        problems.append(f"the rule that shows it is {named}, not {chose}")
    tolerance = WHERE_TOLERANCE.get(q.pattern)
    if tolerance is not None and q.start is not None:
        if answer.where is None or abs(answer.where - q.start) > tolerance:
            said = "no point" if answer.where is None else f"point {answer.where}"
            problems.append(f"the change starts at point {q.start}, not {said}")
    if problems:
        return Mark(
            "partly right",
            f"There is a signal, but {'; and '.join(problems)}. {truth}",
            q.pattern,
        )
    return Mark("right", f"You read it correctly. {truth}", q.pattern)


@dataclass
class TrainerProgress:
    """A learner's answers so far: level, pattern and verdict of each question."""

    learner: str = "me"
    level: int = 1
    answers: list[dict] = field(default_factory=list)

    def record(self, q: Question, result: Mark) -> None:
        self.answers.append(
            {"level": q.level, "number": q.number, "pattern": q.pattern, "verdict": result.verdict}
        )

    @property
    def next_number(self) -> int:
        done = [a["number"] for a in self.answers if a["level"] == self.level]
        return max(done, default=0) + 1

    def score(self) -> tuple[float, int]:
        """Points (1 for right, 0.5 for partly right) and the number of questions answered."""
        value = {"right": 1.0, "partly right": 0.5}
        return sum(value.get(a["verdict"], 0.0) for a in self.answers), len(self.answers)

    def misreads(self) -> list[str]:
        """Sentences on the patterns misread most often, worst first."""
        tally: dict[str, list[int]] = {}
        for a in self.answers:
            wrong, seen = tally.setdefault(a["pattern"], [0, 0])
            tally[a["pattern"]] = [wrong + (a["verdict"] != "right"), seen + 1]
        lines = []
        for pattern, (wrong, seen) in sorted(tally.items(), key=lambda kv: (-kv[1][0], kv[0])):
            if wrong:
                words = PATTERN_WORDS[pattern]
                lines.append(f"You misread {wrong} of {seen} {words}.")
        return lines

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> TrainerProgress:
        try:
            answers = [
                {
                    "level": int(a["level"]),
                    "number": int(a["number"]),
                    "pattern": str(a["pattern"]),
                    "verdict": str(a["verdict"]),
                }
                for a in data.get("answers", [])
            ]
            return cls(str(data.get("learner", "me")), int(data.get("level", 1)), answers)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise DataError(
                "The saved trainer progress could not be read; it will start again from level 1."
            ) from None


def _file_name(learner: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", learner.strip().lower()).strip("-")
    if not slug:
        raise DataError("Type your name (or initials) so the trainer can keep your progress.")
    return f"{slug}.json"


def progress_path(folder: str | Path, learner: str) -> Path:
    """Where a learner's trainer progress is kept inside the workspace folder."""
    return Path(folder) / "trainer" / _file_name(learner)


def save_progress(progress: TrainerProgress, folder: str | Path) -> Path:
    """Write progress to the workspace folder in one step (a crash never leaves half a file)."""
    path = progress_path(folder, progress.learner)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as handle:
        json.dump(progress.to_dict(), handle, indent=1)
    os.replace(handle.name, path)
    return path


def load_progress(folder: str | Path, learner: str) -> TrainerProgress:
    """A learner's saved progress, or a fresh start if there is none."""
    path = progress_path(folder, learner)
    if not path.exists():
        return TrainerProgress(learner=learner)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, OSError):
        raise DataError(
            f"The saved trainer progress for {learner!r} could not be read; it will start again "
            "from level 1."
        ) from None
    progress = TrainerProgress.from_dict(data)
    progress.learner = learner
    return progress
