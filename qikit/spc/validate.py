"""Check the input of ``spc()`` once, at the boundary, in words a ward manager understands.

Problems that make a chart impossible raise :class:`qikit.errors.DataError`, naming the column,
the rows, what was expected and what was found. Problems we can fix safely (rows out of order,
missing values) are fixed and reported as notes, returned to the caller, which records them on the
result and emits them as :class:`SPCWarning`.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qikit.errors import DataError
from qikit.spc.charts import (
    CALCULATORS,
    COUNT_CHARTS,
    DENOMINATOR_CHARTS,
    LANEY_CHARTS,
    LANEY_SIGMA_ESTIMATES,
    SUBGROUP_CHARTS,
)

RULE_SETS = ("anhoej", "mdc", "ihi")
IMPROVEMENT_WORDS = {
    "increase": "increase",
    "higher": "increase",
    "up": "increase",
    "decrease": "decrease",
    "lower": "decrease",
    "down": "decrease",
    "neutral": None,
    "none": None,
    "neither": None,
}
#: The largest value (and denominator) a chart can use: a thousand million million. Beyond about
#: this, numbers held as decimals lose their last whole digits, and the sums and squares behind
#: the limits can overflow; nothing counted or measured on a ward comes near it.
LARGEST_VALUE = 1e15
#: A label used for the facet column when there is only one series.
SINGLE_FACET = "all"


class SPCWarning(UserWarning):
    """A note about the data that a learner should read (rows sorted, values left out...)."""


class Rows(dict):
    """Columns of equal length (numpy arrays), taken together by ``take``."""

    def take(self, index) -> Rows:
        return Rows({name: values[index] for name, values in self.items()})


@dataclass
class CleanInput:
    """Validated input: one row per data row, sorted by facet then x, missing values removed."""

    frame: Rows  # columns facet (code), x, y, n, position (1-based row in the data)
    facet_labels: np.ndarray  # the facet value of each code
    x_given: bool
    x_is_date: bool
    improvement: str | None
    part_positions: list[int] = field(default_factory=list)
    part_starts: list = field(default_factory=list)
    exclude: list[int] = field(default_factory=list)
    freeze: int | None = None
    messages: list[str] = field(default_factory=list)


def rows_text(positions) -> str:
    """'row 4' or 'rows 4, 9 and 12' (first data row = 1), at most six listed."""
    rows = [int(p) for p in positions]
    shown = rows[:6]
    more = f" and {len(rows) - 6} more" if len(rows) > 6 else ""
    if len(shown) == 1 and not more:
        return f"row {shown[0]}"
    if more:
        return "rows " + ", ".join(map(str, shown)) + more
    return "rows " + ", ".join(map(str, shown[:-1])) + f" and {shown[-1]}"


def _check_frame(data) -> None:
    if not isinstance(data, pd.DataFrame):
        raise DataError(
            f"spc() needs a table of data (a pandas DataFrame), but it was given a "
            f"{type(data).__name__}. Read your file with pandas.read_csv() or "
            "pandas.read_excel() first."
        )
    if len(data) == 0:
        raise DataError("The table of data is empty: it has no rows. Add your measurements first.")


def _check_column(data: pd.DataFrame, name, role: str) -> None:
    if name is None:
        return
    if name not in data.columns:
        available = ", ".join(f"'{c}'" for c in data.columns)
        raise DataError(
            f"The {role} column '{name}' is not in the data. The columns are: {available}. "
            "Check the spelling, including capital letters and spaces."
        )


def _numbers(data: pd.DataFrame, name: str, role: str) -> pd.Series:
    """The column as float numbers; text that is not a number is an error naming the rows."""
    raw = data[name]
    if pd.api.types.is_bool_dtype(raw) or pd.api.types.is_numeric_dtype(raw):
        return raw.astype(float)
    values = pd.to_numeric(raw, errors="coerce").astype(float)
    bad = values.isna().to_numpy() & raw.notna().to_numpy()
    if bad.any():
        where = np.flatnonzero(bad) + 1
        examples = ", ".join(repr(v) for v in raw[bad].head(3).tolist())
        raise DataError(
            f"The {role} column '{name}' must hold numbers, but {rows_text(where)} "
            f"{'holds' if len(where) == 1 else 'hold'} something else ({examples}). "
            "Remove symbols such as % or commas, or fix the typing."
        )
    return values


def _check_size_of_values(
    values: pd.Series, name: str, role: str, x_labels: pd.Series | None
) -> None:
    """Refuse infinite values and values too big to chart, naming the rows (and their x)."""
    given = values.to_numpy(dtype=float)
    infinite = np.isinf(given)
    huge = ~infinite & (np.abs(np.nan_to_num(given)) > LARGEST_VALUE)
    for bad, what in (
        (infinite, "an infinite value, which is not a measurement"),
        (huge, f"a number bigger than {LARGEST_VALUE:,.0f}, far too big for a ward measure"),
    ):
        if not bad.any():
            continue
        where = np.flatnonzero(bad)
        found = ", ".join(_found_at(given[k], k, x_labels) for k in where[:3])
        raise DataError(
            f"The {role} column '{name}' holds {what}: {rows_text(where + 1)} "
            f"({found}). Check what was typed there, fix it or leave the cell empty, and try "
            "again."
        )


def _found_at(value: float, position: int, x_labels: pd.Series | None) -> str:
    shown = ("minus " if value < 0 else "") + ("infinity" if np.isinf(value) else f"{abs(value):g}")
    if x_labels is None:
        return shown
    label = x_labels.iloc[position]
    if isinstance(label, pd.Timestamp):
        label = label.strftime("%Y-%m-%d")
    elif isinstance(label, float) and label.is_integer():
        label = int(label)
    return f"{shown} at {label}"


def _x_values(data: pd.DataFrame, name: str) -> tuple[pd.Series, bool]:
    """x as numbers or dates (text that looks like dates is read as dates)."""
    raw = data[name]
    if isinstance(raw.dtype, pd.DatetimeTZDtype):
        return raw.dt.tz_localize(None), True  # local clock time; time zones play no part
    if pd.api.types.is_datetime64_any_dtype(raw):
        return raw, True
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        return raw, False
    as_number = pd.to_numeric(raw, errors="coerce")
    if as_number.notna().sum() == raw.notna().sum():
        return as_number.astype(float), False
    try:
        as_date = pd.to_datetime(raw, errors="coerce", format="mixed")
    except (TypeError, ValueError):
        as_date = pd.Series(pd.NaT, index=raw.index)
    bad = as_date.isna().to_numpy() & raw.notna().to_numpy()
    if bad.any():
        where = np.flatnonzero(bad) + 1
        examples = ", ".join(repr(v) for v in raw[bad].head(3).tolist())
        raise DataError(
            f"The x column '{name}' must hold dates or numbers in time order, but "
            f"{rows_text(where)} {'holds' if len(where) == 1 else 'hold'} something else "
            f"({examples}). Use dates such as 2024-01-31 or period numbers 1, 2, 3."
        )
    return as_date, True


def _sorted_factorize(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes numbering the distinct values in sorted order (hashing first, then sorting only
    the distinct values, which is much faster than sorting every row)."""
    if column.hasnans is False and column.is_monotonic_increasing:
        # already grouped and in order (the usual case): codes from the places values change
        values = column.to_numpy()
        change = np.r_[True, values[1:] != values[:-1]]
        return np.cumsum(change) - 1, np.asarray(values[change], dtype=object)
    codes, uniques = pd.factorize(column, sort=False, use_na_sentinel=False)
    uniques = np.asarray(uniques, dtype=object)
    try:
        order = np.argsort(pd.Series(uniques).to_numpy(), kind="stable")
    except TypeError:  # values of mixed kinds cannot be sorted: keep first-seen order
        return codes.astype(np.int64), uniques
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size)
    return rank[codes], uniques[order]


