"""The progress book: which exercises a learner has done, kept with the team workspace.

Progress lives in ``exercise-progress.json`` in the team workspace folder (the folder of
``workspace.db``: ``$QIKIT_WORKSPACE``, else ``~/qikit-workspace``). Several learners can share
one workspace: each has their own entry, named by ``$QIKIT_LEARNER``, else the JupyterHub user
name (``$JUPYTERHUB_USER``), else ``"learner"``.
Writes re-read the file and replace it in one step, so two notebooks open at once do not lose
each other's progress.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from qikit.exercises.outcome import CORRECT, INCORRECT, NOT_ATTEMPTED

log = logging.getLogger("qikit.exercises")

FILE_NAME = "exercise-progress.json"
LEARNER_VARIABLE = "QIKIT_LEARNER"


def workspace_folder() -> Path:
    """The team workspace folder, as the workspace itself finds it."""
    try:
        from qikit.store import default_folder
    except ImportError:  # a copy of qikit without the workspace
        chosen = os.environ.get("QIKIT_WORKSPACE", "").strip()
        return Path(chosen).expanduser() if chosen else Path.home() / "qikit-workspace"
    return default_folder()


def progress_path() -> Path:
    return workspace_folder() / FILE_NAME


def learner() -> str:
    """Whose progress this is: $QIKIT_LEARNER, else the JupyterHub user, else "learner"."""
    for variable in (LEARNER_VARIABLE, "JUPYTERHUB_USER"):
        name = os.environ.get(variable, "").strip()
        if name:
            return name
    return "learner"


def read_all(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every learner's progress: {learner: {exercise id: entry}}."""
    path = path or progress_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("The progress file %s could not be read; starting a new one.", path)
        return {}
    return data if isinstance(data, dict) else {}


def read(name: str | None = None, path: Path | None = None) -> dict[str, dict[str, Any]]:
    """One learner's progress: {exercise id: entry}."""
    return read_all(path).get(name or learner(), {})


def _write_all(data: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
    os.replace(handle.name, path)


def record(exercise_id: str, status: str | None, **extra: Any) -> None:
    """Note an attempt (``status``), a hint used or a solution seen. Never fails the learner."""
    path = progress_path()
    try:
        data = read_all(path)
        mine = data.setdefault(learner(), {})
        entry = mine.setdefault(
            exercise_id, {"status": NOT_ATTEMPTED, "attempts": 0, "hints": 0, "done": False}
        )
        if status in (CORRECT, INCORRECT):
            entry["attempts"] = entry.get("attempts", 0) + 1
            entry["status"] = status
            entry["done"] = entry.get("done", False) or status == CORRECT
        if "hints" in extra:
            entry["hints"] = max(entry.get("hints", 0), int(extra["hints"]))
        if extra.get("solution_seen"):
            entry["solution_seen"] = True
        entry["updated"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        _write_all(data, path)
    except OSError:  # a read-only folder costs the record, never the exercise
        log.warning("Could not save exercise progress to %s", path)


def reset(name: str | None = None) -> None:
    """Forget one learner's progress (to start the exercises again)."""
    path = progress_path()
    data = read_all(path)
    if data.pop(name or learner(), None) is not None:
        _write_all(data, path)
