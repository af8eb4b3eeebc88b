"""A live ``qikit serve`` on 127.0.0.1 answers only names of this machine, and its query socket
answers only its own kernels, without the token (issue 18), tested with real HTTP requests."""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.client
import json
import re
import shutil
import subprocess
import sys
import uuid

import pytest
from tornado import httpclient, websocket

from tests.browser.conftest import WORKBOOKS, free_port, stop_process_group, wait_for

TOKEN = "learning-session-2026"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One workbook served on loopback with a token and one extra name allowed."""
    folder = tmp_path_factory.mktemp("workbooks")
    shutil.copy(WORKBOOKS / "00_welcome.ipynb", folder)
    log = tmp_path_factory.mktemp("log") / "serve.log"
    port = free_port()
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "qikit.cli", "serve", "--port", str(port)]
            + ["--workbooks", str(folder), "--token", TOKEN, "--allow-host", "qi.example.org"],
            env={**__import__("os").environ, "QIKIT_WORKSPACE": str(folder / "ws")},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/?token={TOKEN}", process)
        yield port
    finally:
        stop_process_group(process)
        print(log.read_text()[-3000:])


def status(port: int, path: str, host: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Host": host})
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize("host", ["evil.example", "attacker.example.com:{port}", "10.0.0.7"])
def test_a_host_header_naming_another_machine_is_refused(served: int, host: str):
    assert status(served, f"/?token={TOKEN}", host.format(port=served)) == 403
    path = f"/voila/render/00_welcome.ipynb?token={TOKEN}"
    assert status(served, path, host.format(port=served)) == 403


@pytest.mark.parametrize(
    "host", ["127.0.0.1:{port}", "localhost:{port}", "qi.example.org", "qi.example.org:{port}"]
)
def test_this_machine_and_the_allowed_names_are_answered(served: int, host: str):
    assert status(served, f"/?token={TOKEN}", host.format(port=served)) == 200


def _query_socket(url: str, origin: str | None) -> list:
    """Open the query socket (as a browser when ``origin`` is given) and read for a while."""

    async def talk() -> list:
        headers = {"Origin": origin} if origin else {}
        request = httpclient.HTTPRequest(url, headers=headers, request_timeout=30)
        try:
            conn = await websocket.websocket_connect(request)
        except (httpclient.HTTPClientError, websocket.WebSocketClosedError) as refused:
            return [("refused", getattr(refused, "code", None))]
        got: list = []
        try:
            message = await asyncio.wait_for(conn.read_message(), 10)
            got.append(message)
        except TimeoutError:
            got.append(("nothing", None))
        conn.close()
        return got

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, talk()).result()


def test_the_query_socket_answers_only_the_servers_own_kernels(served: int):
    base = f"http://127.0.0.1:{served}"
    page = status_and_body(served, f"/voila/render/00_welcome.ipynb?token={TOKEN}&project=p1")
    kernel_id = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', page).group(1)
    ws = f"ws://127.0.0.1:{served}/voila/query/"
    # a web page (browsers always send an Origin) gets nothing, even from this machine
    assert _query_socket(ws + kernel_id, origin=base) in ([None], [("refused", 403)])
    # nor does anyone asking for a kernel the server is not running
    assert _query_socket(ws + str(uuid.uuid4()), origin=None) == [None]
    # the kernel's own client (no Origin) is answered, without the token
    (answer,) = _query_socket(ws + kernel_id, origin=None)
    info = json.loads(answer)
    assert info["QUERY_STRING"] == "project=p1"
    assert TOKEN not in answer


def status_and_body(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        assert response.status == 200
        return response.read().decode()
    finally:
        connection.close()


def test_qikit_serve_refuses_a_one_character_token_before_starting():
    out = subprocess.run(
        [sys.executable, "-m", "qikit.cli", "serve", "--host", "0.0.0.0", "--token", "X"]
        + ["--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    assert "1 character(s) long" in out.stderr and "Traceback" not in out.stderr
