"""The collaborative dashboard's app: every team's measures, signals, funnel, scores, timeline."""

from __future__ import annotations

import html
from functools import cache

import altair as alt
import ipywidgets as widgets
import pandas as pd

from qikit import icons
from qikit.apps.coaching_view import PromptCache, card_html
from qikit.apps.common import ChartView, ErrorPanel, guarded
from qikit.collaborative import charts, dashboard, funnel, own_team, signals
from qikit.collaborative.words import column_meaning, measure_label
from qikit.data.change_package import MEASURES
from qikit.errors import DataError
from qikit.storyboard.render import chart_svg, data_url
from qikit.thread import OWN_DATA

ALL = "All"
STYLE = {"description_width": "10em"}
PERIODS = {
    "Whole collaborative": None,
    "Pre-work (baseline)": "pre-work",
    "Last action period": "last",
}
#: Allowing for wards that differ more than chance (Spiegelhalter 2005), in words on the buttons:
#: off; the spread between wards added to each ward's own (random effects, additive); or every
#: limit widened by one factor (multiplicative).
OVERDISPERSION = {
    "Off": None,
    "Added spread (usual)": "additive",
    "Widened limits": "multiplicative",
}
OVERDISPERSION_TIPS = [
    "Limits from chance alone",
    "The spread between wards is added to each ward's own chance spread",
    "Every limit is widened by the same factor",
]


@cache
def synthetic_dashboard() -> dashboard.Dashboard:
    """The synthetic collaborative's dashboard (built once per session)."""
    return dashboard.from_datasets()


def measure_words(column: str) -> str:
    """A measure as the data dictionary names it ("Restraint", "NEWS2 sets complete")."""
    return measure_label(column)


