"""What an exercise page shows a learner: tables with readable headings, and words meant only for
the Jupyter route.

On the served page a learner answers with boxes and buttons and never sees code, so a table
shows "Observations on time (%)" rather than ``on_time_pct`` and has no row numbers. Words that
only make sense in Jupyter (which column to use, how to type ``answer = ...``) go in a
paragraph of class ``qikit-jupyter-only``: the page template of ``qikit serve`` hides it, and
JupyterLab's Markdown sanitizer keeps the class, so Jupyter shows it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: The class of words shown in Jupyter and hidden on the served page.
JUPYTER_ONLY = "qikit-jupyter-only"


def inline_html(text: str) -> str:
    """A line of Markdown's inline marks (`code`, **bold**, *italic*) as HTML, text escaped."""
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", out)


def jupyter_only(text: str) -> str:
    """Markdown for a paragraph shown in Jupyter only (``text`` may use `code` and **bold**)."""
    return f'<p class="{JUPYTER_ONLY}">{inline_html(text.strip())}</p>'


def _cell(value: object, decimals: int) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "Yes" if value else "No"
    if value is None or (isinstance(value, (float, np.floating)) and np.isnan(value)):
        return "not shown"
    if isinstance(value, (float, np.floating)):
        return f"{value:,.{decimals}f}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


@dataclass(frozen=True)
class Table:
    """A table as a learner reads it: readable headings, no row numbers, numbers rounded."""

    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str
    numeric: tuple[bool, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        frame = pd.DataFrame(list(self.rows), columns=list(self.headings))
        return f"{self.caption}\n{frame.to_string(index=False)}"

    def _repr_html_(self) -> str:
        def align(i: int) -> str:
            return ' style="text-align:right"' if self.numeric[i] else ' style="text-align:left"'

        head = "".join(
            f'<th scope="col"{align(i)}>{html.escape(h)}</th>' for i, h in enumerate(self.headings)
        )
        body = "".join(
            "<tr>"
            + "".join(f"<td{align(i)}>{html.escape(v)}</td>" for i, v in enumerate(row))
            + "</tr>"
            for row in self.rows
        )
        caption = html.escape(self.caption)
        # A long table scrolls in its own box, which a keyboard can reach (tabindex).
        return (
            f'<div class="qikit-exercise-table" role="region" aria-label="{caption}" '
            'tabindex="0" style="max-height:24em;overflow:auto;max-width:100%;'
            'display:inline-block">'
            f'<table><caption style="text-align:left;font-weight:bold">{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        )


def table(
    frame: pd.DataFrame, headings: Mapping[str, str], caption: str, decimals: int = 1
) -> Table:
    """``frame``'s columns named in ``headings`` (column: heading), in that order, as a learner
    reads them: Yes / No for true and false, numbers to ``decimals`` places, dates day first."""
    missing = [column for column in headings if column not in frame.columns]
    if missing:
        raise KeyError(f"The table has no column {missing[0]!r}.")
    columns = list(headings)
    # A column of whole numbers (a count with a gap, say) shows no decimals.
    places = [
        0
        if pd.api.types.is_float_dtype(frame[c]) and (frame[c].dropna() % 1 == 0).all()
        else decimals
        for c in columns
    ]
    rows = tuple(
        tuple(_cell(value, place) for value, place in zip(record, places, strict=True))
        for record in frame[columns].itertuples(index=False, name=None)
    )
    numeric = tuple(
        pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
        for c in columns
    )
    return Table(tuple(headings[c] for c in columns), rows, caption, numeric)
