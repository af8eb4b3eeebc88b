"""The install files agree with each other and with what the kit imports."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _requirement(spec: str) -> tuple[str, str]:
    """Split 'name>=1,<2' into a normalised name and its version bounds."""
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert match, f"cannot read requirement {spec!r}"
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    return name, match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return dict(_requirement(spec) for spec in project["dependencies"])


def conda_requirements() -> dict[str, str]:
    specs = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        item = re.match(r"^  - ([A-Za-z0-9_.\-]+[^#]*)$", line)
        if item:
            name, bounds = _requirement(item.group(1))
            if name not in {"python", "pip"}:
                specs[name] = bounds
    return specs


def test_environment_yml_matches_pyproject():
    assert conda_requirements() == pyproject_requirements()


def test_environment_yml_python_matches_requires_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert f"python{project['requires-python']}" in (ROOT / "environment.yml").read_text()


def test_readme_opens_with_the_two_commands_and_warns_about_clinical_qikit():
    top = "\n".join((ROOT / "README.md").read_text().splitlines()[:40])
    assert "make serve" in top and "make test" in top
    assert "clinical-qikit" in (ROOT / "README.md").read_text()


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_requirement_parser_reads_bounds():
    assert _requirement("vl-convert-python>=1.9,<2") == ("vl-convert-python", ">=1.9,<2")
    assert _requirement("jupyterlab_widgets >=3.0.17, <4") == ("jupyterlab-widgets", ">=3.0.17,<4")
