"""Making Data Count variation and assurance icons, drawn by qikit as small SVG pictures.

The variation icon says what the latest point shows (common cause, or special cause improvement,
concern or neither, high or low). The assurance icon says whether the process will meet its target
(pass every time, fail every time, or hit and miss). Colour is never the only cue: each icon
carries a letter (H, L, P, F, ?) and the same point shapes as the chart (diamond improvement,
square concern, triangle neither, circle common cause). Each picture has a title for screen readers.
"""

from __future__ import annotations

import base64
import html
from functools import lru_cache

from qikit.errors import DataError
from qikit.plot import theme

VARIATION_KINDS = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)
ASSURANCE_KINDS = ("pass", "fail", "hit_and_miss", "none")

VARIATION_WORDS = {
    "common_cause": "Common cause variation: no sign of change",
    "improvement_high": "Special cause improvement: the latest point is unusually high",
    "improvement_low": "Special cause improvement: the latest point is unusually low",
    "concern_high": "Special cause concern: the latest point is unusually high",
    "concern_low": "Special cause concern: the latest point is unusually low",
    "neutral_high": "Special cause, neither better nor worse: the latest point is unusually high",
    "neutral_low": "Special cause, neither better nor worse: the latest point is unusually low",
}
ASSURANCE_WORDS = {
    "pass": "The process will meet the target every time, unless something changes",
    "fail": "The process will miss the target every time, unless something changes",
    "hit_and_miss": "The process will sometimes meet and sometimes miss the target",
    "none": "No assurance: no target or no direction of improvement was set",
}

_COLOUR = {
    "common": theme.COMMON_CAUSE,
    "improvement": theme.IMPROVEMENT,
    "concern": theme.CONCERN,
    "neutral": theme.NEUTRAL,
}
_SIZE = 100


def _marker(shape: str, x: float, y: float, colour: str, r: float = 5.0) -> str:
    """One data point in the icon, with the same shape as on the chart."""
    if shape == "diamond":
        pts = f"{x},{y - r * 1.3} {x + r * 1.1},{y} {x},{y + r * 1.3} {x - r * 1.1},{y}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}" fill="{colour}"/>'
    if shape == "triangle":
        pts = f"{x},{y - r * 1.2} {x + r * 1.1},{y + r * 0.9} {x - r * 1.1},{y + r * 0.9}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    return f'<circle cx="{x}" cy="{y}" r="{r * 0.85}" fill="{colour}"/>'


def _frame(colour: str, title: str, body: str, size: int) -> str:
    label = html.escape(title, quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {_SIZE} {_SIZE}" role="img" aria-label="{label}">'
        f"<title>{label}</title>"
        f'<circle cx="50" cy="50" r="45" fill="white" stroke="{colour}" stroke-width="7"/>'
        f"{body}</svg>"
    )


def _letter(text: str, y: float, colour: str) -> str:
    return (
        f'<text x="50" y="{y}" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" '
        f'font-size="30" font-weight="bold" fill="{colour}">{text}</text>'
    )


@lru_cache(maxsize=32)
def variation_svg(kind: str, size: int = 64) -> str:
    """The variation icon for one of :data:`VARIATION_KINDS`, as an SVG string."""
    if kind not in VARIATION_KINDS:
        raise DataError(
            f"variation icon: expected one of {', '.join(VARIATION_KINDS)}, found {kind!r}. "
            "Use the variation_icon column of the SPC summary."
        )
    if kind == "common_cause":
        colour, shape, ys, letter = theme.COMMON_CAUSE, "circle", (50, 58, 44, 55, 47, 56, 49), ""
    else:
        group, side = kind.split("_")
        colour = _COLOUR[group]
        shape = {"improvement": "diamond", "concern": "square", "neutral": "triangle"}[group]
        ys = (58, 52, 60, 54, 36, 34, 32) if side == "high" else (42, 48, 40, 46, 64, 66, 68)
        letter = "H" if side == "high" else "L"
    xs = (20, 30, 40, 50, 60, 70, 80)
    path = " ".join(f"{x},{y}" for x, y in zip(xs, ys, strict=True))
    body = f'<polyline points="{path}" fill="none" stroke="#7f7f7f" stroke-width="2.5"/>'
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        special = letter and i >= 4
        body += _marker(shape if special else "circle", x, y, colour if special else "#7f7f7f")
    if letter == "H":
        body += _letter("H", 86, colour)
    elif letter == "L":
        body += _letter("L", 32, colour)
    return _frame(colour, VARIATION_WORDS[kind], body, size)


@lru_cache(maxsize=16)
def assurance_svg(kind: str, size: int = 64) -> str:
    """The assurance icon for one of :data:`ASSURANCE_KINDS`, as an SVG string."""
    if kind not in ASSURANCE_KINDS:
        raise DataError(
            f"assurance icon: expected one of {', '.join(ASSURANCE_KINDS)}, found {kind!r}. "
            "Use the assurance column of the SPC summary."
        )
    colour, letter, target_y = {
        "pass": (theme.IMPROVEMENT, "P", 78),
        "fail": (theme.CONCERN, "F", 22),
        "hit_and_miss": (theme.COMMON_CAUSE, "?", 50),
        "none": (theme.COMMON_CAUSE, "\u2013", None),
    }[kind]
    body = (
        '<line x1="18" y1="32" x2="82" y2="32" stroke="#7f7f7f" stroke-width="2.5"/>'
        '<line x1="18" y1="68" x2="82" y2="68" stroke="#7f7f7f" stroke-width="2.5"/>'
    )
    if target_y is not None:
        body += (
            f'<line x1="12" y1="{target_y}" x2="88" y2="{target_y}" stroke="{theme.TARGET}" '
            'stroke-width="3" stroke-dasharray="5 3"/>'
        )
    letter_colour = "#595959" if colour == theme.COMMON_CAUSE else colour
    body += _letter(html.escape(letter), 61, letter_colour)
    return _frame(colour, ASSURANCE_WORDS[kind], body, size)


def data_url(svg: str) -> str:
    """An SVG picture as a ``data:`` address, so charts can show it with no download."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
