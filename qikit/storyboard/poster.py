"""The storyboard as a one-page poster: SVG, and PDF or PNG made from it offline by vl-convert.

The poster is laid out once on an A4 canvas (794 x 1123 units, 96 per inch); A3 is the same
layout printed larger (A3 is A4 scaled by the square root of 2), so nothing moves between sizes.
The PDF page is exactly A4 (595 x 842 points) or A3 (842 x 1191 points).
"""

from __future__ import annotations

import html
import textwrap
from pathlib import Path

import vl_convert as vlc

from qikit.errors import DataError
from qikit.storyboard.content import Storyboard
from qikit.storyboard.page import check_paper, storyboard_html
from qikit.storyboard.render import chart_svg, place

WIDTH, HEIGHT = 793.7, 1122.5  # A4 at 96 units per inch
PDF_POINTS = {"A4": (595.28, 841.89), "A3": (841.89, 1190.55)}
PNG_PIXELS = {"A4": (WIDTH, HEIGHT), "A3": (1122.5, 1587.4)}
MARGIN = 30.0
GAP = 18.0
BLUE, DARK, PALE = "#005eb8", "#1f1f1f", "#e8eef4"
FONT = "Helvetica, Arial, sans-serif"
FORMATS = (".html", ".svg", ".pdf", ".png")


def _text(x: float, y: float, lines: list[str], size: float, **style: str) -> tuple[str, float]:
    """Lines of text from (x, y); returns the SVG and the y below the last line."""
    fill = style.pop("fill", DARK)
    attrs = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in style.items())
    spans = []
    for i, line in enumerate(lines):
        dy = "0" if i == 0 else f"{size * 1.3:.1f}"
        spans.append(f'<tspan x="{x:.1f}" dy="{dy}">{html.escape(line)}</tspan>')
    svg = (
        f'<text x="{x:.1f}" y="{y + size:.1f}" font-family="{FONT}" font-size="{size}" '
        f'fill="{fill}" {attrs}>{"".join(spans)}</text>'
    )
    return svg, y + size * 1.3 * len(lines) + 4


def _wrap(text: str, width: float, size: float, most: int) -> list[str]:
    chars = max(10, int(width / (size * 0.52)))
    lines = textwrap.wrap(text, chars) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: max(0, chars - 3)].rstrip() + "..."
    return lines


def _heading(x: float, y: float, words: str) -> tuple[str, float]:
    return _text(x, y, [words], 15, font_weight="bold", fill=BLUE)


def _bullets(x: float, y: float, items: list[str], width: float, most: int) -> tuple[str, float]:
    parts = []
    for item in items or ["Nothing recorded yet."]:
        lines = _wrap(item, width - 12, 11, most)
        parts.append(_text(x, y, ["•"], 11)[0])
        svg, y = _text(x + 12, y, lines, 11)
        parts.append(svg)
    return "".join(parts), y


