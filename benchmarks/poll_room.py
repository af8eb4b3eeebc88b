"""The live poll with a room of delegates, measured on the server side (no browsers).

Every delegate page of workbook 15 is a :class:`qikit.apps.live_poll.LivePoll` app in its own
Voilà kernel, with its own workspace connection and its own live-update timer reading the
question in front of the room about once a second; the facilitator's page also reads the answers
every second and redraws the bars. This benchmark builds that room without browsers (the widgets
run headless: no front end is needed) and measures what the server does. Browsers are measured
separately by ``benchmarks/load_room.py``.

* One workspace: a SQLite file in a temporary folder (as ``qikit serve --room``), or the
  PostgreSQL database of ``--database-url``, in a schema of its own that is dropped afterwards
  (so the database's own polls are not touched). Each page holds one database connection, so
  the server must allow more than ``--delegates`` connections (PostgreSQL's default is 100).
* ``--delegates`` delegate pages (default 100), each a real ``LivePoll`` (the delegate's view)
  with a workspace connection of its own and its own timer at the app's real interval
  (``live_poll.INTERVAL``), started as the browser starts it (by sending the page its delegate
  key). They are spread over ``--processes`` worker processes (default 4) so that one process's
  GIL is not the bottleneck; a real room has one process per kernel, so this is, if anything,
  kinder to the server than the real room's scheduling, and harsher in that 25 pages share a GIL.
* One facilitator ``LivePoll`` (the facilitator's view, opened with the facilitator's code) with
  its timer running, in the main process.

Then, in order:

1. Idle: nobody has sent anything for ``--idle`` seconds; the CPU the delegates' processes use
   is the cost of waiting (CPU seconds per delegate per minute), and the facilitator's apart.
2. The facilitator sends a question of the interpretation trainer's bank (``--level``,
   ``--chart``, "Is there a signal?"). Measured: from the send (the question in the database)
   until each delegate's app shows it (question, chart, one button per answer); p50, p90, max.
3. Every delegate answers at a random moment within ``--window`` seconds (default 10), by
   calling ``choose`` with the key of a random button, as the answer button does; a share of
   them (``--changes``) presses a second time later in the window (a double click or a change
   of mind). Measured: from the last answer that changed the tally until the facilitator's app
   shows the final tally, read from what the app shows (the count's text and the bars' data as
   sent to the browser), not from the database; answers lost or counted twice (what the
   facilitator shows against what the delegates' final answers were; also checked in the
   database); how long ``choose`` took; the facilitator's redraw time.
4. Idle again with the question open and answered, for ``--idle`` seconds (the waiting cost
   while a chart is in front of the room).
5. The facilitator shows the answer. Measured: from the reveal until every delegate's app shows
   the answer.

Database errors: any exception raised by a page's timer or by ``choose``, and any page whose
error panel shows a message. Prints a Markdown table row for the README's room table.

Run by hand from the repository root (wait until no other benchmark is running):
    .venv/bin/python benchmarks/poll_room.py --delegates 100 --processes 4
    .venv/bin/python benchmarks/poll_room.py --delegates 100 \\
        --database-url "postgresql://postgres@/qikit_test?host=/tmp/qikit-postgres-0"
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import re
import resource
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: The facilitator's code for this benchmark's room.
CODE = "BENCH42"
COUNT = re.compile(r"<strong>(\d+) answers?</strong>")


def room_environment() -> None:
    """As ``qikit serve --room --facilitator-code`` sets it for every kernel (the worker
    processes inherit it)."""
    for name in ("QUERY_STRING", "QIKIT_DATABASE_URL", "JUPYTERHUB_USER", "QIKIT_FACILITATORS"):
        os.environ.pop(name, None)
    os.environ["QIKIT_SHARED_WORKSPACE"] = "1"
    os.environ["QIKIT_FACILITATOR_CODE"] = CODE
    os.environ["VOILA_PREHEAT"] = "False"


def open_workspace(where: str) -> Any:
    if where.startswith(("postgres://", "postgresql://")):
        from qikit.store.postgres import PostgresWorkspace

        return PostgresWorkspace(where)
    from qikit.store import SQLiteWorkspace

    return SQLiteWorkspace(where)


def fresh_schema(url: str) -> tuple[str, str]:
    """A new empty schema in the database at ``url``, and the URL that works in it."""
    import psycopg

    schema = f"poll_room_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    options = quote(f"-csearch_path={schema}", safe="")
    return schema, f"{url}{'&' if '?' in url else '?'}options={options}"


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"DROP SCHEMA {schema} CASCADE")


def cpu_seconds() -> float:
    """This process's CPU time, every thread (user + system)."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def shown_tally(page: Any) -> tuple[int | None, dict[str, int]]:
    """What the facilitator's page shows: the number in its count, and each bar's answers as
    the bars' data goes to the browser."""
    found = COUNT.search(page.count.value)
    spec = page.bars.jupyter_chart.spec or {}
    bars: dict[str, int] = {}
    for rows in spec.get("datasets", {}).values():
        for row in rows:
            bars[row["choice"]] = bars.get(row["choice"], 0) + int(row["answers"])
    return (int(found.group(1)) if found else None), bars


