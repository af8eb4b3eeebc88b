"""Write a collaborative as CSV files, a Frictionless ``datapackage.json`` and a README.

The files are byte-identical for the same seed on every machine: columns in dictionary order,
rows sorted by their key, numbers with a fixed number of decimals, dates as YYYY-MM-DD, booleans
as yes/no, empty fields for missing values and '\\n' line endings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from qikit.data.parameters import parameter_table
from qikit.data.schema import SYNTHETIC_NOTE, TABLES, Table
from qikit.data.score import SCORE_ITEMS
from qikit.errors import DataError

if TYPE_CHECKING:
    from qikit.data.collaborative import Collaborative

DEFAULTS = {"trusts": 4, "wards_per_trust": 4, "weeks": 104, "start": "2024-04-01"}


def regenerate_command(settings: dict) -> str:
    """The command line that writes these files again."""
    parts = ["qikit data generate", f"--seed {settings['seed']}"]
    for key, default in DEFAULTS.items():
        if settings.get(key, default) != default:
            parts.append(f"--{key.replace('_', '-')} {settings[key]}")
    parts.append("--out datasets")
    return " ".join(parts)


def format_table(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The table as text, column by column, exactly as it is written to CSV."""
    found, expected = list(frame.columns), table.column_names
    if sorted(found) != sorted(expected):
        raise DataError(
            f"Table '{table.name}' has columns {found}, but the data dictionary lists "
            f"{expected}. Update qikit/data/schema.py and the generator together."
        )
    out = {}
    for column in table.columns:
        values = frame[column.name]
        missing = values.isna().to_numpy()
        if column.type == "integer":
            text = np.where(missing, 0, values.to_numpy(dtype="float64", na_value=0))
            text = text.astype(np.int64).astype(str)
        elif column.type == "number":
            text = np.char.mod(f"%.{column.decimals}f", values.to_numpy(dtype=float))
        elif column.type == "boolean":
            text = np.where(values.to_numpy(dtype=bool, na_value=False), "yes", "no")
        elif column.type == "date":
            text = pd.to_datetime(values).dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
        else:
            text = values.to_numpy(dtype=object)
        out[column.name] = np.where(missing, "", text).astype(object)
    return pd.DataFrame(out)


def _csv_text(frame: pd.DataFrame, table: Table) -> str:
    return format_table(frame, table).to_csv(index=False, lineterminator="\n")


def _field(column) -> dict:
    field = {"name": column.name, "type": column.type, "description": column.meaning}
    if column.type == "date":
        field["format"] = "default"
    if column.type == "boolean":
        field["trueValues"] = ["yes"]
        field["falseValues"] = ["no"]
    if column.unit:
        field["unit"] = column.unit
    if column.missing:
        field["missingMeaning"] = column.missing
    constraints = {}
    if not column.missing:
        constraints["required"] = True
    if column.allowed:
        constraints["enum"] = list(column.allowed)
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if column.maximum is not None:
        constraints["maximum"] = column.maximum
    if constraints:
        field["constraints"] = constraints
    return field


def datapackage(settings: dict) -> dict:
    """The Frictionless tabular data package descriptor for the files."""
    resources = []
    for table in TABLES.values():
        schema = {
            "fields": [_field(c) for c in table.columns],
            "primaryKey": list(table.primary_key),
            "missingValues": [""],
        }
        if table.ward_key:
            schema["foreignKeys"] = [
                {"fields": "ward_id", "reference": {"resource": "wards", "fields": "ward_id"}}
            ]
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "title": f"{table.name}: {table.row}",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "qikit-synthetic-ward-collaborative",
        "title": "Synthetic mental-health ward collaborative (qikit teaching data)",
        "description": SYNTHETIC_NOTE,
        "synthetic": True,
        "generator": {
            "function": "qikit.data.generate_collaborative",
            "settings": settings,
            "command": regenerate_command(settings),
        },
        "resources": resources,
    }


