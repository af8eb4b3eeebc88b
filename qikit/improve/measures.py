"""The family of measures and the operational definition of each.

Family of measures (outcome, process, balancing) per IHI/SHM [S5][S6][S7]; usually one outcome
measure, with at least one process and one balancing measure [S7]. An operational definition is one
that different people apply identically: name, numerator and denominator, multiplier, inclusions and
exclusions, criteria for judgements, data source, who collects, how often, sampling, chart type
[S8][S8b][S9c] (QI_REFERENCE 1.4-1.5).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from qikit.errors import DataError
from qikit.improve import fields
from qikit.improve.choose import CHART_NAMES, choose_chart
from qikit.improve.feedback import Feedback, improve, missing, ok

MEASURE_TYPES = ("outcome", "process", "balancing")
FORMS = ("count", "percentage", "rate", "average", "time between", "cases between")
BETTER = ("lower", "higher")
#: Rule sets a measure's chart can be read with (see :func:`qikit.spc`).
RULE_SETS = ("mdc", "anhoej", "ihi")
RULE_SET_NAMES = {"mdc": "Making Data Count", "anhoej": "Anhøj", "ihi": "IHI"}
#: The columns of a team's own file that hold a measure's data, remembered after the first upload.
UPLOAD_ROLES = ("date", "numerator", "denominator")
#: Words two people could read differently unless the definition says what they mean [S8][S9c].
VAGUE_WORDS = (
    "appropriate",
    "appropriately",
    "adequate",
    "adequately",
    "timely",
    "regular",
    "regularly",
    "properly",
    "proper",
    "good",
    "poor",
    "significant",
    "serious",
    "as needed",
    "promptly",
    "prompt",
    "sufficient",
    "correctly",
    "complete",
    "completed",
    "accurate",
    "on time",
    "high quality",
    "meaningful",
    "recent",
    "recently",
)
#: Charts that divide each week's count by its denominator.
_RATIO_CHARTS = ("p", "pp", "u", "up")
_FORM_FROM_CHART = {
    "count": "c",
    "percentage": "p",
    "rate": "u",
    "average": "i",
    "time between": "t",
    "cases between": "g",
}


@dataclass
class Measure:
    """One measure with its operational definition."""

    name: str = ""
    type: str = ""
    form: str = ""
    numerator: str = ""
    denominator: str = ""
    multiplier: float | None = None
    inclusions: str = ""
    exclusions: str = ""
    data_source: str = ""
    who_collects: str = ""
    how_often: str = ""
    sampling: str = ""
    chart_type: str = ""
    better: str = ""
    work_stream: str = ""
    source: str = ""
    #: The operational definition in the team's own words (what counts, and what does not).
    definition: str = ""
    #: How the charted value reads, such as "per 1,000 occupied bed days" or "%".
    unit: str = ""
    #: The goal, in the charted units (after the multiplier), if the team has one.
    target: float | None = None
    #: The rules the chart is read with: mdc, anhoej or ihi.
    rules: str = ""
    #: Columns of the team's own file, by role (date, numerator, denominator).
    upload_columns: dict[str, str] = field(default_factory=dict)
    #: Stable id: observations and PDSA cycles point at the measure with it.
    id: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        for name in (
            "name",
            "definition",
            "unit",
            "numerator",
            "denominator",
            "inclusions",
            "exclusions",
            "data_source",
            "who_collects",
            "how_often",
            "sampling",
            "work_stream",
            "source",
        ):
            setattr(self, name, fields.text(getattr(self, name), name))
        self.type = fields.choice(self.type, "type", MEASURE_TYPES)
        self.form = fields.choice(self.form, "form", FORMS)
        self.multiplier = fields.number(self.multiplier, "multiplier", minimum=0)
        if self.multiplier == 0:
            raise DataError(
                "The field 'multiplier' cannot be 0; use 100 for a percentage, 1,000 for a rate "
                "per 1,000 occupied bed days, or leave it blank."
            )
        self.chart_type = fields.choice(self.chart_type, "chart_type", CHART_NAMES)
        self.better = fields.choice(self.better, "better", BETTER)
        self.target = fields.number(self.target, "target")
        self.rules = fields.choice(self.rules, "rules", RULE_SETS)
        columns = fields.mapping(self.upload_columns or {}, "upload_columns")
        unknown = sorted(set(columns) - set(UPLOAD_ROLES))
        if unknown:
            raise DataError(
                f"The field 'upload_columns' names {', '.join(map(repr, unknown))}; it can only "
                f"say which column holds the {', '.join(UPLOAD_ROLES)}."
            )
        self.upload_columns = {
            role: fields.identifier(column, f"upload_columns {role}")
            for role, column in columns.items()
            if column
        }
        self.id = fields.identifier(self.id, "id") or uuid.uuid4().hex[:12]

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: Any) -> Measure:
        data = fields.mapping(data, "measure")
        fields.only_known(data, cls.__dataclass_fields__, "measure")
        return cls(**data)

    @property
    def likely_form(self) -> str:
        """The form as given, or as the name suggests ("% of", "rate of", "number of")."""
        if self.form:
            return self.form
        name = self.name.lower()
        if "%" in name or "percent" in name or "proportion" in name:
            return "percentage"
        if re.search(r"\bper\b|\brate\b", name):
            return "rate"
        if re.search(r"\bdays? between\b|\btime between\b", name):
            return "time between"
        if re.search(r"\bbetween\b", name):
            return "cases between"
        if re.search(r"\bnumber of\b|\bcount\b", name):
            return "count"
        if re.search(r"\baverage\b|\bmean\b|\bminutes\b|\bscore\b", name):
            return "average"
        return ""

    def suggested_chart(self) -> str:
        """The chart the chooser suggests for this measure's form, or '' if it is not known."""
        form = self.likely_form
        if not form:
            return ""
        if form == "count" and self.denominator:
            return choose_chart("rate").chart
        return _FORM_FROM_CHART[form]

    def feedback(self) -> list[Feedback]:
        """Would two people collecting this measure count the same things?"""
        label = self.name or "this measure"
        points: list[Feedback] = []

        def say(level_fn, field_name: str, message: str) -> None:
            points.append(level_fn(f"{label}: {field_name}", message))

        if not self.name:
            say(
                missing,
                "name",
                "Give the measure a name, such as 'Number of…', '% of…' or "
                "'Rate of… per 1,000 occupied bed days'.",
            )
        if not self.type:
            say(missing, "type", "Say whether this is an outcome, process or balancing measure.")
        form = self.likely_form
        if not form:
            say(
                improve,
                "form",
                "Say whether it is a count, a percentage, a rate, an average, or "
                "the time or cases between events.",
            )
        ratio_chart = self.chart_type in _RATIO_CHARTS
        if form in ("percentage", "rate") or ratio_chart:
            what = (
                f"A {form}"
                if form in ("percentage", "rate")
                else f"A {CHART_NAMES[self.chart_type]}"
            )
            if not self.numerator:
                say(missing, "numerator", f"{what} needs a numerator: what exactly is counted?")
            if not self.denominator:
                say(
                    missing,
                    "denominator",
                    f"{what} needs a denominator for every week: counted out of what (for "
                    "example occupied bed days, or shifts)? Without it the chart cannot be drawn "
                    "and two people will divide by different things.",
                )
            if (form == "rate" or self.chart_type in ("u", "up")) and self.multiplier is None:
                say(
                    missing,
                    "multiplier",
                    "A rate needs a multiplier: say per how many, for example 1,000 for 'per "
                    "1,000 occupied bed days'. Without it the chart shows tiny fractions.",
                )
            if form == "percentage" and self.multiplier not in (None, 100):
                say(
                    improve,
                    "multiplier",
                    f"A percentage is multiplied by 100, not {self.multiplier:g}.",
                )
        elif form == "count" and not self.numerator:
            say(
                improve, "numerator", "Say exactly what is counted (which events, which incidents)."
            )
        definition = " ".join(
            [self.name, self.numerator, self.denominator, self.inclusions, self.exclusions]
        ).lower()
        vague = [w for w in VAGUE_WORDS if re.search(rf"\b{re.escape(w)}\b", definition)]
        has_criterion = bool(re.search(r"\d", definition))
        if vague and not has_criterion:
            words = "', '".join(vague[:3])
            say(
                improve,
                "definition",
                f"'{words}' could be read differently by two people. "
                "Say exactly what counts, for example 'within 60 minutes' or 'all 7 items filled "
                "in'.",
            )
        if not (self.inclusions or self.exclusions):
            say(
                improve,
                "inclusions",
                "Say what is included and excluded (which wards, which "
                "patients, are days on leave counted?).",
            )
        gaps = [
            words
            for words, value in (
                ("where the data come from", self.data_source),
                ("who collects them", self.who_collects),
                ("how often", self.how_often),
            )
            if not value
        ]
        if gaps:
            say(missing, "data collection", f"The plan does not yet say {', '.join(gaps)}.")
        if not self.sampling:
            say(
                improve,
                "sampling",
                "Say whether you record every case or a sample (and how the sample is chosen).",
            )
        suggested = self.suggested_chart()
        if not self.chart_type:
            hint = f" The chooser suggests a {CHART_NAMES[suggested]}." if suggested else ""
            say(improve, "chart_type", "Choose a chart type." + hint)
        elif (
            suggested
            and self.chart_type not in (suggested, "run", "i")
            and not (
                {self.chart_type, suggested} <= {"p", "pp"}
                or {self.chart_type, suggested} <= {"u", "up", "c"}
                or {self.chart_type, suggested} <= {"g", "t"}
            )
        ):
            say(
                improve,
                "chart_type",
                f"A {CHART_NAMES[self.chart_type]} does not fit a {form}; "
                f"the chooser suggests a {CHART_NAMES[suggested]}.",
            )
        if not points:
            points.append(ok(label, "The definition is clear enough for two people to agree."))
        return points


