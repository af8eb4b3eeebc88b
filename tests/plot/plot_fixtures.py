"""Results and spec readers for drawing tests, built from the reference packages' own outputs.

Each fixture renames the columns of a qicharts2 or NHSRplotthedots output to the column names of
``qikit.spc`` results, so the drawing is tested on limits and signals the reference packages
computed, independently of qikit's engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).parent / "data"


@dataclass
class ReferenceResult:
    points: pd.DataFrame
    summary: pd.DataFrame
    chart_type: str
    rules: str = "anhoej"
    improvement: str | None = None
    target: float | None = None
    sentences: list[str] = field(default_factory=list)

    def explain(self) -> str:
        return " ".join(self.sentences)


def _flag(values: pd.Series) -> pd.Series:
    return values.astype(str).str.upper().eq("TRUE")


def qicharts2_result(output: str, input_: str | None, chart_type: str, **kw) -> ReferenceResult:
    out = pd.read_csv(DATA / output)
    x = out["x"]
    if input_ is not None:
        x = pd.to_datetime(pd.read_csv(DATA / input_)["date"])
    elif not pd.api.types.is_numeric_dtype(x):
        x = pd.to_datetime(x)
    sigma = _flag(out["sigma.signal"])
    points = pd.DataFrame(
        {
            "facet": None,
            "x": x,
            "y": out["y"],
            "numerator": out["y.sum"],
            "denominator": out["n"],
            "cl": out["cl"],
            "lcl": out["lcl"],
            "ucl": out["ucl"],
            "part": out["part"],
            "baseline": _flag(out["baseline"]),
            "include": _flag(out["include"]),
            "sigma_signal": sigma,
            "shift_signal": False,
            "trend_signal": False,
            "two_of_three_signal": False,
            "runs_signal": _flag(out["runs.signal"]),
            "special_cause": np.where(sigma, "neutral", ""),
        }
    )
    summary = (
        points.groupby("part", as_index=False)
        .agg(cl=("cl", "first"), runs_signal=("runs_signal", "any"))
        .assign(facet=None, variation_icon="", assurance="none")
    )
    return ReferenceResult(points=points, summary=summary, chart_type=chart_type, **kw)


def ptd_result(output: str, summary_file: str, improvement: str) -> ReferenceResult:
    out = pd.read_csv(DATA / output)
    kind = out["point_type"].str.replace("special_cause_", "", regex=False)
    special = kind.where(kind != "common_cause", "").str.replace(r"_(high|low)$", "", regex=True)
    flag = out["special_cause_flag"].astype(str).str.upper().eq("TRUE")
    points = pd.DataFrame(
        {
            "facet": None,
            "x": pd.to_datetime(out["x"]),
            "y": out["y"],
            "cl": out["mean_col"],
            "lcl": out["lpl"],
            "ucl": out["upl"],
            "part": out["rebase_group"] + 1,
            "baseline": True,
            "include": True,
            "sigma_signal": out["outside_limits"].astype(str).str.upper().eq("TRUE"),
            "shift_signal": flag & ~out["outside_limits"].astype(str).str.upper().eq("TRUE"),
            "trend_signal": False,
            "two_of_three_signal": False,
            "runs_signal": False,
            "special_cause": special,
            "point_type": out["point_type"],
            "target": out["target"],
        }
    )
    summary_in = pd.read_csv(DATA / summary_file)
    assurance = {
        "inconsistent": "hit_and_miss",
        "consistent_pass": "pass",
        "consistent_fail": "fail",
    }
    summary = pd.DataFrame(
        {
            "facet": [None],
            "part": [int(points["part"].max())],
            "cl": summary_in["mean_col"],
            "lcl": summary_in["lpl"],
            "ucl": summary_in["upl"],
            "variation_icon": [out["variation_icon"].iloc[-1].removesuffix(".svg")],
            "assurance": [assurance.get(summary_in["assurance_type"].iloc[0], "none")],
        }
    )
    return ReferenceResult(
        points=points,
        summary=summary,
        chart_type="i",
        rules="mdc",
        improvement=improvement,
        target=float(out["target"].iloc[0]),
        sentences=[
            "The latest point is unusually low: special cause concern.",
            "The target of 45 lies between the limits, so it will be met only some of the time.",
        ],
    )


def spec_table(spec: dict) -> pd.DataFrame:
    """The drawing table inside a chart specification (inline CSV), as a DataFrame."""
    import io

    name = spec["data"]["name"]
    return pd.read_csv(io.StringIO(spec["datasets"][name]))


def layers_of(spec: dict) -> list[dict]:
    """The layers of a single chart or of the panel of a board."""
    return spec["layer"] if "layer" in spec else spec["spec"]["layer"]


def marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] for layer in layers_of(spec)]


def layer_with(spec: dict, mark: str, field: str | None = None) -> list[dict]:
    """Layers drawing ``mark`` whose y (or x) encoding reads ``field``."""
    found = []
    for layer in layers_of(spec):
        if layer["mark"]["type"] != mark:
            continue
        enc = layer.get("encoding", {})
        if field is None or enc.get("y", {}).get("field") == field:
            found.append(layer)
    return found
