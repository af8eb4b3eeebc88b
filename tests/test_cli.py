"""The top-level ``qikit`` command reaches every subcommand; bad input shows no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"


def qikit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qikit.cli", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_help_lists_the_commands():
    out = qikit("--help")
    assert out.returncode == 0
    for command in ("serve", "spc", "data"):
        assert command in out.stdout


def test_spc_command_matches_qicharts2_reference(tmp_path: Path):
    points = tmp_path / "points.csv"
    out = qikit(
        "spc", str(REFERENCE / "spc" / "i" / "input.csv"), "--chart", "i", "--x", "x", "--y", "y",
        "--out", str(points),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    expected = pd.read_csv(REFERENCE / "spc" / "i" / "qicharts2_i.csv")
    got = pd.read_csv(points)
    assert abs(got["ucl"].iloc[0] - expected["ucl"].iloc[0]) <= 1e-9 * abs(expected["ucl"].iloc[0])


def test_spc_command_bad_column_is_plain_words(tmp_path: Path):
    data = tmp_path / "ward.csv"
    data.write_text("week,incidents\n1,3\n2,4\n")
    out = qikit("spc", str(data), "--chart", "c", "--x", "week", "--y", "falls")
    assert out.returncode == 2
    assert "falls" in out.stderr and "Traceback" not in out.stderr


def test_data_generate_writes_synthetic_files(tmp_path: Path):
    out = qikit("data", "generate", "--seed", "7", "--trusts", "1", "--wards-per-trust", "2",
                "--weeks", "30", "--out", str(tmp_path / "d"))  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "d" / "weekly.csv").exists()
    assert "synthetic" in out.stdout


def test_public_names_stay_functions_after_submodule_imports():
    code = (
        "import qikit, qikit.spc.rules.ihi, qikit.plot.export, qikit.spc.api;"
        "print(callable(qikit.spc), callable(qikit.plot), callable(qikit.save))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["True", "True", "True"], out.stderr


def test_spc_command_writes_formula_like_ward_names_as_text(tmp_path: Path):
    data = tmp_path / "wards.csv"
    wards = ('"=HYPERLINK(""http://x"",""a"")"', "+cmd|' /C calc'!A0")
    counts = [3, 4, 2, 5, 3, 4, 6, 2, 3, 4, 5, 3]
    rows = [f"{week},{ward},{y}" for ward in wards for week, y in enumerate(counts, start=1)]
    data.write_text("week,ward,incidents\n" + "\n".join(rows) + "\n")
    points = tmp_path / "points.csv"
    out = qikit("spc", str(data), "--chart", "c", "--x", "week", "--y", "incidents",
                "--facet", "ward", "--out", str(points))  # fmt: skip
    assert out.returncode == 0, out.stderr
    facets = set(pd.read_csv(points, dtype=str)["facet"])
    assert facets == {'\'=HYPERLINK("http://x","a")', "'+cmd|' /C calc'!A0"}
    stdout = qikit("spc", str(data), "--chart", "c", "--x", "week", "--y", "incidents",
                   "--facet", "ward")  # fmt: skip
    assert "\n=" not in stdout.stdout and ",=" not in stdout.stdout and ",+cmd" not in stdout.stdout


def test_spc_command_refuses_repeated_headings(tmp_path: Path):
    data = tmp_path / "ward.csv"
    data.write_text("week,incidents,incidents\n1,3,4\n2,4,5\n3,5,6\n")
    out = qikit("spc", str(data), "--chart", "c", "--x", "week", "--y", "incidents")
    assert out.returncode == 2
    assert "two columns with the heading 'incidents'" in out.stderr
    assert "Traceback" not in out.stderr


def test_spc_command_reads_iso_times_and_says_when_it_changed_a_zone(tmp_path: Path):
    data = tmp_path / "ward.csv"
    weeks = pd.date_range("2024-04-01", periods=12, freq="7D")
    data.write_text(
        "week,incidents\n"
        + "".join(f"{w:%Y-%m-%d}T00:00:00+01:00,{k % 5}\n" for k, w in enumerate(weeks))
    )
    out = qikit("spc", str(data), "--chart", "c", "--x", "week", "--y", "incidents")
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr and "UK time (Europe/London)" in out.stderr
    got = pd.read_csv(__import__("io").StringIO(out.stdout))
    assert got["x"].iloc[0].startswith("2024-04-01") and got["x"].iloc[1].startswith("2024-04-08")


def test_a_facilitator_code_too_short_to_keep_secret_is_refused(capsys, monkeypatch):
    import os

    from qikit.cli import main

    monkeypatch.delenv("QIKIT_FACILITATOR_CODE", raising=False)
    assert main(["serve", "--facilitator-code", "ab1"]) == 2
    assert "at least 6 letters or digits" in capsys.readouterr().err
    assert "QIKIT_FACILITATOR_CODE" not in os.environ
