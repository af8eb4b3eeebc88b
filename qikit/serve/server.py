"""Run Voilà over the workbooks, offline, with preheated kernels and idle kernels culled."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qikit.apps.offline import BUNDLE_URL_ENV, publish_bundle
from qikit.serve.gallery import (
    EXERCISES_FOLDER,
    delegate_cards,
    exercise_cards,
    facilitator_cards,
    render_cards,
    render_exercise_cards,
    render_facilitator_cards,
)
from qikit.serve.navigation import PAGES_TEMPLATE, page_links, render_pages_template

TEMPLATE_NAME = "qikit"
TEMPLATE_SOURCE = Path(__file__).with_name("templates") / TEMPLATE_NAME
#: Where the template's upload script is told the largest upload, in bytes.
UPLOAD_LIMIT_MARK = "QIKIT_MAX_UPLOAD_BYTES"
#: The lab extensions a workbook page loads: ipywidgets' (and Voilà's manager for it) and
#: anywidget, which draws Altair's JupyterChart. Others installed beside them (such as
#: jupyterlab_pygments, whose code colours the page already carries) are not loaded. A workbook
#: using another widget library would need its extension named here.
PAGE_EXTENSIONS = (
    "@jupyter-widgets/jupyterlab-manager",
    "@voila-dashboards/widgets-manager8",
    "@voila-dashboards/widgets-manager7",
    "anywidget",
)
#: A link to one of the template's own static files, in the template's pages.
STATIC_LINK = re.compile(
    rf"(voila/templates/{TEMPLATE_NAME}/static/)([A-Za-z0-9_.-]+\.(?:js|css))(?=[\"'])"
)


class ServeError(RuntimeError):
    """A problem starting the server, explained in plain words."""


#: The largest file a delegate can upload, in megabytes (``--max-upload-mb``). A file travels to
#: the kernel in one websocket message, so this also sets Tornado's largest message
#: (``websocket_max_message_size``), with room for the message's own headings.
DEFAULT_MAX_UPLOAD_MB = 10.0
WEBSOCKET_HEADROOM_BYTES = 1024 * 1024
#: Named to the kernels, so the apps refuse the same files the page does.
MAX_UPLOAD_ENV = "QIKIT_MAX_UPLOAD_BYTES"
#: A shorter token could be guessed by trying.
MIN_TOKEN_LENGTH = 16


@dataclass(frozen=True)
class ServeOptions:
    """How to serve the workbooks.

    ``pool_size`` preheated kernels wait for each workbook, so a page opens in about two seconds
    instead of five. Kernels left idle for ``cull_idle_seconds`` after their tab closed are shut
    down: Voilà does not shut a kernel down when a tab closes, so without culling a day of
    learning sessions would use up the machine's memory.

    On this machine only, a request is answered only when its Host header names the server's
    own address, ``localhost`` or one of ``allow_hosts`` (Jupyter Server's own check, so a web
    page elsewhere cannot reach the apps by DNS rebinding); on any other address the token
    guards the server. Files up to ``max_upload_mb`` can be uploaded.
    """

    workbooks: Path
    port: int = 8866
    host: str = "127.0.0.1"
    open_browser: bool = False
    pool_size: int = 1
    cull_idle_seconds: int = 900
    cull_interval_seconds: int = 60
    token: str | None = None
    preheat: tuple[tuple[str, int], ...] = ()
    refill_delay_seconds: float = 1.0
    allow_hosts: tuple[str, ...] = ()
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB
    #: The exercise notebooks, served under ``exercises/`` beside the workbooks; None: the
    #: ``exercises`` folder beside the workbooks folder, when there is one.
    exercises: Path | None = None


#: Seconds Voilà waits for a cell's outputs after the cell has finished.
IOPUB_TIMEOUT_SECONDS = 120

#: A room of delegates: idle kernels are culled after ten minutes so memory comes back quickly,
#: and a kernel taken from the pool is not replaced until the working day is over (eight hours).
#: The pool is for the rush; replacing forty kernels soon after it takes about 160 CPU-seconds,
#: and on two cores that stalled every delegate's charts (measured: a slider redraw took 13 s
#: instead of 3 s while the replacements started). A delegate who reloads or arrives late gets a
#: kernel of their own, started then, in about six seconds (the replacement joins the pool only
#: when it starts: ``qikit.serve.voila_main.refill_after_the_delay``).
ROOM = {
    "cull_idle_seconds": 600,
    "cull_interval_seconds": 30,
    "refill_delay_seconds": 8 * 60 * 60.0,
}


def room_options(
    options: ServeOptions, delegates: int = 40, workbooks: tuple[str, ...] = ("00_welcome.ipynb",)
) -> ServeOptions:
    """The same options sized for a room of ``delegates`` opening ``workbooks`` together.

    Each new page needs a kernel, and starting one costs about three CPU-seconds; forty delegates
    arriving at once on two cores would wait a minute. So one kernel per delegate is started
    ahead for the session's workbooks (about 160 MB each), while every other workbook keeps one.
    """
    preheat = tuple((name, delegates) for name in workbooks)
    return ServeOptions(**{**options.__dict__, **ROOM, "preheat": preheat})


def with_token(options: ServeOptions) -> ServeOptions:
    """Require a token whenever the server is reachable from other machines.

    On this machine only (loopback) no token is needed; on any other address a token is always
    required, and one is made up when none was given.
    """
    if is_loopback(options.host) or options.token:
        return options
    return ServeOptions(**{**options.__dict__, "token": secrets.token_urlsafe(18)})


def max_upload_bytes(options: ServeOptions) -> int:
    """The largest upload in bytes."""
    return int(options.max_upload_mb * 1024 * 1024)


def default_workbooks() -> Path:
    """The ``workbooks`` folder of a source checkout, else the current folder's."""
    here = Path(__file__).resolve().parents[2] / "workbooks"
    if here.is_dir():
        return here
    return Path.cwd() / "workbooks"


