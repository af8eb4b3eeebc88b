"""Measures on charts are named with the data dictionary's labels, never column names."""

from __future__ import annotations

import re
import warnings

import pytest

from qikit.data import teaching
from qikit.data.schema import LABELS, TABLES, label
from qikit.plot.words import measure_words
from qikit.spc import spc


def test_every_weekly_column_has_a_label_in_words():
    for column in TABLES["weekly"].columns:
        assert column.name in LABELS, column.name
    for words in LABELS.values():
        assert "_" not in words and words[:1].isupper()
    assert label("restraint_episodes") == "Restraint episodes"
    assert label("some_new_column") == "Some new column"


@pytest.mark.parametrize("chart", teaching.CHARTS)
def test_teaching_charts_name_their_measure_in_words(chart):
    made = teaching.series("shift", n=24, seed=3, chart=chart)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = spc(made.data, **made.spc_arguments())
    spec = result.chart().to_dict()
    titles = [spec["title"]["text"], spec["description"]]
    titles += [
        layer["encoding"]["y"].get("title") or ""
        for layer in spec["layer"]
        if "y" in layer.get("encoding", {})
    ]
    for text in titles:
        assert not re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", text), text


def test_rates_and_percentages_say_what_they_are_out_of():
    class Result:
        n_name = "occupied_bed_days"
        chart_type = "u"
        multiply = 1000

    assert measure_words("restraint_episodes", Result) == (
        "Restraint episodes per 1,000 occupied bed days"
    )
    Result.multiply = 1
    assert measure_words("restraint_episodes", Result) == "Restraint episodes per occupied bed day"
    Result.chart_type, Result.n_name, Result.multiply = "p", "news2_due", 100
    assert measure_words("news2_complete", Result) == "NEWS2 sets complete and on time (%)"
    assert measure_words("minutes_of_engagement") == (
        "Minutes of one-to-one engagement per patient per day"
    )