def _facet_codes(data: pd.DataFrame, facets: list) -> tuple[np.ndarray, np.ndarray]:
    """Integer code per row (in the sorted order of the facet values) and the value of each code.

    Several facet columns are combined into labels such as "Oak / Falls"."""
    if not facets:
        return np.zeros(len(data), dtype=np.int64), np.array([SINGLE_FACET], dtype=object)
    codes, labels = _sorted_factorize(data[facets[0]])
    labels = np.where(pd.isna(labels), "(blank)", labels).astype(object)
    for f in facets[1:]:
        more, more_labels = _sorted_factorize(data[f])
        combined = codes * len(more_labels) + more
        codes, uniques = pd.factorize(combined, sort=True)
        outer, inner = np.divmod(uniques, len(more_labels))
        labels = np.array(
            [
                f"{a} / {b}"
                for a, b in zip(labels[outer], np.asarray(more_labels)[inner], strict=True)
            ],
            dtype=object,
        )
        codes = codes.astype(np.int64)
    return codes, labels


def _whole_numbers(value, name: str, what: str) -> list[int]:
    values = value if isinstance(value, (list, tuple, np.ndarray, pd.Series)) else [value]
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 1:
            raise DataError(
                f"'{name}' must be {what}, counting the first point as 1, but it was given {v!r}."
            )
        out.append(int(v))
    return out


