"""What a check, a hint or a solution shows the learner: plain words, in a coloured box."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

CORRECT = "correct"
INCORRECT = "incorrect"
NOT_ATTEMPTED = "not attempted"
STATUSES = (CORRECT, INCORRECT, NOT_ATTEMPTED)

_HEADINGS = {
    CORRECT: "Correct",
    INCORRECT: "Not quite",
    NOT_ATTEMPTED: "Not attempted yet",
}
# Text and border colours with a contrast ratio above 4.5:1 on their backgrounds (WCAG AA).
_COLOURS = {
    CORRECT: ("#004b23", "#e3f4e9"),
    INCORRECT: ("#7a2e00", "#fdf0e6"),
    NOT_ATTEMPTED: ("#2b2b2b", "#f0f0f0"),
}


#: A paragraph of a hint or a solution that starts with these words is about code: it is shown
#: in Jupyter and hidden on the served page (where the learner never sees code).
JUPYTER_PREFIX = "In Jupyter:"


def _inline(text: str) -> str:
    """Escaped text with `code` marked as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _paragraphs(text: str) -> str:
    """Plain text to HTML: blank lines make paragraphs, lines starting '- ' make a list, and a
    paragraph starting "In Jupyter:" is for the Jupyter route only."""
    blocks = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        if lines and all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        elif block.startswith(JUPYTER_PREFIX):
            blocks.append(f'<p class="qikit-jupyter-only">{_inline(" ".join(lines))}</p>')
        else:
            blocks.append(f"<p>{_inline(' '.join(lines))}</p>")
    return "".join(blocks)


@dataclass(frozen=True)
class Outcome:
    """The result of ``check()``: correct, incorrect or not attempted, with a message.

    A message for an incorrect answer helps the learner towards the answer but never contains it.
    """

    status: str
    message: str
    exercise: str = ""
    #: The exercise checked; a blank answer then shows its point-and-click version.
    source: Any = field(default=None, repr=False, compare=False)

    def __bool__(self) -> bool:
        return self.status == CORRECT

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        return f"{_HEADINGS[self.status]}. {self.message}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return note_html(_HEADINGS[self.status], self.message, self.status)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        """In a notebook, a blank answer shows the exercise's buttons and boxes, so it can be
        answered by clicking too (the only way in Voilà, where cells cannot be edited)."""
        bundle: dict[str, Any] = {"text/plain": str(self), "text/html": self._repr_html_()}
        if self.status == NOT_ATTEMPTED and self.source is not None:
            try:
                widget = self.source.widget(
                    intro="Answer with the boxes and buttons here.",
                    jupyter_intro="Or replace the ... in the cell and run it again.",
                )
            except TypeError:  # an exercise with no point-and-click version
                return bundle
            shown = widget._repr_mimebundle_(include=include, exclude=exclude)
            if isinstance(shown, tuple):
                shown = shown[0]
            bundle = {**shown, "text/plain": str(self)}
        return bundle


@dataclass(frozen=True)
class Note:
    """A hint or a solution, shown as a box with a heading."""

    heading: str
    text: str

    def __str__(self) -> str:
        return f"{self.heading}\n{self.text}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return note_html(self.heading, self.text, NOT_ATTEMPTED)


def note_html(heading: str, text: str, status: str) -> str:
    """A readable, accessible box: a heading and paragraphs, announced to screen readers."""
    ink, paper = _COLOURS[status]
    return (
        f'<div role="status" class="qikit-exercise-{status.replace(" ", "-")}" '
        f'style="border-left:6px solid {ink};background:{paper};color:{ink};'
        f'padding:0.4em 0.9em;margin:0.4em 0;font-size:1.05em">'
        f"<strong>{html.escape(heading)}</strong>{_paragraphs(text)}</div>"
    )
