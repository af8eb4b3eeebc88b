"""Synthetic data with known ground truth: a ward collaborative and teaching series.

Everything here is synthetic: no real patients, staff, wards or trusts.
"""

from qikit.data.collaborative import Collaborative, generate_collaborative
from qikit.data.parameters import parameter_table
from qikit.data.score import score_items
from qikit.data.teaching import CHARTS, PATTERNS, TeachingSeries, series

__all__ = [
    "CHARTS",
    "PATTERNS",
    "Collaborative",
    "TeachingSeries",
    "generate_collaborative",
    "parameter_table",
    "score_items",
    "series",
]
