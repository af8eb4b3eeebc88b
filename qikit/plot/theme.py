"""The look of every qikit chart: Making Data Count colours and two registered Altair themes.

``qikit`` is the everyday theme: clear type, no chart junk, big enough to read on a projector at
the back of a ward meeting room. ``qikit_projector`` is for live demonstrations: larger type and
thicker lines. Both are registered with Altair when :mod:`qikit.plot` is imported, and
:func:`qikit.plot.plot` writes the chosen theme into each chart, so exports look the same as the
screen whatever theme the notebook has enabled.
"""

from __future__ import annotations

import copy
from typing import Any

import altair as alt

# Making Data Count colours (NHSRplotthedots defaults, QI_REFERENCE 5.2).
IMPROVEMENT = "#00b0f0"
CONCERN = "#e46c0a"
NEUTRAL = "#490092"
COMMON_CAUSE = "#a6a6a6"
CENTRE_LINE = "#000000"
LIMITS = "#6b6b6b"
TARGET = "#de1b1b"
DATA_LINE = "#7f7f7f"
BASELINE_SHADE = "#e8eef4"
ANNOTATION = "#3d3d3d"
TEXT = "#1f1f1f"

# What each point says, its colour and a second cue (shape) for colour-blind readers.
STATUSES = ("common cause", "improvement", "concern", "neutral")
STATUS_COLOURS = (COMMON_CAUSE, IMPROVEMENT, CONCERN, NEUTRAL)
STATUS_SHAPES = ("circle", "diamond", "square", "triangle-up")
STATUS_LABELS = (
    "Common cause",
    "Special cause: improvement",
    "Special cause: concern",
    "Special cause: neither better nor worse",
)

# Line dashes: control limits solid, trial limits dashed.
LIMIT_KINDS = ("limits", "trial limits")
LIMIT_DASHES = ([1, 0], [8, 5])
TARGET_DASH = [2, 3]

FONT = "'Source Sans 3', 'Segoe UI', Helvetica, Arial, sans-serif"

THEMES = ("qikit", "qikit_projector")


def _config(scale: float, line: float) -> dict[str, Any]:
    """Theme settings; ``scale`` multiplies type sizes, ``line`` sets the data line width."""

    def size(points: float) -> int:
        return round(points * scale)

    return {
        "config": {
            "font": FONT,
            "background": "white",
            "padding": 8,
            "view": {"stroke": None, "continuousWidth": 640, "continuousHeight": 320},
            "title": {
                "fontSize": size(18),
                "subtitleFontSize": size(14),
                "subtitleColor": "#3d3d3d",
                "color": TEXT,
                "anchor": "start",
                "offset": 10,
                "subtitlePadding": 4,
            },
            "axis": {
                "labelFontSize": size(13),
                "titleFontSize": size(14),
                "titleFontWeight": "normal",
                "labelColor": TEXT,
                "titleColor": TEXT,
                "domainColor": "#767676",
                "tickColor": "#767676",
                "gridColor": "#ececec",
                "labelLimit": 260,
            },
            "axisX": {"grid": False},
            "axisY": {"grid": True, "tickCount": 6},
            "legend": {
                "labelFontSize": size(13),
                "titleFontSize": size(13),
                "orient": "bottom",
                "direction": "horizontal",
                "symbolSize": round(90 * scale),
                "labelLimit": 320,
            },
            "header": {"labelFontSize": size(13), "titleFontSize": size(14)},
            "text": {"fontSize": size(12), "color": TEXT},
            "line": {"strokeWidth": line},
            "point": {"size": round(45 * scale), "filled": True},
            "rule": {"strokeWidth": max(1.0, line * 0.75)},
        }
    }


def theme_config(name: str = "qikit") -> dict[str, Any]:
    """The settings of a qikit theme, as a fresh dictionary (``qikit`` or ``qikit_projector``)."""
    if name in ("projector", "qikit_projector"):
        return _config(scale=1.45, line=3.0)
    if name in ("qikit", None):
        return _config(scale=1.0, line=1.75)
    from qikit.errors import DataError

    raise DataError(
        f"theme: expected one of {', '.join(THEMES)} (or 'projector'), found {name!r}. "
        "Leave it out for the everyday look, or choose 'projector' for a live demonstration."
    )


def line_width(name: str = "qikit") -> float:
    """Width of the data line in a theme."""
    return float(theme_config(name)["config"]["line"]["strokeWidth"])


def _register() -> None:
    @alt.theme.register("qikit", enable=False)
    def _qikit() -> alt.theme.ThemeConfig:
        return alt.theme.ThemeConfig(copy.deepcopy(theme_config("qikit")))

    @alt.theme.register("qikit_projector", enable=False)
    def _projector() -> alt.theme.ThemeConfig:
        return alt.theme.ThemeConfig(copy.deepcopy(theme_config("qikit_projector")))


_register()


def use_theme(name: str = "qikit") -> None:
    """Make a qikit theme the look of every Altair chart in this session."""
    theme_config(name)  # checks the name
    alt.theme.enable("qikit_projector" if name in ("projector", "qikit_projector") else "qikit")