class Watched:
    """One app with its timer's ticks timed, and what it shows looked at after every tick (in
    the tick's own thread, so it costs no thread of its own)."""

    def __init__(self, page: Any, facilitator: bool = False) -> None:
        self.page = page
        self.facilitator = facilitator
        self.first: dict[tuple[str, str], float] = {}  # (poll id, state) -> first time shown
        self.redraws: list[float] = []  # seconds, ticks that changed the page
        self.quiet_ticks = 0
        self.quiet_seconds = 0.0
        self.errors: list[str] = []
        self.tallies: list[tuple[float, int | None, dict[str, int]]] = []
        inner = page.live._refresh

        def tick() -> Any:
            start = time.monotonic()
            try:
                changed = inner()
            except Exception as error:
                self.errors.append(f"{type(error).__name__}: {error}")
                raise
            end = time.monotonic()
            if changed:
                self.redraws.append(end - start)
                self.look(end)
            else:
                self.quiet_ticks += 1
                self.quiet_seconds += end - start
            return changed

        page.live._refresh = tick

    def look(self, when: float) -> None:
        page = self.page
        if self.facilitator:
            count, bars = shown_tally(page)
            self.tallies.append((when, count, bars))
            return
        if not page.poll_id or not page.question.value or page.chart.layout.display == "none":
            return
        buttons = [b for b in page.buttons if b.layout.display != "none" and b.description]
        if page._poll is None or len(buttons) != len(page._poll.choices):
            return
        if page.state == "revealed" and "The answer:" not in page.answer.value:
            return
        self.first.setdefault((page.poll_id, page.state), when)


