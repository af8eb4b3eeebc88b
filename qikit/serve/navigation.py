"""Back and Next on every page: "Back to the gallery" and the next page in teaching order.

The workbooks are one sequence, in the gallery's order; the exercise pages are another (each
topic in its order, then the progress page); the facilitator's pages are a third. Each page
links to the next page of its own sequence: "Next workbook: <title>" or "Next exercise:
<title>"; the last page of a sequence has only "Back to the gallery".

Voilà's page template knows the notebook's file name without its folder (``05_run_charts``) and
the notebook's own metadata, but not the address it was opened at. A workbook and an exercise
may share a file name (``05_run_charts.ipynb`` is both), so each page is found by its file name
and its title. ``qikit serve`` writes the table, as a Jinja file the template imports, when it
lays out the template. "Back to the gallery" leads to :data:`GALLERY`; links are relative to the
server's base URL, so they work under any.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from qikit.serve.gallery import EXERCISES_FOLDER, Card, cards, delegate_cards, facilitator_cards

#: The gallery's address, relative to the base URL: Voilà's tree, which ``qikit serve`` also
#: answers at the base URL itself and which Voilà as a JupyterHub server extension answers too
#: (there the base URL itself is JupyterLab's).
GALLERY = "voila/tree"
#: The Jinja file the page template imports ``qikit_pages`` from.
PAGES_TEMPLATE = "qikit_pages.j2"


@dataclass(frozen=True)
class PageLinks:
    """Where one served page leads: its address and title, and the next page's, if any."""

    path: str
    title: str
    next_path: str | None = None
    next_title: str | None = None
    #: "Next workbook" or "Next exercise".
    next_label: str = "Next workbook"

    @property
    def stem(self) -> str:
        return PurePosixPath(self.path).stem


def address(path: str) -> str:
    """A notebook's page address, relative to the server's base URL."""
    return f"voila/render/{quote(path)}"


def _sequence(items: list[Card], label: str) -> list[PageLinks]:
    links = []
    for index, here in enumerate(items):
        after = items[index + 1] if index + 1 < len(items) else None
        links.append(
            PageLinks(
                path=here.path,
                title=here.title,
                next_path=after.path if after else None,
                next_title=after.title if after else None,
                next_label=label,
            )
        )
    return links


def exercise_pages(folder: Path | None, prefix: str = EXERCISES_FOLDER) -> list[Card]:
    """Every exercise page in ``folder`` (the topics and the progress page), in teaching order,
    with paths under ``prefix``."""
    if folder is None or not folder.is_dir():
        return []
    found = cards(folder)
    return [Card(**{**card.__dict__, "path": f"{prefix}/{card.path}"}) for card in found]


def page_links(workbooks: Path, exercises: Path | None = None) -> list[PageLinks]:
    """Back and Next for every workbook and every exercise page served from ``workbooks``;
    ``exercises`` (else the workbooks folder's ``exercises/``) is served under ``exercises/``."""
    folder = exercises if exercises is not None else workbooks / EXERCISES_FOLDER
    return (
        _sequence(delegate_cards(workbooks), "Next workbook")
        + _sequence(facilitator_cards(workbooks), "Next facilitator's page")
        + _sequence(exercise_pages(folder), "Next exercise")
    )


def jinja_literal(value: object) -> str:
    """``value`` (text, lists and dicts of text) written as a Jinja literal: ASCII only, with no
    character that could start or end a Jinja tag inside a string (Jinja reads a string's
    escapes as Python does, so ``\\u007b`` is read back as ``{``)."""
    if isinstance(value, dict):
        items = ", ".join(f"{jinja_literal(k)}: {jinja_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list):
        return "[" + ", ".join(jinja_literal(v) for v in value) + "]"
    text = json.dumps(str(value), ensure_ascii=True)
    for char in "{}%#":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def pages_table(links: list[PageLinks]) -> dict[str, list[dict[str, str]]]:
    """The table the template looks a page up in: by file name, one entry per page with it."""
    table: dict[str, list[dict[str, str]]] = {}
    for link in links:
        entry = {"title": link.title}
        if link.next_path:
            entry |= {
                "next": address(link.next_path),
                "next_title": link.next_title or "",
                "label": link.next_label,
            }
        table.setdefault(link.stem, []).append(entry)
    return table


def render_pages_template(links: list[PageLinks]) -> str:
    """The Jinja file that gives the page template ``qikit_pages``."""
    return (
        "{#- Written by qikit serve (qikit/serve/navigation.py): each page's next page. -#}\n"
        f"{{%- set qikit_pages = {jinja_literal(pages_table(links))} -%}}\n"
    )
