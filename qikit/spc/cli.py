"""``qikit spc``: compute a run chart or control chart from a CSV or Excel file.

    qikit spc incidents.csv --chart u --x week --y incidents --n bed_days --multiply 1000 \\
        --rules mdc --improvement decrease --out points.csv --summary

The per-point table goes to ``--out`` (or standard output); notes and problems go to standard
error in plain English. Bad input exits with code 2 and no traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

from qikit.errors import DataError
from qikit.spc.charts import CALCULATORS, SUBGROUP_CHARTS
from qikit.spc.validate import RULE_SETS
from qikit.tables import check_one_row_per_time, read_table, read_times

#: Charts that take one row per period: a repeated week is a mistake, not a subgroup (Xbar and S
#: charts) or two events on the same day (G and T charts).
ONE_ROW_PER_PERIOD = tuple(c for c in CALCULATORS if c not in SUBGROUP_CHARTS + ("g", "t"))


def _point_list(text: str) -> list:
    """'30' -> [30]; '30,60' -> [30, 60]; '2024-06-01' -> ['2024-06-01']."""
    out = []
    for item in text.split(","):
        item = item.strip()
        if item:
            out.append(int(item) if item.isdigit() else item)
    return out


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``spc`` arguments to a parser."""
    parser.add_argument("file", help="CSV or Excel file with one row per measurement")
    parser.add_argument("--y", required=True, help="column with the values (or numerators)")
    parser.add_argument("--x", help="column with the dates or period numbers")
    parser.add_argument("--n", help="column with the denominators (patients, bed days...)")
    parser.add_argument(
        "--chart", default="run", choices=list(CALCULATORS), help="chart type (default run)"
    )
    parser.add_argument(
        "--rules", default="anhoej", choices=list(RULE_SETS), help="rule set (default anhoej)"
    )
    parser.add_argument("--facet", action="append", help="column splitting the data into series")
    parser.add_argument("--multiply", type=float, default=1, help="e.g. 1000 for per 1,000")
    parser.add_argument(
        "--improvement", choices=["increase", "decrease", "neutral"], help="which way is better"
    )
    parser.add_argument("--target", type=float, help="target value, for the assurance icon")
    parser.add_argument(
        "--part",
        type=_point_list,
        action="extend",
        help="last point of a phase (e.g. 30) or the date a new phase starts; repeat or use commas",
    )
    parser.add_argument("--freeze", type=int, help="number of baseline points for the limits")
    parser.add_argument(
        "--exclude", type=_point_list, action="extend", help="point numbers left out of limits"
    )
    parser.add_argument("--shift-length", type=int, help="points for a shift (MDC 7, IHI 6)")
    parser.add_argument("--trend-length", type=int, help="points for a trend (MDC 7, IHI 5)")
    parser.add_argument(
        "--no-screen", action="store_true", help="do not screen large moving ranges"
    )
    parser.add_argument(
        "--laney-sigma",
        choices=("screened", "untrimmed"),
        help="Laney sigma_z on pp / up charts: screened as qicharts2 (default) or untrimmed "
        "as Laney (2002)",
    )
    parser.add_argument("--out", help="write the per-point table to this CSV file")
    parser.add_argument("--summary", action="store_true", help="print the summary table")
    parser.add_argument("--explain", action="store_true", help="print a plain-English reading")
    parser.add_argument("--plot", help="save the chart to this file (.png, .svg, .pdf, .html)")
    parser.set_defaults(handler=run)
    return parser


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register the ``spc`` subcommand on the top-level ``qikit`` command."""
    parser = subparsers.add_parser(
        "spc",
        help="compute a run chart or control chart from a CSV or Excel file",
        description=__doc__.split("\n\n")[0],
    )
    return add_arguments(parser)


def _read(path: str) -> pd.DataFrame:
    """The file's table, read by :func:`qikit.tables.read_table` (any usual encoding, separator,
    decimal mark; Excel .xlsx)."""
    file = Path(path)
    if not file.exists():
        raise DataError(f"The file '{path}' was not found. Check the name and the folder.")
    if file.is_dir():
        raise DataError(
            f"'{path}' is a folder, not a file. Give the CSV or Excel file inside it, for "
            f"example {Path(path) / 'data.csv'}."
        )
    try:
        content = file.read_bytes()
    except OSError:
        raise DataError(
            f"The file '{path}' could not be opened (it may be open in another program, or you "
            "may not have permission to read it). Close it or copy it somewhere you can read, "
            "then try again."
        ) from None
    return read_table(path, content)


def _prepare_time(data: pd.DataFrame, args: argparse.Namespace) -> pd.DataFrame:
    """Read the --x column as UK dates (day first) or period numbers, and refuse a period given
    twice on charts that take one row per period."""
    if args.x is None or args.x not in data.columns:
        return data  # spc() names a missing column
    data = data.copy()
    times = read_times(data, args.x)
    data[args.x] = times
    data.attrs["notes"] = times.attrs.get("notes", [])  # e.g. times changed to UK time
    facets = list(args.facet or [])
    if args.chart in ONE_ROW_PER_PERIOD and all(f in data.columns for f in facets):
        check_one_row_per_time(
            data[args.x],
            args.x,
            data[facets] if facets else None,
            "add the rows up first, or give --facet the column that tells the wards apart.",
        )
    return data


def run(args: argparse.Namespace, stdout=None, stderr=None) -> int:
    """Run ``qikit spc`` with parsed arguments; return the exit code."""
    from qikit.spc.api import spc

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    multiply = int(args.multiply) if float(args.multiply).is_integer() else args.multiply
    try:
        data = _prepare_time(_read(args.file), args)
        facet = args.facet[0] if args.facet and len(args.facet) == 1 else args.facet
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = spc(
                data,
                y=args.y,
                x=args.x,
                n=args.n,
                chart=args.chart,
                rules=args.rules,
                facet=facet,
                freeze=args.freeze,
                part=args.part,
                exclude=args.exclude,
                multiply=multiply,
                improvement=args.improvement,
                target=args.target,
                shift_length=args.shift_length,
                trend_length=args.trend_length,
                screen_mr=not args.no_screen,
                laney_sigma=args.laney_sigma,
            )
    except DataError as exc:
        print(f"qikit spc: {exc}", file=stderr)
        return 2
    from qikit.store.export import safe_table

    for note in [*data.attrs.get("notes", []), *result.messages]:
        print(f"Note: {note}", file=stderr)
    points = safe_table(result.points)  # a ward named =HYPERLINK(...) stays text in Excel
    if args.out:
        points.to_csv(args.out, index=False)
        print(f"Wrote {len(result.points)} points to {args.out}", file=stderr)
    else:
        points.to_csv(stdout, index=False)
    if args.summary:
        print(result.summary.to_string(index=False), file=stdout if args.out else stderr)
    if args.explain:
        print(result.explain(), file=stdout if args.out else stderr)
    if args.plot:
        try:
            from qikit.plot import plot, save
        except ImportError:
            print("Note: charts cannot be saved here (qikit.plot is not available).", file=stderr)
            return 1
        try:
            written = save(plot(result), args.plot)
        except DataError as exc:
            print(f"qikit spc: {exc}", file=stderr)
            return 2
        print(f"Saved the chart to {written}", file=stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """A parser holding just the ``spc`` subcommand (``qikit spc ...``)."""
    parser = argparse.ArgumentParser(prog="qikit", description="qikit command line")
    subparsers = parser.add_subparsers(dest="command", required=True)
    add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``qikit spc ...`` on its own; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