def signal_table_html(table: pd.DataFrame) -> str:
    """Wards x measures: special cause since the change, with the Making Data Count icons."""
    if table.empty:
        return "<p>No ward matches these filters.</p>"
    rows = []
    table = table.assign(_own=table["trust"] != OWN_DATA)  # our own rows first
    if "measure_name" not in table:
        table = table.assign(measure_name="")
    table = table.assign(measure_name=table["measure_name"].fillna(""))
    for row in table.sort_values(["_own", "ward", "measure"]).itertuples(index=False):
        variation = icons.variation(row.variation_icon, size=32)
        words = icons.VARIATION_WORDS.get(row.variation_icon, row.variation_icon)
        picture = f'<img src="{icons.data_url(variation)}" alt="{html.escape(words)}">'
        named = row.measure_name or measure_words(row.measure)
        rows.append(
            f'<tr><th scope="row">{html.escape(row.ward)}</th><td>{html.escape(row.trust)}</td>'
            f"<td>{html.escape(named)} ({html.escape(row.measure_role)})"
            f"</td><td>{html.escape(row.signal)}</td><td>{picture}</td></tr>"
        )
    return (
        '<table class="qikit-table"><thead><tr><th scope="col">Ward</th>'
        '<th scope="col">Trust</th><th scope="col">Measure</th>'
        '<th scope="col">Special cause since the change</th>'
        '<th scope="col">Latest point</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def funnel_rows(board: dashboard.Dashboard, column: str, period: str | None) -> pd.DataFrame:
    """The weekly rows for a funnel plot over a period of the collaborative."""
    weekly = board.weekly[board.weekly[column].notna()]
    phases = board.timeline
    if period == "pre-work":
        last = int(phases.loc[phases["kind"] == "pre-work", "last_week"].iloc[0])
        weekly = weekly[weekly["week"] <= last]
    elif period == "last":
        first = int(phases.loc[phases["kind"] == "action period", "first_week"].iloc[-1])
        weekly = weekly[weekly["week"] >= first]
    return weekly.merge(board.wards[["ward_id", "ward"]], on="ward_id")


def funnel_view(
    board: dashboard.Dashboard, column: str, period: str | None, overdispersion: str | None
) -> alt.LayerChart:
    measure = MEASURES[column]
    rate = measure.chart == "u"
    result = funnel.funnel(
        funnel_rows(board, column, period),
        numerator=column,
        denominator=measure.denominator,
        unit="ward",
        kind="rate" if rate else "proportion",
        overdispersion=overdispersion,
        multiply=1000 if rate else 100,
    )
    unit = "per 1,000 occupied bed days" if rate else "(%)"
    y_title = f"{measure_words(column)} {unit}"
    x_title = column_meaning(measure.denominator)
    return charts.funnel_chart(result, measure_words(column), y_title, x_title)


def static_chart(chart: alt.TopLevelMixin) -> widgets.HTML:
    """A chart that never changes, drawn once as an SVG picture with its description as alt text.

    Each live chart loads the whole Vega library in the browser; charts that do not respond to
    any control are pictures instead, so the page opens faster on a busy laptop.
    """
    spec = chart.to_dict()
    words = html.escape(str(spec.get("description", "")), quote=True)
    picture = data_url(chart_svg(spec))
    return widgets.HTML(f'<figure class="qikit-static-chart"><img src="{picture}" alt="{words}">'
                        "</figure>")  # fmt: skip


def empty_chart(message: str) -> alt.Chart:
    return (
        alt.Chart(pd.DataFrame({"message": [message]}))
        .mark_text(fontSize=16)
        .encode(text="message:N")
        .properties(width=560, height=80, description=message)
    )


class DashboardApp(widgets.VBox):
    """Filters by trust, work stream and measure; small multiples, signals, funnel, scores."""

    def __init__(
        self, board: dashboard.Dashboard | None = None, workspace=None, today=None
    ) -> None:
        self.board = board or synthetic_dashboard()
        self._workspace = workspace
        self._prompts = PromptCache(today)  # the coaching prompts of the team shown, per project
        self.errors = ErrorPanel()
        self.include_own = widgets.Checkbox(
            value=False, description="Include our team's measures", indent=False
        )
        self.include_own.add_class("qikit-include-own")
        self.own_team = widgets.Dropdown(
            options=[], description="Our team", style=STYLE, layout=widgets.Layout(display="none")
        )
        self.own_team.add_class("qikit-own-team")
        self.own_errors = ErrorPanel()
        self.own_note = widgets.HTML()
        self.own_prompts = widgets.HTML()  # the card of the team's coaching prompts
        self.own_prompts.add_class("qikit-own-prompts")
        self.trust = widgets.Dropdown(
            options=[ALL, *self.board.trusts()], description="Trust", style=STYLE
        )
        self.work_stream = widgets.Dropdown(
            options=[(ALL, ALL)] + [(w[:1].upper() + w[1:], w) for w in self.board.work_streams()],
            description="Work stream",
            style=STYLE,
        )
        self.measure = widgets.Dropdown(
            options=[(ALL, ALL)] + [(measure_words(m), m) for m in self.board.measures()],
            description="Measure",
            style=STYLE,
        )
        self.table = widgets.HTML()
        self.small = ChartView(empty_chart("Loading"))
        self.funnel_measure = widgets.Dropdown(
            options=[(measure_words(m), m) for m in MEASURES if m in self.board.weekly],
            value="restraint_episodes",
            description="Compare wards on",
            style=STYLE,
        )
        self.period = widgets.Dropdown(options=list(PERIODS), description="Period", style=STYLE)
        self.overdispersion = widgets.ToggleButtons(
            options=list(OVERDISPERSION),
            value="Added spread (usual)",
            tooltips=OVERDISPERSION_TIPS,
            description="Over-dispersion",
            style={"description_width": "10em"},
        )
        self.funnel_errors = ErrorPanel()
        self.funnel = ChartView(empty_chart("Loading"))
        names = dict(zip(self.board.wards["ward_id"], self.board.wards["ward"], strict=True))
        self.scores = static_chart(charts.assessment_chart(self.board.assessments, names))
        starts = self.board.pdsa.groupby("ward_id", as_index=False)["start_week"].min()
        starts["ward"] = starts["ward_id"].map(names)
        self.timeline = static_chart(charts.timeline_chart(self.board.timeline, starts))
        scale = "".join(
            f"<tr><td>{s:.1f}</td><td>{html.escape(label)}</td><td>{html.escape(meaning)}</td></tr>"
            for s, label, meaning in dashboard.assessment.SCALE
        )
        self.scale = widgets.HTML(
            '<details><summary>The IHI Assessment Scale</summary><table class="qikit-table">'
            '<thead><tr><th scope="col">Score</th><th scope="col">Label</th>'
            f'<th scope="col">Meaning</th></tr></thead><tbody>{scale}</tbody></table></details>'
        )
        self.redraw()
        self.redraw_funnel()

        self._choosing = False

        @guarded(self.errors)
        def on_filter(_: dict) -> None:
            if not self._choosing:
                self.redraw()

        @guarded(self.funnel_errors)
        def on_funnel(_: dict) -> None:
            self.redraw_funnel()

        @guarded(self.own_errors)
        def on_include(_: dict) -> None:
            self.choose_own_team()
            self.redraw()

        for control in (self.trust, self.work_stream, self.measure, self.own_team):
            control.observe(on_filter, names="value")
        self.include_own.observe(on_include, names="value")
        for control in (self.funnel_measure, self.period, self.overdispersion):
            control.observe(on_funnel, names="value")
        super().__init__(
            [
                widgets.HTML("<h2>Every team's measures</h2>"),
                self.trust,
                self.work_stream,
                self.measure,
                self.include_own,
                self.own_team,
                self.own_errors,
                self.own_note,
                self.errors,
                self.small,
                self.own_prompts,
                widgets.HTML("<h2>Which teams show special-cause improvement?</h2>"),
                self.table,
                widgets.HTML("<h2>Comparing wards: a funnel plot</h2>"),
                self.funnel_measure,
                self.period,
                self.overdispersion,
                self.funnel_errors,
                self.funnel,
                widgets.HTML("<h2>Progress on the IHI Assessment Scale</h2>"),
                self.scale,
                self.scores,
                widgets.HTML("<h2>The collaborative's timeline</h2>"),
                self.timeline,
            ]
        )

    @property
    def workspace(self):
        """The team workspace, opened when the switch first asks for it."""
        if self._workspace is None:
            from qikit.store import open_workspace

            self._workspace = open_workspace()
        return self._workspace

    def choose_own_team(self) -> None:
        """Offer the workspace's teams with charted measures when the switch is on."""
        self._prompts.forget()  # switched on again: the team's data as it is now
        if not self.include_own.value:
            self.own_team.layout.display = "none"
            self.own_note.value = self.own_prompts.value = ""
            return
        from qikit.apps.plan_common import starting_project
        from qikit.apps.team_access import viewer

        seen = viewer(self.workspace)
        options = own_team.teams_with_charts(self.workspace, seen)
        self.own_team.layout.display = "flex" if options else "none"
        if not options:
            self.own_team.options = []
            self.own_note.value = (
                '<p class="qikit-note" role="status">No team in this workspace has a measure '
                "with 2 or more weeks of data yet. Plan a measure in the measurement strategy "
                "workbook (04) and enter its weeks in the Our data workbook (13), or load the "
                "worked example team in the storyboard workbook (12).</p>"
            )
            return
        start = starting_project(self.workspace, seen)
        ids = [value for _, value in options]
        keep = self.own_team.value if self.own_team.value in ids else None
        self._choosing = True
        try:
            self.own_team.options = options
            self.own_team.value = keep or (start.id if start and start.id in ids else ids[0])
        finally:
            self._choosing = False

    def own_charts(self, measure: str) -> own_team.OwnCharts | None:
        """The chosen team's measures for the chosen dashboard measure, or None when off."""
        if not (self.include_own.value and self.own_team.value):
            self.own_prompts.value = ""
            return None
        found_prompts = self._prompts.get(self.workspace, self.own_team.value)
        self.own_prompts.value = card_html(found_prompts, self.own_team.label or "")
        column = None if measure == ALL else measure
        found = own_team.own_charts(self.workspace, self.own_team.value, column)
        left = "".join(f"<li>{html.escape(s)}</li>" for s in found.left_out)
        left = f"<p>Not drawn here:</p><ul>{left}</ul>" if left else ""
        self.own_note.value = (
            f'<div class="qikit-note" role="status"><p><strong>{html.escape(OWN_DATA)}</strong> '
            f"panels are your team's measures, not a synthetic ward's. "
            f"{html.escape(own_team.RULE)}</p>{left}</div>"
        )
        return found

    def redraw(self) -> None:
        """Small multiples and the signal table for the chosen filters."""
        measure = self.measure.value
        chosen = self.board.charts_for(measure, self.trust.value, self.work_stream.value)
        shown = signals.filter_signals(self.board.signals, self.trust.value, self.work_stream.value)
        if measure != ALL:
            shown = shown[shown["measure"] == measure]
        try:
            own = self.own_charts(measure)
        except DataError as error:
            self.own_errors.show(str(error))
            own = None
        else:
            self.own_errors.clear()
        if own is not None and not own.signals.empty:
            shown = pd.concat([own.signals, shown], ignore_index=True)
        self.table.value = signal_table_html(shown)
        points = dashboard.small_multiples_points(chosen, self.board.wards, self.board.start())
        first: list[str] = []
        if own is not None and not own.points.empty:
            first = list(dict.fromkeys(own.points["panel"]))
            points = pd.concat([own.points, points], ignore_index=True)
        if points.empty:
            self.small.update(empty_chart("No ward matches these filters."))
            return
        title = "Every team's measures" if measure == ALL else measure_words(measure)
        subtitle = "Limits frozen before each ward's first test of change"
        if first:
            subtitle = (
                f"{OWN_DATA} first, with its own settings; {subtitle[0].lower()}{subtitle[1:]}"
            )
        self.small.update(charts.small_multiples(points, title, first=first, subtitle=subtitle))

    def redraw_funnel(self) -> None:
        try:
            chart = funnel_view(
                self.board,
                self.funnel_measure.value,
                PERIODS[self.period.value],
                OVERDISPERSION[self.overdispersion.value],
            )
        except DataError:
            self.funnel.update(empty_chart("Not enough wards record this measure."))
            raise
        self.funnel.update(chart)


def app() -> DashboardApp:
    """The collaborative dashboard workbook's app."""
    return DashboardApp()
