"""Live poll (workbook 15): the facilitator sends a chart and a question to every delegate's
page; delegates answer on their laptops; the answers build up on the facilitator's screen as
a bar chart; then the facilitator shows the answer and why.

Every page reads the poll from the shared workspace (:meth:`qikit.store.Workspace.current_poll`)
about once a second, on a background timer started once the page has drawn
(:class:`LiveUpdates`), and changes only what changed. Delegates are anonymous: each browser
keeps a random key (:class:`DelegateKey`), so a reload does not count an answer twice.
"""

from __future__ import annotations

import html
import logging
import os
import re
import threading
import uuid
from collections.abc import Callable
from typing import Any

import altair as alt
import anywidget
import ipywidgets as widgets
import pandas as pd
import traitlets

from qikit.apps.common import ChartView, ErrorPanel, guarded, plain_message
from qikit.apps.field_note import FieldNote
from qikit.apps.team_access import FACILITATOR_CODE_ENV, hub_facilitator, is_facilitator_code
from qikit.errors import DataError
from qikit.room import poll as polls
from qikit.store import Workspace
from qikit.teaching import trainer

log = logging.getLogger("qikit.apps")

WAITING = "Waiting for the facilitator's question: it appears here by itself, with no reload."
NOTHING_SENT = (
    "No question is in front of the room. Choose a chart and a question above, then press "
    "'Send to the room'."
)
ANSWERED = "Your answer is in. You can change it until the answer is shown."
#: How often a page looks for a new question or new answers (seconds).
INTERVAL = 1.0
#: The most answers a question offers (one button each).
MOST_CHOICES = max(len(polls.SIGNAL_CHOICES), len(trainer.RULE_WORDS), len(polls.NEXT_CHOICES))
#: Charts the facilitator can pick from each level of the trainer's bank.
BANK_SIZE = 12
SOURCES = {
    "trainer": "The trainer's charts",
    "ward": "Synthetic wards",
    "team": "Teams' own charts",
}
NHS_BLUE = "#005eb8"
GREY = "#a6a6a6"
STYLE = (
    "<style>.qikit-poll-choice{white-space:normal;height:auto;min-height:40px;"
    "text-align:left;max-width:40rem;padding:6px 12px;line-height:1.3}"
    ".qikit-poll-choices{flex-wrap:wrap;gap:8px}</style>"
)
FIELD_STYLE = {"description_width": "10em"}
#: This kernel's delegate key, used until (or unless) the browser sends its own.
KERNEL_KEY = uuid.uuid4().hex

_KEY_ESM = """
const KEY = "qikit-delegate";
function fresh() {
  try {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID().replace(/-/g, "");
    }
  } catch (error) {}
  let out = "";
  for (let i = 0; i < 32; i++) { out += Math.floor(Math.random() * 16).toString(16); }
  return out;
}
function render({ model, el }) {
  el.style.display = "none";
  let key = "";
  try { key = window.localStorage.getItem(KEY) || ""; } catch (error) {}
  if (!/^[0-9a-f]{32}$/.test(key)) {
    key = fresh();
    try { window.localStorage.setItem(KEY, key); } catch (error) {}
  }
  if (model.get("key") !== key) {
    model.set("key", key);
    model.save_changes();
  }
}
export default { render };
"""


class DelegateKey(anywidget.AnyWidget):
    """Invisible: the random key this browser keeps for the live poll (``localStorage``), sent
    once the page draws. Nothing about the delegate is in it."""

    _esm = _KEY_ESM
    key = traitlets.Unicode("").tag(sync=True)


def usable_key(key: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-f]{32}", key or ""))


