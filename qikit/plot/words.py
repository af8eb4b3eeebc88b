"""The words on and behind a chart: its title, the finding as a subtitle, and alt text.

Every chart states its finding in words (from ``result.explain()``), so a reader who cannot see
the colours, or who reads a board paper in black and white, gets the same message.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter

import numpy as np

from qikit.plot import icons
from qikit.plot.table import Drawing

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_DESCRIBES_CHART = re.compile(r"^(This is|In the latest part, \d+ points|\d+ points are plotted)")
_STATUS_WORDS = {1: "improvement", 2: "concern", 3: "neither better nor worse"}


def _number(value: float) -> str:
    if not np.isfinite(value):
        return "none"
    return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"


def _verdict_sentences(drawing: Drawing) -> list[str]:
    """The chart's verdict and what each fired rule means, for a result from ``qikit.spc``.

    The same sentences open ``explain()``'s reading (``qikit.spc.verdict``), so the subtitle
    and the explanation under the chart always agree.
    """
    from qikit.spc import SPCResult
    from qikit.spc.verdict import verdict

    if not isinstance(drawing.result, SPCResult):
        return []
    return verdict(drawing.result).sentences()


def _explained(drawing: Drawing) -> list[str]:
    explain = getattr(drawing.result, "explain", None)
    if not callable(explain):
        return []
    text = explain()
    if isinstance(text, list | tuple):
        text = " ".join(str(t) for t in text)
    return [s.strip() for s in _SENTENCE.split(str(text or "")) if s.strip()]


def _latest_words(drawing: Drawing) -> str:
    """What the latest point of one series shows, read from the drawn points."""
    last = drawing.table.iloc[-1]
    status = int(last["s"])
    if status == 0:
        return "The latest point shows common cause variation: no sign of change."
    return f"The latest point is a special cause ({_STATUS_WORDS[status]})."


def _board_words(drawing: Drawing) -> str:
    """One sentence for many series: how many show each kind of variation at the latest point."""
    kinds = drawing.variation
    if not all(kinds):
        ends = drawing.table.groupby("f")["s"].last()
        kinds = [{0: "common_cause", 1: "improvement", 2: "concern", 3: "neutral"}[s] for s in ends]
    counts = Counter(k.split("_")[0] for k in kinds)
    parts = []
    for key, words in (
        ("concern", "special cause concern"),
        ("improvement", "special cause improvement"),
        ("neutral", "special cause neither better nor worse"),
        ("common", "common cause variation only"),
    ):
        if counts.get(key):
            parts.append(f"{counts[key]} {words}")
    return f"Of {len(kinds)} series at the latest point: " + ", ".join(parts) + "."


def finding(drawing: Drawing, sentences: int = 2, budget: int = 190) -> str:
    """The finding in plain words: the verdict of ``qikit.spc.verdict`` (which also opens
    ``explain()``'s reading), from ``explain()`` for other results, or a reading of the points.

    Sentences that only describe the chart ("This is an I chart...", "40 points are plotted...")
    are left to the alt text; the subtitle keeps the first sentences about what changed.
    """
    if len(drawing.facets) > 1:
        return _board_words(drawing)
    said = _verdict_sentences(drawing) or [
        s for s in _explained(drawing) if not _DESCRIBES_CHART.search(s)
    ]
    if said:
        chosen = said[:1]
        for sentence in said[1:sentences]:
            if len(" ".join(chosen + [sentence])) > budget:
                break
            chosen.append(sentence)
        return " ".join(chosen)
    return _latest_words(drawing)


def subtitle_lines(text: str, width: int = 95, most: int = 5) -> list[str]:
    """Break the finding into short lines (chart titles do not wrap by themselves).

    Beyond ``most`` lines the text is cut with an ellipsis; the whole of it is always in the
    chart's description (alt text) and under the chart in the apps.
    """
    lines = textwrap.wrap(text, width=width, break_on_hyphens=False) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1].rstrip(".,;: ") + "\u2026"
    return lines


def _lower_first(text: str) -> str:
    """Lower the first letter ("Occupied bed days"), unless a capital follows ("NEWS2 ...")."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def measure_words(column: str, result=None) -> str:
    """A chart's measure named from its column: the data dictionary's label, and for a
    percentage or a rate what it is out of ("Restraint episodes per 1,000 occupied bed days")."""
    from qikit.data.schema import label

    name = label(column)
    n = getattr(result, "n_name", None)
    chart = getattr(result, "chart_type", "")
    if not n or chart not in ("p", "pp", "u", "up"):
        return name
    per = float(getattr(result, "multiply", 1) or 1)
    of = _lower_first(label(n))
    if chart in ("p", "pp"):
        return f"{name} (%)" if per == 100 else f"{name} (share of {of})"
    if per == 1:
        return f"{name} per {of[:-1] if of.endswith('s') else of}"
    return f"{name} per {per:,g} {of}"


def default_title(drawing: Drawing, measure: str | None) -> str:
    name = drawing.chart_name
    return f"{name}: {measure}" if measure else name


def description(drawing: Drawing, title: str, measure: str | None, finding_text: str) -> str:
    """Alt text for screen readers: what the chart is, its span, its lines and its finding."""
    table = drawing.table
    what = measure or "the measure"
    n_series = len(drawing.facets)
    span = f"from {table['x'].iloc[0]} to {table['x'].iloc[-1]}"
    if n_series > 1:
        head = f"{title}. Small multiples: {drawing.chart_name} of {what} for {n_series} series."
    else:
        head = f"{title}. {drawing.chart_name} of {what}, {len(table)} points {span}."
    bits = [head]
    if drawing.n_parts > 1:
        bits.append(f"The chart has {drawing.n_parts} phases, each with its own centre line.")
    if n_series == 1:
        last = table.iloc[-1]
        line = "median" if drawing.chart_type == "run" else "centre line"
        bits.append(f"In the latest phase the {line} is {_number(float(last['c']))}.")
        if drawing.has_limits and np.isfinite(last["l"]) and np.isfinite(last["u"]):
            bits.append(
                f"The latest limits are {_number(float(last['l']))} to {_number(float(last['u']))}."
            )
        if drawing.has_target:
            bits.append(f"The target is {_number(float(last['g']))}.")
    if drawing.any_trial:
        bits.append("Some limits are trial limits, from fewer than 20 points.")
    if n_series == 1:
        kind, assurance = drawing.variation[0], drawing.assurance[0]
        if kind in icons.VARIATION_WORDS:
            bits.append(f"Variation icon: {icons.VARIATION_WORDS[kind]}.")
        if assurance in icons.ASSURANCE_WORDS and assurance != "none":
            bits.append(f"Assurance icon: {icons.ASSURANCE_WORDS[assurance]}.")
    bits.append(" ".join(_explained(drawing)) or finding_text)
    return " ".join(bits)
