"""Deming's red bead experiment: willing workers, a fixed system, and the system's variation.

The bowl holds 4,000 beads, 800 of them red (20%). Each willing worker dips a paddle with 50
holes into the well-mixed bowl and the red beads (defects) are counted; the beads go back and the
bowl is mixed again (Deming, *The New Economics*, ch. 7). Each count is a draw from the
hypergeometric distribution: mean 50 x 0.2 = 10 red beads, variance
50 x 0.2 x 0.8 x (4000 - 50) / (4000 - 1) = 7.90. A p chart of the daily proportions shows every
worker's results inside the same limits: the differences between workers are the system's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qikit.errors import DataError

BOWL_RED = 800
BOWL_WHITE = 3200
PADDLE_HOLES = 50
WILLING_WORKERS = ("Asha", "Ben", "Chloe", "Dev", "Erin", "Femi")


def red_bead(
    days: int = 4,
    workers: tuple[str, ...] = WILLING_WORKERS,
    seed: int = 1,
    red: int = BOWL_RED,
    white: int = BOWL_WHITE,
    paddle: int = PADDLE_HOLES,
) -> pd.DataFrame:
    """Every worker's paddle on every day: columns ``day``, ``worker``, ``draw`` (1.. in order),
    ``red_beads``, ``paddle`` and ``proportion_red``."""
    for name, value, lowest in (("days", days, 1), ("paddle", paddle, 1), ("red", red, 0)):
        if not isinstance(value, int | np.integer) or value < lowest:
            raise DataError(
                f"'{name}' should be a whole number of {lowest} or more; found {value!r}."
            )
    if not workers:
        raise DataError("The experiment needs at least one willing worker; the list is empty.")
    if paddle > red + white:
        raise DataError(
            f"The paddle holds {paddle} beads but the bowl has only {red + white}. "
            "Use a smaller paddle or more beads."
        )
    rng = np.random.default_rng(seed)
    count = days * len(workers)
    reds = rng.hypergeometric(red, white, paddle, size=count)
    frame = pd.DataFrame(
        {
            "day": np.repeat(np.arange(1, days + 1), len(workers)),
            "worker": np.tile(np.array(workers, dtype=object), days),
            "draw": np.arange(1, count + 1),
            "red_beads": reds,
            "paddle": paddle,
        }
    )
    frame["proportion_red"] = frame["red_beads"] / paddle
    return frame


def red_bead_chart_data(frame: pd.DataFrame, upto: int | None = None) -> pd.DataFrame:
    """The draws to chart (the first ``upto`` of them), labelled for the p chart's x axis."""
    shown = frame if upto is None else frame[frame["draw"] <= upto]
    if shown.empty:
        raise DataError("No paddles drawn yet. Press 'Next worker' to draw the first paddle.")
    return shown.assign(label=shown["draw"]).reset_index(drop=True)


def worker_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Red beads per worker over all days, best (fewest) first, as the foreman's ranking."""
    totals = frame.groupby("worker", sort=False)["red_beads"].sum().sort_values(kind="stable")
    return totals.reset_index().rename(columns={"red_beads": "total_red_beads"})


def red_bead_p_chart(frame: pd.DataFrame, upto: int | None = None):
    """The p chart (percentage red, Making Data Count rules) of the first ``upto`` paddles.

    Limits: p-bar +/- 3 sqrt(p-bar (1 - p-bar) / 50) (QI_REFERENCE 4.2), about 3% to 37% red.
    """
    import warnings

    from qikit.spc import spc

    shown = red_bead_chart_data(frame, upto)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(shown, x="draw", y="red_beads", n="paddle", chart="p", rules="mdc", multiply=100)
