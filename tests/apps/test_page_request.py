"""A preheated kernel waits for its page to be opened, and reads the page's address."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading

import pytest

from qikit.apps.page_request import query_socket_url, wait_for_request


@pytest.fixture
def query_server(monkeypatch):
    """A stand-in for Voilà's query socket on this machine, answering once."""
    import websockets

    ready = threading.Event()
    seen: list[str] = []
    loop = asyncio.new_event_loop()

    async def answer(socket):
        seen.append(socket.request.path)
        await socket.send(json.dumps({"QUERY_STRING": "project=abc123", "SERVER_PORT": "8866"}))

    async def run():
        async with websockets.serve(answer, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            monkeypatch.setenv("VOILA_APP_PORT", str(port))
            ready.set()
            await asyncio.sleep(10)

    thread = threading.Thread(target=lambda: loop.run_until_complete(run()), daemon=True)
    thread.start()
    ready.wait(5)
    yield seen


def test_a_preheated_kernel_reads_the_page_address(query_server, monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k-1")
    monkeypatch.setenv("VOILA_APP_IP", "127.0.0.1")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    wait_for_request()
    assert os.environ["QUERY_STRING"] == "project=abc123"
    assert query_server == ["/voila/query/k-1"]
    monkeypatch.delenv("QUERY_STRING")


def test_without_preheating_it_returns_at_once(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("VOILA_APP_PORT", "1")  # nothing listens there
    wait_for_request()  # no wait, no error
    assert query_socket_url().endswith("/voila/query/" + os.environ.get("VOILA_KERNEL_ID", ""))


def test_the_apps_do_not_import_the_jupyter_server():
    code = "import sys, qikit.apps.plan_aim, qikit.apps.spc_explorer; print('voila' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False"]
