"""The words on a chart and the words under it come from one verdict and never disagree.

For every gallery chart, every reference case and the run-chart lab's examples (where the IHI
and Anhøj rules disagree), the subtitle opens with ``verdict(result).headline``, every sentence
of the subtitle is also in ``explain()``, and both say "signal" exactly when a rule fired.
"""

from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path

import pytest

from qikit.apps.gallery_charts import GALLERY, gallery_chart, result_for
from qikit.apps.run_chart_lab import EXAMPLES
from qikit.spc import spc
from qikit.spc.verdict import verdict
from qikit.teaching.run_rules import read_run_chart

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "spc"))
from reference_cases import load_cases  # noqa: E402

CASES = [c for p in ("qicharts2", "NHSRplotthedots") for c in load_cases(p)]
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _subtitle(result, **kw) -> str:
    lines = result.chart(**kw).to_dict()["title"]["subtitle"]
    return " ".join(lines)


def _agree(result, subtitle: str) -> None:
    said = verdict(result)
    text = result.explain()
    assert subtitle.startswith(said.headline)
    assert "\u2026" not in subtitle  # nothing cut short
    for sentence in _SENTENCE.split(subtitle):
        assert sentence in text
    assert text.count(said.headline) == 1
    signal_words = ("A signal by" in subtitle, "A signal by" in text)
    assert signal_words == (said.signal, said.signal)
    assert ("No signal by" in text) == (not said.signal)
    if not said.signal:
        assert "a shift" not in text.lower() and "something has changed" not in text


@pytest.mark.parametrize("key", list(GALLERY))
def test_gallery_subtitles_agree_with_explain(key):
    result = result_for(key)
    spec = gallery_chart(key, result=result).to_dict()
    _agree(result, " ".join(spec["title"]["subtitle"][:5]).split(" Events: ")[0])


def test_the_c_chart_no_longer_calls_a_run_of_six_a_shift():
    """The gallery's C chart: 6 points below the mean is not a long run for 40 points (Anhøj)."""
    result = result_for("c")
    said = verdict(result)
    assert said.rules_fired == ["Outside the limits"]
    assert "shift" not in result.explain()
    assert said.headline == "A signal by the Anhøj rules: 1 point outside the limits."


def test_no_rule_fires():
    said = verdict(result_for("p"))
    assert not said.signal and said.rules_fired == []
    assert said.headline.startswith("No signal by the Anhøj rules: the longest run is 5 points")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_reference_subtitles_agree_with_explain(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = spc(case.input(), **case.kwargs)
    if result.summary["facet"].nunique() > 1:
        pytest.skip("many series: the subtitle counts series, explain() names them")
    _agree(result, _subtitle(result))


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_run_chart_lab_rule_sets_each_agree_with_their_own_words(name):
    reading = read_run_chart(EXAMPLES[name])
    anhoej, ihi = verdict(reading.anhoej_result), verdict(reading.ihi_result)
    assert anhoej.signal == reading.anhoej_signal and ihi.signal == reading.ihi_signal
    for result in (reading.anhoej_result, reading.ihi_result):
        _agree(result, _subtitle(result))


def test_where_the_rule_sets_disagree_each_chart_says_so():
    reading = read_run_chart(EXAMPLES["Where the rules disagree"])
    anhoej, ihi = verdict(reading.anhoej_result), verdict(reading.ihi_result)
    assert not anhoej.signal and ihi.signal
    assert ihi.rules_fired == ["Shift", "Trend"]
    assert _subtitle(reading.anhoej_result).startswith("No signal by the Anhøj rules")
    assert _subtitle(reading.ihi_result).startswith(
        "A signal by the IHI rules: a shift (points 4 to 9 are all above the median)"
    )


@pytest.mark.parametrize("level", [1, 2, 3])
def test_the_trainer_marks_with_the_rules_the_answer_chart_names(level):
    from qikit.apps.trainer import answer_chart
    from qikit.teaching import trainer

    for number in range(1, 7):
        q = trainer.question(level, number)
        subtitle = " ".join(answer_chart(q).to_dict()["title"]["subtitle"])
        assert subtitle.startswith("A signal by") == bool(q.found_rules)
        names = {"long_run": "run of", "few_crossings": "crossing", "outside_limits": "outside"}
        for rule in q.found_rules:
            assert names[rule] in subtitle


def test_small_multiples_count_the_same_series_as_explain():
    from qikit.apps.gallery_charts import board_chart

    subtitle = " ".join(board_chart().to_dict()["title"]["subtitle"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from qikit.plot import examples

        result = spc(
            examples.load("ae_attendances"), y="breaches", x="period", facet="org_code",
            chart="i", rules="mdc", improvement="decrease",
        )  # fmt: skip
    special = re.search(r"At the latest point (\d+) of them", result.explain()).group(1)
    flagged = sum(int(n) for n in re.findall(r"(\d+) special cause", subtitle))
    assert int(special) == flagged == 2