def _improvement(value) -> str | None:
    if value is None:
        return None
    key = str(value).strip().lower()
    if key not in IMPROVEMENT_WORDS:
        raise DataError(
            f"'improvement' says which direction is better: 'increase' (higher is better), "
            f"'decrease' (lower is better) or None (neither). It was given {value!r}."
        )
    return IMPROVEMENT_WORDS[key]


def laney_sigma(value, screen_mr, chart) -> tuple[str, str | None]:
    """The Laney sigma_z estimate to use, and a note when it was given for a chart without one.

    ``None`` follows ``screen_mr`` (qicharts2's one ``qic.screenedmr`` option screens both the I
    chart's moving ranges and Laney's): "screened" unless screening was switched off.
    """
    if value is None:
        return ("screened" if screen_mr else "untrimmed"), None
    key = value.strip().lower() if isinstance(value, str) else None
    if key not in LANEY_SIGMA_ESTIMATES:
        raise DataError(
            "'laney_sigma' says how Laney's sigma_z is estimated on p' and u' charts: 'screened' "
            "(as qicharts2: very large moving ranges of the z-scores are dropped once) or "
            "'untrimmed' (Laney's original: every moving range is kept). "
            f"It was given {value!r}."
        )
    if chart not in LANEY_CHARTS:
        return key, (
            f"'laney_sigma' only changes Laney p' and u' charts (chart='pp' or 'up'); it has no "
            f"effect on this {CALCULATORS[chart][1]}."
        )
    return key, None


def _check_options(chart, rules, multiply, target, shift_length, trend_length) -> None:
    if chart not in CALCULATORS:
        names = ", ".join(f"'{c}'" for c in CALCULATORS)
        raise DataError(f"'chart' must be one of {names}, but it was given {chart!r}.")
    if rules not in RULE_SETS:
        raise DataError(
            "'rules' must be 'anhoej' (qicharts2, Anhøj runs rules), 'mdc' (NHS Making Data "
            f"Count) or 'ihi' (IHI rules), but it was given {rules!r}."
        )
    if (
        isinstance(multiply, bool)
        or not isinstance(multiply, numbers.Real)
        or not np.isfinite(multiply)
        or multiply <= 0
    ):
        raise DataError(
            "'multiply' scales the plotted values (for example 1000 for a rate per 1,000 "
            f"bed days) and must be a positive number, but it was given {multiply!r}."
        )
    if target is not None and (
        isinstance(target, bool) or not isinstance(target, numbers.Real) or np.isnan(target)
    ):
        raise DataError(f"'target' must be a number, but it was given {target!r}.")
    for name, value in (("shift_length", shift_length), ("trend_length", trend_length)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 2
        ):
            raise DataError(
                f"'{name}' is a number of points (usually 6 or 7), but it was given {value!r}."
            )


