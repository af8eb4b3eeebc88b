"""Every file in the bad-input corpus, through every way a file gets in: the explorer's upload
reader (then column mapping and the SPC engine), the explorer app itself, and ``qikit spc``.

Each is either read correctly or refused with a plain-English message; no traceback reaches the
terminal or the page; on the page, what was there before is kept.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from qikit.cli import main
from qikit.errors import DataError
from qikit.spc import spc
from qikit.teaching.upload import ColumnMap, map_columns, read_upload

HERE = Path(__file__).resolve().parent
MANIFEST = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
CASES = {case["id"]: case for case in MANIFEST["cases"]}

#: Words that tell a ward nurse nothing: Python's names for errors, codecs, pandas internals.
JARGON = ("Traceback", "Error:", "Exception", "codec", "0x", "dtype", "NoneType")

#: Cases whose behaviour today is wrong, each with the reason and the module at fault (marked as
#: strict expected failures, so a fixed case must leave this list). None at present.
KNOWN: dict[tuple[str, str], str] = {}


def plain(message: str) -> str:
    assert message.strip(), "the message is empty"
    for word in JARGON:
        assert word not in message, f"{word!r} in the message: {message}"
    return message


def content_of(case: dict, tmp_path: Path) -> tuple[Path, bytes]:
    """The case's file (made now for the generated ones)."""
    if case.get("generate") == "rows":
        weeks = pd.date_range("1900-01-01", periods=case["count"], freq="D")
        frame = pd.DataFrame({"week": weeks.strftime("%Y-%m-%d"), "incidents": 7})
        frame["incidents"] = [(k * 7919) % 23 for k in range(case["count"])]
        data = frame.to_csv(index=False).encode()
        path = tmp_path / case["file"]
        path.write_bytes(data)
        return path, data
    if case.get("generate") == "bytes":
        line = b"2024-04-01,12\n"
        data = b"week,incidents\n" + line * (case["count"] // len(line) + 1)
        path = tmp_path / case["file"]
        path.write_bytes(data)
        return path, data
    path = HERE / "files" / case["file"]
    return path, path.read_bytes()


def chart_of(case: dict) -> str:
    args = case["cli_args"]
    return args[args.index("--chart") + 1] if "--chart" in args else "run"


def through_upload(case: dict, content: bytes) -> pd.DataFrame:
    """What the explorer does with a file: read, map the columns, run the SPC engine."""
    frame = read_upload(case["file"], content)
    mapped = map_columns(frame, ColumnMap(**case["mapping"]))
    if not case.get("spc", True):  # read and mapped only: the chart itself is timed elsewhere
        return mapped
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = spc(
            mapped,
            y="y",
            x="x",
            n="n" if "n" in mapped.columns else None,
            chart=chart_of(case),
        )
    return result.points


def mark_known(surface: str, case_id: str) -> list:
    reason = KNOWN.get((surface, case_id))
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def params(surface: str) -> list:
    return [
        pytest.param(case_id, id=case_id, marks=mark_known(surface, case_id))
        for case_id, case in CASES.items()
        if surface in case
    ]


def check_points(expected: dict, points: pd.DataFrame) -> None:
    assert len(points) == expected["rows"]
    if "first_y" in expected:
        column = "numerator" if points["numerator"].notna().all() else "y"
        assert points[column].iloc[0] == pytest.approx(expected["first_y"])
    if "first_x" in expected:
        assert pd.Timestamp(points["x"].iloc[0]) == pd.Timestamp(expected["first_x"])


def test_the_corpus_has_enough_cases():
    files = {case["file"] for case in CASES.values() if "generate" not in case}
    assert files == {path.name for path in (HERE / "files").iterdir()}
    assert len(CASES) >= 45


@pytest.mark.parametrize("case_id", params("upload"))
def test_upload(case_id, tmp_path):
    case = CASES[case_id]
    expected = case["upload"]
    _, content = content_of(case, tmp_path)
    if expected["outcome"] == "ok":
        check_points(expected, through_upload(case, content))
        return
    with pytest.raises(DataError) as caught:
        through_upload(case, content)
    message = plain(str(caught.value))
    for words in expected["contains"]:
        assert words in message


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """``qikit`` as the terminal runs it, in this process (any escaping exception fails)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            code = main(argv)
    except SystemExit as stop:  # argparse's own usage errors
        code = stop.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("case_id", params("cli"))
def test_command_line(case_id, tmp_path, capsys):
    case = CASES[case_id]
    expected = case["cli"]
    path, _ = content_of(case, tmp_path)
    code, out, err = run_cli(["spc", str(path), *case["cli_args"]], capsys)
    assert "Traceback" not in out + err
    if expected["outcome"] == "ok":
        assert code == 0, err
        check_points(expected, pd.read_csv(io.StringIO(out)))
        return
    assert code == 2
    message = plain(err.removeprefix("qikit spc: "))
    for words in expected["contains"]:
        assert words in message


@pytest.mark.parametrize("case_id", ["text_in_numbers", "empty", "formula_text"])
def test_the_real_command_prints_no_traceback(case_id, tmp_path):
    """Three cases through the installed ``qikit`` program, as a nurse would run it."""
    case = CASES[case_id]
    path, _ = content_of(case, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "qikit.cli", "spc", str(path), *case["cli_args"]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    plain(done.stderr.removeprefix("qikit spc: "))
    for words in case["cli"]["contains"]:
        assert words in done.stderr