def _escape(text: str) -> str:
    return str(text).replace("|", "\\|")


def _column_rows(table: Table) -> list[str]:
    rows = [
        "| Column | Meaning | Unit | Type | Allowed values |",
        "|---|---|---|---|---|",
    ]
    for c in table.columns:
        allowed = []
        if c.allowed:
            allowed.append(", ".join(f"`{a}`" for a in c.allowed))
        if c.minimum is not None:
            allowed.append(f">= {c.minimum:g}")
        if c.maximum is not None:
            allowed.append(f"<= {c.maximum:g}")
        if c.type == "boolean":
            allowed.append("`yes`, `no`")
        if c.type == "date":
            allowed.append("YYYY-MM-DD")
        if c.missing:
            allowed.append(f"empty = {c.missing}")
        rows.append(
            f"| `{c.name}` | {_escape(c.meaning)} | {_escape(c.unit)} | {c.type} | "
            f"{_escape('; '.join(allowed))} |"
        )
    return rows


def readme(collaborative: Collaborative) -> str:
    """The data dictionary and provenance, as Markdown."""
    settings = collaborative.settings
    frames = collaborative.tables()
    lines = [
        "# Synthetic ward collaborative (teaching data)",
        "",
        f"> **{SYNTHETIC_NOTE}**",
        "",
        "These files describe an invented improvement collaborative: mental-health wards in "
        "several trusts, each testing a change idea from the collaborative's change package "
        "with PDSA cycles. Some changes worked, some had no effect, and one balancing measure "
        "got worse, at known weeks. `changes.csv` records that ground truth, so a learner's "
        "reading of a chart can be marked right or wrong.",
        "",
        "## Provenance",
        "",
        f"- Generator: `qikit.data.generate_collaborative` with seed **{settings['seed']}**, "
        f"{settings['trusts']} trusts x {settings['wards_per_trust']} wards, "
        f"{settings['weeks']} weeks from {settings['start']}.",
        f"- Regenerate these files exactly: `{regenerate_command(settings)}` "
        f"(or `python -m qikit.data.cli {regenerate_command(settings)[len('qikit data ') :]}`).",
        '- Load one in Python: `qikit.datasets.load("weekly")`; '
        "`qikit.datasets.names()` lists them.",
        "- Machine-readable schema: `datapackage.json` (Frictionless tabular data package).",
        "- Random numbers: numpy `default_rng(seed)` (PCG64). Counts are negative binomial "
        "(Poisson with a gamma-distributed mean); shares are beta-binomial.",
        "",
        "## Files",
        "",
        "| File | One row is | Rows | Key |",
        "|---|---|---|---|",
    ]
    for name, table in TABLES.items():
        lines.append(
            f"| `{name}.csv` | {table.row} | {len(frames[name])} | "
            f"{', '.join(f'`{k}`' for k in table.primary_key)} |"
        )
    lines += [
        "",
        "Conventions: dates are YYYY-MM-DD, yes/no columns hold `yes` or `no`, an empty field "
        "is a missing value (its meaning is given below), rows are sorted by the key.",
        "",
        "## How the ground truth works",
        "",
        "- Each ward tests one change idea (`change_id`) from `start_week`. Its effect starts "
        "that week and grows in a straight line to `effect_size` over `ramp_weeks`, as the "
        "PDSA ramp in `pdsa.csv` moves from a small test to the whole ward.",
        "- For incident counts `effect_size` is a rate ratio (0.6 = 40% fewer incidents per "
        "occupied bed day; 1 = no effect). For shares it is percentage points added "
        "(0 = no effect).",
        "- `expected_signal` is what a control chart with the limits frozen on the weeks "
        "before `start_week` should show after it: weekly for shares (p chart), 4-weekly "
        "totals for incident rates (u chart). It is `none` for changes with no effect "
        "(`has_effect` is `no`) and for real effects too small for the events' rarity (under "
        "1.5 Poisson standard deviations per 4 weeks: see the parameter table), which a t or g "
        "chart of `events.csv` shows sooner. Wards join the work stream where they have most to "
        "gain, so their own incidents run above the usual rate.",
        "- `none` does not promise a quiet chart. Charted as the collaborative dashboard charts "
        "them (Making Data Count rules, limits frozen before the change), over 200 seeds "
        "(`benchmarks/no_effect_signals.py`): 94% of the small real effects still show "
        "special-cause improvement; and a "
        "change with no effect shows improvement on 35% of its charts and concern on 40% "
        "(on a seed's handful of such changes, from 20% to 56% show improvement for the middle "
        "80% of seeds; 2 of 11 for seed 2016). These false alarms go both ways: nothing in the "
        "data moves every ward at once (no secular trend), and no ward was picked for a bad "
        "spell (no regression to the mean). They come from the number of chances: a year of "
        "points read with four rules (in 60 weekly points a run of 7 above the mean "
        "turns up by chance about one time in five), and limits that assume binomial or Poisson "
        "variation when ward data vary more than that week to week (without that extra "
        "variation, 28% instead of 35%). Mark a reading of 'no change' against `has_effect`, and "
        "compare a ward with its own baseline and with the other wards before crediting a "
        "change.",
        "- SCORE answers improve a little between the `before` and `after` waves on wards whose "
        "change worked; elsewhere they do not.",
        "",
        "## Data dictionary",
    ]
    for name, table in TABLES.items():
        lines += ["", f"### `{name}.csv`: {table.row}", "", *_column_rows(table)]
    lines += [
        "",
        "## SCORE items (illustrative wording, not the licensed instrument)",
        "",
        "Domains are the SCORE culture domains. The wording below was written for this kit to "
        "show the structure of the survey; it is not the text of the SCORE instrument. "
        "Reverse-scored items are negatively worded: score them as 6 - response. For the two "
        "burnout domains a higher score means more burnout.",
        "",
        "| Item | Domain | Wording | Reverse-scored |",
        "|---|---|---|---|",
    ]
    for item in SCORE_ITEMS:
        reverse = "yes" if item.reverse_scored else "no"
        lines.append(f"| `{item.item}` | {item.domain} | {_escape(item.wording)} | {reverse} |")
    lines += [
        "",
        "## Parameters and their sources",
        "",
        "Sources refer to sections and source tags of the kit's QI reference "
        "(`QI_REFERENCE.md`). **assumed** means no published figure was found: the value was "
        "chosen to look plausible and is not a fact about real wards. Rates are per 1,000 "
        "occupied bed days on an adult acute ward; PICUs have twice the rate, older-adult wards "
        "half, forensic/rehab wards 0.6 times (assumed). Low and high give the range the "
        "whole collaborative's rate is checked against.",
        "",
        "| Parameter | Value | Low | High | Unit | Source | Note |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in parameter_table().itertuples(index=False):
        low = "" if pd.isna(row.low) else f"{row.low:g}"
        high = "" if pd.isna(row.high) else f"{row.high:g}"
        lines.append(
            f"| {_escape(row.parameter)} | {row.value:g} | {low} | {high} | {_escape(row.unit)} "
            f"| {_escape(row.source)} | {_escape(row.note)} |"
        )
    return "\n".join(lines) + "\n"


def write_collaborative(collaborative: Collaborative, directory: str | Path) -> list[Path]:
    """Write every table as CSV plus ``datapackage.json`` and ``README.md``; return the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in collaborative.tables().items():
        path = directory / f"{name}.csv"
        path.write_bytes(_csv_text(frame, TABLES[name]).encode("utf-8"))
        written.append(path)
    package = json.dumps(datapackage(collaborative.settings), indent=2, ensure_ascii=False)
    for name, text in (("datapackage.json", package + "\n"), ("README.md", readme(collaborative))):
        path = directory / name
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written