def validate(
    data,
    *,
    y,
    x=None,
    n=None,
    chart="run",
    rules="anhoej",
    facet=None,
    freeze=None,
    part=None,
    exclude=None,
    multiply=1,
    improvement=None,
    target=None,
    shift_length=None,
    trend_length=None,
) -> CleanInput:
    """Check every argument and the data; return the cleaned rows and notes for the learner."""
    _check_frame(data)
    _check_options(chart, rules, multiply, target, shift_length, trend_length)
    direction = _improvement(improvement)
    facets = [facet] if isinstance(facet, str) else list(facet or [])
    for name, role in [(y, "y (values)"), (x, "x (time)"), (n, "n (denominator)")] + [
        (f, "facet") for f in facets
    ]:
        _check_column(data, name, role)
    messages: list[str] = []

    yv = _numbers(data, y, "y (values)")
    nv = _numbers(data, n, "n (denominator)") if n is not None else None
    if x is not None:
        xv, x_is_date = _x_values(data, x)
    else:
        xv, x_is_date = None, False
    _check_size_of_values(yv, y, "y (values)", xv)
    if nv is not None:
        _check_size_of_values(nv, n, "n (denominator)", xv)
    facet_codes, facet_labels = _facet_codes(data, facets)
    count = len(data)
    frame = Rows(
        facet=facet_codes,
        x=xv.to_numpy() if xv is not None else np.full(count, np.nan),
        y=yv.to_numpy(dtype=float),
        n=nv.to_numpy(dtype=float) if nv is not None else np.full(count, np.nan),
        position=np.arange(1, count + 1),
    )

    if chart in DENOMINATOR_CHARTS and n is None:
        raise DataError(
            f"A {CALCULATORS[chart][1]} needs a denominator: give n= the column holding the "
            "number of patients, admissions or bed days for each period."
        )

    missing = np.isnan(frame["y"])
    if nv is not None:
        missing = missing | np.isnan(frame["n"])
    if xv is not None:
        missing = missing | pd.isna(frame["x"])
    if missing.all():
        raise DataError(
            f"Every row has a missing value in '{y}'"
            + (f" or '{n}'" if n is not None else "")
            + (f" or '{x}'" if x is not None else "")
            + ", so there is nothing to chart."
        )
    if missing.any():
        verb = (
            "has a missing value and was" if missing.sum() == 1 else "have missing values and were"
        )
        messages.append(f"{rows_text(np.flatnonzero(missing) + 1)} {verb} left out of the chart.")
        frame = frame.take(~missing)

    if chart in COUNT_CHARTS:
        negative = frame["y"] < 0
        if negative.any():
            raise DataError(
                f"The y column '{y}' holds counts for a {CALCULATORS[chart][1]}, so it cannot "
                f"be negative, but {rows_text(frame['position'][negative])} "
                f"{'is' if negative.sum() == 1 else 'are'} below zero "
                f"({', '.join(str(v) for v in frame['y'][negative][:3])}). "
                "Check how these were recorded."
            )
    if n is not None:
        bad = frame["n"] <= 0
        if bad.any():
            raise DataError(
                f"The denominator column '{n}' must be greater than zero in every row, but "
                f"{rows_text(frame['position'][bad])} "
                f"{'is' if bad.sum() == 1 else 'are'} zero or negative "
                f"({', '.join(str(v) for v in frame['n'][bad][:3])}). "
                "Leave out periods with no patients, or check the figures."
            )
    if chart in ("p", "pp") and n is not None:
        over = frame["y"] > frame["n"]
        if over.any():
            raise DataError(
                f"On a {CALCULATORS[chart][1]} the numerator '{y}' counts patients out of the "
                f"denominator '{n}', so it cannot be bigger, but "
                f"{rows_text(frame['position'][over])} "
                f"{'has' if over.sum() == 1 else 'have'} more. Check these rows, or use a U chart "
                "for events that can happen more than once per patient."
            )

    # order by facet, then x (stable, so subgroup rows keep their order)
    facet_codes = frame["facet"]
    facets_in_order = bool(np.all(facet_codes[1:] >= facet_codes[:-1]))
    if x is not None:
        xkey = frame["x"]
        if x_is_date:
            xkey = xkey.astype("datetime64[ns]").astype(np.int64)
        same_facet = facet_codes[1:] == facet_codes[:-1]
        x_in_order = not np.any((xkey[1:] < xkey[:-1]) & same_facet)
        if not (facets_in_order and x_in_order):
            by_facet = np.argsort(facet_codes, kind="stable")
            xs, fs = xkey[by_facet], facet_codes[by_facet]
            if np.any((xs[1:] < xs[:-1]) & (fs[1:] == fs[:-1])):
                messages.append(
                    f"The rows were not in time order of '{x}', so they were sorted before "
                    "charting."
                )
            order = np.lexsort((xkey, facet_codes))
            frame = frame.take(order)
    elif not facets_in_order:
        frame = frame.take(np.argsort(facet_codes, kind="stable"))

    if chart in SUBGROUP_CHARTS:
        if x is None:
            raise DataError(
                f"An {CALCULATORS[chart][1]} needs x= the column naming each subgroup (for "
                "example the week), with several rows per subgroup."
            )
        fc, xs = frame["facet"], frame["x"]
        new = np.r_[True, (fc[1:] != fc[:-1]) | (xs[1:] != xs[:-1])]
        group = np.cumsum(new) - 1
        sizes = np.bincount(group)[group]
        single = sizes < 2
        if single.any():
            raise DataError(
                f"An {CALCULATORS[chart][1]} needs at least two measurements in every subgroup "
                f"(rows sharing the same '{x}'), but "
                f"{rows_text(np.sort(frame['position'][single]))} "
                f"{'is a subgroup' if single.sum() == 1 else 'are subgroups'} of one. "
                "Use an I chart for one measurement per period."
            )

    # renumber the facets left after removing missing values: 0, 1, 2... in order
    codes = frame["facet"]
    first = np.r_[True, codes[1:] != codes[:-1]]
    facet_labels = facet_labels[codes[first]]
    frame["facet"] = np.cumsum(first) - 1

    clean = CleanInput(
        frame=frame,
        facet_labels=facet_labels,
        x_given=x is not None,
        x_is_date=x_is_date,
        improvement=direction,
        messages=messages,
    )
    _parse_phases(clean, part, freeze, exclude, rules)
    return clean


