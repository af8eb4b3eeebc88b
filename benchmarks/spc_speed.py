"""How fast is qikit.spc on a whole trust's worth of series?

Times ``qikit.spc.spc`` on 1,000 and 10,000 series x 104 weekly points, I and p charts, with every
rule of each rule set (anhoej, mdc, ihi), and one long series (100,000 points, e.g. hourly data over
eleven years) as a run, I and p chart with each rule set, in ``spc()`` and through ``qikit spc`` on
a CSV file (goal: under 1 s for every rule set). The short series are timed against:

* plain numpy computing the limits only (no rules, no validation, no tables): the lower bound;
* clinical-qikit (a Python peer). It also imports as ``qikit``, so it runs in its own virtual
  environment through a subprocess. Give the environment's python with ``--peer-python``; the
  column is left out, with a note, when there is none.

Run by hand (not a test):

    .venv/bin/python benchmarks/spc_speed.py --peer-python /tmp/cqvenv/bin/python

Prints a Markdown table (best of ``--repeat`` runs, wall-clock milliseconds) and the peak memory
per point of one spc() call.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from qikit.spc import spc

POINTS = 104
RULE_SETS = ("anhoej", "mdc", "ihi")

PEER_SCRIPT = r"""
import json, sys, time, warnings
import numpy as np
warnings.simplefilter("ignore")
from qikit import qic
data = np.load(sys.argv[1])
chart, limit = sys.argv[2], int(sys.argv[3])
y, n = data["y"], data["n"]
series = min(limit, y.shape[0])
start, start_cpu = time.perf_counter(), time.process_time()
for i in range(series):
    if chart == "p":
        qic(y=y[i], n=n[i], chart="p")
    else:
        qic(y=y[i], chart="i")
elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
print(json.dumps({"seconds": elapsed, "cpu": cpu, "series": series}))
"""


def make_data(series: int, seed: int = 20261125) -> dict:
    """Reproducible ward data: values for I charts, numerators/denominators for p charts."""
    rng = np.random.default_rng(seed)
    shape = (series, POINTS)
    values = np.round(rng.normal(50, 8, shape), 2)
    n = rng.integers(20, 60, shape).astype(float)
    y = rng.binomial(n.astype(int), 0.2).astype(float)
    frame = pd.DataFrame(
        {
            "ward": np.repeat(np.arange(series), POINTS),
            "week": np.tile(np.arange(1, POINTS + 1), series),
            "value": values.ravel(),
            "y": y.ravel(),
            "n": n.ravel(),
        }
    )
    return {"frame": frame, "values": values, "y": y, "n": n}


def numpy_limits(data: dict, chart: str) -> None:
    """Lower bound: limits only, one 2-D array pass, no validation and no rules."""
    if chart == "i":
        v = data["values"]
        cl = v.mean(axis=1, keepdims=True)
        mr = np.abs(np.diff(v, axis=1))
        amr = mr.mean(axis=1, keepdims=True)
        amr = np.where(mr < 3.267 * amr, mr, np.nan)
        sigma = np.nanmean(amr, axis=1, keepdims=True) / 1.128
        _ = cl - 3 * sigma, cl + 3 * sigma
    else:
        y, n = data["y"], data["n"]
        p = y.sum(axis=1, keepdims=True) / n.sum(axis=1, keepdims=True)
        sigma = np.sqrt(p * (1 - p) / n)
        _ = np.clip(p - 3 * sigma, 0, 1), np.clip(p + 3 * sigma, 0, 1)


def run_qikit(data: dict, chart: str, rules: str):
    kw = {"y": "value"} if chart == "i" else {"y": "y", "n": "n"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(data["frame"], x="week", chart=chart, rules=rules, facet="ward", **kw)


def best_of(fn, repeat: int) -> tuple[float, float]:
    """Best wall-clock and best processor time of ``repeat`` runs, in milliseconds.

    On a shared machine the processor time is the fairer figure: it leaves out time spent
    waiting for other programs."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall) * 1000, min(cpu) * 1000


