"""The synthetic teaching data sets: ``load("weekly")`` and ``names()``.

The tables come from ``datasets/`` beside the package (written by ``qikit data generate --seed
2016 --out datasets``). Where that folder is not present, as in an installed copy of qikit, the
same tables are generated from the same seed, which gives identical data. All of it is synthetic:
no real patients, staff, wards or trusts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from qikit.data.collaborative import DEFAULT_SEED, generate_collaborative
from qikit.data.schema import SYNTHETIC_NOTE, TABLES, Table
from qikit.errors import DataError

DATASETS_DIR = Path(__file__).resolve().parent.parent / "datasets"


def names() -> list[str]:
    """The names of the data sets ``load`` accepts."""
    return list(TABLES)


@cache
def _generated() -> dict[str, pd.DataFrame]:
    return generate_collaborative(seed=DEFAULT_SEED).tables()


def read_table(path: str | Path, table: Table) -> pd.DataFrame:
    """Read one CSV file written by ``Collaborative.write``, with the dictionary's types."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(raw.columns) != table.column_names:
        raise DataError(
            f"The file {path} should have the columns {table.column_names} but has "
            f"{list(raw.columns)}. Write it again with 'qikit data generate'."
        )
    frame = {}
    for column in table.columns:
        text = raw[column.name]
        if column.type in ("integer", "number"):
            values = pd.to_numeric(text.mask(text == ""))
            if column.type == "integer":
                values = values.astype("Int64" if column.missing else "int64")
            frame[column.name] = values
        elif column.type == "boolean":
            frame[column.name] = text == "yes"
        elif column.type == "date":
            frame[column.name] = pd.to_datetime(text, format="%Y-%m-%d")
        else:
            frame[column.name] = text
    return pd.DataFrame(frame)


def load(name: str) -> pd.DataFrame:
    """One table of the synthetic collaborative, as a DataFrame.

    ``df.attrs["source"]`` says where it came from and that it is synthetic.
    """
    if name not in TABLES:
        raise DataError(
            f"There is no data set called {name!r}. Choose one of: {', '.join(names())}."
        )
    path = DATASETS_DIR / f"{name}.csv"
    if path.exists():
        frame = read_table(path, TABLES[name])
        origin = f"datasets/{name}.csv"
    else:
        frame = _generated()[name].copy()
        origin = f"qikit.data.generate_collaborative(seed={DEFAULT_SEED})"
    frame.attrs["source"] = f"{origin}. {SYNTHETIC_NOTE}"
    frame.attrs["synthetic"] = True
    return frame
