"""The facilitator's room view: a card per team, on one page, for a projector.

The page asks for the facilitator's code first (a team's join code shows that team's own card
only: what the facilitator sees about it); on a personal workspace it shows every team at once.
Each card (:mod:`qikit.room.cards`) shows the team's aim, its family of measures with their
variation icons, the PDSA cycles run this month and their size, when it last saved and the
coaching prompts. "Open" shows the team's whole thread below, read only. A daemon timer asks the
workspace every few seconds whether anything was saved (:meth:`RoomApp.refresh`) and redraws
only the cards of the teams that saved.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import threading
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from qikit import coaching, icons, thread
from qikit.apps.coaching_view import STYLE as PROMPT_STYLE
from qikit.apps.coaching_view import card_html
from qikit.apps.common import ChartView, ErrorPanel, guarded, plain_message
from qikit.apps.team_access import Viewer, is_facilitator_code, viewer
from qikit.errors import DataError
from qikit.improve import DriverDiagram
from qikit.room import cards as room
from qikit.room.cards import ALL, TeamCard

log = logging.getLogger("qikit.apps")

#: Seconds between two looks at the workspace.
EVERY = 2.0
#: Prompts shown on a card; the rest are in the team's thread.
CARD_PROMPTS = 3
#: A card's width: room for a small chart; two cards side by side on a 1366-pixel screen,
#: three on a 1920-pixel projector, one on a narrow screen (never wider than the page).
CARD_WIDTH = "540px"
STYLE = (
    PROMPT_STYLE
    + """<style>
