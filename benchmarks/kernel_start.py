"""What one kernel costs to get ready for a workbook: CPU-seconds and memory, run by hand.

Starts a Python kernel the way Voilà does, runs a workbook's code cells (the app is built, as a
preheated kernel builds it before anyone opens the page), and reports the kernel's own CPU time
(user + system) and resident memory once it is idle. Also prints what ``python -X importtime``
says the workbook's imports cost.

    .venv/bin/python benchmarks/kernel_start.py [--workbook 06_spc_charts.ipynb] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]


def code_cells(workbook: Path) -> list[str]:
    notebook = json.loads(workbook.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def one_kernel(cells: list[str], workspace: str) -> tuple[float, float, float]:
    """(CPU-seconds, resident MB, wall seconds) for one kernel to start and run the cells."""
    env = dict(os.environ, QIKIT_WORKSPACE=workspace)
    manager = KernelManager(kernel_name="python3")
    started = time.perf_counter()
    manager.start_kernel(env=env, cwd=str(ROOT / "workbooks"))
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        for code in cells:
            reply = client.execute_interactive(code, timeout=300, output_hook=lambda _: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"the workbook's cell failed: {reply['content']}")
        wall = time.perf_counter() - started
        process = psutil.Process(manager.provisioner.process.pid)
        times = process.cpu_times()
        return times.user + times.system, process.memory_info().rss / 2**20, wall
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def import_cost(cells: list[str]) -> str:
    """The slowest imports of the workbook's first code cell, from ``python -X importtime``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", cells[0]],
        capture_output=True,
        text=True,
        cwd=ROOT / "workbooks",
        env=dict(os.environ, QIKIT_WORKSPACE=tempfile.mkdtemp()),
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    top = sorted(rows, reverse=True)[:8]
    return "\n".join(f"  {us / 1e6:6.2f} s {name}" for us, name in top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workbook", default="06_spc_charts.ipynb")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cells = code_cells(ROOT / "workbooks" / args.workbook)
    results = [one_kernel(cells, tempfile.mkdtemp()) for _ in range(args.repeat)]
    cpu, memory, wall = (statistics.median(r[i] for r in results) for i in range(3))
    print(
        f"{args.workbook}: kernel ready with its app in {cpu:.2f} CPU-s (median of "
        f"{args.repeat}), {memory:.0f} MB resident, {wall:.2f} s wall"
    )
    print("Slowest imports of its first cell (cumulative):")
    print(import_cost(cells))


if __name__ == "__main__":
    main()
