"""A live ``qikit serve``: the browser cannot run code, and other machines need the token."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from tornado import websocket

from tests.browser.conftest import WORKBOOKS, running_server, stop_process_group


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with running_server(
        WORKBOOKS, tmp_path_factory.mktemp("ws"), tmp_path_factory.mktemp("log") / "s.log"
    ) as url:
        yield url


def _request(msg_type: str, content: dict) -> str:
    return json.dumps(
        {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "msg_type": msg_type,
                "username": "delegate",
                "session": uuid.uuid4().hex,
                "version": "5.3",
                "date": "2026-01-01T00:00:00Z",
            },
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
    )


def test_code_sent_from_the_browser_is_never_run(live: str, tmp_path: Path):
    page = urllib.request.urlopen(f"{live}voila/render/00_welcome.ipynb", timeout=180).read()
    kernel_id = re.search(rb'"kernelId":\s*"([0-9a-f-]+)"', page).group(1).decode()
    marker = tmp_path / "ran.txt"
    ws_url = live.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels"

    async def read_for(conn, seconds: float, until: str | None = None) -> list[dict]:
        replies: list[dict] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while loop.time() < deadline:
            try:
                message = await asyncio.wait_for(conn.read_message(), deadline - loop.time())
            except TimeoutError:
                break
            if message is None:
                break
            if isinstance(message, str):
                replies.append(json.loads(message))
                if until and replies[-1].get("msg_type") == until:
                    break
        return replies

    async def attack() -> list[dict]:
        conn = await websocket.websocket_connect(ws_url)
        # a harmless request first proves the channel delivers messages and replies
        conn.write_message(_request("kernel_info_request", {}))
        replies = await read_for(conn, 60, until="kernel_info_reply")
        code = f"open({str(marker)!r}, 'w').write('ran')"
        conn.write_message(
            _request("execute_request", {"code": code, "silent": False, "store_history": False})
        )
        replies += await read_for(conn, 8)
        conn.close()
        return replies

    # a fresh event loop in its own thread: the browser tests may have one running already
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        replies = pool.submit(asyncio.run, asyncio.wait_for(attack(), 120)).result()
    assert any(r.get("msg_type") == "kernel_info_reply" for r in replies)
    assert not marker.exists()
    assert not any(r.get("msg_type") == "execute_reply" for r in replies)


def test_shared_server_asks_for_its_token(tmp_path: Path):
    import subprocess
    import sys

    from tests.browser.conftest import free_port, wait_for  # noqa: F401 - same helpers

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "qikit.cli", "serve", "--host", "0.0.0.0", "--port", str(port)]
        + ["--token", "learning-session-7", "--pool-size", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(f"{base}?token=learning-session-7", process)
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener = urllib.request.build_opener(_NoRedirect())
            opener.open(f"{base}voila/render/00_welcome.ipynb", timeout=30)
        assert refused.value.code in (302, 403)
        ok = urllib.request.urlopen(f"{base}?token=learning-session-7", timeout=30)
        assert ok.status == 200
    finally:
        stop_process_group(process)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def test_stopping_qikit_serve_stops_voila_too():
    import subprocess
    import sys
    import time

    from tests.browser.conftest import free_port, wait_for

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "qikit.cli", "serve", "--port", str(port), "--pool-size", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", process)
        voila = _children(process.pid)
        assert voila, "qikit serve should run Voilà as its child"
        process.terminate()
        process.wait(timeout=60)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in voila):
            time.sleep(0.5)
        alive = [p for p in voila if Path(f"/proc/{p}").exists()]
        assert alive == [], "Voilà was left running after qikit serve stopped"
    finally:
        stop_process_group(process)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
