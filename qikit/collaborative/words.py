"""The collaborative's measures in the words of the data dictionary, never as column names.

``restraint_episodes`` reads "Restraint", ``news2_due`` reads "NEWS2 sets due": the change
package's label for a measure, the data dictionary's meaning for any other weekly column.
"""

from __future__ import annotations

from qikit.data.change_package import MEASURES
from qikit.data.schema import TABLES


def _capital(text: str) -> str:
    """The first letter as a capital, the rest as written ("NEWS2" stays "NEWS2")."""
    return text[:1].upper() + text[1:]


def measure_label(column: str, capital: bool = True) -> str:
    """A measure's label: "Physical violence" for ``violence_incidents``."""
    measure = MEASURES.get(column)
    words = measure.label if measure else column_meaning(column)
    return _capital(words) if capital else words


def column_meaning(column: str) -> str:
    """What a weekly column counts, from the data dictionary: "NEWS2 sets due" for news2_due
    (without "in the week": a funnel plot adds weeks up).

    A column the dictionary does not know is written in words (underscores as spaces).
    """
    for found in TABLES["weekly"].columns:
        if found.name == column:
            words = found.meaning.split(" (")[0].split(";")[0]
            for tail in (" in the week", " this week"):
                words = words.removesuffix(tail)
            return words
    return column.replace("_", " ")
