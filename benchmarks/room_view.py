"""How long the facilitator's room takes to read 20 teams, and to redraw when one team saves.

20 synthetic teams, each with a family of 3 measures of 30 weeks and 3 PDSA cycles, in a new
SQLite workspace. Measured, with no browser:

* ``room_cards`` for every team (what the page does when the facilitator opens it);
* ``last_change`` (what the page asks every 2 seconds when nothing was saved);
* ``RoomApp.refresh`` after one team saves one week (one card read again and redrawn),
  and after nobody saved.

Run by hand: ``.venv/bin/python benchmarks/room_view.py [--teams 20] [--repeats 5]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST_WEEK = dt.date(2026, 1, 5)
SCALES = ("one_person", "one_shift", "one_ward")


def build(workspace, teams: int, weeks: int) -> list[str]:
    """``teams`` teams with 3 measures of ``weeks`` weeks each; the outcome measures' ids."""
    from qikit.improve import PDSA, Aim, Measure, MeasurementPlan
    from qikit.improve.observations import Observation

    outcomes = []
    for t in range(teams):
        team = workspace.create_team(f"Ward {t + 1:02d}")
        workspace.set_team_details(
            team.id, trust=f"Trust {t % 4 + 1}", work_stream=("falls", "self_harm")[t % 2]
        )
        project = workspace.create_project(team.id, "Our improvement project")
        workspace.save(project.id, Aim(what="incidents", statement=f"Halve incidents, ward {t}"))
        family = [
            Measure(name="Incidents", type="outcome", chart_type="i", better="lower"),
            Measure(
                name="Huddles",
                type="process",
                numerator="Huddles held",
                denominator="Shifts",
                chart_type="p",
                better="higher",
            ),
            Measure(name="Sickness days", type="balancing", chart_type="i", better="lower"),
        ]
        workspace.save(project.id, MeasurementPlan(measures=family))
        days = [FIRST_WEEK + dt.timedelta(weeks=k) for k in range(weeks)]
        workspace.save_observations(
            family[0].id, [Observation(d, 10 + (k * 7 + t) % 5) for k, d in enumerate(days)]
        )
        workspace.save_observations(
            family[1].id, [Observation(d, 20 + (k + t) % 6, 42) for k, d in enumerate(days)]
        )
        workspace.save_observations(
            family[2].id, [Observation(d, 3 + (k + t) % 4) for k, d in enumerate(days)]
        )
        for n, scale in enumerate(SCALES, start=1):
            start = days[-1] - dt.timedelta(weeks=3 - n)
            workspace.save(
                project.id,
                PDSA(
                    cycle_number=n,
                    change_idea="Safety huddle",
                    scale=scale,
                    start_date=start,
                    measure_ids=[family[0].id],
                ),
            )
        outcomes.append(family[0].id)
    return outcomes


def timed(work, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return times


def line(name: str, times: list[float]) -> str:
    return (
        f"{name:<52} median {statistics.median(times):8.1f} ms   "
        f"min {min(times):8.1f} ms   max {max(times):8.1f} ms   (n={len(times)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--weeks", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    from qikit.apps.room_view import RoomApp
    from qikit.improve.observations import Observation
    from qikit.room.cards import last_change, room_cards
    from qikit.store import open_workspace

    folder = Path(tempfile.mkdtemp(prefix="qikit-room-bench-"))
    workspace = open_workspace(folder / "room.db")
    start = time.perf_counter()
    outcomes = build(workspace, args.teams, args.weeks)
    print(
        f"{args.teams} teams x 3 measures x {args.weeks} weeks built in "
        f"{time.perf_counter() - start:.1f} s"
    )
    today = FIRST_WEEK + dt.timedelta(weeks=args.weeks)
    room_cards(workspace, None, today)  # imports and caches warm
    print(line(f"room_cards, {args.teams} teams", timed(
        lambda: room_cards(workspace, None, today), args.repeats)))  # fmt: skip
    print(line("last_change (nothing saved)", timed(lambda: last_change(workspace), 50)))

    app = RoomApp(workspace, every=None, today=today)
    print(line("refresh, nothing saved", timed(app.refresh, 50)))
    saves = []
    week = FIRST_WEEK + dt.timedelta(weeks=args.weeks)

    def one_team_saves() -> None:
        nonlocal week
        workspace.save_observations(outcomes[0], [Observation(week, 9)])
        week += dt.timedelta(weeks=1)
        start = time.perf_counter()
        changed = app.refresh()
        saves.append((time.perf_counter() - start) * 1000)
        assert len(changed) == 1, changed

    for _ in range(args.repeats):
        one_team_saves()
    print(line("refresh, one team saved one week", saves))
    redrawn = sorted(view.draws for view in app._views.values())
    print(f"cards drawn: {redrawn.count(1)} once, 1 card {redrawn[-1]} times")
    app.close()
    workspace.close()


if __name__ == "__main__":
    main()
