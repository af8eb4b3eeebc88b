"""How long a learner waits: request to chart drawn, cold and preheated, and slider-to-redraw.

Run from the repository root:  .venv/bin/python benchmarks/voila_startup.py [--runs 5]
Goals: preheated (warm) <= 1.5 s, cold <= 5 s, redraw <= 150 ms (median of 10).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path, free_port, wait_for  # noqa: E402

PAGE = "voila/render/00_welcome.ipynb"
CHART = ".qikit-chart .vega-embed svg, .qikit-chart .vega-embed canvas"


def start_server(pool_size: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "qikit.cli", "serve", "--port", str(port)]
        + ["--pool-size", str(pool_size)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    wait_for(url, process)
    return process, url


def time_to_chart(browser, url: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url + PAGE, wait_until="commit")
    page.wait_for_selector(CHART, timeout=120_000)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def redraw_times(browser, url: str, count: int) -> list[float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + PAGE)
    page.wait_for_selector(CHART, timeout=120_000)
    handle = page.locator(".widget-slider .noUi-handle").first
    handle.focus()
    times = []
    for _ in range(count):
        before = page.eval_on_selector(".qikit-chart .vega-embed svg", "e => e.outerHTML")
        start = time.perf_counter()
        handle.press("ArrowRight")
        page.wait_for_function(
            "(before) => { const s = document.querySelector('.qikit-chart .vega-embed svg');"
            " return s && s.outerHTML !== before; }",
            arg=before,
            polling="raf",
        )
        times.append(time.perf_counter() - start)
    context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="page loads per condition")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        for label, pool in (("cold (no preheated kernel)", 0), ("warm (preheated kernel)", 1)):
            process, url = start_server(pool)
            try:
                time_to_chart(browser, url)  # first load warms the browser cache
                samples = []
                for _ in range(args.runs):
                    time.sleep(8 if pool else 1)  # let the pool refill between loads
                    samples.append(time_to_chart(browser, url))
                rows.append((label, samples))
                if pool:
                    time.sleep(8)
                    redraws = redraw_times(browser, url, 10)
                    rows.append(("slider to chart redrawn", redraws))
            finally:
                process.terminate()
                process.wait(timeout=30)
        browser.close()

    print("| What | Median | Min | Max | Runs | Goal |")
    print("|---|---|---|---|---|---|")
    goals = {"cold": "<= 5 s", "warm": "<= 1.5 s", "slider": "<= 150 ms"}
    for label, samples in rows:
        in_ms = label.startswith("slider")

        def fmt(value: float, in_ms: bool = in_ms) -> str:
            return f"{value * 1000:.0f} ms" if in_ms else f"{value:.2f} s"

        goal = next(g for k, g in goals.items() if label.startswith(k))
        print(
            f"| {label} | {fmt(statistics.median(samples))} | {fmt(min(samples))} | "
            f"{fmt(max(samples))} | {len(samples)} | {goal} |"
        )


if __name__ == "__main__":
    main()
