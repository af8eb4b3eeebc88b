"""When a page's kernel or the server dies mid-typing, the page says so within 5 s, stops
claiming "All changes saved.", keeps what is typed next in the browser, and saves it when the
page is reloaded (after the server is back)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from qikit.store import open_workspace
from tests.browser.conftest import ROOT, WORKBOOKS, free_port, stop_process_group, wait_for
from tests.browser.pages import PageWatch, serious_accessibility_violations

pytestmark = pytest.mark.browser

WORKBOOK = "01_model_for_improvement.ipynb"
AIM = ".qikit-aim-statement textarea"
BANNER = "#qikit-connection:not([hidden])"
STATUS = ".qikit-save-status"
SAVED = "All changes saved."
#: JavaScript: true when no "All changes saved." can be seen on the page.
NO_SAVED_CLAIM_JS = (
    "saved => ![...document.querySelectorAll('.qikit-save-status, .qikit-note')]"
    ".some(e => e.offsetParent !== null && e.textContent.includes(saved))"
)
#: JavaScript: true when the save status reads "All changes saved." and can be seen.
SAVED_SHOWN_JS = (
    "saved => [...document.querySelectorAll('.qikit-save-status')]"
    ".some(e => e.offsetParent !== null && e.textContent.includes(saved))"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Only workbook 01, so the server preheats one kernel, not one for every workbook."""
    target = tmp_path / "workbooks"
    target.mkdir()
    shutil.copy(WORKBOOKS / WORKBOOK, target / WORKBOOK)
    return target


