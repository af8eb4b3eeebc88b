"""The planning apps say "All changes saved." only once the workspace has written everything,
"Saving..." while a change waits, and "Not saved" when a save failed."""

from __future__ import annotations

import pytest

from qikit.apps import plan_aim
from qikit.store import SQLiteWorkspace

SAVED = "All changes saved."


@pytest.fixture
def workspace(tmp_path):
    with SQLiteWorkspace(tmp_path / "workspace.db") as ws:
        yield ws


@pytest.fixture
def app(workspace):
    return plan_aim.ModelForImprovementApp(workspace, delay_ms=60_000)


def test_a_change_waiting_to_be_saved_says_saving(app):
    app.aim.statement.value = "Reduce restraint on Willow Ward"
    assert "Saving..." in app.bar.status.value
    assert SAVED not in app.bar.status.value


def test_saved_is_said_only_after_every_waiting_change_is_written(app, workspace):
    app.aim.statement.value = "Reduce restraint on Willow Ward"
    # The driver diagram follows the aim, so two things wait to be saved.
    assert app.aim.keeper.saver.pending and app.diagram.keeper.saver.pending
    app.aim.keeper.flush()
    assert SAVED not in app.bar.status.value  # the diagram is not written yet
    app.diagram.keeper.flush()
    assert SAVED in app.bar.status.value
    [record] = workspace.records(app.bar.project_id, "aim")
    assert record.item.statement == "Reduce restraint on Willow Ward"


def test_a_failed_save_says_not_saved_and_keeps_the_typing(app, workspace, monkeypatch):
    app.flush()

    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(workspace, "save", broken)
    app.aim.statement.value = "Reduce seclusion"
    app.flush()
    assert SAVED not in app.bar.status.value
    assert "Not saved." in app.bar.status.value
    assert "could not be saved yet" in app.errors.value
    assert app.aim.statement.value == "Reduce seclusion" and app.aim.keeper.saver.pending

    monkeypatch.undo()
    app.flush()
    assert SAVED in app.bar.status.value
    [record] = workspace.records(app.bar.project_id, "aim")
    assert record.item.statement == "Reduce seclusion"


def test_the_status_carries_the_class_the_page_script_looks_for(app):
    assert "qikit-save-status" in app.bar.status._dom_classes
