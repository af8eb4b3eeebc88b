"""Every exercise test keeps its progress in a fresh workspace folder, never the user's."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def own_workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("QIKIT_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setenv("QIKIT_LEARNER", "tester")
    return tmp_path / "workspace"
