"""The ``qikit spc`` command line."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from reference_cases import REFERENCE

from qikit.spc.cli import main

CDI = str(REFERENCE / "real" / "cdi" / "input.csv")


def test_writes_points_to_stdout(capsys):
    code = main(["spc", CDI, "--chart", "u", "--x", "month", "--y", "n", "--n", "days",
                 "--multiply", "10000", "--part", "24"])  # fmt: skip
    out = capsys.readouterr()
    assert code == 0
    points = pd.read_csv(io.StringIO(out.out))
    expected = pd.read_csv(REFERENCE / "real" / "cdi" / "qicharts2_u_x10000_part24.csv")
    assert len(points) == 36
    assert points["ucl"].to_numpy() == pytest.approx(expected["ucl"].to_numpy(), rel=1e-9)


def test_out_file_summary_and_notes(tmp_path, capsys):
    out_file = tmp_path / "points.csv"
    code = main(["spc", CDI, "--chart", "i", "--x", "month", "--y", "n", "--rules", "mdc",
                 "--improvement", "decrease", "--part", "2014-11-01", "--target", "10",
                 "--out", str(out_file), "--summary"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    assert len(pd.read_csv(out_file)) == 36
    assert "hit_and_miss" in captured.out  # summary of the latest part
    assert "Note:" in captured.err and "trial limits" in captured.err


def test_bad_column_exits_2_with_the_message_and_no_traceback(capsys):
    code = main(["spc", CDI, "--y", "infections"])
    captured = capsys.readouterr()
    assert code == 2
    assert "'infections' is not in the data" in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_missing_file_exits_2(capsys, tmp_path):
    code = main(["spc", str(tmp_path / "nothing.csv"), "--y", "n"])
    assert code == 2
    assert "was not found" in capsys.readouterr().err


def test_exclude_and_freeze_are_passed_on(capsys):
    code = main(["spc", CDI, "--chart", "c", "--x", "month", "--y", "n", "--freeze", "24",
                 "--exclude", "3,5"])  # fmt: skip
    points = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert code == 0
    assert points["baseline"].sum() == 24
    assert points.loc[~points["include"], "x"].tolist() == ["2013-01-01", "2013-03-01"]


def test_plot_saves_a_web_page(tmp_path, capsys):
    pytest.importorskip("qikit.plot")
    page = tmp_path / "cdi.html"
    code = main(["spc", CDI, "--chart", "c", "--x", "month", "--y", "n", "--part", "24",
                 "--out", str(tmp_path / "p.csv"), "--plot", str(page)])  # fmt: skip
    assert code == 0
    assert page.stat().st_size > 1000
    assert "Saved the chart" in capsys.readouterr().err


def test_plot_with_an_unknown_ending_exits_2(tmp_path, capsys):
    pytest.importorskip("qikit.plot")
    code = main(["spc", CDI, "--x", "month", "--y", "n", "--out", str(tmp_path / "p.csv"),
                 "--plot", str(tmp_path / "chart.doc")])  # fmt: skip
    assert code == 2
    assert "Traceback" not in capsys.readouterr().err
