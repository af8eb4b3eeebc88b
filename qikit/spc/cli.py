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
from qikit.privacy import check_table
from qikit.spc.charts import CALCULATORS
from qikit.spc.validate import RULE_SETS


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
    file = Path(path)
    if not file.exists():
        raise DataError(f"The file '{path}' was not found. Check the name and the folder.")
    if file.suffix.lower() == ".xls":
        raise DataError(
            f"The file '{path}' is an old-style Excel (.xls) workbook. Open it in Excel, "
            "'Save As' .xlsx or .csv, and try again."
        )
    try:
        if file.suffix.lower() == ".xlsx":
            table = pd.read_excel(file)
        else:
            table = pd.read_csv(file)
    except (ValueError, OSError, UnicodeDecodeError, ImportError) as exc:
        raise DataError(
            f"The file '{path}' could not be read as a table ({exc}). Save it as CSV "
            "(comma separated) or Excel and try again."
        ) from exc
    check_table(table, f"'{path}'")
    return table


def run(args: argparse.Namespace, stdout=None, stderr=None) -> int:
    """Run ``qikit spc`` with parsed arguments; return the exit code."""
    from qikit.spc.api import spc

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    multiply = int(args.multiply) if float(args.multiply).is_integer() else args.multiply
    try:
        data = _read(args.file)
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
            )
    except DataError as exc:
        print(f"qikit spc: {exc}", file=stderr)
        return 2
    for note in result.messages:
        print(f"Note: {note}", file=stderr)
    if args.out:
        result.points.to_csv(args.out, index=False)
        print(f"Wrote {len(result.points)} points to {args.out}", file=stderr)
    else:
        result.points.to_csv(stdout, index=False)
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