# ----- a worker process: some of the delegates' kernels ----------------------------------------
def worker(conn: Any, where: str, keys: list[str], seed: int) -> None:
    from qikit.apps.live_poll import LivePoll

    rng = random.Random(seed)
    started = time.monotonic()
    pages: list[Watched] = []
    for key in keys:
        page = LivePoll(open_workspace(where))
        watched = Watched(page)
        page.key.key = key  # as the browser sends it: the page starts its own timer
        pages.append(watched)
    conn.send(("ready", time.monotonic() - started))
    presses: list[list[tuple[str, float, float, bool, str]]] = [[] for _ in pages]
    timers: list[threading.Timer] = []

    def press(n: int) -> None:
        watched = pages[n]
        page = watched.page
        shown = [k for k, b in enumerate(page.buttons) if b.layout.display != "none"]
        poll = page._poll
        if poll is None or not shown:
            presses[n].append(("", time.monotonic(), 0.0, False, "no question shown"))
            return
        key = poll.choices[rng.choice(shown)].key  # as the button's _pressed does
        before = next((p[0] for p in reversed(presses[n]) if not p[4]), None)
        start = time.monotonic()
        try:
            page.choose(key)
        except Exception as error:  # noqa: BLE001 - counted and reported
            presses[n].append(
                (key, time.monotonic(), 0.0, False, f"{type(error).__name__}: {error}")
            )
            return
        end = time.monotonic()
        presses[n].append((key, end, end - start, key != before, ""))

    while True:
        command, argument = conn.recv()
        if command == "cpu":
            conn.send(cpu_seconds())
        elif command == "shown":
            found = [w.first.get(tuple(argument)) for w in pages]
            conn.send([t for t in found if t is not None])
        elif command == "answer":
            start_at, window, changes = argument
            for n in range(len(pages)):
                first = rng.uniform(0, window)
                moments = [first]
                if rng.random() < changes:
                    moments.append(rng.uniform(first, window))
                for moment in moments:
                    timer = threading.Timer(
                        max(0.0, start_at + moment - time.monotonic()), press, (n,)
                    )
                    timer.daemon = True
                    timer.start()
                    timers.append(timer)
            conn.send(len(timers))
        elif command == "answers_done":
            conn.send(all(not t.is_alive() for t in timers))
        elif command == "report":
            conn.send(
                {
                    "presses": presses,
                    "redraws": [r for w in pages for r in w.redraws],
                    "quiet_ticks": sum(w.quiet_ticks for w in pages),
                    "quiet_seconds": sum(w.quiet_seconds for w in pages),
                    "errors": [e for w in pages for e in w.errors],
                    "panels": [w.page.errors.value for w in pages if w.page.errors.value],
                    "cpu": cpu_seconds(),
                }
            )
        elif command == "stop":
            for watched in pages:
                watched.page.close()
                watched.page.workspace.close()
            conn.send("stopped")
            return


# ----- the room --------------------------------------------------------------------------------
class Room:
    def __init__(self, where: str, delegates: int, processes: int, seed: int) -> None:
        context = mp.get_context("spawn")  # a fresh interpreter each, as a kernel is
        keys = [uuid.uuid4().hex for _ in range(delegates)]
        self.links = []
        self.processes = []
        for n in range(processes):
            mine = keys[n::processes]
            if not mine:
                continue
            ours, theirs = context.Pipe()
            process = context.Process(
                target=worker, args=(theirs, where, mine, seed + n), daemon=True
            )
            process.start()
            self.links.append(ours)
            self.processes.append(process)
        self.build_seconds = [self._receive(link, 600)[1] for link in self.links]

    @staticmethod
    def _receive(link: Any, timeout: float) -> Any:
        if not link.poll(timeout):
            raise TimeoutError("A worker process did not answer.")
        return link.recv()

    def ask(self, command: str, argument: Any = None, timeout: float = 120) -> list[Any]:
        for link in self.links:
            link.send((command, argument))
        return [self._receive(link, timeout) for link in self.links]

    def cpu(self) -> float:
        return sum(self.ask("cpu"))

    def shown(self, key: tuple[str, str]) -> list[float]:
        return [t for times in self.ask("shown", list(key)) for t in times]

    def wait_shown(self, key: tuple[str, str], count: int, timeout: float) -> list[float]:
        deadline = time.monotonic() + timeout
        while True:
            found = self.shown(key)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.25)

    def stop(self) -> None:
        try:
            self.ask("stop", timeout=60)
        finally:
            for process in self.processes:
                process.join(10)
                if process.is_alive():
                    process.terminate()


def idle_cpu(room: Room, seconds: float) -> tuple[float, float, float]:
    """CPU of the delegates' processes and of the facilitator's over ``seconds`` of waiting."""
    start, boss_start, clock = room.cpu(), cpu_seconds(), time.monotonic()
    time.sleep(seconds)
    end, boss_end = room.cpu(), cpu_seconds()
    return end - start, boss_end - boss_start, time.monotonic() - clock


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.2f} ms"


