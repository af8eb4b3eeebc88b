"""Starting the server: the Voilà command, offline template, and plain errors."""

from __future__ import annotations

import json
import os
import re
import socket
from pathlib import Path

import pytest

from qikit.cli import main
from qikit.serve.server import (
    TEMPLATE_SOURCE,
    ServeError,
    ServeOptions,
    check,
    is_loopback,
    prepare_templates,
    voila_command,
    voila_config,
)

ROOT = Path(__file__).resolve().parents[2]


def test_command_preheats_culls_and_binds_loopback():
    command = voila_command(ServeOptions(workbooks=ROOT / "workbooks"))
    joined = " ".join(command)
    assert "--Voila.ip=127.0.0.1" in joined and "--port=8866" in joined
    assert "--preheat_kernel=True" in joined and "--pool_size=1" in joined
    assert "--MappingKernelManager.cull_idle_timeout=900" in joined
    assert "--template=qikit" in joined and "--no-browser" in command
    assert "--VoilaConfiguration.show_tracebacks=False" in joined


def test_template_files_name_no_other_host():
    for path in TEMPLATE_SOURCE.rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", text), path.name
            assert "cdn." not in text, path.name


def test_template_skips_the_lab_templates_cdn_block():
    text = (TEMPLATE_SOURCE / "index.html.j2").read_text()
    assert "super.super()" in text and "lab/index.html.j2" in text


def test_prepare_templates_writes_gallery(tmp_path: Path):
    runtime = prepare_templates(tmp_path, ROOT / "workbooks")
    gallery = runtime / "voila" / "templates" / "qikit" / "gallery_cards.html"
    assert "00_welcome.ipynb" in gallery.read_text()


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
    ],
)
def test_is_loopback(host: str, expected: bool):
    assert is_loopback(host) is expected


def test_port_taken_is_a_plain_message(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ServeError, match=f"Port {port} on 127.0.0.1 is already in use"):
            check(ServeOptions(workbooks=ROOT / "workbooks", port=port))
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert "already in use" in err and "--port" in err and "Traceback" not in err


def test_missing_workbooks_folder_is_a_plain_message(tmp_path: Path, capsys):
    assert main(["serve", "--workbooks", str(tmp_path / "nowhere"), "--port", "0"]) == 2
    assert "workbooks folder" in capsys.readouterr().err


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert re.match(r"qikit \d+\.\d+", capsys.readouterr().out)


def test_room_preset_preheats_more_and_culls_sooner():
    from qikit.serve.server import room_options

    room = room_options(ServeOptions(workbooks=ROOT / "workbooks", port=9000), 30)
    command = voila_command(room)
    joined = " ".join(command)
    assert "--pool_size=1" in joined and "--port=9000" in joined
    assert "--MappingKernelManager.cull_idle_timeout=600" in joined
    pools = voila_config(room)["VoilaKernelManager"]["kernel_pools_config"]
    assert pools == {"default": {"pool_size": 1}, "00_welcome.ipynb": {"pool_size": 30}}
    assert json.loads(json.dumps(voila_config(room))) == voila_config(room)
    # kernels taken by the room are not replaced during the working day
    assert voila_config(room)["VoilaKernelManager"]["fill_delay"] == 8 * 60 * 60
    plain = voila_config(ServeOptions(workbooks=ROOT / "workbooks", preheat=(("a.ipynb", 2),)))
    assert plain["VoilaKernelManager"]["fill_delay"] == 1


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets exist only on POSIX systems")
def test_kernels_use_unix_sockets_so_no_tcp_ports_are_raced_for():
    command = voila_command(ServeOptions(workbooks=ROOT / "workbooks"))
    assert "--KernelManager.transport=ipc" in command


def test_slow_outputs_are_waited_for_not_dropped():
    # Voilà's default of 4 s dropped a loaded kernel's outputs: the app opened blank
    command = voila_command(ServeOptions(workbooks=ROOT / "workbooks"))
    assert "--VoilaExecutor.iopub_timeout=120" in command


def test_room_workbook_must_exist():
    from qikit.serve.server import room_options

    room = room_options(ServeOptions(workbooks=ROOT / "workbooks", port=0), 10, ("nope.ipynb",))
    with pytest.raises(ServeError, match="nope.ipynb"):
        check(room)


def test_other_machines_always_need_a_token():
    from qikit.serve.server import with_token

    local = with_token(ServeOptions(workbooks=ROOT / "workbooks"))
    assert local.token is None
    shared = with_token(ServeOptions(workbooks=ROOT / "workbooks", host="0.0.0.0"))
    assert shared.token and len(shared.token) >= 20
    assert f"--token={shared.token}" in voila_command(shared)
    given = with_token(ServeOptions(workbooks=ROOT / "workbooks", host="0.0.0.0", token="abc"))
    assert given.token == "abc"


# --- issue 18: Host header, token length, the query socket, the upload limit ---


