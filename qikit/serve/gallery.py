"""The gallery page: one card per workbook with its learning objectives and the time it takes,
then the exercises, one card per topic with the learner's progress.

Cards come from each notebook's metadata (``metadata["qikit"]``: title, minutes, objectives, order;
an exercise notebook adds its ``topic`` and number of ``exercises``), so a notebook describes itself
in one place. The exercises are served from the ``exercises/`` subfolder of the served folder
(``qikit serve`` puts them there); their progress is read from the learner's progress file each
time the gallery is opened, through the ``qikit_exercise_progress`` function that ``qikit serve``
gives the page's template.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field, replace
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
    #: For an exercise notebook: its topic (``run_charts``) and how many exercises it holds.
    topic: str = ""
    exercises: int = 0
    #: "facilitator" for a page only the facilitator uses (listed in its own section, and left
    #: out of the delegates' Back and Next); "" for everyone.
    audience: str = ""

    @property
    def for_facilitator(self) -> bool:
        return self.audience == FACILITATOR


#: The subfolder of the served folder that holds the exercise notebooks.
EXERCISES_FOLDER = "exercises"
#: ``metadata["qikit"]["audience"]`` of a page only the facilitator uses.
FACILITATOR = "facilitator"


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
        topic=str(meta.get("topic", "")),
        exercises=int(meta.get("exercises", 0)),
        audience=str(meta.get("audience", "")),
    )


def _notebooks(folder: Path) -> list[Path]:
    return [
        nb
        for nb in folder.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in nb.parts and not nb.name.startswith("_")
    ]


def cards(root: Path) -> list[Card]:
    """Every workbook under ``root`` (not the exercises), in teaching order."""
    exercises = root / EXERCISES_FOLDER
    found = [read_card(nb, root) for nb in _notebooks(root) if not nb.is_relative_to(exercises)]
    return sorted(found, key=lambda c: (c.order, c.path))


def delegate_cards(root: Path) -> list[Card]:
    """The workbooks for everyone, in teaching order (not the facilitator's pages)."""
    return [card for card in cards(root) if not card.for_facilitator]


def facilitator_cards(root: Path) -> list[Card]:
    """The pages only the facilitator uses, in order."""
    return [card for card in cards(root) if card.for_facilitator]


def exercise_cards(folder: Path, prefix: str = EXERCISES_FOLDER) -> list[Card]:
    """One card per exercise topic in ``folder``, in teaching order, with paths under ``prefix``
    (the folder's name in the served folder). The progress page is left out: the gallery shows
    progress on every card."""
    if not folder.is_dir():
        return []
    found = []
    for nb in _notebooks(folder):
        card = read_card(nb, folder)
        if card.topic:
            found.append(replace(card, path=f"{prefix}/{card.path}"))
    return sorted(found, key=lambda c: (c.order, c.path))


def progress_text(total: int, done: int) -> str:
    """What a topic's card says about the learner's progress."""
    if done <= 0:
        return f"Not started: {total} exercises"
    if done >= total:
        return f"All {total} exercises done"
    return f"{done} of {total} exercises done"


def exercise_progress(topic: str, total: int) -> str:
    """The learner's progress on one topic, read now from their progress file."""
    from qikit.exercises import progress

    mine = progress.read()
    done = sum(
        1 for key, entry in mine.items() if key.startswith(f"{topic}.") and entry.get("done")
    )
    return progress_text(total, done)


def _text(value: str) -> str:
    """Escape for HTML, and for the Jinja template the cards are included in."""
    return html.escape(value).replace("{", "&#123;").replace("}", "&#125;")


def render_cards(items: list[Card], base_url: str = "{{ base_url }}", heading: str = "h2") -> str:
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
            f'<li class="card"><{heading}><a href="{href}">{_text(card.title)}</a></{heading}>'
            f"{time}{objective_block}</li>"
        )
    parts.append("</ul>")
    return "".join(parts)


#: What the facilitator's section says before its cards.
FACILITATOR_INTRO = (
    "Pages for whoever runs the learning session. They ask for the facilitator's code (given "
    "when the server was started) and show every team at once."
)


def render_facilitator_cards(items: list[Card], base_url: str = "{{ base_url }}") -> str:
    """The facilitator's section of the gallery: its heading, a sentence, then its cards."""
    if not items:
        return ""
    return (
        '<section class="facilitator" aria-labelledby="facilitator-heading">'
        '<h2 id="facilitator-heading">For the facilitator</h2>'
        f'<p class="intro">{FACILITATOR_INTRO}</p>'
        + render_cards(items, base_url, heading="h3")
        + "</section>"
    )


#: What the exercises section says to learners before its cards.
EXERCISES_INTRO = (
    "Practise on your own, at your own pace. Each topic opens as a page where you answer by "
    "choosing and typing, then press <strong>Check my answer</strong>: you are told at once "
    "whether you are right, with a hint when you ask for one. Your progress is saved as you go."
)


def render_exercise_cards(items: list[Card], base_url: str = "{{ base_url }}") -> str:
    """The exercises section: one card per topic, each saying how many of its exercises are done.

    The progress is a Jinja call, ``qikit_exercise_progress(topic, total)``, filled in each time
    the gallery is opened; where the template has no such function the card says how many
    exercises the topic has.
    """
    if not items:
        return ""
    parts = [
        '<section class="exercises" aria-labelledby="exercises-heading">',
        '<h2 id="exercises-heading">Exercises</h2>',
        f'<p class="intro">{EXERCISES_INTRO}</p>',
        '<ul class="cards">',
    ]
    for card in items:
        href = f"{base_url}voila/render/{_text(quote(card.path))}"
        topic = re.sub(r"[^A-Za-z0-9_]", "", card.topic)
        progress = (
            "{% if qikit_exercise_progress is defined %}"
            f'{{{{ qikit_exercise_progress("{topic}", {card.exercises}) }}}}'
            f"{{% else %}}{card.exercises} exercises{{% endif %}}"
        )
        time = f"About {card.minutes} minutes. " if card.minutes is not None else ""
        parts.append(
            f'<li class="card exercise-card" data-topic="{topic}">'
            f'<h3><a href="{href}">{_text(card.title)}</a></h3>'
            f'<p class="time">{time}<span class="progress">{progress}</span></p></li>'
        )
    parts.append("</ul></section>")
    return "".join(parts)
