"""Plain-English sentences about an ``SPCResult``, for a ward manager or a board paper."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qikit.spc.charts import CALCULATORS, LANEY_SIGMA_ESTIMATES
from qikit.spc.verdict import verdict

RULE_SET_NAMES = {
    "anhoej": "the Anhøj run-chart rules (Anhøj and Olesen 2014)",
    "mdc": "the NHS Making Data Count rules",
    "ihi": "the IHI rules (Perla, Provost and Murray; Provost and Murray on control charts)",
}

ICON_WORDS = {
    "common_cause": "common-cause variation only (no special cause at the latest point)",
    "improvement_high": "special-cause improvement, with high values",
    "improvement_low": "special-cause improvement, with low values",
    "concern_high": "special-cause concern, with high values",
    "concern_low": "special-cause concern, with low values",
    "neutral_high": "special-cause variation upwards",
    "neutral_low": "special-cause variation downwards",
}

ASSURANCE_WORDS = {
    "pass": "the process will consistently meet the target of {t} if nothing changes",
    "fail": "the process will consistently miss the target of {t} unless something changes",
    "hit_and_miss": "the target of {t} lies inside the limits, so it will be met some of the time "
    "and missed some of the time (hit and miss)",
}


def _number(value: float) -> str:
    if pd.isna(value):
        return "not available"
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def _one_series(result, facet_points: pd.DataFrame, facet_summary: pd.DataFrame) -> list[str]:
    sentences = []
    last = facet_summary.iloc[-1]
    points = facet_points[facet_points["part"] == last["part"]]
    centre = "median" if result.chart_type == "run" else "mean"
    if result.chart_type == "g":
        centre = "median"
    lead = "In the latest part, " if len(facet_summary) > 1 else ""
    sentences.append(
        f"{lead}{len(points)} points are plotted; the {centre} is {_number(last['cl'])}"
        + (
            f", and the limits are {_number(last['lcl'])} to {_number(last['ucl'])}."
            if not pd.isna(last["lcl"]) and not pd.isna(last["ucl"])
            else (
                ", and the limits vary from point to point with the denominator."
                if points["ucl"].notna().any()
                else "."
            )
        )
    )
    sentences += verdict(result).sentences()
    sentences.append(f"The latest point shows {ICON_WORDS.get(last['variation_icon'], 'no icon')}.")
    if last["assurance"] in ASSURANCE_WORDS:
        sentences.append(
            "Against the target, "
            + ASSURANCE_WORDS[last["assurance"]].format(t=_number(result.target))
            + "."
        )
    return sentences


def _laney_words(result, one_series: bool) -> str:
    """How a p' / u' chart's limits were widened, naming the estimate of Laney's factor."""
    estimate = getattr(result, "laney_sigma", None)
    if estimate is None:
        return ""
    plain = "a P chart's" if result.chart_type == "pp" else "a U chart's"
    how = LANEY_SIGMA_ESTIMATES[estimate]
    sigma_z = getattr(result, "sigma_z", None)
    if one_series and sigma_z is not None and len(sigma_z) and np.isfinite(sigma_z[-1]):
        return (
            f"; its limits are {plain} widened by Laney's factor for extra variation "
            f"(sigma z) of {sigma_z[-1]:.3g} ({how})"
        )
    return (
        f"; each series' limits are {plain} widened by its own Laney factor for extra "
        f"variation (sigma z) ({how})"
    )


def explain(result) -> str:
    """A few sentences describing the chart, its signals and what they mean."""
    name = CALCULATORS[result.chart_type][1]
    article = "an" if name[0] in "AEIOSX" else "a"  # "an I chart", "an S chart", "a U chart"
    summary = result.summary
    facets = list(dict.fromkeys(summary["facet"]))
    opening = (
        f"This is {article} {name}, read with {RULE_SET_NAMES[result.rules]}"
        f"{_laney_words(result, len(facets) == 1)}."
    )
    if len(facets) == 1:
        body = _one_series(result, result.points, summary)
        return " ".join([opening, *body])
    latest = summary.groupby("facet", sort=False).tail(1)
    special = latest["variation_icon"] != "common_cause"
    lines = [
        opening,
        f"There are {len(facets)} series. At the latest point {int(special.sum())} of them "
        "show special-cause variation"
        + (
            ": " + ", ".join(map(str, latest.loc[special, "facet"].head(8)))
            if special.any()
            else ""
        )
        + ".",
    ]
    if result.rules == "anhoej":
        flagged = latest["runs_signal"].astype(bool)
        lines.append(f"{int(flagged.sum())} series show non-random variation in the runs analysis.")
    return " ".join(lines)