def test_on_this_machine_only_names_of_this_machine_reach_the_server():
    settings = voila_config(ServeOptions(workbooks=ROOT / "workbooks"))["Voila"]["tornado_settings"]
    assert settings["allow_remote_access"] is False  # Jupyter Server's own Host check
    assert settings["local_hostnames"] == ["localhost"]
    named = ServeOptions(workbooks=ROOT / "workbooks", allow_hosts=("qi.example.org",))
    settings = voila_config(named)["Voila"]["tornado_settings"]
    assert settings["local_hostnames"] == ["localhost", "qi.example.org"]
    shared = voila_config(
        ServeOptions(workbooks=ROOT / "workbooks", host="0.0.0.0", token="t" * 16)
    )
    assert "allow_remote_access" not in shared["Voila"]["tornado_settings"]  # the token guards


def test_allow_host_and_max_upload_reach_the_options(monkeypatch):
    seen = {}

    def fake_serve(options):
        seen["options"] = options
        return 0

    monkeypatch.setattr("qikit.serve.server.serve", fake_serve)
    main(["serve", "--allow-host", "qi.example.org", "--allow-host", "qi", "--max-upload-mb", "25"])
    assert seen["options"].allow_hosts == ("qi.example.org", "qi")
    assert seen["options"].max_upload_mb == 25


@pytest.mark.parametrize("token", ["X", "learning-2026", "a" * 15])
def test_a_short_token_is_refused_in_words(token: str, capsys):
    options = ServeOptions(workbooks=ROOT / "workbooks", host="0.0.0.0", token=token)
    with pytest.raises(ServeError) as refused:
        check(options)
    message = str(refused.value)
    assert f"{len(token)} character(s) long" in message and "at least 16" in message
    assert "leave --token out" in message
    assert main(["serve", "--token", token, "--port", "1"]) == 2
    assert "at least 16" in capsys.readouterr().err


def test_a_token_of_sixteen_characters_is_taken(tmp_path: Path):
    check(ServeOptions(workbooks=ROOT / "workbooks", port=_free_port(), token="a" * 16))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_voila_runs_with_its_query_socket_kept_to_kernels():
    command = voila_command(ServeOptions(workbooks=ROOT / "workbooks"))
    assert command[1:3] == ["-m", "qikit.serve.voila_main"]


def test_the_token_never_reaches_a_kernel():
    from voila.request_info_handler import RequestInfoSocketHandler

    from qikit.serve.voila_main import guard_request_info, without_secrets

    assert without_secrets("token=abcdefghijklmnop&project=p1") == "project=p1"
    assert without_secrets("project=Oak%20Ward&token=x") == "project=Oak+Ward"
    guard_request_info()
    RequestInfoSocketHandler.send_updates(
        {"kernel_id": "k-test", "payload": {"QUERY_STRING": "token=secret-secret-1&project=p"}}
    )
    try:
        assert RequestInfoSocketHandler._cache["k-test"]["QUERY_STRING"] == "project=p"
    finally:
        RequestInfoSocketHandler._cache.pop("k-test", None)


def test_the_upload_limit_drives_the_page_and_the_websocket(tmp_path: Path):
    from qikit.serve.server import WEBSOCKET_HEADROOM_BYTES

    options = ServeOptions(workbooks=ROOT / "workbooks", max_upload_mb=2.5)
    settings = voila_config(options)["Voila"]["tornado_settings"]
    assert settings["websocket_max_message_size"] == int(2.5 * 2**20) + WEBSOCKET_HEADROOM_BYTES
    default = voila_config(ServeOptions(workbooks=ROOT / "workbooks"))["Voila"]["tornado_settings"]
    assert default["websocket_max_message_size"] == 10 * 2**20 + WEBSOCKET_HEADROOM_BYTES
    runtime = prepare_templates(tmp_path, ROOT / "workbooks", int(2.5 * 2**20))
    head = (runtime / "voila" / "templates" / "qikit" / "qikit_head.html").read_text()
    assert f"Number('{int(2.5 * 2**20)}')" in head
    assert "QIKIT_MAX_UPLOAD_BYTES" not in head
    with pytest.raises(ServeError, match="--max-upload-mb should be a number"):
        check(ServeOptions(workbooks=ROOT / "workbooks", max_upload_mb=0))


def test_the_apps_take_their_upload_limit_from_the_server(tmp_path: Path):
    import subprocess
    import sys

    code = "from qikit.teaching.upload import MAX_UPLOAD_BYTES; print(MAX_UPLOAD_BYTES)"
    env = dict(os.environ, QIKIT_MAX_UPLOAD_BYTES="2621440")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "2621440"


def test_allow_host_on_a_shared_address_is_explained(monkeypatch, capsys):
    import qikit.serve.server as server

    monkeypatch.setattr(server.subprocess, "Popen", lambda *a, **k: object())
    monkeypatch.setattr(server, "_wait", lambda process: 0)
    monkeypatch.setattr(server, "publish_chart_bundle", lambda runtime: None)
    options = ServeOptions(
        workbooks=ROOT / "workbooks", host="0.0.0.0", port=_free_port(), allow_hosts=("qi",)
    )
    assert server.serve(options) == 0
    out = capsys.readouterr().out
    assert "?token=" in out and "the token guards the server" in out
