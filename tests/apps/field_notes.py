"""Helpers for tests of messages shown under the box they are about."""

from __future__ import annotations

import html
import re

import ipywidgets as widgets


def plain(markup: str) -> str:
    """The words of an HTML message, as a reader would see them."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def parent_of(root: widgets.Widget, child: widgets.Widget) -> widgets.Box | None:
    """The box on the page that holds ``child``."""
    for part in getattr(root, "children", ()):
        if part is child:
            return root
        found = parent_of(part, child)
        if found is not None:
            return found
    return None


def shown_after(root: widgets.Widget, box: widgets.Widget) -> widgets.Widget:
    """The widget the page shows right after ``box``; for a box in a row (HBox), the first
    message (an HTML widget) right after the row."""
    parent = parent_of(root, box)
    assert parent is not None, "the box is not on the page"
    if isinstance(parent, widgets.HBox):
        outer = parent_of(root, parent)
        after = list(outer.children)[list(outer.children).index(parent) + 1 :]
        return next(w for w in after if isinstance(w, widgets.HTML) and w.value)
    children = list(parent.children)
    return children[children.index(box) + 1]


def assert_note_under(root: widgets.Widget, box: widgets.Widget, *words: str) -> str:
    """The message right after ``box`` is an alert for screen readers naming ``words``;
    return its words."""
    note = shown_after(root, box)
    assert 'role="alert"' in note.value, note.value
    text = plain(note.value)
    for word in words:
        assert word in text, (word, text)
    return text
