"""``qikit spc`` reads files as wards save them (through qikit.tables) and refuses a week given
twice only where one row per week is expected."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from qikit.spc.cli import main

WEEKS = [dt.date(2024, 4, 1) + dt.timedelta(weeks=k) for k in range(12)]
COUNTS = [3, 5, 2, 4, 6, 3, 2, 5, 4, 3, 6, 2]


def run(path, *options, capsys) -> tuple[int, str, str]:
    code = main(["spc", str(path), *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_uk_dates_are_read_day_first_for_every_row(tmp_path, capsys):
    path = tmp_path / "ward.csv"
    rows = [f"{d:%d/%m/%Y};{c}" for d, c in zip(WEEKS, COUNTS, strict=True)]
    path.write_text("week;falls\n" + "\n".join(rows) + "\n", encoding="cp1252")
    code, out, err = run(path, "--x", "week", "--y", "falls", "--chart", "c", capsys=capsys)
    assert code == 0, err
    points = pd.read_csv(io.StringIO(out))
    assert pd.to_datetime(points["x"]).dt.date.tolist() == WEEKS
    assert points["y"].tolist() == COUNTS
    assert points["cl"].iloc[0] == pytest.approx(sum(COUNTS) / len(COUNTS))


def test_a_repeated_week_is_refused_in_plain_words(tmp_path, capsys):
    path = tmp_path / "ward.csv"
    path.write_text("week,falls\n2024-04-01,3\n2024-04-08,5\n2024-04-08,2\n2024-04-15,4\n")
    code, out, err = run(path, "--x", "week", "--y", "falls", "--chart", "c", capsys=capsys)
    assert code == 2 and out == ""
    assert "'week' repeats 2024-04-08" in err and "--facet" in err


def test_the_same_week_on_two_wards_is_fine_with_facet(tmp_path, capsys):
    path = tmp_path / "wards.csv"
    pairs = list(zip(WEEKS, COUNTS, strict=True))
    lines = [f"{d.isoformat()},{w},{c}" for w in ("Oak", "Ash") for d, c in pairs]
    path.write_text("week,ward,falls\n" + "\n".join(lines) + "\n")
    code, out, err = run(
        path, "--x", "week", "--y", "falls", "--chart", "c", "--facet", "ward", capsys=capsys
    )
    assert code == 0, err
    assert len(pd.read_csv(io.StringIO(out))) == 24


def test_subgroups_share_a_week_on_an_xbar_chart(tmp_path, capsys):
    path = tmp_path / "minutes.csv"
    lines = [f"{d.isoformat()},{m}" for d in WEEKS for m in (40, 42, 38)]
    path.write_text("week,minutes\n" + "\n".join(lines) + "\n")
    code, out, err = run(path, "--x", "week", "--y", "minutes", "--chart", "xbar", capsys=capsys)
    assert code == 0, err
    assert len(pd.read_csv(io.StringIO(out))) == len(WEEKS)


def test_a_folder_is_named_as_a_folder(tmp_path, capsys):
    code, out, err = run(tmp_path, "--y", "falls", capsys=capsys)
    assert code == 2
    assert f"'{tmp_path}' is a folder, not a file" in err
