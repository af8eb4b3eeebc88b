"""The Jupyter route in plain words: an answer typed without its quotes gets a sentence, not a
traceback.

A learner who types ``answer = trend`` (or ``answer = too few runs``) in an exercise notebook
makes Python look for a name it does not know (``NameError``) or fail to read the line at all
(``SyntaxError``), before any checker runs. Once an exercise topic is imported in a notebook,
those two errors are shown as a sentence saying what to type instead.
"""

from __future__ import annotations

import re
import sys
from typing import Any

#: A line that gives an answer: ``answer = ...`` (the learner cell's own shape).
_ANSWER_LINE = re.compile(r"^\s*answer\s*=\s*(?P<value>.*?)\s*$")


def name_error_sentence(name: str) -> str:
    """What to say when Python does not know the word ``name``."""
    return (
        f"Python does not know the word {name}. If it is your answer, put it in quotes: "
        f'answer = "{name}". If it is meant to be something from a cell above, run the cells '
        "above first (Run, then Run All Above Selected Cell)."
    )


def syntax_error_sentence(line: str | None) -> str:
    """What to say when a learner's line cannot be read."""
    match = _ANSWER_LINE.match(line or "")
    if match and match.group("value"):
        value = match.group("value").strip().strip("\"'")
        return (
            "Python could not read that answer. Put words in quotes, like "
            f'answer = "{value}", and write numbers on their own, like answer = 12.5.'
        )
    return (
        "Python could not read this cell. Check the line you changed: words go in quotes "
        '(answer = "b"), numbers on their own (answer = 12.5), and every bracket and quote '
        "needs its partner."
    )


def _name_of(value: BaseException) -> str:
    name = getattr(value, "name", None)
    if name:
        return str(name)
    found = re.search(r"name '([^']+)' is not defined", str(value))
    return found.group(1) if found else "you typed"


def _show_name_error(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset=None):
    """IPython's handler for a ``NameError`` in a cell: show the sentence in its place."""
    sentence = [name_error_sentence(_name_of(value))]
    shell._showtraceback(etype, value, sentence)
    return sentence


def install(shell: Any = None) -> bool:
    """Show unquoted answers as sentences in this IPython kernel (idempotent).

    Returns True when installed; outside IPython (a script, the server) nothing changes.
    """
    if shell is None:
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or getattr(shell, "_qikit_plain_errors", False):
        return shell is not None
    shell.set_custom_exc((NameError,), _show_name_error)
    show_syntax_error = shell.showsyntaxerror

    def showsyntaxerror(filename=None, running_compiled_code=False):
        etype, value, _tb = shell._get_exc_info()
        if etype is None or not issubclass(etype, SyntaxError) or running_compiled_code:
            return show_syntax_error(filename, running_compiled_code=running_compiled_code)
        shell._showtraceback(etype, value, [syntax_error_sentence(getattr(value, "text", ""))])
        return None

    shell.showsyntaxerror = showsyntaxerror
    shell._qikit_plain_errors = True
    return True
