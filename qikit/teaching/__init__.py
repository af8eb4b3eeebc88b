"""The calculations behind the study apps: run-chart readings, uploads, the interpretation trainer
and the classic live demonstrations (Deming's red beads and funnel).

Nothing here draws widgets; the apps in ``qikit.apps`` wire these functions to the page.
The simulations are ``qikit.teaching.red_bead.red_bead()`` and ``qikit.teaching.funnel.funnel()``
(not exported here, so that the module names stay importable).
"""

from qikit.teaching.funnel import FUNNEL_RULES, funnel_comparison, funnel_spread
from qikit.teaching.red_bead import red_bead_p_chart, worker_totals
from qikit.teaching.run_rules import RuleVerdict, RunChartReading, parse_values, read_run_chart
from qikit.teaching.trainer import (
    Answer,
    Mark,
    Question,
    TrainerProgress,
    load_progress,
    mark,
    question,
    save_progress,
)
from qikit.teaching.upload import (
    MAX_UPLOAD_BYTES,
    ColumnMap,
    check_size,
    guess_columns,
    map_columns,
    read_upload,
)

__all__ = [
    "FUNNEL_RULES",
    "MAX_UPLOAD_BYTES",
    "Answer",
    "ColumnMap",
    "Mark",
    "Question",
    "RuleVerdict",
    "RunChartReading",
    "TrainerProgress",
    "check_size",
    "funnel_comparison",
    "funnel_spread",
    "guess_columns",
    "load_progress",
    "map_columns",
    "mark",
    "parse_values",
    "question",
    "read_run_chart",
    "read_upload",
    "red_bead_p_chart",
    "save_progress",
    "worker_totals",
]
