"""The SCORE culture workbook's app: results by ward, staff group and wave, kept anonymous."""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as widgets
import pandas as pd

from qikit import culture, datasets
from qikit.apps.common import ChartView, ErrorPanel, guarded
from qikit.plot import theme

ALL_WARDS = "All wards"
WAVES = {"Before the collaborative": "before", "After the collaborative": "after"}
STYLE = {"description_width": "12em"}
LEGEND_TITLE = "Shade: darker is better"


def survey() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The synthetic survey answers and the wards table."""
    return datasets.load("score_survey"), datasets.load("wards")


def heatmap(table: pd.DataFrame, names: dict[str, str], wave_words: str) -> alt.LayerChart:
    """Domains x wards: percent positive (culture) or concerning (burnout); hidden cells grey."""
    data = table.assign(
        ward=table["ward_id"].map(names).fillna(table["ward_id"]),
        shown=table["percent"].round(0).map(lambda v: "" if pd.isna(v) else f"{v:.0f}%"),
        reading=table["measure"].str.replace("percent ", "% "),
    )
    data.loc[data["suppressed"], "shown"] = "hidden"
    base = alt.Chart(data).encode(
        x=alt.X(
            "domain:N",
            title=None,
            sort=list(culture.DEBRIEF_PROMPTS),
            axis=alt.Axis(labelAngle=-30),
        ),
        y=alt.Y("ward:N", title=None),
    )
    cells = base.mark_rect(stroke="white").encode(
        # the shade is how good the result is (% positive, or 100 minus % concerning), not the
        # number written in the cell, so the legend gives words, not numbers
        color=alt.Color(
            "good:Q",
            scale=alt.Scale(domain=[0, 100], scheme="blues"),
            legend=alt.Legend(
                title=LEGEND_TITLE,
                values=[0, 100],
                labelExpr="datum.value == 0 ? 'worse' : 'better'",
            ),
        ),
        tooltip=[
            alt.Tooltip("ward:N", title="Ward"),
            alt.Tooltip("domain:N", title="Domain"),
            alt.Tooltip("shown:N", title="Result"),
            alt.Tooltip("reading:N", title="Shows"),
            alt.Tooltip("respondents:Q", title="Respondents"),
        ],
    )
    text = base.mark_text(fontSize=11).encode(
        text="shown:N",
        color=alt.condition("datum.good >= 60", alt.value("white"), alt.value(theme.TEXT)),
    )
    return alt.layer(cells, text).properties(
        width=alt.Step(80),
        height=alt.Step(22),
        title=alt.Title(
            f"SCORE culture by ward, {wave_words.lower()}",
            subtitle="Culture domains: % positive. Burnout domains: % concerning (lower is "
            "better), coloured so darker is always better.",
        ),
        description=(
            "Heatmap of SCORE domains by ward. Each cell shows the percent positive, or for "
            "burnout the percent concerning; groups too small to show are marked hidden."
        ),
    )


_HIDDEN = '<td class="qikit-hidden">hidden</td>'


def _cell(row: pd.Series) -> str:
    """A result, or "hidden": a group with nobody in it reads exactly like a small group."""
    if row["suppressed"]:
        return _HIDDEN
    return f"<td>{row['percent']:.0f}% <small>(n={row['respondents']:.0f})</small></td>"


def group_table_html(table: pd.DataFrame, minimum: int) -> str:
    """The domains x staff groups table of one ward, hidden cells marked."""
    total = table[table["level"] == "total"].set_index("domain")
    sub = table[table["level"] == "subgroup"]
    roles = sorted(sub["role"].dropna().unique())
    head = "".join(f'<th scope="col">{html.escape(r.capitalize())}</th>' for r in roles)
    rows = []
    for domain in total.index:
        cells = [_cell(total.loc[domain])]
        for role in roles:
            match = sub[(sub["domain"] == domain) & (sub["role"] == role)]
            cells.append(_cell(match.iloc[0]) if len(match) else _HIDDEN)
        measure = total.loc[domain, "measure"].replace("percent ", "% ")
        rows.append(
            f'<tr><th scope="row">{html.escape(domain)} <small>({measure})</small></th>'
            + "".join(cells)
            + "</tr>"
        )
    return (
        '<table class="qikit-table"><thead><tr><th scope="col">Domain</th>'
        f'<th scope="col">Whole ward</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
        f"</table><p class='qikit-note'>'hidden': no one or fewer than {minimum} people "
        "answered, or showing it would let someone work out a smaller group by taking one "
        "table from another.</p>"
    )


def comparison_html(compared: pd.DataFrame) -> str:
    rows = []
    for row in compared.itertuples(index=False):
        before = "hidden" if pd.isna(row.percent_before) else f"{row.percent_before:.0f}%"
        after = "hidden" if pd.isna(row.percent_after) else f"{row.percent_after:.0f}%"
        change = "" if pd.isna(row.change) else f"{row.change:+.0f} points"
        reading = str(getattr(row, "measure", "") or "").replace("percent ", "% ")
        shows = f" <small>({html.escape(reading)})</small>" if reading else ""
        rows.append(
            f'<tr><th scope="row">{html.escape(row.domain)}{shows}</th><td>{before}</td>'
            f"<td>{after}</td><td>{change}</td><td>{html.escape(row.verdict)}</td></tr>"
        )
    return (
        '<table class="qikit-table"><thead><tr><th scope="col">Domain</th>'
        '<th scope="col">Before</th><th scope="col">After</th><th scope="col">Change</th>'
        f'<th scope="col">Verdict</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def prompts_html(domain: str) -> str:
    items = "".join(f"<li>{html.escape(p)}</li>" for p in culture.debrief_prompts(domain))
    return f"<ul>{items}</ul>"


class CultureApp(widgets.VBox):
    """SCORE results: heatmap by ward, one ward by staff group, before/after, debrief prompts."""

    def __init__(self) -> None:
        self.answers, self.wards = survey()
        self.trusts = dict(zip(self.wards["ward_id"], self.wards["trust"], strict=True))
        self.names = dict(zip(self.wards["ward_id"], self.wards["ward"], strict=True))
        self.errors = ErrorPanel()
        self.wave = widgets.Dropdown(options=list(WAVES), description="Survey wave", style=STYLE)
        self.wave.add_class("qikit-wave")
        self.ward = widgets.Dropdown(
            options=[(ALL_WARDS, "")] + [(n, i) for i, n in self.names.items()],
            value="W01",
            description="Ward to look at",
            style=STYLE,
        )
        self.minimum = widgets.IntSlider(
            value=culture.DEFAULT_SETTINGS.minimum_group, min=culture.MINIMUM_GROUP_FLOOR, max=10,
            description="Smallest group shown", style=STYLE,
        )  # fmt: skip
        self.cutoff = widgets.IntSlider(
            value=int(culture.DEFAULT_SETTINGS.burnout_cutoff), min=30, max=75, step=5,
            description="Burnout cut-off (score)", style=STYLE,
        )  # fmt: skip
        self.domain = widgets.Dropdown(
            options=list(culture.DEBRIEF_PROMPTS), description="Domain to debrief", style=STYLE
        )
        self.by_role = widgets.HTML()
        self.compare = widgets.HTML()
        self.prompts = widgets.HTML(prompts_html(self.domain.value))
        self.scores = pd.DataFrame()
        self.view = ChartView(alt.Chart(pd.DataFrame({"x": []})).mark_point())
        self.refresh()

        @guarded(self.errors)
        def on_change(_: dict) -> None:
            self.refresh()

        for control in (self.wave, self.ward, self.minimum, self.cutoff):
            control.observe(on_change, names="value")

        @guarded(self.errors)
        def on_domain(change: dict) -> None:
            self.prompts.value = prompts_html(change["new"])

        self.domain.observe(on_domain, names="value")
        super().__init__(
            [
                widgets.HTML("<h2>Every ward at a glance</h2>"),
                self.wave,
                self.cutoff,
                self.errors,
                self.view,
                widgets.HTML("<h2>One ward, by staff group</h2>"),
                self.ward,
                self.minimum,
                self.by_role,
                widgets.HTML("<h2>Before and after</h2>"),
                self.compare,
                widgets.HTML("<h2>Debrief with the team</h2>"),
                self.domain,
                self.prompts,
            ]
        )

    @property
    def settings(self) -> culture.CultureSettings:
        return culture.CultureSettings(
            minimum_group=self.minimum.value, burnout_cutoff=float(self.cutoff.value)
        )

    def refresh(self) -> None:
        """Score again with the current settings and redraw everything."""
        settings = self.settings
        self.scores = culture.score_respondents(self.answers, settings=settings)
        published = culture.published_results(self.scores, settings, trusts=self.trusts)
        self.published = published
        wave = WAVES[self.wave.value]
        self.view.update(heatmap(published.heatmap(wave), self.names, self.wave.value))
        unit = self.ward.value or culture.ALL_WARDS
        table = published.unit_table(unit, wave)
        self.by_role.value = group_table_html(table, settings.minimum_group)
        self.compare.value = comparison_html(published.compare(unit))


def app() -> CultureApp:
    """The SCORE culture workbook's app."""
    return CultureApp()
