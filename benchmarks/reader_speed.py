"""How fast the one table reader reads a big weekly file, and how fast it is then charted.

Run by hand: ``.venv/bin/python benchmarks/reader_speed.py [--rows 1000000] [--runs 3]``.

The file is what a trust-wide extract looks like: one row per ward and week (1,000 weeks of
1,000 wards for a million rows) with the columns week (2005-01-03 style), ward, incidents and
bed_days, written as CSV. Each stage is timed on its own, wall clock and processor time (the
reference machine is shared, so the processor time is the fairer figure), median of ``--runs``:

- reading: :func:`qikit.tables.read_table` (decoding, separator, headings and caps, the
  patient-data check, numbers);
- dates: :func:`qikit.tables.read_times` on the week column;
- SPC: ``spc(chart="u", facet="ward")``, limits and Anhøj rules for every ward;
- one ward charted: the Altair spec of one ward's u chart, as the apps draw it;
- the whole ``qikit spc FILE --chart u --x week --y incidents --n bed_days --facet ward
  --out points.csv`` in one process, which also writes a million points to CSV.

Goal (issue 18): below the reader's caps a 1-million-row weekly file is read and charted in
seconds.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def weekly_file(path: Path, rows: int) -> Path:
    weeks = 1000
    wards = max(rows // weeks, 1)
    dates = pd.date_range("2005-01-03", periods=weeks, freq="7D").strftime("%Y-%m-%d")
    rng = np.random.default_rng(2016)
    pd.DataFrame(
        {
            "week": np.tile(dates, wards),
            "ward": np.repeat([f"Ward {k:04d}" for k in range(wards)], weeks),
            "incidents": rng.poisson(5, wards * weeks),
            "bed_days": rng.integers(250, 350, wards * weeks),
        }
    ).to_csv(path, index=False)
    return path


def timed(job) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = job()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    from qikit.plot import plot
    from qikit.spc.api import spc
    from qikit.spc.cli import build_parser
    from qikit.tables import read_table, read_times

    with tempfile.TemporaryDirectory() as folder:
        path = weekly_file(Path(folder) / "weekly.csv", options.rows)
        content = path.read_bytes()
        print(f"{options.rows:,} rows, {len(content) / 2**20:.1f} MB")
        stages: dict[str, list[tuple[float, float]]] = {}

        def record(name: str, job):
            wall, cpu, result = timed(job)
            stages.setdefault(name, []).append((wall, cpu))
            return result

        for _ in range(options.runs):
            table = record("reading (read_table)", lambda: read_table("weekly.csv", content))
            times = record("dates (read_times)", lambda table=table: read_times(table, "week"))
            data = table.assign(week=times)
            result = record(
                "SPC, u chart per ward (1,000 wards)",
                lambda data=data: spc(
                    data, y="incidents", n="bed_days", x="week", chart="u", facet="ward"
                ),
            )
            one = data[data["ward"] == "Ward 0000"]
            record(
                "one ward charted (Altair spec)",
                lambda one=one: plot(
                    spc(one, y="incidents", n="bed_days", x="week", chart="u")
                ).to_dict(),
            )
            del result
            out = Path(folder) / "points.csv"
            args = build_parser().parse_args(
                ["spc", str(path), "--chart", "u", "--x", "week", "--y", "incidents"]
                + ["--n", "bed_days", "--facet", "ward", "--out", str(out)]
            )
            record(
                "whole qikit spc command, writing 1M points", lambda args=args: args.handler(args)
            )

        print("| Stage | wall (median) | processor (median) | runs |")
        print("|---|---:|---:|---:|")
        for name, runs in stages.items():
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {len(runs)} |")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"Peak memory (RSS) of the process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
