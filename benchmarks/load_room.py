"""A room of delegates opening the same workbook at once.

Starts ``qikit serve --room`` on a free loopback port, waits for its kernel pool, opens N browser
sessions (one headless Chromium, one context per delegate; all at the same moment, or arriving
evenly over ``--arrival`` seconds), then with every page still open moves a slider on each at the
same moment. Reports time to interactive (chart drawn) and redraw percentiles, errors, server CPU
per delegate, and the memory of the server and its kernels.

Run from the repository root:
    .venv/bin/python benchmarks/load_room.py --sessions 10 20 40 --arrival 0 60
        [--workbook 00_welcome.ipynb]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path, free_port, wait_for  # noqa: E402
from tests.browser.pages import CHARTS, MARKUP_JS, NOW_JS  # noqa: E402

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


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"


async def open_page(browser, url: str, delay_s: float, timeout_s: float):
    """A delegate arrives after ``delay_s`` and opens the workbook; (context, page, seconds)."""
    await asyncio.sleep(delay_s)
    context = await browser.new_context()
    page = await context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text[:160]) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)[:160]))
    start = time.perf_counter()
    try:
        await page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        await page.wait_for_selector(CHART, timeout=timeout_s * 1000)
        text = await page.inner_text("body")
        if "Traceback" in text or "Something needs your attention" in text:
            raise RuntimeError("error text on the page")
    except Exception as error:
        await context.close()
        seen = f" (the page said: {problems[-1]})" if problems else ""
        raise RuntimeError(f"{describe(error)}{seen}") from error
    page.problems = problems
    return context, page, time.perf_counter() - start


async def move_slider(page, timeout_s: float) -> float:
    """Move the first slider one step, as a delegate would; seconds until the chart is redrawn."""
    before = await page.eval_on_selector_all(CHARTS, MARKUP_JS)
    handle = page.locator(".widget-slider .noUi-handle").first
    await handle.focus()
    start = time.perf_counter()
    await handle.press("ArrowRight")
    # every chart drawn again: Vega empties a chart for a moment while it redraws
    redrawn = (
        f"before => {{ const now = {NOW_JS}; "
        "return now.every(Boolean) && JSON.stringify(now) !== JSON.stringify(before); }"
    )
    try:
        await page.wait_for_function(redrawn, arg=before, timeout=timeout_s * 1000, polling=100)
    except Exception as error:
        seen = f" (the page said: {page.problems[-1]})" if page.problems else ""
        raise TimeoutError(f"the chart was not redrawn within {timeout_s:.0f} s{seen}") from error
    return time.perf_counter() - start


def lower_priority_browser(folder: Path) -> str:
    """A launcher that runs Chromium at the lowest CPU priority.

    In a real room the delegates' browsers run on their own laptops; here they share the server's
    two cores. Running them at the lowest priority keeps the server and its kernels as responsive
    as they would be on a machine of their own (the pages themselves still open slowly, since
    forty browsers share two cores).
    """
    launcher = folder / "chromium-low-priority"
    launcher.write_text(f'#!/bin/sh\nexec nice -n 19 "{chromium_path()}" "$@"\n')
    launcher.chmod(0o755)
    return str(launcher)


async def room(
    url: str, sessions: int, arrival_s: float, timeout_s: float, browser_path: str
) -> dict:
    """Open ``sessions`` pages (arriving evenly over ``arrival_s``), then, with every page still
    open, move a slider on each at the same moment."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=browser_path, headless=True, args=CHROMIUM_FLAGS
        )
        opened = await asyncio.gather(
            *(
                open_page(browser, url, arrival_s * k / sessions, timeout_s)
                for k in range(sessions)
            ),
            return_exceptions=True,
        )
        pages = [r for r in opened if not isinstance(r, BaseException)]
        errors = [describe(r) for r in opened if isinstance(r, BaseException)]
        redraws = await asyncio.gather(
            *(move_slider(page, timeout_s) for _, page, _ in pages), return_exceptions=True
        )
        errors += [describe(r) for r in redraws if isinstance(r, BaseException)]
        for context, _, _ in pages:
            await context.close()
        await browser.close()
    return {
        "load": [seconds for _, _, seconds in pages],
        "redraw": [r for r in redraws if not isinstance(r, BaseException)],
        "errors": errors,
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 20, 40])
    parser.add_argument("--workbook", default="00_welcome.ipynb")
    parser.add_argument(
        "--arrival",
        type=float,
        nargs="+",
        default=[0.0],
        help="seconds over which the delegates arrive, evenly (0: all at the same moment)",
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per delegate")
    parser.add_argument("--server-log", type=Path, help="write the server's log to this file")
    args = parser.parse_args()

    print(
        "| Delegates | arriving over | pool ready after | open p50 | p90 | max "
        "| slider redraw p50 (all open) | p90 | errors | server CPU per delegate "
        "| memory per kernel | peak memory (server + kernels) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for count in args.sessions:
        for arrival in args.arrival:
            row = measure(args.workbook, count, arrival, args.timeout, args.server_log)
            print(row, flush=True)
    print(
        "\nOpen: from a delegate's request to the chart drawn. Redraw: every delegate moves a "
        "slider at the same moment while all the pages are open. Server CPU is the processor time "
        "the server and its kernels spent during the test, per delegate; the browsers' own work "
        "(about 2.7 CPU-seconds per page, run at the lowest priority) is not in it."
    )


def measure(
    workbook: str, count: int, arrival: float, timeout: float, server_log: Path | None
) -> str:
    """One room: start the server, wait for its pool, open the pages; one Markdown table row."""
    port = free_port()
    log = open(server_log, "a") if server_log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "qikit.cli", "serve", "--port", str(port)]
        + ["--room", str(count), "--preheat", workbook],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    folder = tempfile.TemporaryDirectory(prefix="qikit-room-")
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base, process)
        workbooks = len(list((ROOT / "workbooks").glob("*.ipynb")))
        filled = wait_for_pool(process.pid, count + workbooks - 1)
        kernels = [info["rss"] for info in process_tree(process.pid) if info["kernel"]]
        per_kernel = sum(kernels) / len(kernels)
        watch = MemoryWatch(process.pid)
        watch.start()
        cpu_before = sum(info["cpu"] for info in process_tree(process.pid))
        browser_path = lower_priority_browser(Path(folder.name))
        url = f"{base}voila/render/{workbook}"
        result = asyncio.run(room(url, count, arrival, timeout, browser_path))
        server_cpu = sum(info["cpu"] for info in process_tree(process.pid)) - cpu_before
        watch.running = False
        watch.join()
    finally:
        process.terminate()
        process.wait(timeout=60)
        folder.cleanup()
    for error in result["errors"][:3]:
        print(f"  {error}", file=sys.stderr)

    def cells(values: list[float], unit: str, quantiles: tuple[float, ...]) -> str:
        if not values:
            return " | ".join("-" for _ in quantiles)
        scale = 1000 if unit == "ms" else 1
        return " | ".join(
            f"{percentile(values, q) * scale:.{0 if unit == 'ms' else 1}f} {unit}"
            for q in quantiles
        )

    opening = cells(result["load"], "s", (0.5, 0.9, 1))
    redraw = cells(result["redraw"], "ms", (0.5, 0.9))
    memory = f"{per_kernel / 2**20:.0f} MB | {watch.peak / 2**30:.2f} GB"
    return (
        f"| {count} | {arrival:.0f} s | {filled:.0f} s | {opening} | {redraw} "
        f"| {len(result['errors'])} | {server_cpu / count:.2f} s | {memory} |"
    )


if __name__ == "__main__":
    main()