def _parse_phases(clean: CleanInput, part, freeze, exclude, rules: str) -> None:
    """Read part (positions or start dates), freeze and exclude into the clean input."""
    if part is not None:
        values = part if isinstance(part, (list, tuple, np.ndarray, pd.Series)) else [part]
        positions, starts = [], []
        for v in values:
            if isinstance(v, numbers.Integral) and not isinstance(v, bool):
                if v < 1:
                    raise DataError(
                        "'part' lists the last point of each phase (counting the first point "
                        f"as 1) or the date a new phase starts, but it was given {v!r}."
                    )
                positions.append(int(v))
            else:
                if not clean.x_given:
                    raise DataError(
                        f"'part' was given {v!r}, a start value, but there is no x column to "
                        "find it in. Give x= or list point numbers instead."
                    )
                try:
                    start = pd.Timestamp(v) if clean.x_is_date else float(v)
                except (TypeError, ValueError) as exc:
                    raise DataError(
                        f"'part' was given {v!r}, which is neither a point number nor a "
                        "date/value of the x column."
                    ) from exc
                starts.append(start)
        clean.part_positions = sorted(set(positions))
        clean.part_starts = sorted(set(starts))
    if freeze is not None:
        clean.freeze = _whole_numbers(freeze, "freeze", "a number of points")[0]
        if part is not None and rules != "mdc":
            clean.messages.append(
                "'freeze' was ignored because 'part' was given: each part has its own limits "
                "(as in qicharts2)."
            )
            clean.freeze = None
    if exclude is not None:
        clean.exclude = _whole_numbers(exclude, "exclude", "point numbers")
