"""A room of delegates: each opens the session's workbooks one after the other and uses them.

Starts ``qikit serve --room N --preheat ...`` on a free loopback port and waits for its kernel
pool (as a facilitator starts the server before the session). Then N delegates arrive evenly
over ``--arrival`` seconds, each in a browser context of their own, and act independently: open
the first workbook, change its control and wait for the chart to be drawn again, then go to the
next workbook in the same tab (as clicking "Next" would, so Voilà shuts the first page's kernel
down), change its control and wait for the redraw. A delegate's context is closed when they are
done; the page's kernel is left running as if they were still at their desk (it is culled after
ten idle minutes). Reports per workbook the time to open (request to first chart) and to redraw,
and the errors with what the page said; for the run the server's CPU per delegate, memory per
kernel, peak memory (server + kernels), peak live kernels, kernel shutdowns in the server log,
the load average before and after, and the browsers' own CPU, which a real room's laptops pay
for themselves. Stops early, saying why, when the machine's memory in use passes
``--memory-limit-gb`` (so it never swaps). Prints Markdown table rows for the README.

``--all-at-once`` keeps the earlier benchmark (N delegates open the first workbook, then with
every page still open all move a slider at the same moment), so the README's earlier rows can be
measured again.

Run from the repository root:
    .venv/bin/python benchmarks/load_room.py --sessions 100 --arrival 300
        [--workbooks 00_welcome.ipynb 06_spc_charts.ipynb] [--preheat first|all|NAME...]
        [--pool-size 0] [--timeout 600] [--memory-limit-gb 20] [--server-log room.log]
    .venv/bin/python benchmarks/load_room.py --all-at-once --sessions 10 20 40 --arrival 0 180
        --workbooks 00_welcome.ipynb
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path, free_port, wait_for  # noqa: E402
from tests.browser.pages import CHARTS, ERROR_TEXTS, MARKUP_JS, NOW_JS  # noqa: E402

CHART = ".qikit-chart .vega-embed svg, .qikit-chart .vega-embed canvas"
WORKBOOKS = ROOT / "workbooks"
#: The control each workbook's delegate changes: one that draws the chart again.
#: 00: the first slider, one step; 06: the rule set (it opens on Making Data Count).
CONTROLS = {
    "00_welcome.ipynb": {"selector": ".widget-slider .noUi-handle", "action": "press:ArrowRight"},
    "06_spc_charts.ipynb": {"role": "button", "name": "Anhøj", "action": "click"},
}
#: A kernel's resident memory, for the estimate printed before the pool fills (measured:
#: 146-163 MB; ``benchmarks/kernel_start.py``).
KERNEL_MB_ESTIMATE = 160
PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


def all_processes() -> dict[int, dict]:
    """Every process (Linux /proc): parent, resident bytes, CPU seconds, kernel?, Chromium?

    ``cpu`` counts the process's own time and its waited-for children's, so the CPU of kernels
    shut down during a run (and of Chromium's closed renderers) is still counted.
    """
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
            "rss": int(fields[21]) * PAGE,
            "cpu": sum(int(value) for value in fields[11:15]) / TICK,
            "kernel": b"ipykernel" in command,
            "chromium": b"chrom" in command,
        }
    return found


def process_tree(root_pid: int, found: dict[int, dict] | None = None) -> list[dict]:
    """A process and all its descendants."""
    found = all_processes() if found is None else found
    children: dict[int, list[int]] = {}
    for pid, info in found.items():
        children.setdefault(info["parent"], []).append(pid)
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in tree:
                tree.add(child)
                frontier.append(child)
    return [found[pid] for pid in tree if pid in found]


def process_tree_rss(root_pid: int) -> int:
    """Resident memory in bytes of a process and all its descendants."""
    return sum(info["rss"] for info in process_tree(root_pid))


def tree_cpu(root_pid: int) -> float:
    return sum(info["cpu"] for info in process_tree(root_pid))


def browsers_cpu() -> float:
    """CPU seconds of the Chromium processes this benchmark started (with their closed
    renderers), not Playwright's driver."""
    return sum(info["cpu"] for info in process_tree(os.getpid()) if info["chromium"])


def machine_memory_used() -> int:
    """Bytes of the machine's memory in use: MemTotal - MemAvailable."""
    values = {}
    with open("/proc/meminfo") as handle:
        for line in handle:
            name, amount = line.split(":", 1)
            values[name] = int(amount.split()[0]) * 1024
    return values["MemTotal"] - values["MemAvailable"]


class OverMemory(RuntimeError):
    """The machine's memory in use passed the limit: the run stops before it swaps."""


class MemoryWatch(threading.Thread):
    """Samples the server's process tree and the machine's memory until stopped.

    Keeps the peaks (server + kernels, live kernels, machine in use); sets ``over`` to a sentence
    once the machine's memory in use passes ``limit`` bytes.
    """

    def __init__(self, pid: int, limit: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.limit, self.running = pid, limit, True
        self.peak = self.peak_kernels = self.peak_machine = 0
        self.over: str | None = None

    def run(self) -> None:
        while self.running:
            tree = process_tree(self.pid)
            kernels = sum(info["kernel"] for info in tree)
            server = sum(info["rss"] for info in tree)
            used = machine_memory_used()
            self.peak = max(self.peak, server)
            self.peak_kernels = max(self.peak_kernels, kernels)
            self.peak_machine = max(self.peak_machine, used)
            if used > self.limit and self.over is None:
                self.over = (
                    f"the machine's memory in use reached {used / 2**30:.1f} GB, past the limit "
                    f"of {self.limit / 2**30:g} GB, with {kernels} kernels live (server + "
                    f"kernels {server / 2**30:.1f} GB; the rest is the browsers, other programs "
                    "and the system)"
                )
            time.sleep(0.5)


def wait_for_pool(root_pid: int, kernels: int, watch: MemoryWatch, limit_s: float) -> float:
    """Wait until ``kernels`` kernels are running and the server has gone quiet; return seconds.

    This is the facilitator starting the server before the session: every preheated kernel has
    started and run its workbook, so the server's CPU use has dropped to almost nothing.
    """
    start = time.perf_counter()
    previous = None
    while time.perf_counter() - start < limit_s:
        if watch.over:
            raise OverMemory(f"while the kernel pool filled, {watch.over}")
        tree = process_tree(root_pid)
        running = sum(info["kernel"] for info in tree)
        cpu = sum(info["cpu"] for info in tree)
        if previous is not None and running >= kernels and cpu - previous < 0.3 * 5:
            return time.perf_counter() - start
        previous = cpu
        time.sleep(5)
    raise RuntimeError(f"the kernel pool did not fill within {limit_s:.0f} s")


def describe(error: BaseException) -> str:
    text = str(error).splitlines()[0][:160] if str(error) else ""
    return f"{type(error).__name__}: {text}"


def lower_priority_browser(folder: Path) -> str:
    """A launcher that runs Chromium at the lowest CPU priority.

    In a real room the delegates' browsers run on their own laptops; here they share the server's
    two cores. Running them at the lowest priority keeps the server and its kernels as responsive
    as they would be on a machine of their own (the pages themselves still open more slowly,
    since the browsers share two cores).
    """
    launcher = folder / "chromium-low-priority"
    launcher.write_text(f'#!/bin/sh\nexec nice -n 19 "{chromium_path()}" "$@"\n')
    launcher.chmod(0o755)
    return str(launcher)


def watch_page(page) -> list[str]:
    """The page's console errors and uncaught exceptions, as they come."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text[:160]) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)[:160]))
    return problems


async def page_says(page, problems: list[str]) -> str:
    """What the page showed that went wrong: an error text on it, else its last console error."""
    try:
        text = await page.inner_text("body", timeout=5000)
    except Exception:  # the page is gone or still loading
        text = ""
    for bad in ERROR_TEXTS:
        where = text.find(bad)
        if where >= 0:
            return " (the page said: " + " ".join(text[where : where + 160].split()) + ")"
    return f" (the page's console said: {problems[-1]})" if problems else ""


async def open_chart(page, url: str, timeout_s: float) -> float:
    """Go to ``url`` in this tab; seconds from the request until its first chart is drawn."""
    start = time.perf_counter()
    try:
        await page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
    except Exception as error:
        if "Timeout" not in str(error):
            raise
        raise TimeoutError(
            f"the server sent no page within {timeout_s:.0f} s of the request"
        ) from error
    await page.wait_for_selector(CHART, timeout=timeout_s * 1000)
    seconds = time.perf_counter() - start
    text = await page.inner_text("body")
    for bad in ERROR_TEXTS:
        if bad in text:
            raise RuntimeError(f"{bad!r} on the page")
    return seconds


def workbook_control(workbook: str) -> dict | None:
    """The control to change on ``workbook``: ours, else the one its metadata names."""
    if workbook in CONTROLS:
        return CONTROLS[workbook]
    try:
        meta = json.loads((WORKBOOKS / workbook).read_text())["metadata"].get("qikit", {})
    except (OSError, ValueError, KeyError):
        return None
    return meta.get("browser_interaction")


async def change_control(page, control: dict | None) -> None:
    """Change ``control`` as a person would (else the first slider, drop-down or toggle)."""
    if control is None:
        control = {"selector": ".widget-slider .noUi-handle", "action": "press:ArrowRight"}
        if not await page.locator(control["selector"]).count():
            control = {"selector": ".widget-toggle-buttons button >> nth=1", "action": "click"}
    if "role" in control:
        target = page.get_by_role(control["role"], name=control["name"], exact=True).first
    else:
        target = page.locator(control["selector"]).first
    action, _, value = control.get("action", "click").partition(":")
    if action == "click":
        await target.click()
    elif action == "press":
        await target.focus()
        await target.press(value)
    elif action == "select":
        await target.select_option(label=value)
    elif action == "fill":
        await target.fill(value)
        await target.press("Enter")


async def redraw_after(page, control: dict | None, timeout_s: float) -> float:
    """Change the control; seconds until every chart is drawn again, differently."""
    before = await page.eval_on_selector_all(CHARTS, MARKUP_JS)
    if control and "role" not in control and control.get("action", "").startswith("press"):
        await page.locator(control["selector"]).first.focus()  # focus is not the delegate's wait
    start = time.perf_counter()
    await change_control(page, control)
    # every chart drawn again: Vega empties a chart for a moment while it redraws
    redrawn = (
        f"before => {{ const now = {NOW_JS}; "
        "return now.every(Boolean) && JSON.stringify(now) !== JSON.stringify(before); }"
    )
    try:
        await page.wait_for_function(redrawn, arg=before, timeout=timeout_s * 1000, polling=100)
    except Exception as error:
        raise TimeoutError(f"the chart was not drawn again within {timeout_s:.0f} s") from error
    return time.perf_counter() - start


@dataclass
class Step:
    """One delegate on one workbook."""

    open_s: float | None = None
    redraw_s: float | None = None
    error: str | None = None


@dataclass
class Delegate:
    number: int
    steps: dict[str, Step] = field(default_factory=dict)
    started: bool = False


async def delegate(
    number: int,
    browser,
    base: str,
    workbooks: list[str],
    delay_s: float,
    timeout_s: float,
    result: Delegate,
) -> None:
    """A delegate arrives after ``delay_s`` and goes through the workbooks in one tab."""
    await asyncio.sleep(delay_s)
    result.started = True
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = await context.new_page()
        problems = watch_page(page)
        for workbook in workbooks:
            step = result.steps[workbook] = Step()
            stage = "open"
            try:
                step.open_s = await open_chart(page, f"{base}voila/render/{workbook}", timeout_s)
                stage = "redraw"
                step.redraw_s = await redraw_after(page, workbook_control(workbook), timeout_s)
            except asyncio.CancelledError:
                step.error = f"{stage}: stopped early"
                raise
            except Exception as error:
                step.error = f"{stage}: {describe(error)}{await page_says(page, problems)}"
    finally:
        await context.close()


async def room_walk(
    base: str,
    workbooks: list[str],
    sessions: int,
    arrival_s: float,
    timeout_s: float,
    browser_path: str,
    per_browser: int,
    watch: MemoryWatch,
) -> dict:
    """The delegates arrive evenly over ``arrival_s`` and each walks the workbooks; stops them
    all when the memory watch says so. Several Chromiums share the delegates, ``per_browser``
    contexts at most each over the run (taken in turn)."""
    from playwright.async_api import async_playwright

    delegates = [Delegate(k) for k in range(sessions)]
    async with async_playwright() as playwright:
        browsers = [
            await playwright.chromium.launch(
                executable_path=browser_path, headless=True, args=CHROMIUM_FLAGS
            )
            for _ in range(math.ceil(sessions / per_browser))
        ]
        browser_cpu_before = browsers_cpu()
        tasks = [
            asyncio.create_task(
                delegate(
                    k,
                    browsers[k % len(browsers)],
                    base,
                    workbooks,
                    arrival_s * k / sessions,
                    timeout_s,
                    delegates[k],
                )
            )
            for k in range(sessions)
        ]
        stopped: str | None = None
        while not all(task.done() for task in tasks):
            if watch.over and stopped is None:
                stopped = watch.over
                for task in tasks:
                    task.cancel()
            await asyncio.sleep(0.5)
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        browser_cpu = browsers_cpu() - browser_cpu_before
        for browser in browsers:
            await browser.close()
    crashed = [
        describe(o)
        for o in outcomes
        if isinstance(o, BaseException) and not isinstance(o, asyncio.CancelledError)
    ]
    return {
        "delegates": delegates,
        "browsers": len(browsers),
        "browser_cpu": browser_cpu,
        "stopped": stopped,
        "crashed": crashed,
    }


async def open_page(browser, url: str, delay_s: float, timeout_s: float):
    """All-at-once mode: a delegate arrives after ``delay_s`` and opens the workbook;
    (context, page, seconds)."""
    await asyncio.sleep(delay_s)
    context = await browser.new_context()
    page = await context.new_page()
    problems = watch_page(page)
    try:
        seconds = await open_chart(page, url, timeout_s)
    except Exception as error:
        said = await page_says(page, problems)
        await context.close()
        raise RuntimeError(f"{describe(error)}{said}") from error
    return context, page, seconds


async def room_all_at_once(
    url: str, sessions: int, arrival_s: float, timeout_s: float, browser_path: str
) -> dict:
    """Open ``sessions`` pages (arriving evenly over ``arrival_s``), then, with every page still
    open, move a slider on each at the same moment."""
    from playwright.async_api import async_playwright

    slider = {"selector": ".widget-slider .noUi-handle", "action": "press:ArrowRight"}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=browser_path, headless=True, args=CHROMIUM_FLAGS
        )
        browser_cpu_before = browsers_cpu()
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
            *(redraw_after(page, slider, timeout_s) for _, page, _ in pages),
            return_exceptions=True,
        )
        errors += [describe(r) for r in redraws if isinstance(r, BaseException)]
        browser_cpu = browsers_cpu() - browser_cpu_before
        for context, _, _ in pages:
            await context.close()
        await browser.close()
    return {
        "load": [seconds for _, _, seconds in pages],
        "redraw": [r for r in redraws if not isinstance(r, BaseException)],
        "errors": errors,
        "browser_cpu": browser_cpu,
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cells(values: list[float], unit: str, quantiles: tuple[float, ...]) -> str:
    if not values:
        return " | ".join("-" for _ in quantiles)
    scale = 1000 if unit == "ms" else 1
    return " | ".join(
        f"{percentile(values, q) * scale:.{0 if unit == 'ms' else 1}f} {unit}" for q in quantiles
    )


def preheat_names(choice: list[str], workbooks: list[str]) -> list[str]:
    """``--preheat``: "first" (the first workbook), "all" (every workbook walked) or names."""
    if choice == ["first"]:
        return workbooks[:1]
    if choice == ["all"]:
        return list(workbooks)
    return choice


def pool_kernels(count: int, preheat: list[str], pool_size: int = 1) -> int:
    """Kernels the server starts ahead: ``count`` for each preheated workbook, ``pool_size``
    (qikit's ``--pool-size``, default 1) for every other workbook (exercise pages get none)."""
    others = len([p for p in WORKBOOKS.glob("*.ipynb") if p.name not in preheat])
    return count * len(preheat) + others * pool_size


@dataclass
class Run:
    """What one room measured beyond the delegates' own times."""

    filled_s: float = 0.0
    per_kernel: float = 0.0
    server_cpu: float = 0.0
    shutdowns: int = 0
    log_errors: int = 0
    load_before: float = 0.0
    load_after: float = 0.0
    wall_s: float = 0.0


def serve_room(
    count: int,
    preheat: list[str],
    memory_limit_gb: float,
    pool_size: int | None,
    server_log: Path | None,
    walk,
) -> tuple[Run, MemoryWatch, dict | None, str | None]:
    """Start the server for a room, wait for its pool, run ``walk(base, watch, folder)``;
    the run's figures, the memory watch, what ``walk`` returned and why the run stopped early."""
    run = Run(load_before=os.getloadavg()[0])
    kernels_ahead = pool_kernels(count, preheat, 1 if pool_size is None else pool_size)
    print(
        f"  room of {count}: --room {count} --preheat {' '.join(preheat)} "
        f"{'' if pool_size is None else f'--pool-size {pool_size} '}starts "
        f"{kernels_ahead} kernels ahead (about {kernels_ahead * KERNEL_MB_ESTIMATE / 1024:.1f} GB "
        f"at {KERNEL_MB_ESTIMATE} MB each); memory limit {memory_limit_gb:g} GB; machine in use "
        f"now {machine_memory_used() / 2**30:.1f} GB, load {run.load_before:.1f}",
        file=sys.stderr,
        flush=True,
    )
    folder = tempfile.TemporaryDirectory(prefix="qikit-room-")
    log_path = server_log or Path(folder.name) / "serve.log"
    log_start = log_path.stat().st_size if log_path.exists() else 0
    port = free_port()
    env = dict(os.environ, QIKIT_WORKSPACE=str(Path(folder.name) / "workspace"))
    with open(log_path, "a") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "qikit.cli", "serve", "--port", str(port)]
            + ["--room", str(count), "--preheat", *preheat]
            + ([] if pool_size is None else ["--pool-size", str(pool_size)]),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with every kernel it started
        )
    watch = MemoryWatch(process.pid, int(memory_limit_gb * 2**30))
    watch.start()
    base = f"http://127.0.0.1:{port}/"
    result, stopped = None, None
    try:
        wait_for(base, process)
        run.filled_s = wait_for_pool(
            process.pid, kernels_ahead, watch, max(900.0, 10.0 * kernels_ahead)
        )
        sizes = [info["rss"] for info in process_tree(process.pid) if info["kernel"]]
        run.per_kernel = sum(sizes) / len(sizes)
        cpu_before = tree_cpu(process.pid)
        start = time.perf_counter()
        result = walk(base, watch, Path(folder.name))
        run.wall_s = time.perf_counter() - start
        run.server_cpu = tree_cpu(process.pid) - cpu_before
        stopped = result.get("stopped")
        time.sleep(3)  # the last 'tab closed' requests reach the log
    except OverMemory as finding:
        stopped = str(finding)
    finally:
        watch.running = False
        watch.join()
        run.load_after = os.getloadavg()[0]
        # read before the server stops: stopping logs a shutdown for every kernel left
        with open(log_path, errors="replace") as handle:
            handle.seek(log_start)
            lines = handle.read().splitlines()
        run.shutdowns = sum("Kernel shutdown" in line for line in lines)
        run.log_errors = sum(line.startswith("[E ") or "Traceback" in line for line in lines)
        stop_server(process)
        folder.cleanup()
    return run, watch, result, stopped


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server and its kernels (its own process group), waiting for them."""
    try:
        os.killpg(process.pid, 15)
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait(timeout=30)
    except ProcessLookupError:
        pass


def measure_walk(
    workbooks: list[str],
    preheat: list[str],
    count: int,
    arrival: float,
    args: argparse.Namespace,
) -> list[str]:
    """One room walking the workbooks; its Markdown table rows (one per workbook)."""

    def walk(base: str, watch: MemoryWatch, folder: Path) -> dict:
        browser_path = lower_priority_browser(folder)
        return asyncio.run(
            room_walk(
                base,
                workbooks,
                count,
                arrival,
                args.timeout,
                browser_path,
                args.per_browser,
                watch,
            )
        )

    run, watch, result, stopped = serve_room(
        count, preheat, args.memory_limit_gb, args.pool_size, args.server_log, walk
    )
    if stopped:
        print(f"  STOPPED EARLY: {count} do not fit because {stopped}", file=sys.stderr)
    if result is None:
        return [f"| {count} | {arrival:.0f} s | stopped: {stopped} |"]
    delegates: list[Delegate] = result["delegates"]
    started = sum(d.started for d in delegates)
    done = sum(
        all(d.steps.get(w) and d.steps[w].redraw_s is not None for w in workbooks)
        for d in delegates
    )
    for crash in result["crashed"][:3]:
        print(f"  a delegate stopped: {crash}", file=sys.stderr)
    print(
        f"  {started} of {count} delegates arrived, {done} went through every workbook; "
        f"{result['browsers']} Chromium process(es); the delegates took {run.wall_s:.0f} s "
        f"from the first arrival to the last redraw; server log: {run.shutdowns} "
        f"'Kernel shutdown' (expected {started * (len(workbooks) - 1)}: one for each page left "
        f"for the next), {run.log_errors} error lines",
        file=sys.stderr,
    )
    rows = []
    for index, workbook in enumerate(workbooks):
        steps = [d.steps[workbook] for d in delegates if workbook in d.steps]
        errors = [s.error for s in steps if s.error]
        for error in errors[:3]:
            print(f"  {workbook}: {error}", file=sys.stderr)
        opening = cells([s.open_s for s in steps if s.open_s is not None], "s", (0.5, 0.9, 1))
        redraw = cells([s.redraw_s for s in steps if s.redraw_s is not None], "ms", (0.5, 0.9, 1))
        if index == 0:
            shared = (
                f"{run.filled_s:.0f} s | {run.server_cpu / max(started, 1):.2f} s "
                f"| {result['browser_cpu'] / max(started, 1):.1f} s "
                f"| {run.per_kernel / 2**20:.0f} MB | {watch.peak / 2**30:.2f} GB "
                f"| {watch.peak_kernels} | {watch.peak_machine / 2**30:.1f} GB "
                f"| {run.shutdowns} | {run.load_before:.1f} / {run.load_after:.1f}"
            )
            lead = f"| {count} | {arrival:.0f} s | {' '.join(short(p) for p in preheat)} "
        else:
            shared = " | ".join([""] * 9)
            lead = "| | | "
        rows.append(
            f"{lead}| {short(workbook)} | {opening} | {redraw} | {len(errors)} | {shared} |"
        )
    if stopped:
        rows.append(f"| | | | stopped early: {stopped} |")
    return rows


def short(workbook: str) -> str:
    return workbook.removesuffix(".ipynb")


def measure_all_at_once(workbook: str, count: int, arrival: float, args) -> str:
    """The earlier benchmark: one room opening one workbook; its Markdown table row."""

    def walk(base: str, watch: MemoryWatch, folder: Path) -> dict:
        url = f"{base}voila/render/{workbook}"
        browser_path = lower_priority_browser(folder)
        return asyncio.run(room_all_at_once(url, count, arrival, args.timeout, browser_path))

    run, watch, result, stopped = serve_room(
        count, [workbook], args.memory_limit_gb, args.pool_size, args.server_log, walk
    )
    if result is None:
        print(f"  STOPPED EARLY: {count} do not fit because {stopped}", file=sys.stderr)
        return f"| {count} | {arrival:.0f} s | stopped: {stopped} |"
    for error in result["errors"][:3]:
        print(f"  {error}", file=sys.stderr)
    opening = cells(result["load"], "s", (0.5, 0.9, 1))
    redraw = cells(result["redraw"], "ms", (0.5, 0.9))
    memory = f"{run.per_kernel / 2**20:.0f} MB | {watch.peak / 2**30:.2f} GB"
    return (
        f"| {count} | {arrival:.0f} s | {run.filled_s:.0f} s | {opening} | {redraw} "
        f"| {len(result['errors'])} | {run.server_cpu / count:.2f} s | {memory} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, nargs="+", default=[100])
    parser.add_argument(
        "--workbooks",
        nargs="+",
        default=["00_welcome.ipynb", "06_spc_charts.ipynb"],
        help="the workbooks each delegate opens in turn, in one tab (--all-at-once: the first)",
    )
    parser.add_argument(
        "--preheat",
        nargs="+",
        default=["first"],
        metavar="WORKBOOK",
        help="workbooks given a kernel ahead per delegate (qikit serve --preheat): 'first' "
        "(default: the first workbook; the next ones start a kernel as each delegate reaches "
        "them, while the first page's kernel is shut down), 'all', or names",
    )
    parser.add_argument(
        "--arrival",
        type=float,
        nargs="+",
        default=None,
        help="seconds over which the delegates arrive, evenly (default 300; --all-at-once: 0, "
        "all at the same moment)",
    )
    parser.add_argument(
        "--all-at-once",
        action="store_true",
        help="the earlier benchmark: every delegate opens the first workbook, then all move a "
        "slider at the same moment with every page open",
    )
    parser.add_argument(
        "--pool-size",
        type=int,
        default=None,
        help="qikit serve --pool-size: kernels kept ready for every workbook not preheated "
        "(default: qikit's, 1; 0 starts their kernels when a page is opened)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="seconds a delegate waits for a page or a redraw before it counts as an error "
        "(default 180; --all-at-once: 600)",
    )
    parser.add_argument(
        "--memory-limit-gb",
        type=float,
        default=20.0,
        help="stop, saying so, when the machine's memory in use passes this (default 20)",
    )
    parser.add_argument(
        "--per-browser",
        type=int,
        default=25,
        help="delegates per Chromium process over the run (default 25, at most 100)",
    )
    parser.add_argument("--server-log", type=Path, help="append the server's log to this file")
    args = parser.parse_args()
    if not 1 <= args.per_browser <= 100:
        parser.error("--per-browser should be between 1 and 100")
    arrivals = args.arrival or ([0.0] if args.all_at_once else [300.0])
    if args.timeout is None:
        args.timeout = 600.0 if args.all_at_once else 180.0

    if args.all_at_once:
        print(
            "| Delegates | arriving over | pool ready after | open p50 | p90 | max "
            "| slider redraw p50 (all open) | p90 | errors | server CPU per delegate "
            "| memory per kernel | peak memory (server + kernels) |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for count in args.sessions:
            for arrival in arrivals:
                print(measure_all_at_once(args.workbooks[0], count, arrival, args), flush=True)
        print(
            "\nOpen: from a delegate's request to the chart drawn. Redraw: every delegate moves "
            "a slider at the same moment while all the pages are open. Server CPU is the "
            "processor time the server and its kernels spent during the test, per delegate; the "
            "browsers' own work (run at the lowest priority) is not in it."
        )
        return

    preheat = preheat_names(args.preheat, args.workbooks)
    print(
        "| Delegates | arriving over | preheated | workbook | open p50 | p90 | max "
        "| redraw p50 | p90 | max | errors | pool ready after | server CPU per delegate "
        "| browsers' CPU per delegate | memory per kernel | peak memory (server + kernels) "
        "| peak live kernels | peak machine memory in use | kernel shutdowns | load before / "
        "after |"
    )
    print("|---" * 20 + "|")
    for count in args.sessions:
        for arrival in arrivals:
            for row in measure_walk(args.workbooks, preheat, count, arrival, args):
                print(row, flush=True)
    print(
        "\nOpen: from the request (the first workbook in a new tab, the next in the same tab) "
        "to its first chart drawn. Redraw: from the delegate's change to every chart drawn "
        "again. Server CPU: the processor time of the server and its kernels (those shut down "
        "included) from the first arrival to the last redraw, per delegate. The browsers ran at "
        "the lowest priority on the same cores; their CPU is given apart."
    )


if __name__ == "__main__":
    main()