class LiveUpdates:
    """Calls ``refresh`` about every ``interval`` seconds on a daemon timer thread, until
    stopped. An error is logged and told to ``on_error`` once, and the next tick tries again."""

    def __init__(
        self,
        refresh: Callable[[], Any],
        interval: float = INTERVAL,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._refresh = refresh
        self.interval = interval
        self._on_error = on_error
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._failing = False
        self.running = False

    def start(self) -> None:
        with self._lock:
            if self.running:
                return
            self.running = True
            self._schedule()

    def _schedule(self) -> None:
        self._timer = threading.Timer(self.interval, self._tick)
        self._timer.daemon = True
        self._timer.start()

    def _tick(self) -> None:
        if not self.running:
            return
        try:
            self._refresh()
            self._failing = False
        except Exception as error:  # noqa: BLE001 - the page keeps trying; details in the log
            if not self._failing:
                log.exception("The live poll could not be read")
                if self._on_error is not None:
                    self._on_error(error)
            self._failing = True
        with self._lock:
            if self.running:
                self._schedule()

    def stop(self) -> None:
        with self._lock:
            self.running = False
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None


# ----- charts -----------------------------------------------------------------------------------
def question_chart(poll: polls.Poll, result: Any) -> alt.LayerChart:
    """The chart as the room first sees it: data, centre line and limits, no signal marked."""
    from qikit.apps.trainer import unread_chart

    return unread_chart(
        result,
        title=poll.title,
        subtitle=poll.question,
        description=f"{poll.title}, for the room to read. {poll.question}",
        y_title=poll.y_title,
        dates=bool(poll.series.get("dates")),
    )


def answer_chart(poll: polls.Poll, result: Any) -> Any:
    """The chart read by its rules: signals coloured (Making Data Count colours)."""
    from qikit.plot import plot

    return plot(
        result,
        title=f"{poll.title}: the reading",
        y_title=poll.y_title or None,
        width=600,
        height=280,
    )


def whole_ticks(top: int) -> list[int]:
    """Ticks for a count axis from 0 to ``top``: whole numbers, at most about 8, in steps of
    1, 2, 5, 10, 20, 25, 50 or 100."""
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if top / s <= 8), 100)
    return list(range(0, top + 1, step))


