"""The gallery page: one card per workbook with its learning objectives and the time it takes.

Cards come from each notebook's metadata (``metadata["qikit"]``: title, minutes, objectives, order),
so a workbook describes itself in one place.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote


@dataclass(frozen=True)
class Card:
    """What the gallery shows for one workbook."""

    path: str
    title: str
    minutes: int | None
    objectives: list[str] = field(default_factory=list)
    order: int = 999


def read_card(notebook: Path, root: Path) -> Card:
    """Read the gallery card of one notebook; fall back to its file name."""
    meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {}).get("qikit", {})
    title = meta.get("title") or notebook.stem.replace("_", " ").strip().capitalize()
    minutes = meta.get("minutes")
    return Card(
        path=notebook.relative_to(root).as_posix(),
        title=str(title),
        minutes=int(minutes) if minutes is not None else None,
        objectives=[str(o) for o in meta.get("objectives", [])],
        order=int(meta.get("order", 999)),
    )


def cards(root: Path) -> list[Card]:
    """Every workbook under ``root``, in teaching order."""
    found = [
        read_card(nb, root)
        for nb in root.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in nb.parts and not nb.name.startswith("_")
    ]
    return sorted(found, key=lambda c: (c.order, c.path))


def _text(value: str) -> str:
    """Escape for HTML, and for the Jinja template the cards are included in."""
    return html.escape(value).replace("{", "&#123;").replace("}", "&#125;")


def render_cards(items: list[Card], base_url: str = "{{ base_url }}") -> str:
    """The HTML list of cards, every text escaped.

    By default the links start with the Jinja expression ``{{ base_url }}``, filled in by Voilà when
    it renders the gallery page, so they work under any base URL.
    """
    if not items:
        return '<p class="muted">No workbooks were found in this folder.</p>'
    parts = ['<ul class="cards">']
    for card in items:
        href = f"{base_url}voila/render/{_text(quote(card.path))}"
        time = (
            f'<p class="time">About {card.minutes} minutes</p>' if card.minutes is not None else ""
        )
        objectives = "".join(f"<li>{_text(o)}</li>" for o in card.objectives)
        objective_block = (
            f'<p class="muted">You will be able to:</p><ul>{objectives}</ul>' if objectives else ""
        )
        parts.append(
            f'<li class="card"><h2><a href="{href}">{_text(card.title)}</a></h2>'
            f"{time}{objective_block}</li>"
        )
    parts.append("</ul>")
    return "".join(parts)
