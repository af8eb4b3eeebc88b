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
