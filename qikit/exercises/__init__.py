"""Self-paced exercises with instant feedback, one module per topic.

    from qikit.exercises import run_charts as ex
    ex.q1.check(answer)   # correct, incorrect (with a pointer) or not attempted
    ex.q1.hint()          # the next hint each time
    ex.q1.solution()      # the answer and the reasoning

Kinds of exercise: :class:`MultipleChoice`, :class:`Numeric`, :class:`Computed` (a value worked
out from the data), :class:`ChartReading` (signal, rule, first point), :class:`PlanCheck` (an aim,
PDSA or measure judged by the planning models' feedback) and, for any of them, ``.widget()`` to
answer by pointing and clicking. Progress is kept in the team workspace folder.
"""

from qikit.exercises.kinds import (
    ChartReading,
    Computed,
    Exercise,
    MultipleChoice,
    Numeric,
    PlanCheck,
)
from qikit.exercises.outcome import CORRECT, INCORRECT, NOT_ATTEMPTED, Note, Outcome
from qikit.exercises.plain_errors import install as _install_plain_errors
from qikit.exercises.summary import ProgressSummary, progress_summary
from qikit.exercises.topics import TOPIC_MODULES, Topic, all_topics, find_topic

# In a notebook, an answer typed without its quotes is answered with a sentence, not a traceback.
_install_plain_errors()

__all__ = [
    "CORRECT",
    "ChartReading",
    "Computed",
    "Exercise",
    "INCORRECT",
    "MultipleChoice",
    "NOT_ATTEMPTED",
    "Note",
    "Numeric",
    "Outcome",
    "PlanCheck",
    "ProgressSummary",
    "TOPIC_MODULES",
    "Topic",
    "all_topics",
    "find_topic",
    "progress_summary",
]
