"""How long from a widget change (or an upload) to a redrawn chart, for a 104-point series.

Goal (issue 7): 150 ms median or less in Voilà. Two measurements:

* kernel: the SPC explorer built headless; time from setting a control to the new chart
  specification being in place (engine + chart + serialisation), with no browser;
* voila: ``qikit serve`` and headless Chromium; time from clicking a rule-set button (or
  choosing a file) to the chart's SVG being redrawn on the page. This includes the websocket
  round trip and Vega drawing the chart.

Run by hand: ``.venv/bin/python benchmarks/redraw_speed.py [--repeats 21] [--no-browser]``.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHANGED = (
    "(before) => { const g = document.querySelector('.qikit-chart .vega-embed svg');"
    " return g && g.outerHTML !== before; }"
)
CHART = "() => { const g = document.querySelector('.qikit-chart .vega-embed svg');"
CHART += " return g ? g.outerHTML : ''; }"


def summary(name: str, times_ms: list[float]) -> str:
    times_ms = sorted(times_ms)
    p90 = times_ms[int(0.9 * (len(times_ms) - 1))]
    return (
        f"{name:<46} median {statistics.median(times_ms):6.1f} ms   p90 {p90:6.1f} ms   "
        f"min {times_ms[0]:6.1f} ms   (n={len(times_ms)})"
    )


def csv_104_weeks(offset: int = 0) -> bytes:
    """Two years of weekly huddle counts (out of 20 shifts) as a CSV file."""
    rows = "".join(f"{w + 1},{5 + (w + offset) % 4},20\n" for w in range(104))
    return f"week,huddles,shifts\n{rows}".encode()


def kernel(repeats: int) -> list[str]:
    """Time redraws in the kernel alone (no browser)."""
    warnings.simplefilter("ignore")
    from qikit.apps import spc_explorer
    from qikit.apps.run_chart_lab import RunChartLab
    from qikit.store import open_workspace

    lines = []
    with tempfile.TemporaryDirectory() as folder, open_workspace(folder) as workspace:
        app = spc_explorer.app(workspace)
        assert len(app.frame) == 104
        times = []
        for i in range(repeats):
            start = time.perf_counter()
            app.rules.value = ("anhoej", "mdc", "ihi")[i % 3]
            times.append(1000 * (time.perf_counter() - start))
        lines.append(summary("kernel: explorer, rule set change (104 points)", times))
        times = []
        for i in range(repeats):
            start = time.perf_counter()
            app.week.value = 20 + i % 10
            app.limits.value = "freeze" if i % 2 else "phase"
            times.append(1000 * (time.perf_counter() - start) / 2)
        lines.append(summary("kernel: explorer, baseline week / limits change", times))
        app.source.value = spc_explorer.SOURCE_FILE
        times = []
        for i in range(repeats):
            content = csv_104_weeks(i)
            item = {
                "name": f"ours{i}.csv",
                "type": "text/csv",
                "size": len(content),
                "content": memoryview(content),
                "last_modified": datetime.datetime(2025, 1, 1),
            }
            start = time.perf_counter()
            app.upload.value = (item,)
            times.append(1000 * (time.perf_counter() - start))
            assert app.errors.value == "", app.errors.value
        lines.append(summary("kernel: explorer, upload a 104-week CSV", times))
    lab = RunChartLab()
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        lab.values.value = ", ".join(str(10 + (w * 7 + i) % 9) for w in range(40))
        times.append(1000 * (time.perf_counter() - start))
    lines.append(summary("kernel: run-chart lab, both charts (40 points)", times))
    return lines


def browser(repeats: int) -> list[str]:
    """Time redraws as a learner sees them in Voilà."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_FLAGS, WORKBOOKS, chromium_path, running_server

    lines = []
    with (
        tempfile.TemporaryDirectory() as folder,
        running_server(WORKBOOKS, Path(folder), Path(folder) / "serve.log") as url,
        sync_playwright() as playwright,
    ):
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}voila/render/06_spc_charts.ipynb", timeout=120_000)
        page.wait_for_selector(".qikit-chart .vega-embed svg", timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=120_000)
        times = []
        names = ["Anhøj", "Making Data Count", "IHI"]
        for i in range(repeats + 1):
            before = page.evaluate(CHART)
            button = page.get_by_role("button", name=names[i % 3], exact=True)
            start = time.perf_counter()
            button.click()
            page.wait_for_function(CHANGED, arg=before, polling="raf", timeout=20_000)
            if i:  # the first redraw warms caches
                times.append(1000 * (time.perf_counter() - start))
        lines.append(summary("voila: explorer, rule set click -> new SVG", times))

        page.get_by_role("button", name="Our own file").click()
        times = []
        for i in range(repeats + 1):
            before = page.evaluate(CHART)
            content = csv_104_weeks(i)
            with page.expect_file_chooser() as chooser:
                page.locator(".widget-upload").click()
            start = time.perf_counter()
            chooser.value.set_files(
                files=[{"name": f"ours{i}.csv", "mimeType": "text/csv", "buffer": content}]
            )
            page.wait_for_function(CHANGED, arg=before, polling="raf", timeout=20_000)
            if i:
                times.append(1000 * (time.perf_counter() - start))
        lines.append(summary("voila: explorer, choose a 104-week CSV -> new SVG", times))
        chromium.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    for line in kernel(args.repeats):
        print(line, flush=True)
    if not args.no_browser:
        for line in browser(args.repeats):
            print(line, flush=True)


if __name__ == "__main__":
    main()
