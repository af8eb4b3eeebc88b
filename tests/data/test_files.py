"""The committed datasets/: reproducible byte for byte, documented column by column, valid."""

import csv
import datetime as dt
import json
import re

import pytest

from qikit.data import generate_collaborative

FILES = ("wards", "weekly", "events", "changes", "pdsa", "score_survey", "bundle_audit")


def _csv_header(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def test_same_seed_gives_byte_identical_files(tmp_path):
    small = {"seed": 7, "trusts": 2, "wards_per_trust": 3, "weeks": 52}
    first = generate_collaborative(**small).write(tmp_path / "a")
    second = generate_collaborative(**small).write(tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    other = generate_collaborative(**{**small, "seed": 8}).write(tmp_path / "c")
    assert (tmp_path / "c" / "weekly.csv").read_bytes() != first[1].read_bytes()
    assert len(other) == len(first)


def test_documented_seed_reproduces_the_committed_datasets(tmp_path, datasets_dir):
    readme = (datasets_dir / "README.md").read_text(encoding="utf-8")
    seed = int(re.search(r"--seed (\d+)", readme).group(1))
    assert seed == 2016
    written = generate_collaborative(seed=seed).write(tmp_path)
    committed = sorted(p.name for p in datasets_dir.iterdir())
    assert committed == sorted(p.name for p in written)
    for path in written:
        assert path.read_bytes() == (datasets_dir / path.name).read_bytes(), path.name


def test_files_are_small_and_use_unix_line_endings(datasets_dir):
    total = sum(p.stat().st_size for p in datasets_dir.iterdir())
    assert total < 10 * 1024 * 1024
    for name in FILES:
        assert b"\r" not in (datasets_dir / f"{name}.csv").read_bytes()


def _readme_columns(datasets_dir):
    """Column names listed under each '### `name.csv`' heading of the README."""
    columns, current = {}, None
    for line in (datasets_dir / "README.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### `(\w+)\.csv`", line)
        if heading:
            current = heading.group(1)
            columns[current] = []
        elif line.startswith("## "):
            current = None
        elif current and line.startswith("| `"):
            columns[current].append(re.match(r"\| `(\w+)`", line).group(1))
    return columns


def test_every_column_is_in_the_dictionary_and_the_datapackage_and_back(datasets_dir):
    package = json.loads((datasets_dir / "datapackage.json").read_text(encoding="utf-8"))
    in_package = {
        r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"]
    }
    in_readme = _readme_columns(datasets_dir)
    in_files = {name: _csv_header(datasets_dir / f"{name}.csv") for name in FILES}
    assert set(in_files) == set(in_package) == set(in_readme)
    for name, header in in_files.items():
        assert header == in_package[name], name
        assert header == in_readme[name], name


def test_the_files_say_they_are_synthetic(datasets_dir):
    package = json.loads((datasets_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert package["synthetic"] is True
    assert "not real patient data" in package["description"]
    assert package["generator"]["settings"]["seed"] == 2016
    readme = (datasets_dir / "README.md").read_text(encoding="utf-8")
    assert "not real patient data" in readme[:300]
    assert "qikit data generate --seed 2016 --out datasets" in readme


def _valid(value, field):
    """Check one CSV text value against a Frictionless field descriptor."""
    kind = field["type"]
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            return False
        number = int(value)
    elif kind == "number":
        if not re.fullmatch(r"-?\d+(\.\d+)?", value):
            return False
        number = float(value)
    elif kind == "boolean":
        return value in field["trueValues"] + field["falseValues"]
    elif kind == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))
    else:
        number = None
    constraints = field.get("constraints", {})
    if "enum" in constraints and value not in constraints["enum"]:
        return False
    if number is not None:
        if number < constraints.get("minimum", float("-inf")):
            return False
        if number > constraints.get("maximum", float("inf")):
            return False
    return True


@pytest.mark.parametrize("name", FILES)
def test_the_schema_validates_each_file(name, datasets_dir):
    package = json.loads((datasets_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    resource = next(r for r in package["resources"] if r["name"] == name)
    assert resource["path"] == f"{name}.csv"
    assert resource["profile"] == "tabular-data-resource"
    schema = resource["schema"]
    fields = schema["fields"]
    missing = set(schema["missingValues"])
    with open(datasets_dir / resource["path"], newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [f["name"] for f in fields]
    keys, order = set(), []
    key_index = [rows[0].index(k) for k in schema["primaryKey"]]
    for line, row in enumerate(rows[1:], start=2):
        assert len(row) == len(fields), f"{name}.csv line {line}"
        for value, field in zip(row, fields, strict=True):
            if value in missing:
                assert not field.get("constraints", {}).get("required"), (name, line, field)
                continue
            assert _valid(value, field), f"{name}.csv line {line}: {field['name']}={value!r}"
        key = tuple(int(row[i]) if fields[i]["type"] == "integer" else row[i] for i in key_index)
        assert key not in keys, f"{name}.csv line {line}: repeated key {key}"
        keys.add(key)
        order.append(key)
    assert order == sorted(keys), f"{name}.csv rows are not sorted by {schema['primaryKey']}"
    for foreign in schema.get("foreignKeys", []):
        with open(datasets_dir / "wards.csv", newline="", encoding="utf-8") as handle:
            wards = {r["ward_id"] for r in csv.DictReader(handle)}
        column = rows[0].index(foreign["fields"])
        assert {r[column] for r in rows[1:]} <= wards


def test_the_checker_rejects_bad_values():
    count = {"type": "integer", "constraints": {"minimum": 0}}
    assert _valid("3", count) and not _valid("-1", count) and not _valid("2.5", count)
    assert not _valid("2024-13-01", {"type": "date"})
    assert not _valid("maybe", {"type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]})
    assert not _valid("PICU ward", {"type": "string", "constraints": {"enum": ["PICU"]}})
    assert not _valid("6", {"type": "integer", "constraints": {"maximum": 5}})