def exercises_folder(options: ServeOptions) -> Path | None:
    """The folder of exercise notebooks to serve beside the workbooks, if any: the one given,
    else an ``exercises`` folder inside the workbooks folder, else one beside it."""
    if options.exercises is not None:
        return options.exercises
    for candidate in (
        options.workbooks / EXERCISES_FOLDER,
        options.workbooks.parent / EXERCISES_FOLDER,
    ):
        if candidate.is_dir() and candidate.resolve() != options.workbooks.resolve():
            return candidate
    return None


def _link(source: Path, target: Path) -> None:
    """Link ``target`` to ``source``; copy it where links cannot be made (Windows without the
    right to make them)."""
    try:
        target.symlink_to(source, target_is_directory=source.is_dir())
    except OSError:
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)


def site_folder(runtime: Path, workbooks: Path, exercises: Path | None) -> Path:
    """The folder Voilà serves: the workbooks at the top and the exercises in ``exercises/``.

    When the exercises are already the workbooks folder's ``exercises`` subfolder (or there are
    none) that is the workbooks folder itself; otherwise a folder under ``runtime`` that links
    to each workbook and to the exercises folder, so neither folder is changed. Workbook
    addresses stay ``voila/render/<workbook>``; exercises are ``voila/render/exercises/<nb>``.
    """
    if exercises is None or exercises.resolve() == (workbooks / EXERCISES_FOLDER).resolve():
        return workbooks
    site = runtime / "site"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    for entry in sorted(workbooks.iterdir()):
        if entry.name.startswith(".") or entry.name == EXERCISES_FOLDER:
            continue
        _link(entry.resolve(), site / entry.name)
    _link(exercises.resolve(), site / EXERCISES_FOLDER)
    return site


