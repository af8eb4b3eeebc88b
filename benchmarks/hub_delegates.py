"""What one delegate costs on JupyterHub: the recipe's local hub, a server per delegate.

Starts JupyterHub with ``deploy/jupyterhub/local_config.py`` on free loopback ports (installed
into a throwaway environment as the local hub check does), then, one delegate after another,
starts the delegate's server through the hub's API and opens the welcome workbook in Chromium
until its chart is drawn. Reports, per delegate: seconds to a ready server and to the chart, the
CPU seconds of the server's start and of the page (kernel included), and resident memory of the
server alone and with its kernel; and the hub and proxy's own memory.

Run from the repository root:
    .venv/bin/python benchmarks/hub_delegates.py --delegates 4
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import requests  # noqa: E402
from load_room import all_processes, process_tree  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from tests.browser.pages import ERROR_TEXTS  # noqa: E402
from tests.deploy.test_jupyterhub_local import start_hub, wait_for  # noqa: E402

CHART = ".qikit-chart .vega-embed svg, .qikit-chart .vega-embed canvas"
MB = 1024 * 1024


def user_server_pid(user: str) -> int | None:
    """The process of a delegate's single-user server (its environment names the hub user)."""
    for pid in all_processes():
        try:
            with open(f"/proc/{pid}/environ", "rb") as handle:
                environment = handle.read().split(b"\0")
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read()
        except OSError:
            continue
        if b"singleuser" in command and f"JUPYTERHUB_USER={user}".encode() in environment:
            return pid
    return None


def tree_totals(pid: int) -> tuple[float, int, int]:
    """CPU seconds, resident bytes and number of kernels of a process and its descendants."""
    tree = process_tree(pid)
    return (
        sum(p["cpu"] for p in tree),
        sum(p["rss"] for p in tree),
        sum(1 for p in tree if p["kernel"]),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=4)
    parser.add_argument("--workbook", default="00_welcome.ipynb")
    args = parser.parse_args()

    token = secrets.token_hex(16)
    rows = []
    with tempfile.TemporaryDirectory(prefix="qikit-hub-bench-") as tmp:
        folder = Path(tmp)
        hub, base = start_hub(folder, token)
        session = requests.Session()
        session.headers["Authorization"] = f"token {token}"
        try:
            wait_for(lambda: session.get(f"{base}/hub/api/", timeout=10).ok, 180, "the hub", hub)
            hub_rss = sum(p["rss"] for p in process_tree(hub.pid))
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_FLAGS
                )
                for number in range(1, args.delegates + 1):
                    user = f"delegate{number}"
                    session.post(f"{base}/hub/api/users/{user}", timeout=30)
                    started = time.perf_counter()
                    session.post(f"{base}/hub/api/users/{user}/server", timeout=60)

                    def ready(user=user):
                        found = session.get(f"{base}/hub/api/users/{user}", timeout=30).json()
                        server = found.get("servers", {}).get("")
                        return server if server and server.get("ready") else None

                    wait_for(ready, 240, f"{user}'s server starting")
                    spawn_s = time.perf_counter() - started
                    pid = user_server_pid(user)
                    if pid is None:
                        raise SystemExit(f"{user}'s server process was not found")
                    time.sleep(2)  # let the server settle before measuring it idle
                    spawn_cpu, server_rss, _ = tree_totals(pid)

                    context = browser.new_context(
                        extra_http_headers={"Authorization": f"token {token}"},
                        viewport={"width": 1366, "height": 768},
                    )
                    page = context.new_page()
                    started = time.perf_counter()
                    page.goto(f"{base}/user/{user}/voila/render/{args.workbook}")
                    page.wait_for_selector(CHART, timeout=180_000)
                    open_s = time.perf_counter() - started
                    text = page.inner_text("body")
                    if any(bad in text for bad in ERROR_TEXTS):
                        raise SystemExit(f"{user}'s page shows an error:\n{text[:1000]}")
                    time.sleep(2)
                    cpu, rss, kernels = tree_totals(pid)
                    rows.append(
                        {
                            "spawn_s": spawn_s,
                            "spawn_cpu": spawn_cpu,
                            "server_mb": server_rss / MB,
                            "open_s": open_s,
                            "page_cpu": cpu - spawn_cpu,
                            "with_kernel_mb": rss / MB,
                            "kernels": kernels,
                        }
                    )
                    print(user, {k: round(v, 2) for k, v in rows[-1].items()}, flush=True)
                    context.close()
                browser.close()
            hub_now = sum(p["rss"] for p in process_tree(hub.pid))
            servers = sum(r["with_kernel_mb"] for r in rows)
            print(f"hub and proxy: {hub_rss / MB:.0f} MB at start")
            print(f"everything after {len(rows)} delegates: {hub_now / MB:.0f} MB")
            print(f"servers and kernels: {servers:.0f} MB")
        except BaseException:
            print((folder / "hub.log").read_text()[-3000:])
            raise
        finally:
            for number in range(1, args.delegates + 1):
                try:
                    session.delete(f"{base}/hub/api/users/delegate{number}/server", timeout=30)
                except requests.RequestException:
                    pass
            hub.send_signal(signal.SIGTERM)
            try:
                hub.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(hub.pid, signal.SIGKILL)

    def median(key: str) -> float:
        return statistics.median(r[key] for r in rows)

    print()
    print(
        "| delegates | server ready | its start (CPU) | server alone | page to chart | page (CPU) "
        "| server + kernel |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {len(rows)} | {median('spawn_s'):.1f} s | {median('spawn_cpu'):.2f} s "
        f"| {median('server_mb'):.0f} MB | {median('open_s'):.1f} s | {median('page_cpu'):.2f} s "
        f"| {median('with_kernel_mb'):.0f} MB |"
    )


if __name__ == "__main__":
    main()
