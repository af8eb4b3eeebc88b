"""Ctrl+C in the facilitator's terminal stops the server and its kernels quietly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.browser.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def _ctrl_c_reachable() -> None:
    """In the new session the test starts, Ctrl+C is heard as in a terminal (a test runner may
    have started us with it ignored, and that would be inherited)."""
    os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_closes_every_kernel_without_a_traceback(tmp_path: Path):
    folder = tmp_path / "workbooks"
    folder.mkdir()
    shutil.copy(ROOT / "workbooks" / "00_welcome.ipynb", folder)
    log_path = tmp_path / "serve.log"
    env = dict(os.environ, QIKIT_WORKSPACE=str(tmp_path / "workspace"))
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "qikit.cli", "serve", "--port", str(free_port())]
            + ["--workbooks", str(folder)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_ctrl_c_reachable,
        )
    try:
        deadline = time.monotonic() + 180
        while "is filled with 1 kernel" not in log_path.read_text():
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.5)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C in a terminal does
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    printed = log_path.read_text()
    for noise in ("Traceback", "KeyboardInterrupt", "ZMQError", "ERROR"):
        assert noise not in printed, printed
    assert "Kernel shutdown" in printed
    assert "Stopping qikit" in printed
