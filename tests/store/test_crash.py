"""A process killed while saving leaves the last committed state intact."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from qikit.improve import DriverDiagram
from qikit.store import SQLiteWorkspace

# Saves a large diagram again and again; prints each version number after its commit.
KEEP_SAVING = textwrap.dedent(
    """
    import sys
    from qikit.improve import DriverDiagram
    from qikit.store import SQLiteWorkspace

    ws = SQLiteWorkspace(sys.argv[1])
    n = 0
    while True:
        n += 1
        diagram = DriverDiagram(aim=f"version {n}")
        for k in range(60):
            diagram.add_primary(f"version {n} driver {k} " + "x" * 200)
        ws.save(sys.argv[2], diagram, sys.argv[3])
        print(n, flush=True)
    """
)

# Writes inside a transaction, says so, then waits to be killed before committing.
KILLED_INSIDE = textwrap.dedent(
    """
    import sys, time
    from qikit.improve import DriverDiagram
    from qikit.store import SQLiteWorkspace

    ws = SQLiteWorkspace(sys.argv[1])
    with ws._transaction() as db:
        ws._write(db, sys.argv[2], DriverDiagram(aim="never committed"), sys.argv[3])
        print("inside", flush=True)
        time.sleep(60)
    """
)


def setup(tmp_path):
    path = tmp_path / "workspace.db"
    with SQLiteWorkspace(path) as ws:
        project = ws.create_project(ws.create_team("Oak").id, "Violence")
        item_id = ws.save(project.id, DriverDiagram(aim="version 0"))
    return path, project.id, item_id


def start(script, *args):
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdout=subprocess.PIPE,
        text=True,
    )


def check_intact(path):
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


@pytest.mark.parametrize("saves_before_kill", [3, 12])
def test_killed_while_saving_keeps_the_last_commit(tmp_path, saves_before_kill):
    path, project_id, item_id = setup(tmp_path)
    child = start(KEEP_SAVING, path, project_id, item_id)
    last = 0
    try:
        while last < saves_before_kill:
            line = child.stdout.readline()
            assert line, "the saving process stopped early"
            last = int(line)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
    check_intact(path)
    with SQLiteWorkspace(path) as ws:
        diagram = ws.load("driver_diagram", item_id)
    version = int(diagram.aim.split()[1])
    # At least the last version reported as committed; at most one more that committed before
    # the report could be read.
    assert version >= last
    assert len(diagram.primary) == 60
    assert all(p.text.startswith(f"version {version} driver") for p in diagram.primary)


def test_killed_inside_a_transaction_keeps_the_old_state(tmp_path):
    path, project_id, item_id = setup(tmp_path)
    child = start(KILLED_INSIDE, path, project_id, item_id)
    try:
        assert child.stdout.readline().strip() == "inside"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
    check_intact(path)
    with SQLiteWorkspace(path) as ws:
        assert ws.load("driver_diagram", item_id).aim == "version 0"
        # And the workspace is writable again (no stale lock).
        ws.save(project_id, DriverDiagram(aim="after the crash"), item_id)
        assert ws.load("driver_diagram", item_id).aim == "after the crash"
