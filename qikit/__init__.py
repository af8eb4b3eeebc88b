"""qikit: a coaching workbook and teaching kit for quality improvement in mental health services.

The public API::

    import qikit
    result = qikit.spc(data, y="incidents", n="bed_days", x="week", chart="u", rules="mdc")
    chart = qikit.plot(result)
    qikit.save(chart, "incidents.png")
    qikit.choose_chart(...)           # which chart suits your data, and why
    qikit.datasets.load("weekly")     # the synthetic collaborative's data
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import qikit.lean_imports  # noqa: F401 - first, before anything imports Altair
from qikit.errors import DataError

# ``spc`` and ``plot`` are subpackages and functions alike: importing the functions here, after
# their packages, keeps ``qikit.spc(...)`` and ``qikit.plot(...)`` the functions for good.
from qikit.plot import plot, save
from qikit.spc import SPCResult, SPCWarning, spc

try:
    __version__ = version("qikit")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

# Names loaded on first use.
_LAZY = {
    "choose_chart": ("qikit.improve", "choose_chart"),
    "datasets": ("qikit.datasets", None),
    "data": ("qikit.data", None),
    "icons": ("qikit.icons", None),
    "improve": ("qikit.improve", None),
    "store": ("qikit.store", None),
    "open_workspace": ("qikit.store", "open_workspace"),
    "exercises": ("qikit.exercises", None),
    "culture": ("qikit.culture", None),
    "reliability": ("qikit.reliability", None),
    "collaborative": ("qikit.collaborative", None),
    "storyboard": ("qikit.storyboard", None),
    "sharing": ("qikit.sharing", None),
    "teaching": ("qikit.teaching", None),
    "privacy": ("qikit.privacy", None),
}

__all__ = ["DataError", "SPCResult", "SPCWarning", "__version__", "plot", "save", "spc", *_LAZY]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'qikit' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
