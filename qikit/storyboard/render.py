"""Charts as SVG text (drawn offline by vl-convert), ready to place on a storyboard."""

from __future__ import annotations

import base64
import re
from typing import Any

import vl_convert as vlc

_ID = re.compile(r'\bid="([^"]+)"')


def chart_svg(spec: dict[str, Any]) -> str:
    """A Vega-Lite spec drawn as SVG text, with no script and no outside reference."""
    svg = vlc.vegalite_to_svg(spec)
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height an SVG asks for."""
    head = svg[: svg.index(">")]
    width = float(re.search(r'\bwidth="([\d.]+)', head).group(1))
    height = float(re.search(r'\bheight="([\d.]+)', head).group(1))
    return width, height


def unique_ids(svg: str, prefix: str) -> str:
    """Prefix every id (and every reference to it) so several SVGs can share one page."""
    ids = set(_ID.findall(svg))
    for name in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{name}"
        svg = svg.replace(f'id="{name}"', f'id="{new}"')
        svg = svg.replace(f"url(#{name})", f"url(#{new})")
        svg = svg.replace(f'href="#{name}"', f'href="#{new}"')
    return svg


def place(
    svg: str, x: float, y: float, width: float, height: float, prefix: str
) -> tuple[str, float]:
    """Nest an SVG inside another at (x, y), scaled to fit width x height, keeping its shape.

    Returns the nested SVG and the height it takes.
    """
    own_w, own_h = svg_size(svg)
    scale = min(width / own_w, height / own_h)
    head_end = svg.index(">")
    head, body = svg[:head_end], svg[head_end:]
    head = re.sub(r'\s(width|height|x|y)="[^"]*"', "", head)
    if "viewBox" not in head:
        head += f' viewBox="0 0 {own_w:g} {own_h:g}"'
    head += f' x="{x:.1f}" y="{y:.1f}" width="{own_w * scale:.1f}" height="{own_h * scale:.1f}"'
    return unique_ids(head + body, prefix), own_h * scale


def data_url(svg: str) -> str:
    """An SVG as a data: address, for an <img> in a self-contained web page."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
