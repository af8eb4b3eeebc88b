"""The kinds of things a team keeps in its workspace, and the table each lives in."""

from __future__ import annotations

from typing import Any

from qikit.errors import DataError
from qikit.improve import PDSA, Aim, DriverDiagram, MeasurementPlan, Ramp

#: kind -> (table, model class). The order is the order used in exports.
KINDS: dict[str, tuple[str, type]] = {
    "aim": ("aims", Aim),
    "driver_diagram": ("driver_diagrams", DriverDiagram),
    "pdsa": ("pdsas", PDSA),
    "ramp": ("ramps", Ramp),
    "measurement_plan": ("measurement_plans", MeasurementPlan),
}


def kind_of(item: Any) -> str:
    """The kind name for a model object."""
    for kind, (_, model) in KINDS.items():
        if isinstance(item, model):
            return kind
    raise DataError(
        f"The workspace keeps aims, driver diagrams, PDSA cycles, ramps and measurement plans; "
        f"it cannot keep a {type(item).__name__}."
    )


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise DataError(f"The kind should be one of: {', '.join(KINDS)}; found {kind!r}.")
    return kind


def label_for(item: Any) -> str:
    """A short name to show in lists of saved work."""
    if isinstance(item, Aim):
        text = item.text()
    elif isinstance(item, DriverDiagram):
        text = item.aim
    elif isinstance(item, PDSA):
        text = f"Cycle {item.cycle_number}: {item.change_idea}" if item.change_idea else ""
    elif isinstance(item, Ramp):
        text = item.change_idea
    else:
        text = item.title or item.aim
    return text[:120]