def start_server(folder: Path, workspace: Path, log_path: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, QIKIT_WORKSPACE=str(workspace))
    with open(log_path, "a") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "qikit.cli", "serve", "--port", str(port)]
            + ["--workbooks", str(folder)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/", process)
    except Exception:
        stop_process_group(process)
        print(log_path.read_text()[-3000:])
        raise
    return process


class ReloadWatch(PageWatch):
    """What the page logs from its reload on. As it unloads, the old page asks Voila to shut its
    kernel down; that kernel is already gone (404, or 403 for a restarted one), and the failed
    request is the old page's, not the reloaded page's."""

    def attach(self, page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _console(self, message) -> None:
        source = (message.location or {}).get("url", "")
        if message.type == "error" and "/voila/api/shutdown/" not in source:
            self.console_errors.append(message.text)


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(AIM, timeout=120_000)
    return context, page, watch


def kernel_processes(page) -> list[psutil.Process]:
    """The processes of the kernel behind the page (its id is in the page's config)."""
    kernel_id = json.loads(page.inner_text("#jupyter-config-data"))["kernelId"]
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if any(kernel_id in part for part in process.info["cmdline"] or []):
            found.append(process)
    return found


def type_in(page, text: str) -> None:
    box = page.locator(AIM).first
    box.press("End")
    box.press_sequentially(text, delay=20)


def wait_for_banner(page, since: float) -> str:
    """The banner's words; it must show within 5 s of ``since``."""
    page.wait_for_selector(BANNER, timeout=10_000)
    took = time.monotonic() - since
    assert took < 5.0, f"the banner took {took:.1f} s"
    page.wait_for_function(NO_SAVED_CLAIM_JS, arg=SAVED, timeout=2_000)
    return page.inner_text(BANNER)


def saved_aim(workspace: Path) -> list[str]:
    with open_workspace(workspace) as ws:
        return [r.item.statement for p in ws.projects() for r in ws.records(p.id, "aim")]


def wait_until_saved(workspace: Path, text: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while saved_aim(workspace) != [text] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert saved_aim(workspace) == [text]


def check_put_back_and_saved(page, watch: PageWatch, text: str, workspace: Path) -> None:
    page.wait_for_function(
        "([sel, text]) => { const box = document.querySelector(sel);"
        " return box && box.value === text; }",
        arg=[AIM, text],
        timeout=60_000,
    )
    page.wait_for_function(SAVED_SHOWN_JS, arg=SAVED, timeout=30_000)
    wait_until_saved(workspace, text)
    page.wait_for_function("() => Object.keys(window.qikitConnection.kept()).length === 0")
    assert "put back and saved" in page.inner_text(".qikit-connection-note")
    assert page.locator(BANNER).count() == 0
    assert watch.console_errors == []
    assert watch.external_requests() == []


def test_a_killed_kernel_is_said_and_what_is_typed_next_is_saved_on_reload(
    browser, folder, tmp_path
):
    workspace = tmp_path / "workspace"
    port = free_port()
    server = start_server(folder, workspace, tmp_path / "serve.log", port)
    url = f"http://127.0.0.1:{port}/voila/render/{WORKBOOK}"
    try:
        context, page, watch = open_page(browser, url)
        page.locator(AIM).first.fill("Reduce restraint on Willow Ward")
        page.wait_for_function(SAVED_SHOWN_JS, arg=SAVED, timeout=30_000)
        wait_until_saved(workspace, "Reduce restraint on Willow Ward")

        kernel = kernel_processes(page)
        assert kernel, "the page's kernel process was not found"
        type_in(page, " from 12")
        killed_at = time.monotonic()
        for process in kernel:
            process.kill()
        type_in(page, " to 6")  # typed before the page can know
        words = wait_for_banner(page, killed_at)
        assert "stopped working" in words and "kept in this browser" in words
        assert page.is_visible(f"{BANNER} button")
        type_in(page, " per 1,000 occupied bed days by March 2027")
        assert serious_accessibility_violations(page) == []
        assert watch.external_requests() == []
        whole = (
            "Reduce restraint on Willow Ward from 12 to 6 per 1,000 occupied bed days by March 2027"
        )
        assert page.input_value(AIM) == whole
        assert saved_aim(workspace) == ["Reduce restraint on Willow Ward"]

        reloaded = ReloadWatch()
        reloaded.attach(page)
        page.click(f"{BANNER} button")  # "Reload the page"
        page.wait_for_selector(AIM, timeout=120_000)
        check_put_back_and_saved(page, reloaded, whole, workspace)
        context.close()
    finally:
        stop_process_group(server)


def test_a_killed_server_is_said_and_what_is_typed_is_saved_once_it_is_back(
    browser, folder, tmp_path
):
    workspace = tmp_path / "workspace"
    log_path = tmp_path / "serve.log"
    port = free_port()
    server = start_server(folder, workspace, log_path, port)
    url = f"http://127.0.0.1:{port}/voila/render/{WORKBOOK}"
    try:
        context, page, watch = open_page(browser, url)
        page.locator(AIM).first.fill("Reduce seclusion on Cedar Ward")
        page.wait_for_function(SAVED_SHOWN_JS, arg=SAVED, timeout=30_000)

        type_in(page, " from 9")
        killed_at = time.monotonic()
        os.killpg(server.pid, signal.SIGKILL)  # the server and every kernel, at once
        server.wait(timeout=10)
        type_in(page, " to 4")
        words = wait_for_banner(page, killed_at)
        assert "connection to the server is lost" in words
        assert "kept in this browser" in words
        assert not page.is_visible(f"{BANNER} button")  # reloading would not help yet
        type_in(page, " hours a month by June 2027")
        assert serious_accessibility_violations(page) == []
        whole = "Reduce seclusion on Cedar Ward from 9 to 4 hours a month by June 2027"
        assert page.input_value(AIM) == whole

        server = start_server(folder, workspace, log_path, port)
        page.wait_for_function(
            "() => document.querySelector('#qikit-connection p').textContent"
            ".includes('server is back')",
            timeout=30_000,
        )
        reloaded = ReloadWatch()
        reloaded.attach(page)
        page.reload(wait_until="domcontentloaded", timeout=120_000)
        page.wait_for_selector(AIM, timeout=120_000)
        check_put_back_and_saved(page, reloaded, whole, workspace)
        assert watch.external_requests() == []
        context.close()
    finally:
        stop_process_group(server)
