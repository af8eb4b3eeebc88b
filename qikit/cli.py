"""The ``qikit`` command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import qikit
from qikit import session_plan
from qikit.data import cli as data_cli
from qikit.spc import cli as spc_cli


def _add_serve(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the workbooks as Voilà apps in the browser",
        description="Serve the workbooks as Voilà apps, starting on a gallery page.",
    )
    parser.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    parser.add_argument("--workbooks", type=Path, default=None, help="folder holding the workbooks")
    parser.add_argument(
        "--exercises",
        type=Path,
        default=None,
        help="folder holding the exercise notebooks, listed in the gallery's Exercises section "
        "(default: the exercises folder beside the workbooks)",
    )
    parser.add_argument("--open", action="store_true", help="open a browser tab")
    parser.add_argument(
        "--pool-size",
        type=int,
        default=1,
        help="preheated kernels kept ready per workbook (default 1; 0 turns preheating off)",
    )
    parser.add_argument(
        "--room",
        type=int,
        nargs="?",
        const=40,
        default=None,
        metavar="DELEGATES",
        help="size the server for a room of delegates (default 40): a kernel is started ahead "
        "for each delegate on the session's workbooks, idle kernels shut down after 10 minutes",
    )
    parser.add_argument(
        "--preheat",
        nargs="+",
        default=["00_welcome.ipynb"],
        metavar="WORKBOOK",
        help="with --room: the workbooks the room opens first (default 00_welcome.ipynb)",
    )
    parser.add_argument(
        "--token",
        default=None,
        help="access token of at least 16 characters; always required (and made up if not "
        "given) when --host is not this machine",
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a name the server may be reached by besides its address and localhost, e.g. "
        "behind a proxy on this machine (repeat for more); other names are refused",
    )
    parser.add_argument(
        "--max-upload-mb",
        type=float,
        default=10.0,
        metavar="MB",
        help="largest file a delegate can upload, in megabytes (default 10); larger files are "
        "refused in the browser before they are sent",
    )
    parser.add_argument(
        "--facilitator-code",
        metavar="CODE",
        help="on a shared server, a code (at least 6 letters or digits) that, typed as a join "
        "code, lets the facilitator see and open every team's work",
    )
    parser.set_defaults(handler=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    from qikit.serve.server import (
        ServeError,
        ServeOptions,
        default_workbooks,
        room_options,
        serve,
    )

    options = ServeOptions(
        workbooks=args.workbooks or default_workbooks(),
        port=args.port,
        host=args.host,
        open_browser=args.open,
        pool_size=args.pool_size,
        token=args.token,
        allow_hosts=tuple(args.allow_host),
        max_upload_mb=args.max_upload_mb,
        exercises=args.exercises,
    )
    if args.room:
        options = room_options(options, args.room, tuple(args.preheat))
    if args.facilitator_code is not None:
        from qikit.store.team_rows import normal_code

        code = normal_code(args.facilitator_code)
        if len(code) < 6 or not code.isalnum():
            print(
                "qikit serve: --facilitator-code needs at least 6 letters or digits, so that "
                "no delegate guesses it.",
                file=sys.stderr,
            )
            return 2
        os.environ["QIKIT_FACILITATOR_CODE"] = code  # handed on to every kernel
    try:
        return serve(options)
    except ServeError as error:
        print(f"qikit serve: {error}", file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qikit",
        description="qikit: quality improvement workbooks and tools for ward teams.",
    )
    parser.add_argument("--version", action="version", version=f"qikit {qikit.__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_serve(subparsers)
    spc_cli.add_parser(subparsers)
    data_cli.add_parser(subparsers)
    session_plan.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 0
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
