"""The local check of the JupyterHub recipe: a real JupyterHub on loopback, a local spawner, and a
delegate's server that opens the welcome workbook in Voilà with the qikit template.

JupyterHub is not a qikit dependency: it is installed into a throwaway virtual environment under
/tmp (QIKIT_HUB_VENV) that also sees this environment's packages. Where that cannot be done the
test is skipped with the reason, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import os
import secrets
import signal
import site
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "jupyterhub" / "local_config.py"
VENV = Path(os.environ.get("QIKIT_HUB_VENV", "/tmp/qikit-hub-venv"))
PACKAGES = ["jupyterhub>=5,<7", "configurable-http-proxy>=0.4"]

pytestmark = pytest.mark.slow


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the JupyterHub check is required in CI: {reason}")
    pytest.skip(f"JupyterHub could not be installed here: {reason}")


def hub_venv() -> Path:
    """A virtual environment with jupyterhub that also imports qikit and Voilà from here."""
    ready = VENV / ".qikit-ready"
    if ready.exists():
        return VENV
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    own = next(VENV.glob("lib/python3*/site-packages"))
    # site.addsitedir also reads the .pth files there (such as qikit's editable install).
    lines = [f"import site; site.addsitedir({path!r})" for path in site.getsitepackages()]
    (own / "qikit-base.pth").write_text("\n".join(lines) + "\n")
    done = subprocess.run(
        [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", *PACKAGES],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        _unavailable(done.stderr.strip()[-500:])
    ready.write_text("ok\n")
    return VENV


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, seconds: float, what: str, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"JupyterHub stopped (exit code {process.returncode})")
        try:
            found = check()
        except requests.RequestException:
            found = None
        if found:
            return found
        time.sleep(1)
    raise AssertionError(f"{what} did not happen within {seconds:.0f} seconds")


def start_hub(folder: Path, token: str) -> tuple[subprocess.Popen, str]:
    """JupyterHub with the recipe's local configuration on free loopback ports, in its own
    session, logging to ``folder/hub.log``; its process and address."""
    venv = hub_venv()
    port = free_port()
    env = dict(os.environ)
    env.update(
        QIKIT_HUB_DIR=str(folder / "hub"),
        QIKIT_HUB_PORT=str(port),
        QIKIT_HUB_API_PORT=str(free_port()),
        QIKIT_HUB_PROXY_API_PORT=str(free_port()),
        QIKIT_HUB_TOKEN=token,
    )
    env.pop("QIKIT_DATABASE_URL", None)
    with (folder / "hub.log").open("w") as log:
        process = subprocess.Popen(
            [str(venv / "bin" / "jupyterhub"), "-f", str(CONFIG)],
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, f"http://127.0.0.1:{port}"


@pytest.fixture
def hub(tmp_path):
    token = secrets.token_hex(16)
    process, base = start_hub(tmp_path, token)
    session = requests.Session()
    session.headers["Authorization"] = f"token {token}"
    try:
        wait_for(
            lambda: session.get(f"{base}/hub/api/", timeout=10).ok,
            180,
            "JupyterHub answering",
            process,
        )
        yield base, session
    finally:
        try:
            session.delete(f"{base}/hub/api/users/delegate/server", timeout=30)
        except requests.RequestException:
            pass
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        print((tmp_path / "hub.log").read_text()[-3000:])


def test_a_delegate_lands_on_the_welcome_workbook_in_voila(hub):
    base, session = hub
    assert session.post(f"{base}/hub/api/users/delegate", timeout=30).status_code == 201
    started = session.post(f"{base}/hub/api/users/delegate/server", timeout=60)
    assert started.status_code in (201, 202), started.text

    def ready():
        user = session.get(f"{base}/hub/api/users/delegate", timeout=30).json()
        server = user.get("servers", {}).get("")
        return server if server and server.get("ready") else None

    server = wait_for(ready, 240, "the delegate's server starting")
    assert server["url"] == "/user/delegate/"

    # The server's front door sends the delegate to Voilà on the welcome workbook.
    page = session.get(f"{base}/user/delegate/", timeout=300)
    assert page.status_code == 200
    assert page.url.endswith("/user/delegate/voila/render/00_welcome.ipynb")
    assert "qikit: readable on a projector" in page.text  # the qikit template
    assert "Traceback" not in page.text
    # The offline Vega bundle is served beside the template, not built by each kernel.
    bundle = session.get(
        f"{base}/user/delegate/voila/templates/qikit/static/qikit-chart-bundle.js", timeout=60
    )
    assert bundle.status_code == 200 and len(bundle.content) > 500_000
    # No terminals for delegates.
    terminals = session.get(f"{base}/user/delegate/api/terminals", timeout=30)
    assert terminals.status_code == 404
