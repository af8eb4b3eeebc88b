"""Making Data Count icons for dashboards: ``variation(result)`` and ``assurance(result)``.

Both return a small SVG picture as text, drawn by qikit (nothing is downloaded). Give a result
from ``qikit.spc`` (and, for a result with many series, the series name), or the icon's name
itself, such as ``variation("improvement_high")``.
"""

from __future__ import annotations

from typing import Any

from qikit.errors import DataError
from qikit.plot.icons import (
    ASSURANCE_KINDS,
    ASSURANCE_WORDS,
    VARIATION_KINDS,
    VARIATION_WORDS,
    assurance_svg,
    data_url,
    variation_svg,
)

__all__ = [
    "ASSURANCE_KINDS",
    "ASSURANCE_WORDS",
    "VARIATION_KINDS",
    "VARIATION_WORDS",
    "assurance",
    "data_url",
    "kind",
    "variation",
]


def kind(result: Any, column: str, facet: str | None = None) -> str:
    """The icon name a result's summary gives for its latest phase (``column`` names which)."""
    summary = getattr(result, "summary", None)
    if summary is None or column not in getattr(summary, "columns", ()):
        raise DataError(
            f"result: expected the result of qikit.spc(...) with a summary column '{column}', "
            f"found {type(result).__name__}. Run qikit.spc on your data first."
        )
    rows = summary
    if "facet" in summary.columns:
        names = list(dict.fromkeys(summary["facet"].astype(str)))
        if facet is None and len(names) > 1:
            raise DataError(
                f"facet: this result has {len(names)} series, so say which one, for example "
                f"facet={names[0]!r}. Found no facet."
            )
        if facet is not None:
            if str(facet) not in names:
                raise DataError(
                    f"facet: expected one of {', '.join(map(repr, names[:6]))}"
                    f"{' ...' if len(names) > 6 else ''}, found {facet!r}. "
                    "Check the spelling of the series name."
                )
            rows = summary[summary["facet"].astype(str) == str(facet)]
    if "part" in rows.columns:
        rows = rows.sort_values("part", kind="stable")
    return str(rows[column].iloc[-1])


def variation(result: Any, facet: str | None = None, *, size: int = 64) -> str:
    """The variation icon (what the latest point shows) as an SVG string."""
    name = result if isinstance(result, str) else kind(result, "variation_icon", facet)
    return variation_svg(name, size)


def assurance(result: Any, facet: str | None = None, *, size: int = 64) -> str:
    """The assurance icon (will the target be met?) as an SVG string.

    A result with no target, or with no direction of improvement, gives the "none" icon.
    """
    name = result if isinstance(result, str) else kind(result, "assurance", facet)
    return assurance_svg(name, size)
