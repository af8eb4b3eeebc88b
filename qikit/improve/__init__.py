"""Planning improvement: aims, driver diagrams, PDSA cycles and ramps, measurement plans.

Every model is a plain dataclass with ``feedback()`` (coaching points in plain English),
``to_dict()`` and ``from_dict()`` (JSON-safe, for the team workspace and for export).
"""

from qikit.improve.aim import Aim
from qikit.improve.aim_text import read_aim_text
from qikit.improve.choose import CHART_NAMES, ChartChoice, choose_chart
from qikit.improve.coproduction import ROLES, Contributor
from qikit.improve.driver_diagram import ChangeIdea, DriverDiagram, PrimaryDriver, SecondaryDriver
from qikit.improve.feedback import Feedback
from qikit.improve.library import change_ideas, measures, work_streams
from qikit.improve.measures import Measure, MeasurementPlan
from qikit.improve.pdsa import PDSA, SCALES, QualityReport, Question, Ramp, quality

__all__ = [
    "Aim",
    "CHART_NAMES",
    "ChangeIdea",
    "ChartChoice",
    "Contributor",
    "DriverDiagram",
    "Feedback",
    "Measure",
    "MeasurementPlan",
    "PDSA",
    "PrimaryDriver",
    "QualityReport",
    "Question",
    "ROLES",
    "Ramp",
    "SCALES",
    "SecondaryDriver",
    "change_ideas",
    "choose_chart",
    "measures",
    "quality",
    "read_aim_text",
    "work_streams",
]
