"""A live ``qikit serve`` and a real headless Chromium for the browser tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKBOOKS = ROOT / "workbooks"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    """The Chromium to drive: $QIKIT_CHROMIUM, else Debian's chromium on the PATH."""
    candidates = [os.environ.get("QIKIT_CHROMIUM"), shutil.which("chromium")]
    candidates += [shutil.which("chromium-browser"), shutil.which("google-chrome")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail(
        "The browser tests need Chromium. Install it (on Debian or Ubuntu: "
        "sudo apt-get install chromium) or set QIKIT_CHROMIUM to a Chromium or Chrome binary.",
        pytrace=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"qikit serve stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"qikit serve did not answer at {url} within {seconds} s")


@contextlib.contextmanager
def running_server(
    folder: Path, workspace: Path, log_path: Path, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run ``qikit serve`` over ``folder`` on a free loopback port; yield its base URL.
    ``env`` adds to the server's environment (for example ``QIKIT_SHARED_WORKSPACE=1``)."""
    port = free_port()
    env = dict(os.environ, QIKIT_WORKSPACE=str(workspace), **(env or {}))
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "qikit.cli", "serve", "--port", str(port)]
            + ["--workbooks", str(folder)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url, process)
        yield url
    finally:
        stop_process_group(process)
        print(log_path.read_text()[-3000:])


def stop_process_group(process: subprocess.Popen) -> None:
    """Stop a server started in its own session, with Voilà and every kernel under it."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)
