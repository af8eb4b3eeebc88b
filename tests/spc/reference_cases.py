"""Read the qicharts2 and NHSRplotthedots reference cases listed in ../shared/reference/INDEX.csv.

Each case is turned into the equivalent ``qikit.spc.spc`` keyword arguments by reading the exact
R call stored beside it. The folder can be moved with the QIKIT_REFERENCE environment variable.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

REFERENCE = Path(
    os.environ.get(
        "QIKIT_REFERENCE", Path(__file__).resolve().parents[2].parent / "shared" / "reference"
    )
)


@dataclass
class Case:
    case: str
    package: str
    label: str
    file: Path
    summary_file: Path | None
    call: str
    notes: str
    kwargs: dict

    @property
    def id(self) -> str:
        return f"{self.file.parent.name}-{self.file.stem}"

    def input(self) -> pd.DataFrame:
        return pd.read_csv(self.file.parent / "input.csv")


def _arguments(call: str) -> list[str]:
    """Top-level arguments of the outermost function call in ``call``."""
    inner = call[call.index("(") + 1 : call.rindex(")")]
    args, depth, current = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            args.append(current.strip())
            current = ""
            continue
        depth += ch in "(["
        depth -= ch in ")]"
        current += ch
    if current.strip():
        args.append(current.strip())
    return args


def _qicharts2_kwargs(call: str, notes: str, data: pd.DataFrame) -> dict:
    positional, named = [], {}
    for arg in _arguments(call):
        if "=" in arg and not arg.startswith("'"):
            key, value = (part.strip() for part in arg.split("=", 1))
            named[key] = value
        else:
            positional.append(arg)
    kwargs = {"x": positional[0], "y": positional[1], "rules": "anhoej"}
    if len(positional) > 2:
        kwargs["n"] = positional[2]
    kwargs["chart"] = named["chart"].strip("'")
    for key in ("part", "freeze", "multiply"):
        if key in named:
            kwargs[key] = int(named[key])
    if "facets" in named:
        kwargs["facet"] = named["facets"].replace("~", "").strip()
    kwargs["screen_mr"] = "qic.screenedmr=FALSE" not in notes
    return kwargs


def _ptd_kwargs(call: str, data: pd.DataFrame) -> dict:
    named = {}
    for arg in _arguments(call)[1:]:
        key, value = (part.strip() for part in arg.split("=", 1))
        named[key] = value
    direction = named["improvement_direction"].strip("'")
    kwargs = {
        "x": named["date_field"],
        "y": named["value_field"],
        "chart": "i",
        "rules": "mdc",
        "improvement": None if direction == "neutral" else direction,
    }
    if "target" in named:
        kwargs["target"] = float(re.search(r"ptd_target\(([-\d.]+)\)", named["target"]).group(1))
    if "screen_outliers" in named:
        kwargs["screen_mr"] = named["screen_outliers"] != "FALSE"
    if "rebase" in named:
        by_row = re.search(r"d\$date\[(\d+)\]", named["rebase"])
        if by_row:
            start = data["date"].iloc[int(by_row.group(1)) - 1]
        else:
            start = re.search(r"'(\d{4}-\d\d-\d\d)'", named["rebase"]).group(1)
        kwargs["part"] = [pd.Timestamp(start)]
    return kwargs


def load_cases(package: str) -> list[Case]:
    """Every per-point case of ``package`` in INDEX.csv, with its summary file when listed."""
    index = pd.read_csv(REFERENCE / "INDEX.csv", keep_default_na=False)
    files = set(index["file"])
    cases = []
    for row in index[index["package"] == package].itertuples():
        if row.label.endswith("_summary"):
            continue
        path = REFERENCE / row.file
        summary = row.file.replace(".csv", "_summary.csv")
        data = pd.read_csv(path.parent / "input.csv")
        if package == "qicharts2":
            kwargs = _qicharts2_kwargs(row.call, row.notes, data)
        else:
            kwargs = _ptd_kwargs(row.call, data)
        cases.append(
            Case(
                case=row.case,
                package=package,
                label=row.label,
                file=path,
                summary_file=REFERENCE / summary if summary in files else None,
                call=row.call,
                notes=row.notes,
                kwargs=kwargs,
            )
        )
    return cases
