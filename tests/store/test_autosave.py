import threading
import time

from qikit.improve import Aim
from qikit.store import AutoSaver, SavedItem, SQLiteWorkspace


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_burst_of_typing_is_saved_once_after_the_quiet():
    saved = []
    values = {"text": ""}
    saver = AutoSaver(lambda: saved.append(values["text"]), delay_ms=300)
    for letter in "Reduce":
        values["text"] += letter
        saver.touch()
    assert saved == [] and saver.pending  # still within the quiet period
    assert wait_for(lambda: saved)
    time.sleep(0.4)
    assert saved == ["Reduce"]
    assert not saver.pending and saver.saves == 1


def test_each_touch_restarts_the_wait():
    saved = []
    saver = AutoSaver(lambda: saved.append(1), delay_ms=250)
    saver.touch()
    time.sleep(0.1)
    saver.touch()  # restart: the save is now due 250 ms from here
    time.sleep(0.1)
    assert saved == []
    assert wait_for(lambda: saved)


def test_flush_saves_now_and_only_when_something_changed():
    saved = []
    saver = AutoSaver(lambda: saved.append(1), delay_ms=10_000)
    assert saver.flush() is False
    saver.touch()
    assert saver.flush() is True
    assert saved == [1] and not saver.pending
    assert saver.flush() is False


def test_failed_save_is_reported_and_stays_pending():
    errors = []
    attempts = []

    def save():
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("disk full")

    saver = AutoSaver(save, delay_ms=10_000, on_error=errors.append)
    saver.touch()
    assert saver.flush() is False
    assert [str(e) for e in errors] == ["disk full"]
    assert saver.pending
    assert saver.flush() is True
    assert not saver.pending


def test_change_during_a_save_is_not_lost():
    started = threading.Event()
    release = threading.Event()
    saved = []
    values = {"text": "a"}

    def slow_save():
        seen = values["text"]
        started.set()
        release.wait(5)
        saved.append(seen)

    saver = AutoSaver(slow_save, delay_ms=0)
    saver.touch()
    assert started.wait(5)
    values["text"] = "ab"
    saver.touch()  # arrives while the first save is running
    release.set()
    assert wait_for(lambda: saved == ["a", "ab"])
    assert wait_for(lambda: not saver.pending)


def test_saved_item_keeps_its_id(tmp_path):
    with SQLiteWorkspace(tmp_path / "w.db") as ws:
        project = ws.create_project(ws.create_team("Oak").id, "Aim")
        aim = Aim(what="restraint")
        item = SavedItem(ws, project.id, lambda: aim, delay_ms=10_000)
        item.changed()
        item.flush()
        first = item.item_id
        aim.what = "restraint and seclusion"
        item.changed()
        item.flush()
        assert item.item_id == first
        assert ws.load("aim", first).what == "restraint and seclusion"
        assert len(ws.records(project.id)) == 1


def test_pending_is_told_on_each_change_and_saved_only_after_the_write():
    events = []

    def save():
        events.append("write")

    saver = AutoSaver(
        save,
        delay_ms=10_000,
        on_pending=lambda: events.append("pending"),
        on_saved=lambda _: events.append("saved"),
        on_error=lambda _: events.append("error"),
    )
    saver.touch()
    assert events == ["pending"]
    saver.flush()
    assert events == ["pending", "write", "saved"]


def test_a_failed_write_is_never_reported_as_saved():
    events = []

    def save():
        raise OSError("disk full")

    saver = AutoSaver(
        save,
        delay_ms=10_000,
        on_saved=lambda _: events.append("saved"),
        on_error=lambda _: events.append("error"),
    )
    saver.touch()
    saver.flush()
    assert events == ["error"] and saver.pending
