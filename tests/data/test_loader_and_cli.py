"""qikit.datasets.load / names and the `qikit data generate` command."""

import pandas as pd
import pytest

from qikit import datasets
from qikit.data import cli
from qikit.errors import DataError


def test_names_lists_every_table():
    assert datasets.names() == [
        "wards", "weekly", "events", "changes", "pdsa", "score_survey", "bundle_audit"
    ]  # fmt: skip


@pytest.mark.parametrize("name", datasets.names())
def test_load_reads_the_committed_file_with_its_types(name, collaborative, datasets_dir):
    frame = datasets.load(name)
    assert "not real patient data" in frame.attrs["source"]
    assert frame.attrs["source"].startswith(f"datasets/{name}.csv")
    raw = pd.read_csv(datasets_dir / f"{name}.csv")
    assert list(frame.columns) == list(raw.columns)
    assert len(frame) == len(raw)
    pd.testing.assert_frame_equal(frame, collaborative.tables()[name], check_dtype=False)


def test_load_gives_useful_types():
    weekly = datasets.load("weekly")
    assert pd.api.types.is_datetime64_any_dtype(weekly["week_start"])
    assert pd.api.types.is_integer_dtype(weekly["restraint_episodes"])
    assert weekly["falls"].isna().any()
    changes = datasets.load("changes")
    assert changes["has_effect"].dtype == bool


def test_load_regenerates_when_the_folder_is_absent(monkeypatch, tmp_path, collaborative):
    monkeypatch.setattr(datasets, "DATASETS_DIR", tmp_path / "missing")
    frame = datasets.load("changes")
    assert "generate_collaborative(seed=2016)" in frame.attrs["source"]
    pd.testing.assert_frame_equal(frame, collaborative.changes)


def test_load_names_the_choices_when_the_name_is_wrong():
    with pytest.raises(
        DataError, match="no data set called 'weakly'. Choose one of: wards, weekly"
    ):
        datasets.load("weakly")


def test_generate_command_writes_the_files(tmp_path, capsys):
    out = tmp_path / "demo"
    code = cli.main(
        ["generate", "--seed", "5", "--out", str(out), "--trusts", "1", "--wards-per-trust", "3",
         "--weeks", "40"]
    )  # fmt: skip
    assert code == 0
    assert "synthetic data, seed 5" in capsys.readouterr().out
    assert (out / "weekly.csv").read_text().count("\n") == 1 + 3 * 40
    readme = (out / "README.md").read_text()
    assert "qikit data generate --seed 5 --trusts 1 --wards-per-trust 3 --weeks 40" in readme


def test_generate_command_reports_bad_input_without_a_traceback(tmp_path, capsys):
    code = cli.main(["generate", "--out", str(tmp_path), "--weeks", "3"])
    assert code == 2
    assert "'weeks' must be from 30 to 1040; found 3" in capsys.readouterr().err


def test_add_parser_registers_data_generate(tmp_path):
    import argparse

    parser = argparse.ArgumentParser(prog="qikit")
    add = parser.add_subparsers(dest="command")
    cli.add_parser(add)
    args = parser.parse_args(["data", "generate", "--out", str(tmp_path), "--weeks", "30"])
    assert args.handler is cli.run and args.seed == 2016
    assert args.handler(args) == 0
    assert (tmp_path / "datapackage.json").exists()