.qikit-room-grid { gap: 0.8em; }
.qikit-room-card {
  border: 2px solid #425563; border-radius: 6px; padding: 0.4em 0.9em 0.8em;
  box-sizing: border-box; background: #ffffff; font-size: 1.1rem; line-height: 1.4;
}
.qikit-room-card h3 { font-size: 1.45rem; margin: 0.2em 0; }
.qikit-room-card p { margin: 0.25em 0; }
.qikit-room-card .qikit-room-meta { color: #425563; }
.qikit-room-measure { display: flex; align-items: center; gap: 0.5em; margin-top: 0.5em; }
.qikit-room-measure img { flex: none; }
.qikit-room-count { font-size: 1.3rem; font-weight: bold; }
.qikit-room-thread { font-size: 1.1rem; line-height: 1.45; max-width: 62em; }
.qikit-room-thread h3 { font-size: 1.35rem; }
</style>"""
)
OWN_TEAM_ONLY = (
    "With the facilitator's code this page shows every team at once. With your team's code it "
    "shows your own team's card: what the facilitator sees about your team, with the "
    "questions a coach would ask. Your team's work itself is in the other workbooks."
)
WRONG_CODE = (
    "That is not the facilitator's code. Check it with the person who started the server "
    "(it was given when the server started)."
)


class Ticker:
    """Calls ``work`` every ``every`` seconds on a daemon timer thread, until :meth:`stop`.

    An error in ``work`` is logged and the next call still comes; the thread never keeps the
    kernel from ending.
    """

    def __init__(self, work: Callable[[], Any], every: float = EVERY) -> None:
        self.work = work
        self.every = every
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self.running = False

    def start(self, first: float | None = None) -> None:
        """Start calling ``work``: the first time after ``first`` seconds (else ``every``)."""
        with self._lock:
            self.running = True
            self._schedule(self.every if first is None else first)

    def _schedule(self, delay: float) -> None:
        self._timer = threading.Timer(delay, self._run)
        self._timer.daemon = True
        self._timer.start()

    def _run(self) -> None:
        try:
            self.work()
        except Exception:  # noqa: BLE001 - the next look still comes
            log.exception("The room view could not look for new saves")
        with self._lock:
            if self.running:
                self._schedule(self.every)

    def stop(self) -> None:
        with self._lock:
            self.running = False
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None


def icon_html(kind: str, size: int = 40) -> str:
    """A variation icon as a picture with its words as alternative text."""
    words = html.escape(icons.VARIATION_WORDS.get(kind, ""), quote=True)
    picture = icons.data_url(icons.variation(kind, size=size))
    return f'<img src="{picture}" alt="{words}" title="{words}" width="{size}" height="{size}">'


def measure_heading(measure: room.MeasureCard) -> str:
    role = f" ({html.escape(measure.role)} measure)" if measure.role else ""
    icon = icon_html(measure.variation) if measure.variation else ""
    said = measure.variation_words.split(":")[0] if measure.variation else measure.note
    return (
        f'<div class="qikit-room-measure">{icon}<div><strong>{html.escape(measure.name)}'
        f"</strong>{role}<br>{html.escape(said)}</div></div>"
    )


def card_top_html(card: TeamCard) -> str:
    """The card's words above its charts: team, trust, work stream, aim, last change."""
    where = (
        " \u00b7 ".join(part for part in (card.trust, card.work_stream_name) if part)
        or "Trust and work stream not given"
    )
    project = f" ({html.escape(card.project)})" if card.project else ""
    return (
        f"<h3>{html.escape(card.team)}</h3>"
        f'<p class="qikit-room-meta">{html.escape(where)}</p>'
        f"<p><strong>Aim{project}:</strong> {html.escape(card.aim)}</p>"
        f'<p class="qikit-room-meta">Last change: {html.escape(card.last_change)}</p>'
    )


def cycles_html(cycles: list[room.CycleCard], heading: str = "PDSA cycles this month") -> str:
    if not cycles:
        return f"<p><strong>{heading}:</strong> none.</p>"
    items = "".join(f"<li>{html.escape(c.words())}</li>" for c in cycles)
    return f"<p><strong>{heading}: {len(cycles)}</strong></p><ul>{items}</ul>"


def card_bottom_html(card: TeamCard) -> str:
    """The card's words below its charts: cycles this month and the most pressing prompts."""
    if not card.project_id:
        return "<p>Nothing saved yet: the team has not opened a project.</p>"
    shown = card.prompts[:CARD_PROMPTS]
    more = len(card.prompts) - len(shown)
    extra = f"<p>And {more} more: open the team to see them.</p>" if more > 0 else ""
    return (
        cycles_html(card.cycles)
        + "<p><strong>What a coach would ask</strong></p>"
        + coaching.as_html(shown)
        + extra
    )


class CardView(widgets.VBox):
    """One team's card, redrawn in place by :meth:`show`; ``draws`` counts the redraws."""

    def __init__(self, card: TeamCard, on_open: Callable[[str], None]) -> None:
        self.card = card
        self.draws = 0
        self.top = widgets.HTML()
        self.measures = widgets.VBox()
        self.bottom = widgets.HTML()
        self.open_button = widgets.Button(
            description="Open",
            tooltip="Show this team's whole thread in place of the cards, read only",
            layout=widgets.Layout(width="auto"),
        )
        self.open_button.on_click(lambda _: on_open(self.card.team_id))
        self.open_button.add_class("qikit-room-open")
        self._charts: list[tuple[str, ChartView | None]] = []
        super().__init__(
            [self.top, self.measures, self.bottom, self.open_button],
            layout=widgets.Layout(width=CARD_WIDTH, max_width="100%"),
        )
        self.add_class("qikit-room-card")
        self.show(card)

    def show(self, card: TeamCard) -> None:
        """Draw the card (its charts redrawn in place when the measures are the same)."""
        self.card = card
        self.draws += 1
        self.top.value = card_top_html(card)
        self.open_button.description = f"Open {card.team}"
        self.open_button.disabled = not card.project_id
        layout = [(m.measure_id, m.chart is not None) for m in card.measures]
        if layout and layout == [(k, v is not None) for k, v in self._charts]:
            for measure, (_, view), part in zip(
                card.measures, self._charts, self.measures.children, strict=True
            ):
                part.children[0].value = measure_heading(measure)
                if view is not None:
                    view.update(measure.chart)
        else:
            self._charts, parts = [], []
            for measure in card.measures:
                view = ChartView(measure.chart) if measure.chart is not None else None
                self._charts.append((measure.measure_id, view))
                heading = widgets.HTML(measure_heading(measure))
                parts.append(widgets.VBox([heading, *([view] if view else [])]))
            if not parts and card.project_id:
                parts = [widgets.HTML("<p>No measures planned yet.</p>")]
            self.measures.children = parts
        self.bottom.value = card_bottom_html(card)


def diagram_html(diagram: DriverDiagram | None) -> str:
    """A driver diagram as a short list: primary drivers, their secondary drivers, ideas."""
    if diagram is None or not (diagram.primary or diagram.change_ideas):
        return "<p>No driver diagram saved yet.</p>"
    drivers = "".join(
        f"<li>{html.escape(p.text)}"
        + (
            "<ul>" + "".join(f"<li>{html.escape(s.text)}</li>" for s in p.secondary) + "</ul>"
            if p.secondary
            else ""
        )
        + "</li>"
        for p in diagram.primary
    )
    ideas = "".join(f"<li>{html.escape(c.text)}</li>" for c in diagram.change_ideas)
    return (
        f"<p><strong>Primary drivers</strong> (with their secondary drivers)</p><ul>{drivers}</ul>"
        + (f"<p><strong>Change ideas</strong></p><ul>{ideas}</ul>" if ideas else "")
    )


def all_cycles_html(cycles: list[Any]) -> str:
    """Every PDSA cycle of the project as a table: cycle, change idea, size, dates, decision."""
    if not cycles:
        return "<p>No PDSA cycles recorded yet.</p>"
    rows = []
    for c in cycles:
        when = room.uk_date(c.start_date) if c.start_date else "not given"
        end = room.uk_date(c.end_date) if c.end_date else ""
        rows.append(
            f"<tr><td>{c.cycle_number}</td><td>{html.escape(c.change_idea)}</td>"
            f"<td>{html.escape(room.cycle_size(c))}</td><td>{when}</td><td>{end}</td>"
            f"<td>{html.escape(c.act_decision.capitalize())}</td></tr>"
        )
    return (
        '<table class="qikit-table"><thead><tr><th scope="col">Cycle</th>'
        '<th scope="col">Change tested</th><th scope="col">Size</th><th scope="col">Began</th>'
        '<th scope="col">Ended</th><th scope="col">Decision</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


class ThreadView(widgets.VBox):
    """One team's thread, read only: aim, driver diagram, charts with their cycles, prompts."""

    def __init__(self, workspace: Any, card: TeamCard) -> None:
        self.team_id = card.team_id
        self.back = widgets.Button(
            description="Back to every team",
            button_style="primary",
            tooltip="Show every team's card again",
            layout=widgets.Layout(width="auto"),
        )
        found = coaching.read_thread(workspace, card.project_id)
        diagrams = workspace.records(card.project_id, "driver_diagram")
        diagram = max(diagrams, key=lambda r: r.updated_at).item if diagrams else None
        parts: list[widgets.Widget] = [
            self.back,
            widgets.HTML(
                card_top_html(card).replace("<h3>", "<h2>").replace("</h3>", "</h2>")
                + "<h3>Driver diagram</h3>"
                + diagram_html(diagram)
                + "<h3>Measures and their PDSA cycles</h3>"
            ),
        ]
        for measure in thread.family(found.measures):
            weeks = len(found.table(measure))
            if weeks < thread.FEWEST_POINTS:
                words = f"{measure.name}: {room.waiting_words(weeks)}"
                parts.append(widgets.HTML(f"<p>{html.escape(words)}</p>"))
                continue
            try:
                charted = thread.measure_chart(workspace, measure.id)
            except DataError as error:
                parts.append(widgets.HTML(f"<p>{html.escape(str(error))}</p>"))
                continue
            parts.append(ChartView(charted.chart))
        parts.append(
            widgets.HTML(
                "<h3>PDSA cycles</h3>"
                + all_cycles_html(found.cycles)
                + card_html(card.prompts, card.team)
            )
        )
        super().__init__(parts)
        self.add_class("qikit-room-thread")


class RoomApp(widgets.VBox):
    """The facilitator's room: the code first, then a card per team, kept up to date."""

    def __init__(
        self,
        workspace: Any = None,
        *,
        code: str | None = None,
        every: float | None = EVERY,
        today: dt.date | None = None,
    ) -> None:
        from qikit.apps.plan_common import page_workspace

        workspace, problem = page_workspace(workspace)
        self.workspace = workspace
        self.today = today
        self.every = every
        self.errors = ErrorPanel()
        self.ticker: Ticker | None = None
        self._lock = threading.RLock()
        self._cards: dict[str, TeamCard] = {}
        self._views: dict[str, CardView] = {}
        self._stamps: dict[str, str] = {}
        self._stamp = ""
        self.opened: ThreadView | None = None
        act = guarded(self.errors)

        self.code_box = widgets.Password(
            description="Facilitator's code",
            style={"description_width": "12em"},
            layout=widgets.Layout(width="auto"),
        )
        self.code_button = widgets.Button(
            description="Open the room",
            button_style="primary",
            tooltip="Show every team's card (or, with a team's code, that team's card)",
            layout=widgets.Layout(width="auto"),
        )
        self.code_button.on_click(act(lambda _: self.enter(self.code_box.value)))
        self.gate_note = widgets.HTML()
        self.gate_note.add_class("qikit-room-gate-note")
        self.gate = widgets.VBox(
            [
                widgets.HTML(
                    "<p>Type the facilitator's code to see every team's card, or your team's "
                    "join code to see your own team's card.</p>"
                ),
                widgets.HBox([self.code_box, self.code_button]),
                self.gate_note,
            ]
        )

        self.trust = widgets.Dropdown(
            options=[ALL], description="Trust", style={"description_width": "8em"}
        )
        self.work_stream = widgets.Dropdown(
            options=[(ALL, ALL)], description="Work stream", style={"description_width": "8em"}
        )
        self.count = widgets.HTML()
        self.count.add_class("qikit-room-count")
        self.updated = widgets.HTML()
        self.grid = widgets.Box(
            layout=widgets.Layout(display="flex", flex_flow="row wrap", align_items="flex-start")
        )
        self.grid.add_class("qikit-room-grid")
        self.thread_box = widgets.VBox()
        self.filters = widgets.HBox(
            [self.trust, self.work_stream], layout=widgets.Layout(flex_flow="row wrap")
        )
        self.heading = widgets.HTML("<h2>Every team</h2>")
        self.own_note = widgets.HTML()
        self.room = widgets.VBox(
            [
                self.filters,
                self.heading,
                self.own_note,
                self.count,
                self.updated,
                self.grid,
                self.thread_box,
            ],
            layout=widgets.Layout(display="none"),
        )
        for control in (self.trust, self.work_stream):
            control.observe(act(lambda _: self.lay_out()), names="value")
        super().__init__(
            [widgets.HTML(STYLE), widgets.HTML(problem), self.errors, self.gate, self.room]
        )
        self.add_class("qikit-room")

        seen = viewer(workspace, code)
        if seen.facilitator or not seen.shared or seen.team is not None:
            self._open_room(seen)

    # ----- the code --------------------------------------------------------------------------
    @property
    def allowed(self) -> bool:
        return self.room.layout.display != "none"

    def enter(self, code: str) -> bool:
        """Open the room with the facilitator's code (every team) or a team's join code (that
        team's card only); refuse anything else in words."""
        code = (code or "").strip()
        if not code:
            raise DataError(
                "Type the facilitator's code (or your team's join code), then press 'Open the "
                "room'."
            )
        if is_facilitator_code(code):
            self.code_box.value = ""
            self._open_room(Viewer(facilitator=True))
            return True
        known = self.workspace.team_by_code(code)
        if known is None:
            self.gate_note.value = _note(WRONG_CODE)
            return False
        self.code_box.value = ""
        self._open_room(Viewer(team=known))
        return True

    def _open_room(self, seen: Viewer) -> None:
        """Show the room. Every card is read by the first :meth:`refresh`: on the timer's
        thread at once when the page keeps itself up to date (so the page shows while the
        cards arrive one by one), else here."""
        self.viewer = seen
        self.gate.layout.display = "none"
        self.gate_note.value = ""
        own_team = seen.shared and not seen.facilitator
        self.filters.layout.display = "none" if own_team else "flex"
        self.heading.value = "<h2>Your team</h2>" if own_team else "<h2>Every team</h2>"
        self.own_note.value = _note(OWN_TEAM_ONLY) if own_team else ""
        self.room.layout.display = None
        self.count.value = "<p>Reading every team's work: the cards appear one by one.</p>"
        if not self.every:
            self.refresh()
        elif self.ticker is None:
            self.ticker = Ticker(self._tick, self.every)
            self.ticker.start(first=0)

    # ----- the cards -------------------------------------------------------------------------
    def cards(self) -> list[TeamCard]:
        """Every card the room holds, by team name."""
        return sorted(self._cards.values(), key=lambda c: (c.team.casefold(), c.team_id))

    def shown(self) -> list[TeamCard]:
        """The cards of the chosen trust and work stream."""
        return room.filter_cards(self.cards(), self.trust.value, self.work_stream.value)

    def lay_out(self) -> None:
        """Fill the filters from the cards and place the chosen cards in the grid."""
        with self._lock:
            every = self.cards()
            trusts = [ALL, *room.choices(every, "trust")]
            named = [(room.stream_name(s), s) for s in room.choices(every, "work_stream")]
            streams = [(ALL, ALL), *sorted(named, key=lambda pair: pair[0].casefold())]
            if list(self.trust.options) != trusts:
                keep = self.trust.value if self.trust.value in trusts else ALL
                self.trust.options = trusts
                self.trust.value = keep
            if list(self.work_stream.options) != streams:
                values = [v for _, v in streams]
                keep = self.work_stream.value if self.work_stream.value in values else ALL
                self.work_stream.options = streams
                self.work_stream.value = keep
            shown = self.shown()
            views = [self._views[c.team_id] for c in shown]
            if list(self.grid.children) != views:
                self.grid.children = views
            total = len(every)
            words = f"{len(shown)} team{'s' if len(shown) != 1 else ''}"
            if len(shown) != total:
                words += f" (of {total})"
            if not total:
                words = "No teams yet: a team's card appears here as soon as it is started."
            self.count.value = f"<p>{html.escape(words)}</p>"
            self._say_updated()

    def _say_updated(self) -> None:
        stamp = dt.datetime.now(room.UK_TIME).strftime("%H:%M")
        text = (
            f'<p class="qikit-note">Updated {stamp}. The cards change by themselves within a '
            "few seconds of a team saving.</p>"
        )
        if self.updated.value != text:
            self.updated.value = text

    def refresh(self) -> list[str]:
        """Look for saves since the last look; redraw only the cards of the teams that saved
        (and the open thread, if its team saved). Return those teams' ids."""
        with self._lock:
            if not self.allowed:
                return []
            stamp = room.last_change(self.workspace)
            if stamp == self._stamp:
                self._say_updated()
                return []
            stamps = room.team_stamps(self.workspace)
            changed = [
                team_id
                for team_id, saved in stamps.items()
                if self._stamps.get(team_id) != saved and room.sees_team(self.viewer, team_id)
            ]
            teams = {t.id: t for t in self.workspace.teams()}
            failed = []
            for team_id in changed:
                try:
                    card = room.team_card(self.workspace, teams[team_id], today=self.today)
                except Exception:  # noqa: BLE001 - the other cards still come; this one later
                    log.exception("The room view could not read team %s", team_id)
                    failed.append(team_id)
                    stamps[team_id] = self._stamps.get(team_id, "")
                    continue
                self._cards[team_id] = card
                if team_id in self._views:
                    self._views[team_id].show(card)
                else:  # a new team (or the room's first look): its card joins the grid now
                    self._views[team_id] = CardView(card, self._open_clicked)
                    self.lay_out()
            self._stamp, self._stamps = ("" if failed else stamp), stamps
            if failed:
                names = ", ".join(teams[t].name for t in failed)
                self.errors.show(
                    f"The card of {names} could not be read just now; the page tries again "
                    "in a few seconds. The other cards are up to date."
                )
            self.lay_out()
            if self.opened is not None and self.opened.team_id in changed:
                self.open_team(self.opened.team_id)
            return [t for t in changed if t not in failed]

    def _tick(self) -> None:
        try:
            self.refresh()
        except Exception as error:  # noqa: BLE001 - said on the page in words, and logged
            log.exception("The room view could not redraw")
            self.errors.show(plain_message(error))

    # ----- one team's thread -----------------------------------------------------------------
    def _open_clicked(self, team_id: str) -> None:
        try:
            self.open_team(team_id)
        except Exception as error:  # noqa: BLE001 - said on the page in words, and logged
            log.exception("The room view could not open team %s", team_id)
            self.errors.show(plain_message(error))
        else:
            self.errors.clear()

    def open_team(self, team_id: str) -> ThreadView:
        """Show one team's thread, read only, in place of the grid."""
        with self._lock:
            card = self._cards[team_id]
            if not card.project_id:
                raise DataError(f"{card.team} has not saved anything yet.")
            view = ThreadView(self.workspace, card)
            view.back.on_click(guarded(self.errors)(lambda _: self.close_team()))
            self.opened = view
            self.thread_box.children = [view]
            self.grid.layout.display = "none"
            return view

    def close_team(self) -> None:
        """Back to every team's card."""
        with self._lock:
            self.opened = None
            self.thread_box.children = []
            self.grid.layout.display = "flex"

    def close(self) -> None:
        """Stop looking for saves and close the page's widgets."""
        if self.ticker is not None:
            self.ticker.stop()
        super().close()


def _note(text: str) -> str:
    return f'<p class="qikit-note" role="status">{html.escape(text, quote=False)}</p>'


def app(workspace: Any = None) -> RoomApp:
    """The room workbook's app."""
    return RoomApp(workspace)


__all__ = ["CardView", "RoomApp", "ThreadView", "Ticker", "app"]
