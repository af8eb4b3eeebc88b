"""Names written beside the points of a scatter (a funnel plot's wards) without overprinting.

:func:`place_point_labels` works in pixels: each point's name is tried to the right of it, to the
left, above and below, then further up or down with a thin line back to its point. A place is
taken only when the name's box clears every name already placed, every point's marker and the
edges of the chart. A name that finds no place is left off the chart (its point's tooltip still
names it) and listed, so the chart can say which names are not written.
"""

from __future__ import annotations

from dataclasses import dataclass

from qikit.plot.annotations import label_width

GAP = 3.0  # pixels between a name and anything near it
MARKER = 6.0  # half the width of a point's marker, in pixels
SHIFTS = 5  # how many rows up or down a name may move from its point, with a line back to it
REACH = 18.0  # pixels a moved name may also step sideways, away from a crowd


@dataclass(frozen=True)
class Placed:
    """Where one name is written: its anchor (pixels from the top left), alignment and box."""

    index: int
    text: str
    x: float
    y: float
    align: str  # "left", "right" or "center"
    box: tuple[float, float, float, float]  # left, top, right, bottom
    leader: bool  # True when a line joins the name to its point


def _clear(box, boxes, gap: float = GAP) -> bool:
    left, top, right, bottom = box
    return all(
        right + gap <= a or c + gap <= left or bottom + gap <= b or d + gap <= top
        for a, b, c, d in boxes
    )


def _segment(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    """Points every 2 pixels along a line, to test it against boxes."""
    steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) // 2))
    return [(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps) for k in range(steps + 1)]


def _crosses(line: list[tuple[float, float]], boxes) -> bool:
    return any(a <= x <= c and b <= y <= d for x, y in line for a, b, c, d in boxes)


def leader_end(place: Placed) -> tuple[float, float]:
    """Where the line from a moved name's point meets the name: its near edge, mid-height."""
    left, _, right, _ = place.box
    return (left - 1 if place.align == "left" else right + 1), place.y


def _candidates(px: float, py: float, w: float, h: float):
    """Places to try, nearest first: (anchor x, anchor y, align, box, leader)."""
    off = MARKER + GAP
    half = h / 2
    yield px + off, py, "left", (px + off, py - half, px + off + w, py + half), False
    yield px - off, py, "right", (px - off - w, py - half, px - off, py + half), False
    up, down = py - off - half, py + off + half
    yield px, up, "center", (px - w / 2, up - half, px + w / 2, up + half), False
    yield px, down, "center", (px - w / 2, down - half, px + w / 2, down + half), False
    moves = [
        (rows, reach)
        for rows in range(1, SHIFTS + 1)
        for reach in (0, 1, 2)
        if rows + reach <= SHIFTS + 1
    ]
    for rows, reach in sorted(moves, key=lambda m: m[0] + m[1]):
        for sign in (-1, 1):
            y = py + sign * rows * (h + GAP)
            right, left = px + off + reach * REACH, px - off - reach * REACH
            yield right, y, "left", (right, y - half, right + w, y + half), True
            yield left, y, "right", (left - w, y - half, left, y + half), True


def _first_place(i, text, px, py, w, h, size, others, names, lines):
    """The first place a name fits, and the line back to its point (or None, [])."""
    width, height = size
    for x, y, align, box, leader in _candidates(px, py, w, h):
        inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
        if not (inside and _clear(box, others)):
            continue
        grown = (box[0] - GAP, box[1] - GAP, box[2] + GAP, box[3] + GAP)
        if any(_crosses(line, [grown]) for line in lines):
            continue  # the name would sit on another name's line
        place = Placed(i, text, x, y, align, box, leader)
        line = _segment(px, py, *leader_end(place)) if leader else []
        if line and _crosses(line, names):
            continue  # its line would cross another name
        return place, line
    return None, []


def place_point_labels(
    xs: list[float],
    ys: list[float],
    texts: list[str],
    *,
    width: float,
    height: float,
    font_size: float,
    order: list[int] | None = None,
    numbered: bool = False,
) -> tuple[list[Placed], list[int]]:
    """Place each point's name where it overprints nothing; return the places and the left-out.

    ``xs`` and ``ys`` are the points in pixels from the top left of a plot ``width`` x ``height``;
    ``order`` says whose name is placed first (for example wards outside the limits); the rest
    follow left to right, right to left or the most crowded first, whichever writes the most
    names in full. With ``numbered``, a name that finds no room is written as a number
    (1, 2, ... in the order they are needed) where the number fits, for a key beside the chart.
    """
    h = font_size * 1.2
    points = zip(xs, ys, strict=True)
    markers = [(x - MARKER, y - MARKER, x + MARKER, y + MARKER) for x, y in points]
    first = list(order or [])
    rest = [i for i in range(len(xs)) if i not in first]

    def crowd(i: int) -> int:  # how many other points are within two rows of this one
        return sum(abs(xs[j] - xs[i]) < 60 and abs(ys[j] - ys[i]) < 2 * h for j in rest)

    orders = [
        sorted(rest, key=lambda i: xs[i]),
        sorted(rest, key=lambda i: -xs[i]),
        sorted(rest, key=lambda i: (-crowd(i), xs[i])),
    ]
    best = None
    for sequence in orders:  # the order that writes the most names in full wins
        found = _place(first + sequence, xs, ys, texts, markers, h, (width, height), font_size,
                       numbered)  # fmt: skip
        placed, left_out = found
        score = (len(left_out), sum(p.text != texts[p.index] for p in placed))
        if best is None or score < best[0]:
            best = (score, found)
    placed, left_out = best[1]
    return sorted(placed, key=lambda p: p.index), sorted(left_out)


def _place(sequence, xs, ys, texts, markers, h, size, font_size, numbered):
    """Place names in this order; return the places and the points left without a name."""
    placed: list[Placed] = []
    lines: list[list[tuple[float, float]]] = []  # the lines drawn from moved names to points
    left_out: list[int] = []
    numbers = 0
    for i in sequence:
        others = [m for j, m in enumerate(markers) if j != i] + [p.box for p in placed]
        names = [p.box for p in placed]
        texts_to_try = [texts[i]] + ([str(numbers + 1)] if numbered else [])
        place = None
        for text in texts_to_try:
            place, line = _first_place(
                i, text, xs[i], ys[i], label_width(text, font_size), h, size, others, names,
                lines,
            )  # fmt: skip
            if place:
                break
        if place is None:
            left_out.append(i)
            continue
        if place.text != texts[i]:
            numbers += 1
        placed.append(place)
        if line:
            lines.append(line)
    return placed, left_out


def overlaps(boxes: list[tuple[float, float, float, float]]) -> list[tuple[int, int]]:
    """Pairs of boxes that touch or cross (for tests and checks)."""
    return [
        (i, j)
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if not _clear(boxes[i], [boxes[j]], gap=0.0)
    ]
