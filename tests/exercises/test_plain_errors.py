"""The Jupyter route: an answer of the wrong type gets a sentence, never a traceback."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from qikit.errors import DataError
from qikit.exercises.kinds import as_number
from qikit.exercises.plain_errors import name_error_sentence, syntax_error_sentence

ROOT = Path(__file__).resolve().parents[2]


def shown(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts += output.get("traceback", [])
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def test_unquoted_words_in_a_notebook_get_a_sentence_not_a_traceback():
    from nbclient import NotebookClient

    cells = [
        "from qikit.exercises import run_charts as ex",
        "answer = trend\nex.q1.check(answer)",
        "answer = too few runs\nex.q1.check(answer)",
        'answer = "twelve"\nex.q1.check(answer)',
        "answer = 12,5\nex.q1.check(answer)",
        'answer = "yes"\nex.q4.check(answer)',
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(ROOT)}},
    ).execute()
    said = [shown(cell) for cell in nb.cells[1:]]
    for text in said:
        assert "Traceback" not in text and "Error" not in text and "---" not in text, text
    assert said[0].strip() == name_error_sentence("trend")
    assert 'answer = "too few runs"' in said[1]
    assert "should be a number, like 12.5; you gave the text 'twelve'" in said[2]
    assert "2 values separated by commas" in said[3] and "full stop" in said[3]
    assert "you gave a piece of text" in said[4] and "curly brackets" in said[4]


def test_sentences_say_what_to_type():
    assert 'answer = "trend"' in name_error_sentence("trend")
    assert 'answer = "too few runs"' in syntax_error_sentence("answer = too few runs")
    assert "bracket" in syntax_error_sentence("print((")


@pytest.mark.parametrize(
    "given, words",
    [((12, 5), "2 values separated by commas"), ({"a": 1}, "named parts"), (True, "True")],
)
def test_wrong_types_are_named_in_words(given, words):
    with pytest.raises(DataError) as error:
        as_number(given)
    assert words in str(error.value) and "tuple" not in str(error.value)


def test_outside_a_notebook_nothing_changes():
    from qikit.exercises.plain_errors import install

    assert install() is False
