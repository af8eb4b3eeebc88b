"""Statistical process control: run charts and control charts with their signals.

``spc()`` is the one entry point; it returns an ``SPCResult`` with a per-point table, a summary
per series and part, plain-English notes and ``explain()``.
"""

from qikit.spc.api import POINT_COLUMNS, SUMMARY_COLUMNS, SPCResult, spc
from qikit.spc.charts import CALCULATORS
from qikit.spc.validate import SPCWarning

CHART_TYPES = tuple(CALCULATORS)

__all__ = [
    "spc",
    "SPCResult",
    "SPCWarning",
    "CHART_TYPES",
    "POINT_COLUMNS",
    "SUMMARY_COLUMNS",
]
