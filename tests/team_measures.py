"""The team measure the thread tests share: violent incidents per 1,000 occupied bed days."""

from __future__ import annotations

from typing import Any

from qikit.improve import Measure

VIOLENCE = {
    "name": "Violent incidents per 1,000 occupied bed days",
    "type": "outcome",
    "form": "rate",
    "numerator": "Violent incidents",
    "denominator": "Occupied bed days",
    "multiplier": 1000,
    "chart_type": "u",
    "better": "lower",
}


def violence_measure(**changes: Any) -> Measure:
    """A u chart of violent incidents per 1,000 occupied bed days, lower is better (any field
    changed)."""
    return Measure(**{**VIOLENCE, **changes})
