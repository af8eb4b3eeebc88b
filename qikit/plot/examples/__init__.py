"""Small example series for the chart gallery, shipped with qikit so it works anywhere.

Most are the synthetic inputs of qikit's SPC reference cases (weekly from 2024-01-01, made with
seed 20261125); two are real public data sets shipped with the R packages the reference cases come
from: ``cdi`` (monthly hospital-acquired C. difficile infections and risk days, 24 months before
and 12 after an intervention; qicharts2) and ``ae_attendances`` (monthly A&E four-hour breaches
at six NHS trusts, April 2016 to March 2018; NHSRdatasets). If a file is missing, ``load`` makes
a synthetic series of the same shape from a fixed seed instead, so the gallery always draws.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from qikit.errors import DataError

HERE = Path(__file__).parent

#: name -> (file, what it is)
EXAMPLES = {
    "i": ("i.csv", "A weekly measurement with a fall in the last twelve weeks (synthetic)"),
    "p": ("p.csv", "Weekly patients with an event (y) out of patients on the ward (n) (synthetic)"),
    "u": ("u.csv", "Weekly incidents (y) per occupied bed days (n) (synthetic)"),
    "c": ("c.csv", "Weekly count of incidents (synthetic)"),
    "g": ("g.csv", "Days between successive incidents (synthetic)"),
    "xbar_s": ("xbar_s.csv", "Subgroups of five measurements each (synthetic)"),
    "run_shift": ("run_shift.csv", "A weekly measure that rises after week 12 (synthetic)"),
    "cdi": ("cdi.csv", "C. difficile infections and risk days by month, before and after a change"),
    "ae_attendances": ("ae_attendances.csv", "A&E four-hour breaches by month at six NHS trusts"),
}


def _generated(name: str) -> pd.DataFrame:
    """A synthetic stand-in with the same columns (fixed seed: the same on every machine)."""
    rng = np.random.default_rng(20261125)
    dates = pd.date_range("2024-01-01", periods=40, freq="7D")
    if name in ("i", "run_shift"):
        y = np.round(rng.normal(50, 5, 40) - np.r_[np.zeros(28), np.full(12, 8)], 2)
        return pd.DataFrame({"x": range(1, 41), "date": dates, "y": y})
    if name in ("p", "u"):
        n = rng.integers(20, 60, 40) if name == "p" else rng.integers(150, 250, 40)
        y = rng.binomial(n, 0.22) if name == "p" else rng.poisson(n * 0.05)
        return pd.DataFrame({"x": range(1, 41), "date": dates, "y": y, "n": n})
    if name == "c":
        return pd.DataFrame({"x": range(1, 41), "date": dates, "y": rng.poisson(6, 40)})
    if name == "g":
        return pd.DataFrame({"x": range(1, 31), "y": rng.geometric(0.08, 30)})
    if name == "xbar_s":
        return pd.DataFrame(
            {"subgroup": np.repeat(range(1, 26), 5), "obs": np.tile(range(1, 6), 25),
             "y": np.round(rng.normal(100, 10, 125), 2)}
        )  # fmt: skip
    if name == "cdi":
        month = pd.date_range("2012-11-01", periods=36, freq="MS")
        days = rng.normal(14500, 300, 36)
        rate = np.r_[np.full(24, 13e-4), np.full(12, 6e-4)]
        return pd.DataFrame(
            {"month": month, "n": rng.poisson(days * rate), "days": days,
             "period": ["pre"] * 24 + ["post"] * 12}
        )  # fmt: skip
    period = pd.date_range("2016-04-01", periods=24, freq="MS")
    return pd.DataFrame(
        {"period": np.tile(period, 6), "org_code": np.repeat(list("ABCDEF"), 24),
         "breaches": rng.poisson(np.repeat(rng.uniform(800, 5000, 6), 24))}
    )  # fmt: skip


def load(name: str) -> pd.DataFrame:
    """One example series as a table (dates already read as dates)."""
    if name not in EXAMPLES:
        raise DataError(
            f"example: expected one of {', '.join(EXAMPLES)}, found {name!r}. "
            "Pick one of the listed examples."
        )
    path = HERE / EXAMPLES[name][0]
    if not path.exists():
        return _generated(name)
    data = pd.read_csv(path)
    date_column = {"cdi": "month", "ae_attendances": "period"}.get(name, "date")
    if date_column in data.columns:
        data[date_column] = pd.to_datetime(data[date_column])
    return data
