"""The ``qikit data`` command: ``qikit data generate --seed S --out DIR``.

``add_parser(subparsers)`` registers the command on the main ``qikit`` parser and ``run(args)``
carries it out, returning an exit code. ``python -m qikit.data.cli generate ...`` works too.
"""

from __future__ import annotations

import argparse
import sys

from qikit.data.collaborative import DEFAULT_SEED, generate_collaborative
from qikit.errors import DataError


def _add_commands(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="data_command", metavar="COMMAND")
    commands.required = True
    generate = commands.add_parser(
        "generate",
        help="write the synthetic collaborative as CSV files with their data dictionary",
        description="Write the synthetic ward collaborative (not real patient data) as CSV "
        "files, with datapackage.json and a README data dictionary.",
    )
    generate.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    generate.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    generate.add_argument("--trusts", type=int, default=4, help="number of trusts (default 4)")
    generate.add_argument(
        "--wards-per-trust", type=int, default=4, help="wards in each trust (default 4)"
    )
    generate.add_argument("--weeks", type=int, default=104, help="weeks of data (default 104)")
    generate.add_argument(
        "--start", default="2024-04-01", help="first Monday, YYYY-MM-DD (default 2024-04-01)"
    )


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``data`` (with its ``generate`` command) on the main command's subparsers."""
    parser = subparsers.add_parser(
        "data", help="synthetic teaching data", description="Synthetic teaching data."
    )
    _add_commands(parser)
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Carry out a ``qikit data`` command; 0 on success, 2 when the input cannot be used."""
    try:
        collaborative = generate_collaborative(
            seed=args.seed,
            trusts=args.trusts,
            wards_per_trust=args.wards_per_trust,
            weeks=args.weeks,
            start=args.start,
        )
        paths = collaborative.write(args.out)
    except DataError as error:
        print(f"qikit data: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"qikit data: could not write to {args.out}: {error.strerror}.", file=sys.stderr)
        return 2
    print(f"Wrote {len(paths)} files to {args.out} (synthetic data, seed {args.seed}).")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run ``qikit data`` from a list of arguments, e.g. ``["generate", "--out", "d"]``."""
    parser = argparse.ArgumentParser(prog="qikit data", description="Synthetic teaching data.")
    _add_commands(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