def run(args: argparse.Namespace) -> dict[str, Any]:
    from qikit.apps.live_poll import INTERVAL, LivePoll

    room_environment()
    folder = tempfile.mkdtemp(prefix="qikit-poll-room-")
    schema = ""
    if args.database_url:
        schema, where = fresh_schema(args.database_url)
    else:
        where = str(Path(folder) / "workspace.db")
    boss_workspace = open_workspace(where)  # makes the tables before the delegates open it
    stamps: dict[str, float] = {}
    for name in ("send_poll", "reveal_poll"):
        inner = getattr(boss_workspace, name)

        def committed(*a: Any, _inner: Any = inner, _name: str = name) -> Any:
            found = _inner(*a)
            stamps[_name] = time.monotonic()
            return found

        setattr(boss_workspace, name, committed)

    load_before = os.getloadavg()
    place = f"PostgreSQL schema {schema}" if schema else f"SQLite {where}"
    print(
        f"{args.delegates} delegates in {args.processes} processes on {place}; "
        f"timers every {INTERVAL} s; "
        f"load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}",
        flush=True,
    )
    clock = time.monotonic()
    room = Room(where, args.delegates, args.processes, args.seed)
    print(f"Delegate pages built in {time.monotonic() - clock:.1f} s", flush=True)
    boss = LivePoll(boss_workspace, code=CODE)
    assert boss.facilitator, "the facilitator's code did not open the facilitator's view"
    watched_boss = Watched(boss, facilitator=True)
    boss.key.key = uuid.uuid4().hex  # the facilitator's browser: its timer starts
    time.sleep(3)  # every timer has ticked

    try:
        result = measure(args, room, boss, watched_boss, boss_workspace, stamps)
    finally:
        boss.close()
        room.stop()
        boss_workspace.close()
        if schema:
            drop_schema(args.database_url, schema)
    result["load_before"] = load_before
    result["load_after"] = os.getloadavg()
    return result


