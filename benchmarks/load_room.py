"""A room of delegates opening the same workbook at once.

Starts ``qikit serve --room`` on a free loopback port, opens N browser sessions at the same moment
(one headless Chromium, one context per delegate), and reports time to interactive (chart drawn)
percentiles, errors, and the peak memory of the server and its kernels.

Run from the repository root:
    .venv/bin/python benchmarks/load_room.py --sessions 10 20 40 [--workbook 00_welcome.ipynb]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path, free_port, wait_for  # noqa: E402

CHART = ".qikit-chart .vega-embed svg, .qikit-chart .vega-embed canvas"


def process_tree(root_pid: int) -> list[dict]:
    """A process and all its descendants (Linux /proc): pid, resident bytes, CPU seconds, kernel?"""
    found: dict[int, dict] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                command = handle.read()
        except (OSError, IndexError, ValueError):
            continue
        found[int(entry)] = {
            "parent": int(fields[1]),
            "rss": int(fields[21]) * os.sysconf("SC_PAGE_SIZE"),
            "cpu": (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"),
            "kernel": b"ipykernel" in command,
        }
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        pid = frontier.pop()
        children = [child for child, info in found.items() if info["parent"] == pid]
        tree.update(children)
        frontier.extend(children)
    return [found[pid] for pid in tree if pid in found]


def process_tree_rss(root_pid: int) -> int:
    """Resident memory in bytes of a process and all its descendants."""
    return sum(info["rss"] for info in process_tree(root_pid))


def wait_for_pool(root_pid: int, kernels: int, limit_s: float = 900) -> float:
    """Wait until ``kernels`` kernels are running and the server has gone quiet; return seconds.

    This is the facilitator starting the server before the session: every preheated kernel has
    started and run its workbook, so the server's CPU use has dropped to almost nothing.
    """
    start = time.perf_counter()
    previous = None
    while time.perf_counter() - start < limit_s:
        tree = process_tree(root_pid)
        running = sum(info["kernel"] for info in tree)
        cpu = sum(info["cpu"] for info in tree)
        if previous is not None and running >= kernels and cpu - previous < 0.3 * 5:
            return time.perf_counter() - start
        previous = cpu
        time.sleep(5)
    raise RuntimeError(f"the kernel pool did not fill within {limit_s:.0f} s")


class MemoryWatch(threading.Thread):
    """Samples a process tree's memory until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, process_tree_rss(self.pid))
            time.sleep(0.25)


async def one_delegate(browser, url: str, timeout_s: float) -> float:
    context = await browser.new_context()
    page = await context.new_page()
    start = time.perf_counter()
    try:
        await page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        await page.wait_for_selector(CHART, timeout=timeout_s * 1000)
        text = await page.inner_text("body")
        if "Traceback" in text or "Something needs your attention" in text:
            raise RuntimeError("error text on the page")
        return time.perf_counter() - start
    finally:
        await context.close()


async def room(url: str, sessions: int, timeout_s: float) -> tuple[list[float], list[str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        results = await asyncio.gather(
            *(one_delegate(browser, url, timeout_s) for _ in range(sessions)),
            return_exceptions=True,
        )
        await browser.close()
    times = [r for r in results if isinstance(r, float)]
    errors = [f"{type(r).__name__}: {str(r)[:120]}" for r in results if not isinstance(r, float)]
    return times, errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 20, 40])
    parser.add_argument("--workbook", default="00_welcome.ipynb")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per delegate")
    args = parser.parse_args()

    print(
        "| Delegates | pool ready after | p50 | p90 | max | errors | server CPU per delegate "
        "| memory per kernel | peak memory (server + kernels) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for count in args.sessions:
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "qikit.cli", "serve", "--port", str(port)]
            + ["--room", str(count), "--preheat", args.workbook],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}/"
        try:
            wait_for(base, process)
            workbooks = len(list((ROOT / "workbooks").glob("*.ipynb")))
            filled = wait_for_pool(process.pid, count + workbooks - 1)
            tree = process_tree(process.pid)
            kernels = [info["rss"] for info in tree if info["kernel"]]
            per_kernel = sum(kernels) / len(kernels)
            watch = MemoryWatch(process.pid)
            watch.start()
            cpu_before = sum(info["cpu"] for info in process_tree(process.pid))
            times, errors = asyncio.run(
                room(f"{base}voila/render/{args.workbook}", count, args.timeout)
            )
            server_cpu = sum(info["cpu"] for info in process_tree(process.pid)) - cpu_before
            watch.running = False
            watch.join()
        finally:
            process.terminate()
            process.wait(timeout=60)
        if times:
            cells = [percentile(times, 0.5), percentile(times, 0.9), max(times)]
            timing = " | ".join(f"{value:.1f} s" for value in cells)
        else:
            timing = "- | - | -"
        print(
            f"| {count} | {filled:.0f} s | {timing} | {len(errors)} | {server_cpu / count:.2f} s "
            f"| {per_kernel / 2**20:.0f} MB "
            f"| {watch.peak / 2**30:.2f} GB |",
            flush=True,
        )
        for error in errors[:3]:
            print(f"  {error}", file=sys.stderr)
    print(
        "\nTimes run from the request to the chart drawn, all delegates starting together once "
        "the kernel pool is ready. Server CPU is the processor time the server and its kernels "
        "spent while the room opened, per delegate; the browsers' own work is not in it."
    )


if __name__ == "__main__":
    main()