def is_loopback(host: str) -> bool:
    """True when ``host`` is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def port_is_free(host: str, port: int) -> bool:
    """True when nothing is listening on ``host:port``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def prepare_templates(
    runtime: Path,
    workbooks: Path,
    upload_bytes: int = int(DEFAULT_MAX_UPLOAD_MB * 1024 * 1024),
    exercises: Path | None = None,
) -> Path:
    """Lay out the qikit Voilà template, with this folder's gallery, under ``runtime``; the page
    refuses files larger than ``upload_bytes`` before sending them. The gallery lists the
    exercises in ``exercises`` (else in the workbooks folder's ``exercises/``) in a section of
    their own, served under ``exercises/``. Every page gets "Back to the gallery" and a link to
    the next page in teaching order (:mod:`qikit.serve.navigation`).

    Returns the folder to put first on ``JUPYTER_PATH`` so Voilà finds the template by name.
    """
    target = runtime / "voila" / "templates" / TEMPLATE_NAME
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(TEMPLATE_SOURCE, target)
    topics = exercise_cards(exercises or workbooks / EXERCISES_FOLDER)
    (target / "gallery_cards.html").write_text(
        render_cards(delegate_cards(workbooks))
        + render_exercise_cards(topics)
        + render_facilitator_cards(facilitator_cards(workbooks)),
        encoding="utf-8",
    )
    (target / PAGES_TEMPLATE).write_text(
        render_pages_template(page_links(workbooks, exercises)), encoding="utf-8"
    )
    head = target / "qikit_head.html"
    head.write_text(
        head.read_text(encoding="utf-8").replace(UPLOAD_LIMIT_MARK, str(upload_bytes)),
        encoding="utf-8",
    )
    version_template_links(target)
    return runtime


def content_version(path: Path) -> str:
    """A short hash of a file's contents, for its address (``?v=``)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def version_static_links(text: str, static: Path) -> str:
    """Give each link to the template's own static files (``qikit_connection.js``...) its
    contents' hash (``?v=...``), so browsers keep the file until it changes."""

    def versioned(match: re.Match) -> str:
        file = static / match.group(2)
        if not file.is_file():
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}?v={content_version(file)}"

    return STATIC_LINK.sub(versioned, text)


def version_template_links(template: Path) -> None:
    """Version the static links in every page of the laid-out template (not the kit's own
    template files, which stay as they are)."""
    for page in sorted(template.iterdir()):
        if page.suffix in {".html", ".j2"} and page.is_file():
            text = page.read_text(encoding="utf-8")
            changed = version_static_links(text, template / "static")
            if changed != text:
                page.write_text(changed, encoding="utf-8")


def publish_chart_bundle(runtime: Path, name: str | None = None) -> str | None:
    """Serve the offline Vega bundle as a static file of the template; return its address.

    Each chart then carries a small loader instead of 0.9 MB of JavaScript, and a delegate's
    browser fetches the bundle once. The address is relative to the server's base URL.
    """
    static = runtime / "voila" / "templates" / TEMPLATE_NAME / "static"
    try:
        name = publish_bundle(static, name)
    except (ImportError, OSError, RuntimeError):  # charts then carry the bundle themselves
        return None
    return f"voila/templates/{TEMPLATE_NAME}/static/{name}" if name else None


#: The bundle's file name in a JupyterHub image, where the kernels' environment is written
#: before the bundle is built (so it cannot carry the versions in its name).
HUB_BUNDLE_NAME = "qikit-chart-bundle.js"


def publish_hub_bundle(data_path: Path) -> str | None:
    """For JupyterHub: publish the offline Vega bundle in the qikit template laid out under
    ``data_path`` (a Jupyter data folder); return its address for ``QIKIT_CHART_BUNDLE_URL``.

    Without it each delegate's first kernel builds the bundle (seconds of CPU, and vl-convert
    stays in the kernel's memory) and every chart carries 0.9 MB of JavaScript.
    """
    return publish_chart_bundle(data_path, HUB_BUNDLE_NAME)


def versioned_bundle_address(runtime: Path, address: str) -> str:
    """The published bundle's address with its contents' hash (``?v=``), as the kernels are
    given it: the server then lets browsers keep the bundle for a year."""
    static = runtime / "voila" / "templates" / TEMPLATE_NAME / "static"
    return f"{address}?v={content_version(static / address.rsplit('/', 1)[-1])}"