def peer_time(python: str, data: dict, chart: str, limit: int):
    """Wall and processor milliseconds of clinical-qikit on at most ``limit`` series, and how
    many series were timed."""
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "data.npz"
        np.savez(file, y=data["values"] if chart == "i" else data["y"], n=data["n"])
        out = subprocess.run(
            [python, "-c", PEER_SCRIPT, str(file), chart, str(limit)],
            capture_output=True,
            text=True,
            check=False,
            cwd=folder,  # so that this checkout's qikit is not imported instead
        )
    if out.returncode != 0:
        print(f"clinical-qikit run failed: {out.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    found = json.loads(out.stdout.strip().splitlines()[-1])
    return (found["seconds"] * 1000, found["cpu"] * 1000), found["series"]


def long_series(points: int, repeat: int) -> list[tuple[str, str, tuple[float, float], float]]:
    """One series of ``points`` points: best spc() time per chart and rule set, and the wall
    time of ``qikit spc`` reading it from a CSV file and writing the points (one run each)."""
    rng = np.random.default_rng(20261125)
    n = rng.integers(20, 60, points).astype(float)
    frame = pd.DataFrame(
        {
            "hour": np.arange(1, points + 1),
            "value": np.round(rng.normal(50, 8, points), 2),
            "y": rng.binomial(n.astype(int), 0.2).astype(float),
            "n": n,
        }
    )
    out = []
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "long.csv"
        frame.to_csv(csv, index=False)
        for chart in ("run", "i", "p"):
            kw = {"y": "y", "n": "n"} if chart == "p" else {"y": "value"}
            for rules in RULE_SETS:
                if rules == "mdc" and chart == "run":
                    continue

                def once(c=chart, r=rules, k=kw):
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        spc(frame, x="hour", chart=c, rules=r, **k)

                timing = best_of(once, repeat)
                command = [str(Path(sys.executable).with_name("qikit")), "spc", str(csv)]
                command += ["--chart", chart]
                command += ["--x", "hour", "--rules", rules, "--out", str(Path(folder) / "o.csv")]
                command += ["--y", kw["y"]] + (["--n", "n"] if chart == "p" else [])
                start = time.perf_counter()
                done = subprocess.run(command, capture_output=True, text=True, check=False)
                cli = time.perf_counter() - start
                if done.returncode != 0:
                    print(f"qikit spc failed: {done.stderr.strip()[-300:]}", file=sys.stderr)
                out.append((chart, rules, timing, cli))
    return out


def peak_bytes_per_point(data: dict, chart: str) -> float:
    tracemalloc.start()
    run_qikit(data, chart, "mdc")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / data["values"].size


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--series", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--long", type=int, default=100_000, help="points in the one long series")
    parser.add_argument("--peer-python", help="python of a virtual env holding clinical-qikit")
    parser.add_argument(
        "--peer-series",
        type=int,
        default=1000,
        help="time the peer on at most this many series and scale up (it is ~1 ms per chart)",
    )
    args = parser.parse_args(argv)

    rows = []
    memory = []
    for series in args.series:
        data = make_data(series)
        repeat = args.repeat if series <= 1000 else max(1, args.repeat - 1)
        for chart in ("i", "p"):
            for rules in RULE_SETS:
                run_qikit(data, chart, rules)  # warm up
            row = {
                "series": series,
                "chart": chart,
                "numpy": best_of(lambda d=data, c=chart: numpy_limits(d, c), repeat),
            }
            for rules in RULE_SETS:
                row[rules] = best_of(lambda d=data, c=chart, r=rules: run_qikit(d, c, r), repeat)
            row["peer"] = None
            if args.peer_python:
                found = peer_time(args.peer_python, data, chart, args.peer_series)
                if found:
                    (wall, cpu), timed = found
                    row["peer"] = (wall * series / timed, cpu * series / timed)
                    row["peer_scaled"] = timed < series
            rows.append(row)
            memory.append((series, chart, peak_bytes_per_point(data, chart)))

    print("Milliseconds, best of the runs: wall clock (processor time in brackets).\n")
    print(
        "| series x points | chart | numpy limits only | qikit anhoej | "
        "qikit mdc | qikit ihi | clinical-qikit | clinical-qikit / slowest qikit (processor) |"
    )
    print("|---|---|---|---|---|---|---|---|")

    def cell(pair):
        return f"{pair[0]:,.1f} ({pair[1]:,.1f})"

    for r in rows:
        slowest = max(r[k][1] for k in RULE_SETS)
        if r["peer"] is None:
            peer, ratio = "not run", ""
        else:
            peer = cell(r["peer"]) + (" scaled up" if r.get("peer_scaled") else "")
            ratio = f"{r['peer'][1] / slowest:,.0f}x"
        print(
            f"| {r['series']:,} x {POINTS} | {r['chart']} | {cell(r['numpy'])} | "
            f"{cell(r['anhoej'])} | {cell(r['mdc'])} | {cell(r['ihi'])} | {peer} | {ratio} |"
        )
    if not args.peer_python:
        print("\nclinical-qikit column not run: give --peer-python (its own virtual env).")
    print(f"\nOne series of {args.long:,} points: spc() best of {args.repeat}, milliseconds wall")
    print("(processor), and `qikit spc` on the CSV file (seconds, start-up and reading in).\n")
    print("| chart | rules | spc() | qikit spc |")
    print("|---|---|---|---|")
    for chart, rules, timing, cli in long_series(args.long, args.repeat):
        print(f"| {chart} | {rules} | {cell(timing)} | {cli:.2f} s |")
    print("\nPeak memory of one spc() call (mdc rules), bytes per point:")
    for series, chart, per_point in memory:
        print(f"- {series:,} series, {chart} chart: {per_point:,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