def poster_svg(board: Storyboard, paper: str = "A4", *, for_pdf: bool = False) -> str:
    """The poster as SVG text. ``for_pdf`` sizes the page in points for an exact paper size."""
    paper = check_paper(paper)
    page_w, page_h = (PDF_POINTS if for_pdf else PNG_PIXELS)[paper]
    inner = WIDTH - 2 * MARGIN
    half = (inner - GAP) / 2
    parts = [f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>']

    # Header band: team and project.
    parts.append(
        f'<rect x="{MARGIN}" y="{MARGIN}" width="{inner}" height="64" rx="6" fill="{BLUE}"/>'
    )
    title = _wrap(board.team, inner - 30, 24, 1)
    parts.append(_text(MARGIN + 15, MARGIN + 8, title, 24, font_weight="bold", fill="white")[0])
    sub = f"{board.project} · storyboard made {board.made_on:%d %B %Y}"
    parts.append(
        _text(MARGIN + 15, MARGIN + 40, _wrap(sub, inner - 30, 12, 1), 12, fill="white")[0]
    )
    y = MARGIN + 64 + GAP

    # Aim.
    svg, y = _heading(MARGIN, y, "Our aim")
    parts.append(svg)
    svg, y = _text(MARGIN, y, _wrap(board.aim, inner, 13, 3), 13)
    parts.append(svg)
    y += GAP / 2

    # Driver diagram | what we tested.
    top = y
    svg, y_left = _heading(MARGIN, top, "Our driver diagram")
    parts.append(svg)
    diagram_h = 190.0
    if board.driver_diagram is not None and board.driver_diagram.primary:
        drawn = chart_svg(board.driver_diagram.chart(width=700).to_dict())
        svg, diagram_h = place(drawn, MARGIN, y_left, half, diagram_h, "dd")
        parts.append(svg)
    else:
        parts.append(_text(MARGIN, y_left, ["No driver diagram saved yet."], 11)[0])
        diagram_h = 20.0
    right = MARGIN + half + GAP
    svg, y_right = _heading(right, top, "What we tested")
    parts.append(svg)
    svg, y_right = _text(right, y_right, _wrap(board.ramp_summary(), half, 11, 3), 11)
    parts.append(svg)
    for c in board.cycles.head(7).itertuples():
        when = f"{c.start:%d %b %Y}" if c.start is not None else ""
        line = f"Cycle {c.cycle} {when}: {c.scale}, {c.decision or 'no decision yet'}"
        svg, y_right = _text(right, y_right, _wrap(line, half, 10.5, 1), 10.5)
        parts.append(svg)
    y = max(y_left + diagram_h, y_right) + GAP

    # Measures: charts stacked in the space left above the learning panels.
    bottom_h = 170.0
    space = HEIGHT - MARGIN - bottom_h - GAP - y
    svg, y = _heading(MARGIN, y, "Our measures")
    parts.append(svg)
    space -= 24
    waiting = [line for text in board.waiting[:4] for line in _wrap(text, inner, 10, 2)]
    if waiting:
        space -= 13 * len(waiting) + 6
        parts.append(_text(MARGIN, y + space + 2, waiting, 10)[0])
    shown = board.measures[:4]
    if shown:
        columns = 2 if len(shown) > 2 else 1
        rows = -(-len(shown) // columns)
        cell_w = (inner - GAP * (columns - 1)) / columns
        cell_h = space / rows
        for i, panel in enumerate(shown):
            cx = MARGIN + (i % columns) * (cell_w + GAP)
            cy = y + (i // columns) * cell_h
            whose = f"{panel.label}. " if panel.label else ""
            caption = _wrap(f"{whose}{panel.caption}", cell_w, 10, 3)
            room = 13 * len(caption) + 8
            parts.append(place(chart_svg(panel.spec), cx, cy, cell_w, cell_h - room, f"m{i}")[0])
            parts.append(_text(cx, cy + cell_h - room + 2, caption, 10)[0])
    elif not waiting:
        parts.append(_text(MARGIN, y, ["No measures charted yet."], 11)[0])

    # What we learned | next steps, then the footer.
    y = HEIGHT - MARGIN - bottom_h
    parts.append(f'<line x1="{MARGIN}" x2="{WIDTH - MARGIN}" y1="{y - 8}" y2="{y - 8}" '
                 f'stroke="{PALE}" stroke-width="2"/>')  # fmt: skip
    svg, ly = _heading(MARGIN, y, "What we learned")
    parts.append(svg)
    parts.append(_bullets(MARGIN, ly, board.learned[-3:], half, 2)[0])
    svg, ry = _heading(right, y, "Next steps")
    parts.append(svg)
    parts.append(_bullets(right, ry, board.next_steps or ["Not decided yet."], half, 4)[0])
    footer = "Made with qikit." + (f" {board.note}" if board.note else "")
    parts.append(_text(MARGIN, HEIGHT - MARGIN - 12, [footer], 9, fill="#4d4d4d")[0])

    label = html.escape(f"Storyboard of {board.team}: {board.aim}", quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{page_w}" height="{page_h}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}">'
        + "".join(parts)
        + "</svg>"
    )


def poster_pdf(board: Storyboard, paper: str = "A4") -> bytes:
    """The poster as a one-page PDF at exactly A4 or A3."""
    return vlc.svg_to_pdf(poster_svg(board, paper, for_pdf=True))


def poster_png(board: Storyboard, paper: str = "A4", scale: float = 2.0) -> bytes:
    """The poster as a PNG picture (scale 2 gives about 190 dots per inch)."""
    return vlc.svg_to_png(poster_svg(board, paper), scale=scale)


def save(board: Storyboard, path: str | Path, paper: str = "A4") -> Path:
    """Write the storyboard; the ending chooses: .html (web page), .svg, .pdf or .png."""
    target = Path(path)
    ending = target.suffix.lower()
    if ending not in FORMATS:
        raise DataError(
            f"path: expected a name ending in {', '.join(FORMATS)}, found {target.name!r}. "
            "Choose .html to share by email, .pdf to print, .png for slides."
        )
    if ending == ".html":
        target.write_text(storyboard_html(board, paper), encoding="utf-8")
    elif ending == ".svg":
        target.write_text(poster_svg(board, paper), encoding="utf-8")
    elif ending == ".pdf":
        target.write_bytes(poster_pdf(board, paper))
    else:
        target.write_bytes(poster_png(board, paper))
    return target
