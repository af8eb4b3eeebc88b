"""What a learner reads on a served exercise page: plain words, no code.

On the served page a learner answers with boxes and buttons, so nothing they read there names a
variable, a column or a function. Words for the Jupyter route are in ``qikit-jupyter-only``
paragraphs (hidden on the served page) or in hint paragraphs starting "In Jupyter:".
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from qikit.exercises import all_topics
from qikit.exercises.build import EXERCISES_DIR
from qikit.exercises.outcome import JUPYTER_PREFIX, Note
from qikit.exercises.shown import JUPYTER_ONLY, inline_html, jupyter_only, table

TOPICS = all_topics()
#: Code a learner should not meet on the served page.
CODE = re.compile(r"`|\b[a-z]+_[a-z_]+\b|\w+\(\)|answer =|QI_REFERENCE|\[S\d")
HIDDEN = re.compile(rf'<p class="{JUPYTER_ONLY}">.*?</p>', re.S)


def served_text(markdown: str) -> str:
    return HIDDEN.sub("", markdown)


def plain_paragraphs(text: str) -> str:
    return "\n\n".join(p for p in text.split("\n\n") if not p.startswith(JUPYTER_PREFIX))


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.slug)
def test_served_markdown_has_no_code_words(topic):
    nb = json.loads((EXERCISES_DIR / topic.notebook_name).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            shown = served_text("".join(cell["source"]))
            assert not CODE.search(shown), f"{topic.slug}: {CODE.search(shown).group()!r} shown"


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.slug)
def test_hints_and_first_reasons_are_plain_words_outside_jupyter_paragraphs(topic):
    for exercise in topic.exercises.values():
        texts = [exercise.prompt, *exercise.hints, exercise.reasoning.split("\n\n")[0]]
        texts += list(getattr(exercise, "why_not", {}).values())
        texts += [message for _, message in getattr(exercise, "mistakes", [])]
        for text in texts:
            plain = plain_paragraphs(text)
            assert not CODE.search(plain), f"{exercise.id}: {CODE.search(plain).group()!r}"


def test_every_hint_has_words_for_the_served_page():
    for topic in TOPICS:
        for exercise in topic.exercises.values():
            for hint in exercise.hints:
                assert plain_paragraphs(hint).strip(), f"{exercise.id}: a hint only for Jupyter"


def test_a_jupyter_paragraph_of_a_hint_is_hidden_on_the_page():
    shown = Note("Hint 1 of 1", 'Count them.\n\nIn Jupyter: `data["x"].sum()` adds them.')
    html = shown._repr_html_()
    assert "<p>Count them.</p>" in html
    assert f'<p class="{JUPYTER_ONLY}">In Jupyter: <code>data[&quot;x&quot;].sum()</code>' in html


def test_jupyter_only_paragraph_marks_code_and_escapes():
    assert jupyter_only("Use `a < b` and **this**.") == (
        f'<p class="{JUPYTER_ONLY}">Use <code>a &lt; b</code> and <strong>this</strong>.</p>'
    )
    assert inline_html("*word*") == "<em>word</em>"


def test_table_has_readable_headings_and_no_row_numbers():
    frame = pd.DataFrame(
        {
            "on_time_pct": [81.666, 90.0],
            "ecg_done": [True, False],
            "respondents": [9.0, float("nan")],
            "week_start": pd.to_datetime(["2024-04-01", "2024-04-08"]),
        }
    )
    headings = {
        "week_start": "Week starting",
        "on_time_pct": "On time (%)",
        "ecg_done": "ECG",
        "respondents": "Respondents",
    }
    shown = table(frame, headings, "A ward")
    assert shown.headings == ("Week starting", "On time (%)", "ECG", "Respondents")
    assert shown.rows == (
        ("01/04/2024", "81.7", "Yes", "9"),
        ("08/04/2024", "90.0", "No", "not shown"),
    )
    html = shown._repr_html_()
    assert "on_time_pct" not in html and "<caption" in html and 'tabindex="0"' in html
    assert "on_time_pct" not in repr(shown) and "A ward" in repr(shown)


def test_table_names_a_missing_column():
    with pytest.raises(KeyError, match="on_time_pct"):
        table(pd.DataFrame({"week": [1]}), {"on_time_pct": "On time"}, "A ward")


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.slug)
def test_every_table_a_topic_shows_is_readable(topic):
    import importlib

    module = importlib.import_module(f"qikit.exercises.{topic.slug}")
    for name in ("table", "falls_table", "limits_table", "results_table", "drivers"):
        if hasattr(module, name):
            shown = getattr(module, name)()
            assert len(shown) > 0
            for heading in shown.headings:
                assert not CODE.search(heading), f"{topic.slug}.{name}: {heading!r}"
