"""How fast does qikit draw charts, from one ward's measure to a whole trust's board?

Times ``qikit.plot.plot`` plus serialising the chart (``chart.to_dict()`` and ``json.dumps``,
which is what a notebook, Voilà or an export does) for:

* one series of 104 weekly points (two years): I chart, Making Data Count rules, a target and
  two PDSA cycles;
* one series of 1,826 daily points (five years), U chart with varying denominators;
* a trust-wide board: 40 wards x 6 measures = 240 series x 104 weekly points, C charts, MDC rules;

and the PNG export of each through vl-convert (offline). The SPC calculation is timed apart and
not counted. Also shown: the same serialising with Altair's full schema check
(``to_dict(validate=True)``), which qikit's charts skip by default because the tests check them.

Goals (issue 4): a single chart spec in <= 50 ms; the 240-series board in <= 2 s.

Run by hand (not a test); the machine may be shared, so CPU time is shown beside wall time:

    .venv/bin/python benchmarks/chart_speed.py [--repeat 5] [--no-board-png]

Prints a Markdown table (best of ``--repeat`` runs, milliseconds).
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np
import pandas as pd
import vl_convert as vlc

from qikit.plot.chart import plot
from qikit.spc import spc


def _spc(data: pd.DataFrame, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(data, **kw)


def weekly_104():
    rng = np.random.default_rng(1)
    data = pd.DataFrame(
        {
            "week": pd.date_range("2023-01-02", periods=104, freq="7D"),
            "feeling_safe": np.round(
                rng.normal(70, 6, 104) + np.r_[np.zeros(80), np.full(24, 6)], 1
            ),
        }
    )
    result = _spc(data, y="feeling_safe", x="week", chart="i", rules="mdc",
                  improvement="increase", target=75)  # fmt: skip
    pdsa = [("2024-07-01", "PDSA 1: safety huddle"), ("2024-08-05", "PDSA 2: every shift")]
    return result, {"annotations": pdsa}


def daily_1826():
    rng = np.random.default_rng(2)
    bed_days = rng.integers(18, 25, 1826)
    data = pd.DataFrame(
        {
            "day": pd.date_range("2020-01-01", periods=1826, freq="D"),
            "incidents": rng.poisson(bed_days * 0.08),
            "bed_days": bed_days,
        }
    )
    result = _spc(data, y="incidents", n="bed_days", x="day", chart="u", multiply=1000)
    return result, {}


def board_240():
    rng = np.random.default_rng(3)
    series = [f"Ward {w + 1:02d} \u00b7 measure {m + 1}" for w in range(40) for m in range(6)]
    data = pd.DataFrame(
        {
            "series": np.repeat(series, 104),
            "week": np.tile(pd.date_range("2023-01-02", periods=104, freq="7D"), 240),
            "incidents": rng.poisson(np.repeat(rng.uniform(2, 12, 240), 104)),
        }
    )
    result = _spc(data, y="incidents", x="week", facet="series", chart="c", rules="mdc",
                  improvement="decrease")  # fmt: skip
    return result, {}


def _best(fn, repeat: int) -> tuple[float, float, object]:
    """Best wall and CPU milliseconds of ``repeat`` runs, and the last value."""
    walls, cpus, value = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        value = fn()
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    return min(walls), min(cpus), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-board-png", action="store_true", help="skip the slow board PNG")
    args = parser.parse_args()

    vlc.vegalite_to_svg({"mark": "point"})  # start the JavaScript engine once, before timing
    rows = []
    for name, make, png_repeat in (
        ("1 series x 104 weekly points", weekly_104, 3),
        ("1 series x 1,826 daily points", daily_1826, 2),
        ("40 wards x 6 measures x 104 points", board_240, 0 if args.no_board_png else 1),
    ):
        result, kw = make()
        points = len(result.points)

        def build_and_serialise(result=result, kw=kw) -> str:
            return json.dumps(plot(result, **kw).to_dict())

        def checked(result=result, kw=kw) -> str:
            return json.dumps(plot(result, **kw).to_dict(validate=True))

        wall, cpu, text = _best(build_and_serialise, args.repeat)
        check_wall, _, _ = _best(checked, max(1, args.repeat // 2))
        spec = json.loads(text)
        png_wall = png_cpu = None
        if png_repeat:
            png_wall, png_cpu, _ = _best(lambda spec=spec: vlc.vegalite_to_png(spec), png_repeat)
        rows.append((name, points, wall, cpu, check_wall, len(text), png_wall, png_cpu))
        print(f"done: {name}", flush=True)

    print()
    print(
        "| chart | points | build + serialise (ms, wall) | (ms, CPU) | with schema check (ms) "
        "| spec size | PNG export (ms, wall) | (ms, CPU) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, points, wall, cpu, check, size, png, png_cpu in rows:
        png_text = "skipped | skipped" if png is None else f"{png:,.0f} | {png_cpu:,.0f}"
        print(
            f"| {name} | {points:,} | {wall:,.1f} | {cpu:,.1f} | {check:,.0f} "
            f"| {size / 1e6:.2f} MB | {png_text} |"
        )


if __name__ == "__main__":
    main()
