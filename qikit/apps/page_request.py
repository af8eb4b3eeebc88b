"""Under Voilà's preheated kernels, wait until someone opens the page, without importing Voilà.

A preheated kernel runs the workbook before any request arrives, then waits here. Once a person
opens the page, Voilà's query socket (``voila/query/<kernel id>`` on the server's own address)
sends the request's details, such as the page address's query, and they are put in the
environment as Voilà's own ``voila.utils.wait_for_request`` puts them. Importing ``voila.utils``
would bring the whole Jupyter server into every kernel (about 0.8 CPU-seconds); the exchange
itself needs only the ``websockets`` package Voilà already depends on.

Outside Voilà, or without preheating, :func:`wait_for_request` returns at once.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading


def query_socket_url() -> str:
    """Where this kernel's page request is announced, from the variables Voilà sets."""
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    kernel = os.environ.get("VOILA_KERNEL_ID", "")
    return f"{protocol}://{host}:{port}{base}voila/query/{kernel}"


async def _request_info(url: str) -> str | None:
    import websockets

    try:
        async with websockets.connect(url, open_timeout=5) as socket:
            return await socket.recv()
    except (OSError, TimeoutError, websockets.WebSocketException):
        return None


def wait_for_request() -> None:
    """Block until the page is opened (preheated kernels only); then set its details in
    ``os.environ``."""
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    found: list[str | None] = []

    def ask() -> None:
        found.append(asyncio.new_event_loop().run_until_complete(_request_info(query_socket_url())))

    thread = threading.Thread(target=ask)  # the kernel's own event loop is already running
    thread.start()
    thread.join()
    if found and found[0]:
        for key, value in json.loads(found[0]).items():
            os.environ[key] = value