def voila_command(options: ServeOptions, root: Path | None = None) -> list[str]:
    """The Voilà command line for these options, serving ``root`` (else the workbooks folder)."""
    command = [
        sys.executable,
        "-m",
        "qikit.serve.voila_main",  # Voilà, with its request-information socket kept to kernels
        str(root or options.workbooks),
        f"--port={options.port}",
        f"--Voila.ip={options.host}",
        f"--template={TEMPLATE_NAME}",
        "--theme=light",
        "--VoilaConfiguration.classic_tree=True",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={options.cull_idle_seconds}",
        f"--MappingKernelManager.cull_interval={options.cull_interval_seconds}",
        "--Voila.port_retries=0",
        # A kernel's outputs can arrive seconds after its reply while a room's kernels start on a
        # small server; after the default 4 s Voilà drops them and the app would open blank.
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT_SECONDS}",
    ]
    if os.name == "posix":
        # Kernels talk to the server over Unix sockets: no TCP ports to race for when a room's
        # worth of kernels start together (a taken port made a kernel fail to start), and no
        # kernel traffic on the network. Windows has no such sockets and keeps TCP.
        command.append("--KernelManager.transport=ipc")
    if options.pool_size > 0 or options.preheat:
        command += ["--preheat_kernel=True", f"--pool_size={options.pool_size}"]

    if not options.open_browser:
        command.append("--no-browser")
    if options.token:
        command.append(f"--token={options.token}")
    return command


def voila_config(options: ServeOptions) -> dict:
    """Settings for ``voila.json``, read by Voilà from the folder it starts in."""
    settings: dict = {
        "websocket_max_message_size": max_upload_bytes(options) + WEBSOCKET_HEADROOM_BYTES
    }
    if is_loopback(options.host):
        # Jupyter Server's Host check (Voilà turns it off): loopback addresses, localhost and
        # the names given with --allow-host; any other Host header gets 403.
        settings["allow_remote_access"] = False
        settings["local_hostnames"] = ["localhost", *options.allow_hosts]
    config: dict = {
        "Voila": {"tornado_settings": settings},
        "VoilaConfiguration": {"extension_allowlist": list(PAGE_EXTENSIONS)},
    }
    # Exercise pages start their kernel when opened: a waiting kernel for each (about 160 MB)
    # would double the server's memory for pages a learner opens one at a time.
    config["VoilaKernelManager"] = {"preheat_denylist": [EXERCISES_DENYLIST]}
    if options.preheat:
        pools = {"default": {"pool_size": options.pool_size}}
        pools |= {name: {"pool_size": size} for name, size in options.preheat}
        config["VoilaKernelManager"] |= {
            "kernel_pools_config": pools,
            "fill_delay": options.refill_delay_seconds,
        }
    return config


#: Notebooks under ``exercises/`` get no preheated kernel (a regular expression on the path).
EXERCISES_DENYLIST = rf"^{EXERCISES_FOLDER}[/\\]"


