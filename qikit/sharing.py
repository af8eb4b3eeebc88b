"""Sharing learning across organisations: change packages and the shared library of ideas.

A *change package* is one JSON file a team can email to another trust: its change ideas with the
drivers they work on, a summary of each PDSA cycle (scale, dates, what was learned, the
decision) and its results (which measures showed improvement). Importing it adds a new project
to the receiving workspace, so the ideas appear in the *shared library* beside the workspace's
own. The file holds text only: nothing in it is run, and it carries no patient data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from qikit.errors import DataError
from qikit.improve import PDSA, DriverDiagram, Measure, MeasurementPlan
from qikit.improve.pdsa import DECISIONS, SCALE_ORDER
from qikit.store import Workspace
from qikit.store.workspace import now

FORMAT = "qikit-change-package"
VERSION = 1
LARGEST_FILE = 5_000_000  # bytes: a change package is text, far smaller than this
LIBRARY_COLUMNS = [
    "idea",
    "drivers",
    "work_stream",
    "team",
    "project",
    "cycles",
    "latest_decision",
    "learned",
    "source",
]


def _driver_texts(diagram: DriverDiagram, idea) -> list[str]:
    """The drivers a change idea works on; a secondary driver is named after its primary."""
    parent = {s.id: p.text for p in diagram.primary for s in p.secondary}
    texts = []
    for driver_id in idea.drivers:
        text = diagram.find(driver_id).text
        texts.append(f"{parent[driver_id]}: {text}" if driver_id in parent else text)
    return texts


def _work_stream(workspace: Workspace, project_id: str) -> str:
    for record in workspace.records(project_id, "measurement_plan"):
        for measure in record.item.measures:
            if measure.work_stream:
                return measure.work_stream
    return ""


def export_change_package(
    workspace: Workspace, project_id: str, results: pd.DataFrame | None = None
) -> dict[str, Any]:
    """A project's change ideas, PDSA summaries and results as one JSON-safe dictionary.

    ``results`` (optional): rows with ``measure`` and ``signal`` (such as the collaborative
    dashboard's signal table for this ward).
    """
    project = workspace.project(project_id)
    team = next((t.name for t in workspace.teams() if t.id == project.team_id), "")
    cycles = [r.item for r in workspace.records(project_id, "pdsa")]
    ideas = []
    for record in workspace.records(project_id, "driver_diagram"):
        diagram = record.item
        for idea in diagram.change_ideas:
            mine = [c for c in cycles if c.change_idea == idea.text]
            ideas.append(
                {
                    "idea": idea.text,
                    "description": idea.description,
                    "drivers": _driver_texts(diagram, idea),
                    "aim": diagram.aim,
                    "cycles": [_cycle_summary(c) for c in sorted(mine, key=_cycle_order)],
                }
            )
    shown = []
    if results is not None and len(results):
        for row in results.to_dict("records"):
            shown.append(
                {
                    "measure": str(row.get("measure", "")),
                    "signal": str(row.get("signal", "")),
                    "role": str(row.get("measure_role", "")),
                }
            )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now(),
        "team": team,
        "project": project.name,
        "work_stream": _work_stream(workspace, project_id),
        "ideas": ideas,
        "results": shown,
    }


def _cycle_order(cycle: PDSA) -> int:
    return cycle.cycle_number


def _cycle_summary(cycle: PDSA) -> dict[str, Any]:
    return {
        "cycle": cycle.cycle_number,
        "scale": cycle.scale,
        "start_date": cycle.start_date.isoformat() if cycle.start_date else "",
        "end_date": cycle.end_date.isoformat() if cycle.end_date else "",
        "objective": cycle.objective,
        "learned": cycle.study_learned,
        "decision": cycle.act_decision,
        "next": cycle.act_next,
    }


def write_change_package(package: dict[str, Any], path: str | Path) -> Path:
    """Write a change package to one ``.json`` file."""
    path = Path(path)
    path.write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def read_change_package(source: str | Path | bytes) -> dict[str, Any]:
    """Read and check a change package from a file path or the file's bytes."""
    if isinstance(source, bytes):
        raw = source
        name = "the file"
    else:
        path = Path(source)
        if not path.is_file():
            raise DataError(f"No file called '{path}'. Check the name and folder.")
        raw = path.read_bytes()
        name = f"'{path.name}'"
    if len(raw) > LARGEST_FILE:
        raise DataError(
            f"{name} is {len(raw) / 1e6:.1f} MB; a change package is at most "
            f"{LARGEST_FILE / 1e6:.0f} MB of text. Is it the right file?"
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DataError(
            f"{name} is not a change package (it is not JSON text). Ask the other team to "
            "export it again from qikit."
        ) from None
    return check_package(data)


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise DataError(f"In the change package, {where} should be text; found {value!r}.")
    return str(value).strip()


def check_package(data: Any) -> dict[str, Any]:
    """Check every part of a change package; return a clean copy. Raises DataError."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataError(
            "This file is not a change package: it was saved by something else. Choose a "
            "file saved with 'Download the change package'. A project file is brought in "
            "with 'Import a project file' instead."
        )
    if data.get("version") != VERSION:
        raise DataError(
            f"This change package has version {data.get('version')!r}; this qikit reads "
            f"version {VERSION}. Update qikit and try again."
        )
    ideas = data.get("ideas")
    if not isinstance(ideas, list) or not ideas:
        raise DataError("The change package has no change ideas ('ideas' is empty or missing).")
    clean_ideas = []
    for n, idea in enumerate(ideas, start=1):
        if not isinstance(idea, dict):
            raise DataError(f"Change idea {n} in the package is not a set of fields.")
        text = _text(idea.get("idea"), f"change idea {n}")
        if not text:
            raise DataError(f"Change idea {n} in the package has no text ('idea' is empty).")
        drivers = idea.get("drivers") or []
        if not isinstance(drivers, list):
            raise DataError(f"In change idea {n}, 'drivers' should be a list of driver texts.")
        cycles = []
        for k, cycle in enumerate(idea.get("cycles") or [], start=1):
            if not isinstance(cycle, dict):
                raise DataError(f"Cycle {k} of change idea {n} is not a set of fields.")
            scale = _text(cycle.get("scale"), f"the scale of cycle {k}")
            decision = _text(cycle.get("decision"), f"the decision of cycle {k}")
            if scale and scale not in SCALE_ORDER:
                raise DataError(
                    f"Cycle {k} of change idea {n}: scale should be one of "
                    f"{', '.join(SCALE_ORDER)}; found {scale!r}."
                )
            if decision and decision not in DECISIONS:
                raise DataError(
                    f"Cycle {k} of change idea {n}: decision should be adopt, adapt or abandon; "
                    f"found {decision!r}."
                )
            cycles.append(
                {
                    "cycle": int(cycle.get("cycle") or k),
                    "scale": scale,
                    "start_date": _text(cycle.get("start_date"), f"cycle {k} start_date"),
                    "end_date": _text(cycle.get("end_date"), f"cycle {k} end_date"),
                    "objective": _text(cycle.get("objective"), f"cycle {k} objective"),
                    "learned": _text(cycle.get("learned"), f"cycle {k} learned"),
                    "decision": decision,
                    "next": _text(cycle.get("next"), f"cycle {k} next"),
                }
            )
        clean_ideas.append(
            {
                "idea": text,
                "description": _text(idea.get("description"), f"change idea {n} description"),
                "drivers": [_text(d, f"a driver of change idea {n}") for d in drivers],
                "aim": _text(idea.get("aim"), f"the aim of change idea {n}"),
                "cycles": cycles,
            }
        )
    results = []
    for row in data.get("results") or []:
        if isinstance(row, dict):
            results.append({k: _text(row.get(k), f"result {k}") for k in ("measure", "signal")})
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _text(data.get("exported_at"), "exported_at"),
        "team": _text(data.get("team"), "team") or "Another team",
        "project": _text(data.get("project"), "project") or "Shared change package",
        "work_stream": _text(data.get("work_stream"), "work_stream"),
        "ideas": clean_ideas,
        "results": results,
    }


def import_change_package(workspace: Workspace, data: Any) -> str:
    """Add a change package to the workspace as a new project; return the project id.

    The package is checked, and every item built, before anything is written, so a faulty file
    adds nothing. The project sits under a team named "Shared by <team>".
    """
    package = check_package(data)
    items: list[Any] = []
    source = f"change package from {package['team']}"
    for idea in package["ideas"]:
        diagram = DriverDiagram(aim=idea["aim"])
        links = []
        for driver in idea["drivers"] or ["(driver not given)"]:
            links.append(diagram.add_primary(driver).id)
        diagram.add_change_idea(idea["idea"], links, description=idea["description"], source=source)
        items.append(diagram)
        for cycle in idea["cycles"]:
            items.append(
                PDSA(
                    cycle_number=cycle["cycle"],
                    team=package["team"],
                    aim=idea["aim"],
                    change_idea=idea["idea"],
                    driver=idea["drivers"][0] if idea["drivers"] else "",
                    start_date=cycle["start_date"] or None,
                    end_date=cycle["end_date"] or None,
                    scale=cycle["scale"],
                    objective=cycle["objective"],
                    study_learned=cycle["learned"],
                    act_decision=cycle["decision"],
                    act_next=cycle["next"],
                )
            )
    measures = [
        Measure(name=r["measure"].replace("_", " "), work_stream=package["work_stream"])
        for r in package["results"]
        if r["measure"]
    ] or [Measure(name="(no results shared)", work_stream=package["work_stream"])]
    items.append(MeasurementPlan(title="Shared results", measures=measures))
    team_name = f"Shared by {package['team']}"
    team = next((t for t in workspace.teams() if t.name == team_name), None)
    team = team or workspace.create_team(team_name)
    project = workspace.create_project(team.id, package["project"])
    for item in items:
        workspace.save(project.id, item)
    return project.id


def library(workspace: Workspace, seen: Any = None) -> pd.DataFrame:
    """Every change idea from every team in the workspace that this page sees (``seen``: a
    :class:`qikit.apps.team_access.Viewer`; None for all), one row each (the shared library)."""
    teams = {t.id: t.name for t in workspace.teams()}
    rows = []
    projects = workspace.projects()
    for project in projects if seen is None else seen.visible(projects):
        stream = _work_stream(workspace, project.id)
        cycles = [r.item for r in workspace.records(project.id, "pdsa")]
        for record in workspace.records(project.id, "driver_diagram"):
            diagram = record.item
            for idea in diagram.change_ideas:
                mine = sorted((c for c in cycles if c.change_idea == idea.text), key=_cycle_order)
                learned = next((c.study_learned for c in reversed(mine) if c.study_learned), "")
                rows.append(
                    {
                        "idea": idea.text,
                        "drivers": "; ".join(_driver_texts(diagram, idea)),
                        "work_stream": stream,
                        "team": teams.get(project.team_id, ""),
                        "project": project.name,
                        "cycles": len(mine),
                        "latest_decision": mine[-1].act_decision if mine else "",
                        "learned": learned,
                        "source": idea.source,
                    }
                )
    return pd.DataFrame(rows, columns=LIBRARY_COLUMNS)


def search(
    table: pd.DataFrame,
    text: str = "",
    work_stream: str | None = None,
    driver: str | None = None,
) -> pd.DataFrame:
    """Library rows matching words (in the idea, drivers or learning), work stream and driver."""
    out = table
    if work_stream and work_stream != "All":
        out = out[out["work_stream"] == work_stream]
    if driver and driver.strip():
        out = out[out["drivers"].str.contains(driver.strip(), case=False, regex=False)]
    for word in text.split():
        hay = out["idea"] + " " + out["drivers"] + " " + out["learned"]
        out = out[hay.str.contains(word, case=False, regex=False)]
    return out.reset_index(drop=True)
