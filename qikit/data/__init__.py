"""Synthetic data with known ground truth: a ward collaborative and teaching series.

Everything here is synthetic: no real patients, staff, wards or trusts.
"""

from qikit.data.collaborative import Collaborative, generate_collaborative

__all__ = ["Collaborative", "generate_collaborative"]
