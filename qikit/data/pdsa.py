"""Example PDSA ramps that match the ground truth in ``changes``.

Fields follow the IHI PDSA worksheet (QI_REFERENCE 2.1): cycle number, change idea, objective,
prediction, plan (who, what, when, where), do, study, act (adopt, adapt or abandon) and the scale
of the test. Cycles move from a small test to whole-ward use (QI_REFERENCE 2.2). A change that
worked ends in "adopt" after four cycles; a change with no effect ends in "abandon" after three.
The study notes quote the measure from the weekly table, so they agree with the charts.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from qikit.data.change_package import CHANGE_PACKAGE, MEASURES, RAMP_SCALES

DO_NOTES = (
    "Carried out as planned.",
    "Carried out; missed on two shifts when the ward was short of staff.",
    "Carried out as planned; bank staff needed a short briefing first.",
    "Carried out as planned on every shift.",
)


def _describe(measure: str, numerator: int, denominator: int) -> str:
    if denominator == 0:
        return "no data"
    if MEASURES[measure].chart == "u":
        return f"{1000 * numerator / denominator:.1f} per 1,000 occupied bed days"
    return f"{100 * numerator / denominator:.0f}%"


def pdsa_table(changes: pd.DataFrame, weekly: pd.DataFrame, start_date: dt.date) -> pd.DataFrame:
    """One row per PDSA cycle, for every ward's change idea."""
    weeks = int(weekly["week"].max())
    ordered = weekly.sort_values(["ward_id", "week"])
    ward_row = {w: i for i, w in enumerate(ordered["ward_id"].unique())}
    running = {}  # column -> running totals per ward, with a leading zero (week 0)

    def total(column: str, ward_id: str, first_week: int, last_week: int) -> int:
        if column not in running:
            values = ordered[column].fillna(0).to_numpy(dtype=np.int64).reshape(-1, weeks)
            running[column] = np.pad(np.cumsum(values, axis=1), ((0, 0), (1, 0)))
        sums = running[column][ward_row[ward_id]]
        return int(sums[last_week] - sums[first_week - 1])

    first = changes.drop_duplicates("change_id")
    working = changes.groupby("change_id")["has_effect"].any()
    rows = []
    for change in first.itertuples(index=False):
        idea = CHANGE_PACKAGE[change.work_stream]
        measure = change.measure
        label = MEASURES[measure].label
        denominator = MEASURES[measure].denominator
        direction = "fall" if MEASURES[measure].improvement == "decrease" else "rise"
        works = bool(working[change.change_id])
        n_cycles = 4 if works else 3
        starts = change.start_week + np.rint(
            np.arange(n_cycles) * change.ramp_weeks / (n_cycles - 1)
        ).astype(int)
        ends = np.append(starts[1:] - 1, starts[-1] + 1)
        before = (change.ward_id, 1, change.start_week - 1)
        baseline = _describe(measure, total(measure, *before), total(denominator, *before))
        for k in range(n_cycles):
            first_week, last_week = int(starts[k]), int(min(ends[k], weeks))
            during = (change.ward_id, first_week, last_week)
            observed = _describe(measure, total(measure, *during), total(denominator, *during))
            scale = RAMP_SCALES[k] if works or k < n_cycles - 1 else RAMP_SCALES[2]
            if k == 0:
                judgement = "Too early to tell; staff found it workable."
            elif works:
                judgement = "Moving the way we predicted."
            else:
                judgement = "No clear difference from before: the prediction was not borne out."
            if k < n_cycles - 1:
                act = "adapt"
            else:
                act = "adopt" if works else "abandon"
            cycle_start = start_date + dt.timedelta(weeks=first_week - 1)
            cycle_end = start_date + dt.timedelta(weeks=last_week - 1, days=6)
            rows.append(
                {
                    "pdsa_id": f"{change.change_id}-{k + 1}",
                    "change_id": change.change_id,
                    "ward_id": change.ward_id,
                    "cycle": k + 1,
                    "change_idea": idea.idea,
                    "driver": idea.driver,
                    "objective": idea.objective,
                    "prediction": f"With {scale}, {label} will {direction} within a few weeks.",
                    "plan_who": idea.who,
                    "plan_what": f"{idea.idea}: {scale}",
                    "plan_when": f"weeks {first_week} to {last_week}",
                    "plan_where": idea.where,
                    "start_week": first_week,
                    "end_week": last_week,
                    "start_date": cycle_start,
                    "end_date": cycle_end,
                    "scale": scale,
                    "do": DO_NOTES[k % len(DO_NOTES)],
                    "study": f"{label.capitalize()}: {observed} during the cycle, against "
                    f"{baseline} before testing began. {judgement}",
                    "act": act,
                }
            )
    pdsa = pd.DataFrame(rows)
    for column in ("start_date", "end_date"):
        pdsa[column] = pd.to_datetime(pdsa[column])
    return pdsa