def tally_chart(poll: polls.Poll | None, counts: dict[str, int], revealed: bool) -> alt.Chart:
    """How many gave each answer, in the order of the choices; after the reveal the right
    answer's bar is blue and labelled, the others grey."""
    if poll is None:
        rows = [{"choice": "No question yet", "answers": 0, "shade": "answers"}]
    else:
        rows = []
        for choice, count in poll.tally(counts):
            right = revealed and poll.is_right(choice.key)
            label = f"{choice.words} (right answer)" if right else choice.words
            shade = "right" if right else ("other" if revealed else "answers")
            rows.append({"choice": label, "answers": count, "shade": shade})
    frame = pd.DataFrame(rows)
    order = list(frame["choice"])
    top = max(1, int(frame["answers"].max()))
    colour = alt.Color(
        "shade:N",
        scale=alt.Scale(domain=["answers", "right", "other"], range=[NHS_BLUE, NHS_BLUE, GREY]),
        legend=None,
    )
    y = alt.Y("choice:N", sort=order, title=None, axis=alt.Axis(labelLimit=420))
    base = alt.Chart(frame).encode(y=y)
    bars = base.mark_bar().encode(
        x=alt.X(
            "answers:Q",
            title="Answers",
            scale=alt.Scale(domain=[0, top]),
            # Whole answers only: with a domain of 0 to 1 Vega would tick 0.5 and print it "1".
            axis=alt.Axis(format="d", values=whole_ticks(top)),
        ),
        color=colour,
        tooltip=[
            alt.Tooltip("choice:N", title="Answer"),
            alt.Tooltip("answers:Q", title="How many"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=16).encode(
        x=alt.X("answers:Q"), text=alt.Text("answers:Q", format="d")
    )
    total = int(frame["answers"].sum())
    return (bars + labels).properties(
        width=420,
        height=max(80, 48 * len(frame)),
        title="The room's answers",
        description=f"Bar chart of the room's answers: {total} in all. "
        + "; ".join(f"{r['choice']}: {r['answers']}" for r in rows),
    )


# ----- the app ----------------------------------------------------------------------------------
class LivePoll(widgets.VBox):
    """A delegate's page (the question, one button per answer, then the answer) or, after the
    facilitator's code, the facilitator's (choose, send, watch the answers, show the answer)."""

    facilitator = traitlets.Bool(False)
    poll_id = traitlets.Unicode("")
    state = traitlets.Unicode("")

    def __init__(
        self,
        workspace: Workspace | None = None,
        *,
        code: str | None = None,
        delegate: str | None = None,
        interval: float = INTERVAL,
    ) -> None:
        from qikit.apps.plan_common import page_query, page_workspace

        workspace, problem = page_workspace(workspace)
        self.workspace = workspace
        self.delegate = delegate or KERNEL_KEY
        self._lock = threading.RLock()
        self._shown: tuple[str, str] | None = None
        self._counts: dict[str, int] | None = None
        self._poll: polls.Poll | None = None
        self._result: Any = None
        self.errors = ErrorPanel()
        act = guarded(self.errors)
        self.live = LiveUpdates(self.refresh, interval, on_error=self._read_failed)
        self.key = DelegateKey()
        self.key.observe(act(self._key_arrived), names="key")

        # ----- what every page shows: the question in front of the room ----------------------
        self.status = widgets.HTML(f'<p class="qikit-note" role="status">{WAITING}</p>')
        self.chart = ChartView(tally_chart(None, {}, False))
        self.chart.layout.display = "none"
        # A chart joins the page only when there is something to draw: a hidden chart would
        # still be drawn by the browser, and read as one by a screen reader's list of images.
        self.chart_slot = widgets.Box()
        self.question = widgets.HTML()
        self.buttons = [
            widgets.Button(layout=widgets.Layout(width="auto", height="auto", display="none"))
            for _ in range(MOST_CHOICES)
        ]
        for n, button in enumerate(self.buttons):
            button.add_class("qikit-poll-choice")
            button.on_click(act(self._pressed(n)))
        self.choices = widgets.HBox(self.buttons, layout=widgets.Layout(flex_flow="row wrap"))
        self.choices.add_class("qikit-poll-choices")
        self.answered = widgets.HTML()
        self.answered.add_class("qikit-poll-answered")
        self.answer = widgets.HTML()
        self.answer.add_class("qikit-poll-answer")

        # ----- the facilitator's code ---------------------------------------------------------
        self.code = widgets.Password(
            description="Facilitator code",
            placeholder="only for whoever runs the session",
            style=FIELD_STYLE,
        )
        self.code_button = widgets.Button(
            description="Open the facilitator's view", layout=widgets.Layout(width="auto")
        )
        self.code_note = FieldNote()
        self.code_button.on_click(act(lambda _: self.open_facilitator(self.code.value)))
        self.door = widgets.VBox(
            [
                widgets.HTML("<h3>For the facilitator</h3>"),
                widgets.HBox([self.code, self.code_button]),
                self.code_note,
            ]
        )

        # ----- the facilitator's controls -----------------------------------------------------
        self.source = widgets.ToggleButtons(
            options=[(words, key) for key, words in SOURCES.items()],
            value="trainer",
            description="Charts from",
            style={"button_width": "auto", **FIELD_STYLE},
        )
        self.level = widgets.Dropdown(
            options=[(f"Level {k}: {v[0]}", k) for k, v in trainer.LEVELS.items()],
            value=1,
            description="Level",
            style=FIELD_STYLE,
        )
        self.number = widgets.Dropdown(
            options=[(f"Chart {n}", n) for n in range(1, BANK_SIZE + 1)],
            value=1,
            description="Chart",
            style=FIELD_STYLE,
        )
        self.ward = widgets.Dropdown(description="Ward and measure", style=FIELD_STYLE)
        self.team_chart = widgets.Dropdown(description="Team and measure", style=FIELD_STYLE)
        self.team_note = widgets.HTML()
        self.kind = widgets.Dropdown(
            options=[(words, key) for key, words in polls.KINDS.items()],
            value="signal",
            description="Question",
            style=FIELD_STYLE,
        )
        self.send_button = widgets.Button(
            description="Send to the room",
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.send_note = FieldNote()
        self.count = widgets.HTML()
        self.bars = ChartView(tally_chart(None, {}, False))
        self.bars_slot = widgets.Box()  # the bars join the page with the facilitator's view
        self.reveal_button = widgets.Button(
            description="Show the answer", disabled=True, layout=widgets.Layout(width="auto")
        )
        self.next_button = widgets.Button(
            description="Next question", disabled=True, layout=widgets.Layout(width="auto")
        )
        self.source.observe(act(lambda _: self._show_source()), names="value")
        self.send_button.on_click(act(lambda _: self.send()))
        self.reveal_button.on_click(act(lambda _: self.reveal()))
        self.next_button.on_click(act(lambda _: self.next_question()))
        self.trainer_row = widgets.HBox([self.level, self.number])
        self.controls = widgets.VBox(
            [
                widgets.HTML(
                    "<h2>Ask the room</h2><p>Choose a chart and a question, then press "
                    "<em>Send to the room</em>. Every delegate's page shows it at once; their "
                    "answers build up below, and nobody's name is kept.</p>"
                ),
                self.source,
                self.trainer_row,
                self.ward,
                self.team_chart,
                self.team_note,
                self.kind,
                self.send_button,
                self.send_note,
            ]
        )
        self.room = widgets.VBox(
            [
                widgets.HTML("<h2>The room's answers</h2>"),
                self.count,
                self.bars_slot,
                widgets.HBox([self.reveal_button, self.next_button]),
            ]
        )
        self.controls.layout.display = self.room.layout.display = "none"

        super().__init__(
            [
                widgets.HTML(STYLE),
                self.key,
                widgets.HTML(problem),
                self.controls,
                self.status,
                self.chart_slot,
                self.question,
                self.choices,
                self.answered,
                self.answer,
                self.room,
                self.errors,
                self.door,
            ]
        )
        self.add_class("qikit-live-poll")
        typed = code if code is not None else page_query().get("team", "")
        if hub_facilitator() or is_facilitator_code(typed):
            self._become_facilitator()
        self.refresh()

    # ----- the live part ---------------------------------------------------------------------
    def refresh(self) -> bool:
        """Read the poll in front of the room and change the page only where it changed;
        return whether anything changed. The timer thread calls this about once a second."""
        with self._lock:
            found = self.workspace.current_poll()
            seen = (found[0], found[2]) if found else None
            changed = seen != self._shown
            if changed:
                self._show_poll(found)
                self._shown = seen
            if self.facilitator:
                counts = self.workspace.poll_answers(found[0]) if found else {}
                if changed or counts != self._counts:
                    self._show_tally(counts)
                    changed = True
            return changed

    def _key_arrived(self, change: dict) -> None:
        """The browser sent its key: answers count by it from now on, and the page starts
        looking for the facilitator's questions by itself."""
        if usable_key(change["new"]):
            with self._lock:
                old = self.delegate
                self.delegate = change["new"]
                if self.poll_id and old != self.delegate:
                    self._shown = None  # show this browser's own answer, if it gave one
            self.live.start()
            self.refresh()

    def _read_failed(self, error: BaseException) -> None:
        self.errors.show(
            "This page could not read the facilitator's question just now. It keeps trying; "
            "if nothing changes, reload the page."
        )

    def close(self) -> None:
        self.live.stop()
        super().close()

    # ----- every page ------------------------------------------------------------------------
    def _show_poll(self, found: tuple[str, polls.Poll, str] | None) -> None:
        if found is None:
            self.poll_id, self.state = "", ""
            self._poll = self._result = None
            waiting = NOTHING_SENT if self.facilitator else WAITING
            self.status.value = f'<p class="qikit-note" role="status">{waiting}</p>'
            self.status.layout.display = None
            self.chart.layout.display = "none"
            self.chart_slot.children = ()
            self.question.value = self.answer.value = ""
            self._show_choices(None, False)
            return
        poll_id, poll, state = found
        if poll_id != self.poll_id or self._result is None:
            self._poll, self._result = poll, poll.result()
        self.poll_id, self.state = poll_id, state
        self.status.layout.display = "none"
        self.status.value = ""
        revealed = state == "revealed"
        drawn = answer_chart(poll, self._result) if revealed else question_chart(poll, self._result)
        self.chart.update(drawn)
        self.chart.layout.display = None
        self.chart_slot.children = (self.chart,)
        self.question.value = f"<h2>{html.escape(poll.question)}</h2>"
        self._show_choices(poll, revealed)
        self.answer.value = self._answer_html(poll) if revealed else ""

    def _show_choices(self, poll: polls.Poll | None, revealed: bool) -> None:
        mine = self.workspace.poll_answer(self.poll_id, self.delegate) if poll else None
        shown = list(poll.choices) if poll is not None and not self.facilitator else []
        for n, button in enumerate(self.buttons):
            if n < len(shown):
                words = shown[n].words
                button.description = button.tooltip = words
                button.button_style = "primary" if shown[n].key == mine else ""
                button.disabled = revealed
                button.layout.display = None
            else:
                button.layout.display = "none"
        if not shown or revealed:
            self.answered.value = ""
        elif mine:
            self.answered.value = (
                f'<p class="qikit-note" role="status">{ANSWERED} You chose: '
                f"<strong>{html.escape(poll.words(mine))}</strong>.</p>"
            )
        else:
            self.answered.value = '<p class="qikit-note">Press the answer you think is right.</p>'

    def _pressed(self, n: int) -> Callable[[Any], None]:
        def press(_: Any) -> None:
            if self._poll is not None and n < len(self._poll.choices):
                self.choose(self._poll.choices[n].key)

        return press

    def _answer_html(self, poll: polls.Poll) -> str:
        mine = None if self.facilitator else self.workspace.poll_answer(self.poll_id, self.delegate)
        parts = [f"<p><strong>The answer:</strong> {html.escape(poll.right_words)}.</p>"]
        if mine is not None:
            verdict = "right" if poll.is_right(mine) else "not this time"
            style = "qikit-right" if poll.is_right(mine) else "qikit-wrong"
            parts.append(
                f'<p class="{style}"><strong>Your answer:</strong> '
                f"{html.escape(poll.words(mine))}: {verdict}.</p>"
            )
        elif not self.facilitator:
            parts.append("<p>You did not answer this one.</p>")
        why = poll.feedback.get(mine or "", "") or poll.explanation
        parts.append(f"<p><strong>Why:</strong> {html.escape(why)}</p>")
        return f'<div role="status" class="qikit-feedback">{"".join(parts)}</div>'

    # ----- what a delegate does -------------------------------------------------------------
    def choose(self, key: str) -> None:
        """Give (or change) this page's answer to the question in front of the room."""
        with self._lock:
            if not self.poll_id:
                raise DataError("There is no question to answer yet. " + WAITING)
            self.workspace.answer_poll(self.poll_id, self.delegate, key)
            self._show_choices(self._poll, False)

    # ----- the facilitator ------------------------------------------------------------------
    def open_facilitator(self, typed: str) -> bool:
        """Open the facilitator's view with the facilitator's code; else say why not, under
        the box."""
        from qikit.apps.plan_common import shared_workspace

        self.code_note.clear()
        configured = bool(os.environ.get(FACILITATOR_CODE_ENV, "").strip())
        if is_facilitator_code(typed) or (not configured and not shared_workspace()):
            self.code.value = ""
            self._become_facilitator()
            self.refresh()
            return True
        if not configured:
            message = (
                "No facilitator code was set when this server was started, so the "
                "facilitator's view cannot be opened here. Ask whoever started the server."
            )
        elif not typed.strip():
            message = "Type the facilitator code, then press 'Open the facilitator's view'."
        else:
            message = (
                "That is not the facilitator code. If you are a delegate, answer the question "
                "above: this part is only for whoever runs the session."
            )
        self.code.value = ""
        self.code_note.show(message)
        return False

    def _become_facilitator(self) -> None:
        with self._lock:
            self.facilitator = True
            self.door.layout.display = "none"
            self.controls.layout.display = self.room.layout.display = None
            self.bars_slot.children = (self.bars,)
            self.ward.options = polls.ward_charts()
            self.ward.index = 0 if self.ward.options else None
            self._show_source()
            self._shown = None

    def _show_source(self) -> None:
        source = self.source.value
        self.trainer_row.layout.display = None if source == "trainer" else "none"
        self.ward.layout.display = None if source == "ward" else "none"
        self.team_chart.layout.display = None if source == "team" else "none"
        self.team_note.value = ""
        self.send_note.clear()
        if source == "team":
            self.team_chart.options = polls.team_charts(self.workspace)
            self.team_chart.index = 0 if self.team_chart.options else None
            if not self.team_chart.options:
                self.team_note.value = (
                    '<p class="qikit-note">No team has shared a project with charted weeks '
                    "with the collaborative yet. A team shares its project from its storyboard; "
                    "only then are its charts offered here.</p>"
                )

    def chosen_poll(self) -> polls.Poll:
        """The poll the facilitator's choices describe."""
        source, kind = self.source.value, self.kind.value
        if source == "trainer":
            return polls.from_trainer(self.level.value, self.number.value, kind)
        if source == "ward":
            if self.ward.value is None:
                raise DataError("Choose a ward and measure first.")
            return polls.from_ward(*self.ward.value, kind=kind)
        if self.team_chart.value is None:
            raise DataError("Choose a team's chart first (only shared projects are offered).")
        return polls.from_team(self.workspace, self.team_chart.value, kind)

    def send(self) -> str | None:
        """Send the chosen chart and question to every delegate's page."""
        self._need_facilitator()
        self.send_note.clear()
        try:
            poll = self.chosen_poll()
        except DataError as error:
            self.send_note.show(str(error))
            return None
        with self._lock:
            poll_id = self.workspace.send_poll(poll)
            self.refresh()
        return poll_id

    def reveal(self) -> None:
        """Show the answer on every page; answers stop changing."""
        self._need_facilitator()
        with self._lock:
            if self.poll_id:
                self.workspace.reveal_poll(self.poll_id)
            self.refresh()

    def next_question(self) -> None:
        """Take the question away from the room and move to the next chart of the bank."""
        self._need_facilitator()
        with self._lock:
            if self.poll_id:
                self.workspace.close_poll(self.poll_id)
            if self.source.value == "trainer" and self.number.value < BANK_SIZE:
                self.number.value += 1
            self.refresh()

    def _need_facilitator(self) -> None:
        if not self.facilitator:
            raise DataError("Only the facilitator can send, show or end a question.")

    def _show_tally(self, counts: dict[str, int]) -> None:
        self._counts = counts
        poll = self._poll
        revealed = self.state == "revealed"
        total = sum(counts.values())
        if poll is None:
            self.count.value = (
                '<p class="qikit-note" role="status">No question is in front of the room.</p>'
            )
        else:
            many = "answer" if total == 1 else "answers"
            self.count.value = (
                f'<p class="qikit-poll-count" role="status" aria-live="polite">'
                f"<strong>{total} {many}</strong> so far.</p>"
            )
        self.bars.update(tally_chart(poll, counts, revealed))
        self.reveal_button.disabled = poll is None or revealed
        self.next_button.disabled = poll is None


def app(workspace: Workspace | None = None) -> widgets.Widget:
    """The live poll of workbook 15."""
    try:
        return LivePoll(workspace)
    except Exception as error:  # noqa: BLE001 - the page says what happened in words
        log.exception("The live poll could not start")
        return widgets.HTML(
            '<div role="alert" class="qikit-alert"><strong>The live poll could not start.'
            f"</strong> {html.escape(plain_message(error))}</div>"
        )