def measure(
    args: argparse.Namespace,
    room: Room,
    boss: Any,
    watched_boss: Watched,
    boss_workspace: Any,
    stamps: dict[str, float],
) -> dict[str, Any]:
    n = args.delegates
    out: dict[str, Any] = {}

    # 1. waiting for the first question
    delegates_cpu, boss_cpu, seconds = idle_cpu(room, args.idle)
    out["idle_waiting"] = delegates_cpu / n / (seconds / 60)
    out["idle_waiting_boss"] = boss_cpu / (seconds / 60)
    print(
        f"Waiting, no question: {out['idle_waiting']:.3f} CPU s per delegate per minute "
        f"(facilitator {out['idle_waiting_boss']:.2f})",
        flush=True,
    )

    # 2. the question
    boss.level.value, boss.number.value, boss.kind.value = args.level, args.chart, "signal"
    pressed = time.monotonic()
    poll_id = boss.send()
    out["send_press"] = time.monotonic() - pressed
    sent = stamps["send_poll"]
    found = room.wait_shown((poll_id, "open"), n, args.timeout)
    out["shown"] = [t - sent for t in found]
    out["not_shown"] = n - len(found)
    print(
        f"Question shown on {len(found)}/{n}: p50 {percentile(out['shown'], 50):.2f} s, "
        f"max {max(out['shown'], default=float('nan')):.2f} s",
        flush=True,
    )

    # 3. the answers
    start_at = time.monotonic() + 0.5
    room.ask("answer", (start_at, args.window, args.changes))
    time.sleep(max(0.0, start_at + args.window - time.monotonic()))
    while not all(room.ask("answers_done")):
        time.sleep(0.1)
    report = room.ask("report")
    presses = [page for r in report for page in r["presses"]]
    finals = Counter()
    last_change = 0.0
    answer_seconds, answer_errors = [], []
    for page in presses:
        good = [p for p in page if not p[4]]
        answer_errors += [p[4] for p in page if p[4]]
        answer_seconds += [p[2] for p in good]
        if good:
            finals[good[-1][0]] += 1
        last_change = max([last_change] + [p[1] for p in good if p[3]])
    poll = boss._poll
    expected = {poll.words(k): finals.get(k, 0) for k in poll.choice_keys}
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        tallies = list(watched_boss.tallies)
        if tallies and tallies[-1][1] == sum(finals.values()) and tallies[-1][2] == expected:
            break
        time.sleep(0.05)
    tallies = list(watched_boss.tallies)
    final_time, final_count, final_bars = tallies[-1] if tallies else (float("nan"), None, {})
    # The first redraw that showed the final tally, after which nothing else was shown.
    settled = final_time
    for when, count, bars in reversed(tallies):
        if count == final_count and bars == final_bars:
            settled = when
        else:
            break
    out["answers_given"] = sum(finals.values())
    out["presses"] = sum(len(page) for page in presses)
    out["answer_window"] = args.window
    out["tally_after_last"] = settled - last_change
    out["shown_count"] = final_count
    out["lost"] = sum(max(0, expected[w] - final_bars.get(w, 0)) for w in expected)
    out["twice"] = sum(max(0, final_bars.get(w, 0) - expected.get(w, 0)) for w in final_bars)
    if final_count != sum(expected.values()):
        out["count_mismatch"] = (final_count, sum(expected.values()))
    stored = boss_workspace.poll_answers(poll_id)
    out["stored_mismatch"] = {
        k: (stored.get(k, 0), finals.get(k, 0))
        for k in set(stored) | set(finals)
        if stored.get(k, 0) != finals.get(k, 0)
    }
    out["answer_seconds"] = answer_seconds
    out["answer_errors"] = answer_errors
    print(
        f"{out['answers_given']} answers ({out['presses']} presses); the facilitator showed "
        f"{final_count} ({final_bars}) {out['tally_after_last']:.2f} s after the last",
        flush=True,
    )

    # 4. waiting with the question open
    delegates_cpu, boss_cpu, seconds = idle_cpu(room, args.idle)
    out["idle_open"] = delegates_cpu / n / (seconds / 60)
    out["idle_open_boss"] = boss_cpu / (seconds / 60)
    print(
        f"Waiting, question open: {out['idle_open']:.3f} CPU s per delegate per minute "
        f"(facilitator {out['idle_open_boss']:.2f})",
        flush=True,
    )

    # 5. the reveal
    pressed = time.monotonic()
    boss.reveal()
    out["reveal_press"] = time.monotonic() - pressed
    revealed = stamps["reveal_poll"]
    found = room.wait_shown((poll_id, "revealed"), n, args.timeout)
    out["revealed"] = [t - revealed for t in found]
    out["not_revealed"] = n - len(found)
    time.sleep(2)

    report = room.ask("report")
    out["delegate_redraws"] = [r for part in report for r in part["redraws"]]
    quiet = sum(part["quiet_ticks"] for part in report)
    out["quiet_tick"] = sum(part["quiet_seconds"] for part in report) / max(1, quiet)
    out["errors"] = [e for part in report for e in part["errors"]] + watched_boss.errors
    out["panels"] = [p for part in report for p in part["panels"]]
    if boss.errors.value:
        out["panels"].append(boss.errors.value)
    # The facilitator's redraws of the tally while answers came in (not the send or reveal).
    out["boss_redraws"] = list(watched_boss.redraws)
    out["boss_quiet_tick"] = watched_boss.quiet_seconds / max(1, watched_boss.quiet_ticks)
    return out


