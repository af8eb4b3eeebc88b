"""``qikit serve --max-upload-mb``: a bigger file is refused in the browser before it is sent, in
words, and the upload box keeps working; the same setting sizes the server's websocket messages
(issue 18)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import uuid

import pytest
from tornado import websocket

from tests.browser.conftest import WORKBOOKS, free_port, stop_process_group, wait_for
from tests.browser.pages import chart_markup, wait_for_redraw
from tests.browser.test_workbooks import open_workbook

pytestmark = pytest.mark.browser
REDRAW_MS = 60_000
MB = 1024 * 1024


@pytest.fixture(scope="module")
def small_uploads(tmp_path_factory):
    """The SPC workbook served with a 1 MB upload limit."""
    folder = tmp_path_factory.mktemp("workbooks")
    shutil.copy(WORKBOOKS / "06_spc_charts.ipynb", folder)
    log = tmp_path_factory.mktemp("log") / "serve.log"
    port = free_port()
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "qikit.cli", "serve", "--port", str(port)]
            + ["--workbooks", str(folder), "--max-upload-mb", "1"],
            env={**os.environ, "QIKIT_WORKSPACE": str(folder / "ws")},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url, process)
        yield url
    finally:
        stop_process_group(process)
        print(log.read_text()[-3000:])


def choose_file(page, name: str, content: bytes) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator(".widget-upload").click()
    chooser.value.set_files(files=[{"name": name, "mimeType": "text/csv", "buffer": content}])


def weekly_csv(weeks: int, pad_to: int = 0) -> bytes:
    rows = "".join(f"{w},{5 + w % 3}\n" for w in range(1, weeks + 1))
    text = f"Week,Huddles held\n{rows}"
    return (text + "\n" * max(pad_to - len(text), 0)).encode()


def test_a_file_over_the_limit_is_refused_in_words_and_the_box_keeps_working(
    small_uploads, browser
):
    url = f"{small_uploads}voila/render/06_spc_charts.ipynb"
    context, page, watch = open_workbook(browser, url)
    try:
        page.get_by_role("button", name="Our own file").click()
        choose_file(page, "five_years_daily.csv", weekly_csv(24, pad_to=int(1.5 * MB)))
        refusal = page.locator(".qikit-upload-refused")
        refusal.wait_for(timeout=REDRAW_MS)
        words = refusal.inner_text()
        assert "five_years_daily.csv" in words and "1.5 MB" in words
        assert "the largest file this server takes is 1.0 MB, so it was not sent" in words
        assert refusal.get_attribute("role") == "alert"

        before = chart_markup(page)
        choose_file(page, "huddles.csv", weekly_csv(24))
        wait_for_redraw(page, before)  # the box still reads files: the connection was kept
        assert "Huddles held" in chart_markup(page)[0]
        assert page.locator(".qikit-upload-refused").count() == 0
        assert watch.console_errors == []
    finally:
        context.close()


def test_the_server_takes_messages_up_to_the_limit_and_closes_on_bigger(small_uploads):
    import urllib.request

    page = urllib.request.urlopen(f"{small_uploads}voila/render/06_spc_charts.ipynb", timeout=180)
    kernel_id = re.search(rb'"kernelId":\s*"([0-9a-f-]+)"', page.read()).group(1).decode()
    ws_url = small_uploads.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels"

    async def send(size: int) -> bool:
        """True when the connection is still open after a message of ``size`` bytes."""
        conn = await websocket.websocket_connect(ws_url)
        message = json.dumps(
            {
                "header": {"msg_id": uuid.uuid4().hex, "msg_type": "kernel_info_request",
                           "username": "delegate", "session": uuid.uuid4().hex, "version": "5.3",
                           "date": "2026-01-01T00:00:00Z"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"padding": "x" * size},
            }
        )  # fmt: skip
        try:
            await conn.write_message(message)
        except websocket.WebSocketClosedError:  # closed by the server while still sending
            return False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while loop.time() < deadline:  # the kernel's replies arrive; None is a closed connection
            try:
                reply = await asyncio.wait_for(conn.read_message(), deadline - loop.time())
            except TimeoutError:
                break
            if reply is None:
                return False
        conn.close()
        return True

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, send(int(1.5 * MB))).result()  # within 1 MB + headroom
        assert not pool.submit(asyncio.run, send(3 * MB)).result()
