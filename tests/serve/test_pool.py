"""A room's kernel pool: a delegate who comes after the pool is used still gets a page.

``qikit serve --room`` replaces a kernel taken from the pool only after eight hours; until then
each request for that workbook starts a kernel of its own (a few seconds) rather than waiting
for the replacement.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.browser.conftest import free_port, stop_process_group

ROOT = Path(__file__).resolve().parents[2]
PREHEATED, OTHER = "00_welcome.ipynb", "05_run_charts.ipynb"


def _page(url: str) -> bytes:
    return urllib.request.urlopen(url, timeout=150).read()


def test_requests_after_the_pool_is_used_start_their_own_kernels(tmp_path: Path):
    folder = tmp_path / "workbooks"
    folder.mkdir()
    for name in (PREHEATED, OTHER):
        shutil.copy(ROOT / "workbooks" / name, folder)
    log_path = tmp_path / "serve.log"
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "qikit.cli", "serve", "--port", str(port)]
            + ["--workbooks", str(folder), "--room", "1", "--preheat", PREHEATED],
            cwd=ROOT,
            env=dict(os.environ, QIKIT_WORKSPACE=str(tmp_path / "workspace")),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 240
        while log_path.read_text().count("is filled with 1 kernel") < 2:
            assert process.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.5)
        base = f"http://127.0.0.1:{port}/voila/render/"
        for name in (PREHEATED, OTHER):
            first, second = _page(base + name), _page(base + name)  # the pool's, then its own
            for page in (first, second):
                assert b"kernelId" in page and b"Traceback" not in page
        printed = log_path.read_text()
        assert printed.count("Using pre-heated kernel") == 2
    finally:
        stop_process_group(process)
