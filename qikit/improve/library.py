"""Libraries of change ideas and measures for mental-health wards, grouped by work stream.

The data live in ``change_ideas.json`` and ``measures.json`` beside this module; every entry names
its source (QI_REFERENCE section 9 and the papers and guidance cited there).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from qikit.errors import DataError
from qikit.improve.measures import Measure


@dataclass(frozen=True)
class LibraryIdea:
    """A change idea from the library: what it is, in one line, and where it comes from."""

    id: str
    work_stream: str
    title: str
    description: str
    source: str


@cache
def _load(name: str) -> dict[str, Any]:
    with resources.files("qikit.improve").joinpath(name).open(encoding="utf-8") as handle:
        return json.load(handle)


def work_streams() -> dict[str, str]:
    """Work-stream keys and their names, for example ``"sexual_safety": "Sexual safety"``."""
    return dict(_load("change_ideas.json")["work_streams"])


def _check_stream(work_stream: str | None) -> None:
    if work_stream is not None and work_stream not in work_streams():
        raise DataError(
            f"The work stream should be one of: {', '.join(work_streams())}; found {work_stream!r}."
        )


def change_ideas(work_stream: str | None = None) -> list[LibraryIdea]:
    """Change ideas from the library, for one work stream or all."""
    _check_stream(work_stream)
    ideas = [LibraryIdea(**item) for item in _load("change_ideas.json")["change_ideas"]]
    return [i for i in ideas if work_stream is None or i.work_stream == work_stream]


def measures(work_stream: str | None = None) -> list[Measure]:
    """Measures with operational definitions, for one work stream or all (fresh copies)."""
    _check_stream(work_stream)
    found = [Measure.from_dict(item) for item in _load("measures.json")["measures"]]
    return [m for m in found if work_stream is None or m.work_stream == work_stream]
