"""How long a learner waits: request to chart drawn, cold and preheated, and slider-to-redraw.

Run from the repository root:  .venv/bin/python benchmarks/voila_startup.py [--runs 5]
Goals: preheated (warm) <= 1.5 s, cold <= 5 s, redraw <= 150 ms (median of 10).

``--pages`` measures page opening instead: the first page a delegate opens (a fresh browser
context, nothing cached) and the next page in the same browser (scripts and the Vega bundle
cached), each to its first chart, with what the browser fetched (requests, bytes over the wire,
scripts, lab extension files). ``--code DIR`` serves another checkout of qikit (for example the
previous commit, unpacked with ``git archive``), so before and after run side by side.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path, free_port, wait_for  # noqa: E402

PAGE = "voila/render/00_welcome.ipynb"
NEXT_PAGE = "voila/render/06_spc_charts.ipynb"
CHART = ".qikit-chart .vega-embed svg, .qikit-chart .vega-embed canvas"


def start_server(pool_size: int, code: Path = ROOT) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "qikit.cli", "serve", "--port", str(port)]
        + ["--pool-size", str(pool_size), "--workbooks", str(ROOT / "workbooks")],
        cwd=code,
        env={**os.environ, "PYTHONPATH": str(code)},
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


class Traffic:
    """What one page fetched, read from Chromium's own network events (websockets aside)."""

    def __init__(self, page) -> None:
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.reset()
        self.session.on("Network.responseReceived", self._response)
        self.session.on("Network.requestServedFromCache", self._from_cache)
        self.session.on("Network.dataReceived", self._data)
        self.session.on("Network.loadingFinished", self._finished)

    def reset(self) -> None:
        self.responses: dict[str, dict] = {}
        self.cached: set[str] = set()
        self.wire: dict[str, int] = {}
        self.body: dict[str, int] = {}

    def _response(self, event: dict) -> None:
        response = event["response"]
        self.responses[event["requestId"]] = {
            "url": response["url"],
            "type": event.get("type", ""),
            "status": response.get("status", 0),
            "cached": response.get("fromDiskCache") or response.get("fromPrefetchCache"),
        }

    def _from_cache(self, event: dict) -> None:
        self.cached.add(event["requestId"])

    def _data(self, event: dict) -> None:
        rid = event["requestId"]
        self.body[rid] = self.body.get(rid, 0) + event.get("dataLength", 0)

    def _finished(self, event: dict) -> None:
        self.wire[event["requestId"]] = int(event.get("encodedDataLength", 0))

    def summary(self) -> dict:
        rows = [(rid, r) for rid, r in self.responses.items() if r["url"].startswith("http")]
        cached = {rid for rid, r in rows if rid in self.cached or r["cached"]}
        scripts = [rid for rid, r in rows if r["type"] == "Script"]
        lab = [rid for rid, r in rows if "/voila/labextensions/" in r["url"]]
        return {
            "requests": len(rows),
            "from cache": len(cached),
            "304": sum(1 for _, r in rows if r["status"] == 304),
            "network": len(rows) - len(cached),
            "bytes over the wire": sum(self.wire.get(rid, 0) for rid, _ in rows),
            "scripts": len(scripts),
            "script bytes": sum(self.body.get(rid, 0) for rid in scripts),
            "lab extension files": len(lab),
            "lab extension bytes": sum(self.body.get(rid, 0) for rid in lab),
        }


def open_to_chart(page, traffic: Traffic, url: str) -> tuple[float, dict]:
    """Open ``url`` in ``page``; seconds to its first chart, and what it fetched by then."""
    traffic.reset()
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(CHART, timeout=180_000)
    elapsed = time.perf_counter() - start
    try:
        page.wait_for_load_state("networkidle", timeout=15_000)
    except Exception:  # noqa: BLE001 - a page still fetching is counted as it stands
        pass
    return elapsed, traffic.summary()


def page_open(browser, url: str) -> list[tuple[str, float, dict]]:
    """The first page in a fresh browser (nothing cached), then the next page in the same one."""
    context = browser.new_context()
    page = context.new_page()
    traffic = Traffic(page)
    first = open_to_chart(page, traffic, url + PAGE)
    following = open_to_chart(page, traffic, url + NEXT_PAGE)
    context.close()
    return [("first page (cold cache)", *first), ("next page (same browser)", *following)]


def pages_main(args: argparse.Namespace) -> None:
    from playwright.sync_api import sync_playwright

    codes = [Path(c).resolve() for c in args.code] or [ROOT]
    results: dict[tuple[str, str], list[tuple[float, dict]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        servers = [(str(code), *start_server(1, code)) for code in codes]
        try:
            time.sleep(args.settle)  # let every workbook's preheated kernel start
            for run in range(args.runs):
                for name, _process, url in servers:
                    for label, seconds, traffic in page_open(browser, url):
                        results.setdefault((name, label), []).append((seconds, traffic))
                    time.sleep(args.settle if run < args.runs - 1 else 0)
        finally:
            for _name, process, _url in servers:
                process.terminate()
                process.wait(timeout=30)
        browser.close()

    print(
        "| Code | Page | to chart (median, min-max) | requests (from cache, 304) "
        "| over the wire | scripts (bytes) | lab extension files (bytes) |"
    )
    print("|---|---|---|---|---|---|---|")
    for (name, label), samples in results.items():
        times = [s for s, _ in samples]
        last = samples[-1][1]
        print(
            f"| {name} | {label} | {statistics.median(times):.2f} s "
            f"({min(times):.2f}-{max(times):.2f}, {len(times)} runs) "
            f"| {last['requests']} ({last['from cache']}, {last['304']}) "
            f"| {last['bytes over the wire'] / 1e6:.2f} MB "
            f"| {last['scripts']} ({last['script bytes'] / 1e6:.2f} MB) "
            f"| {last['lab extension files']} ({last['lab extension bytes'] / 1e3:.0f} kB) |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="page loads per condition")
    parser.add_argument("--pages", action="store_true", help="first page and next page")
    parser.add_argument(
        "--code", action="append", default=[], help="serve this checkout of qikit (repeatable)"
    )
    parser.add_argument("--settle", type=float, default=90, help="seconds for kernels to start")
    args = parser.parse_args()
    if args.pages:
        pages_main(args)
        return
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