def trust_workbooks(runtime: Path, workbooks: Path, *more: Path) -> dict:
    """Sign the kit's own workbooks in a notary kept for this run, and the Voilà settings that
    use it: the server then logs no "Notebook ... is not trusted" warning per workbook. The
    notebooks themselves are not changed."""
    from nbformat import read
    from nbformat.sign import NotebookNotary

    settings = {
        "db_file": str(runtime / "trusted-workbooks.db"),
        "secret_file": str(runtime / "trusted-workbooks.secret"),
    }
    notary = NotebookNotary(**settings)
    for path in sorted(p for folder in (workbooks, *more) for p in folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        try:
            notary.sign(read(path, as_version=4))
        except (OSError, ValueError):
            continue  # a file that is not a notebook is not served as one either
    return {"NotebookNotary": settings}


def check(options: ServeOptions) -> None:
    """Raise :class:`ServeError` with a plain message when the server cannot start."""
    if not options.workbooks.is_dir():
        raise ServeError(
            f"The workbooks folder {options.workbooks} was not found. "
            "Give the folder that holds the .ipynb workbooks with --workbooks DIR."
        )
    missing = [name for name, _ in options.preheat if not (options.workbooks / name).is_file()]
    if missing:
        raise ServeError(
            f"The workbook {missing[0]} to prepare for the room was not found in "
            f"{options.workbooks}. Give a workbook's file name, e.g. --preheat 00_welcome.ipynb."
        )
    if options.exercises is not None and not options.exercises.is_dir():
        raise ServeError(
            f"The exercises folder {options.exercises} was not found. Give the folder that "
            "holds the exercise notebooks with --exercises DIR."
        )
    if options.token is not None and len(options.token) < MIN_TOKEN_LENGTH:
        raise ServeError(
            f"The token given with --token is {len(options.token)} character(s) long; a token "
            f"needs at least {MIN_TOKEN_LENGTH} so that it cannot be guessed. Give a longer one "
            f"(for example --token {secrets.token_urlsafe(18)}), or leave --token out and "
            "qikit makes one up when the server is shared."
        )
    if not options.max_upload_mb > 0:
        raise ServeError(
            f"--max-upload-mb should be a number of megabytes above 0 (for example 10); "
            f"found {options.max_upload_mb:g}."
        )
    if not port_is_free(options.host, options.port):
        raise ServeError(
            f"Port {options.port} on {options.host} is already in use: perhaps qikit is already "
            f"running (try http://{options.host}:{options.port}/), or another program has it. "
            f"Stop that program, or choose another port, e.g. --port {options.port + 1}."
        )


def serve(options: ServeOptions) -> int:
    """Serve the workbooks until interrupted; returns Voilà's exit code."""
    options = with_token(
        ServeOptions(**{**options.__dict__, "workbooks": options.workbooks.resolve()})
    )
    check(options)
    with tempfile.TemporaryDirectory(prefix="qikit-serve-") as runtime:
        exercises = exercises_folder(options)
        root = site_folder(Path(runtime), options.workbooks, exercises)
        data_path = prepare_templates(
            Path(runtime), options.workbooks, max_upload_bytes(options), exercises
        )
        extra = (exercises,) if exercises is not None else ()
        config = voila_config(options) | trust_workbooks(Path(runtime), options.workbooks, *extra)
        (Path(runtime) / "voila.json").write_text(json.dumps(config))
        env = dict(os.environ)
        env["JUPYTER_PATH"] = os.pathsep.join(
            [str(data_path), *filter(None, [env.get("JUPYTER_PATH")])]
        )
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        env[MAX_UPLOAD_ENV] = str(max_upload_bytes(options))
        if options.preheat or not is_loopback(options.host):
            env["QIKIT_SHARED_WORKSPACE"] = "1"  # a room: no app opens another team's project
        bundle = publish_chart_bundle(Path(runtime))
        if bundle:
            env[BUNDLE_URL_ENV] = versioned_bundle_address(Path(runtime), bundle)
        url = f"http://{options.host}:{options.port}/"
        if options.token:
            url += f"?token={options.token}"
        print(f"qikit is serving the workbooks at {url}  (press Ctrl+C to stop)", flush=True)
        if not is_loopback(options.host):
            print(
                "The server is reachable from other machines on this network, so it asks for "
                "the token in the address above. Share that full address with delegates only.",
                flush=True,
            )
            if options.allow_hosts:
                print(
                    "Note: --allow-host names the addresses a server on this machine only may be "
                    f"reached by; on {options.host} every address is answered and the token "
                    "guards the server.",
                    flush=True,
                )
        process = subprocess.Popen(
            voila_command(options, root), env=env, cwd=runtime, **_deaf_to_ctrl_c()
        )
        return _wait(process)


def _deaf_to_ctrl_c() -> dict[str, Any]:
    """Popen arguments that keep a terminal's Ctrl+C from reaching Voilà directly.

    Ctrl+C goes to every process started from the terminal. Voilà would get it twice (once from
    the terminal, once passed on by :func:`_wait`), and the second one cut its shutdown of the
    kernels short, printing tracebacks. Voilà ignores SIGINT instead; :func:`_wait` stops it
    once, with SIGTERM, which it handles by shutting every kernel down in order.
    """
    if os.name != "posix":
        return {}
    return {"preexec_fn": lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)}


def _wait(process: subprocess.Popen) -> int:
    """Wait for Voilà; pass Ctrl+C and termination on, so no server or kernel is left behind."""

    def stop(signum: int, _frame: object) -> None:
        process.send_signal(signal.SIGTERM if os.name == "posix" else signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return process.wait()
    except KeyboardInterrupt:
        print("Stopping qikit: closing every workbook's kernel...", flush=True)
        process.send_signal(signal.SIGTERM if os.name == "posix" else signal.SIGINT)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