@dataclass
class MeasurementPlan:
    """The family of measures for one aim."""

    aim: str = ""
    measures: list[Measure] = field(default_factory=list)
    title: str = ""

    def __post_init__(self) -> None:
        self.aim = fields.text(self.aim, "aim")
        self.title = fields.text(self.title, "title")
        self.measures = [
            m if isinstance(m, Measure) else Measure.from_dict(m) for m in self.measures or []
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "aim": self.aim,
            "title": self.title,
            "measures": [m.to_dict() for m in self.measures],
        }

    @classmethod
    def from_dict(cls, data: Any) -> MeasurementPlan:
        data = fields.mapping(data, "measurement plan")
        fields.only_known(data, cls.__dataclass_fields__, "measurement plan")
        return cls(**data)

    def of_type(self, measure_type: str) -> list[Measure]:
        return [m for m in self.measures if m.type == measure_type]

    def feedback(self) -> list[Feedback]:
        """Family-of-measures checks, then each measure's definition."""
        points: list[Feedback] = []
        if not self.measures:
            return [
                missing(
                    "measures",
                    "Add your measures: usually one outcome, a few process and at least one "
                    "balancing measure.",
                )
            ]
        outcomes = self.of_type("outcome")
        if not outcomes:
            points.append(
                missing("outcome", "Add an outcome measure: how will you know the aim is met?")
            )
        elif len(outcomes) > 1:
            names = "', '".join(m.name for m in outcomes)
            points.append(
                improve(
                    "outcome",
                    f"There are {len(outcomes)} outcome measures ('{names}'). Usually one is "
                    "enough; several suggest the aim is too broad.",
                )
            )
        else:
            points.append(ok("outcome", "One outcome measure, matching the aim."))
        if not self.of_type("process"):
            points.append(
                missing(
                    "process",
                    "Add a process measure: are the changes actually happening, reliably?",
                )
            )
        if not self.of_type("balancing"):
            points.append(
                missing(
                    "balancing",
                    "Add a balancing measure: could the change cause a problem elsewhere (for "
                    "example more PRN medication, staff injuries or absconding)?",
                )
            )
        names = [m.name.lower() for m in self.measures if m.name]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            points.append(
                improve("measures", f"The measure '{repeated[0]}' appears more than once.")
            )
        for m in self.measures:
            points.extend(m.feedback())
        return points