def summary(args: argparse.Namespace, out: dict[str, Any]) -> None:
    n = args.delegates
    database = "PostgreSQL" if args.database_url else "SQLite"
    shown, revealed = out["shown"], out["revealed"]
    errors = len(out["errors"]) + len(out["answer_errors"]) + len(out["panels"])
    boss = out["boss_redraws"]
    redraws = out["delegate_redraws"]
    answers = out["answer_seconds"]
    print()
    print(f"## Live poll, {n} delegates, {database}, {args.processes} worker processes")
    print(
        f"load average before {' '.join(f'{v:.2f}' for v in out['load_before'])}, "
        f"after {' '.join(f'{v:.2f}' for v in out['load_after'])}"
    )
    print(
        f"question shown on {len(shown)}/{n}: p50 {percentile(shown, 50):.2f} s, "
        f"p90 {percentile(shown, 90):.2f} s, max {max(shown, default=float('nan')):.2f} s "
        f"(facilitator's send press {ms(out['send_press'])})"
    )
    print(
        f"answers: {out['answers_given']} delegates, {out['presses']} presses in "
        f"{out['answer_window']:.0f} s; choose() p50 {ms(percentile(answers, 50))}, "
        f"max {ms(max(answers, default=float('nan')))}"
    )
    print(
        f"facilitator showed the final tally {out['tally_after_last']:.2f} s after the last "
        f"answer; count shown {out['shown_count']}; lost {out['lost']}, counted twice "
        f"{out['twice']}; database against answers given: {out['stored_mismatch'] or 'same'}"
        + (f"; count text against bars {out['count_mismatch']}" if "count_mismatch" in out else "")
    )
    print(
        f"answer shown on {len(revealed)}/{n}: p50 {percentile(revealed, 50):.2f} s, "
        f"p90 {percentile(revealed, 90):.2f} s, max {max(revealed, default=float('nan')):.2f} s "
        f"(reveal press {ms(out['reveal_press'])})"
    )
    print(
        f"delegate redraws (question or answer) p50 {ms(percentile(redraws, 50))}, "
        f"max {ms(max(redraws, default=float('nan')))}; a tick that changes nothing "
        f"{ms(out['quiet_tick'])} on average"
    )
    print(
        f"facilitator's redraws ({len(boss)}) p50 {ms(percentile(boss, 50))}, "
        f"max {ms(max(boss, default=float('nan')))}; a quiet tick {ms(out['boss_quiet_tick'])}"
    )
    print(
        f"CPU while waiting, per delegate per minute: {out['idle_waiting']:.3f} s with no "
        f"question, {out['idle_open']:.3f} s with a question open (facilitator "
        f"{out['idle_waiting_boss']:.2f} / {out['idle_open_boss']:.2f} s per minute)"
    )
    print(f"errors: {errors}")
    for error in (out["errors"] + out["answer_errors"] + out["panels"])[:10]:
        print(f"  {error}")
    print()
    print(
        "| Delegates | database | question shown p50 | p90 | max | all answers on the "
        "facilitator's bars after the last | answer shown p50 | p90 | max | lost / twice | "
        "errors | CPU per delegate per minute waiting (no question / open) | facilitator "
        "redraw p50 / max |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {n} | {database} | {percentile(shown, 50):.2f} s | {percentile(shown, 90):.2f} s | "
        f"{max(shown, default=float('nan')):.2f} s | {out['tally_after_last']:.2f} s | "
        f"{percentile(revealed, 50):.2f} s | {percentile(revealed, 90):.2f} s | "
        f"{max(revealed, default=float('nan')):.2f} s | {out['lost']} / {out['twice']} | "
        f"{errors} | {out['idle_waiting']:.3f} s / {out['idle_open']:.3f} s | "
        f"{ms(percentile(boss, 50))} / {ms(max(boss, default=float('nan')))} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=100)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    parser.add_argument("--window", type=float, default=10.0, help="seconds to answer in")
    parser.add_argument(
        "--changes", type=float, default=0.1, help="share of delegates who press twice"
    )
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of each idle phase")
    parser.add_argument("--level", type=int, default=1)
    parser.add_argument("--chart", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()
    out = run(args)
    summary(args, out)
    bad = out["lost"] or out["twice"] or out["not_shown"] or out["not_revealed"]
    return 1 if bad or out["errors"] or out["answer_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
