"""The SCORE heatmap says what its colours and numbers are, in plain words."""

from __future__ import annotations

import re

from qikit import culture
from qikit.apps import score_culture

SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


def _spec():
    answers, wards = score_culture.survey()
    names = dict(zip(wards["ward_id"], wards["ward"], strict=True))
    trusts = dict(zip(wards["ward_id"], wards["trust"], strict=True))
    scores = culture.score_respondents(answers)
    published = culture.published_results(scores, culture.DEFAULT_SETTINGS, trusts=trusts)
    return score_culture.heatmap(published.heatmap("before"), names, "Before").to_dict()


def test_the_legend_names_the_shade_not_a_number_the_cells_do_not_show():
    (cells,) = [lay for lay in _spec()["layer"] if lay["mark"]["type"] == "rect"]
    colour = cells["encoding"]["color"]
    legend = colour["legend"]
    # the shade is "how good", while burnout cells show % concerning: no number on the legend
    assert "%" not in legend["title"] and "better" in legend["title"]
    assert legend["values"] == [0, 100]
    assert "worse" in legend["labelExpr"] and "better" in legend["labelExpr"]
    assert "title" not in colour or colour["title"] == legend["title"]


def test_heatmap_words_have_no_column_names():
    spec = _spec()
    rows = spec["datasets"][spec["layer"][0]["data"]["name"]] if "data" in spec["layer"][0] else []
    rows = rows or next(iter(spec["datasets"].values()))
    shown = {str(r.get(k, "")) for r in rows for k in ("ward", "domain", "reading", "shown")}
    words = " ".join([spec["title"]["text"], spec["title"]["subtitle"], *shown])
    assert not SNAKE.search(words), SNAKE.findall(words)


def test_before_and_after_says_which_domains_count_concerns():
    from qikit.apps.score_culture import CultureApp

    app = CultureApp()
    assert "Burnout Climate <small>(% concerning)</small>" in app.compare.value
    assert "Teamwork <small>(% positive)</small>" in app.compare.value
