"""The reliability workbook's app: a bundle audit counted per patient, and a what-if calculator."""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass

import altair as alt
import ipywidgets as widgets
import pandas as pd

import qikit
from qikit import datasets, reliability
from qikit.apps.common import ChartView, ErrorPanel, guarded
from qikit.errors import DataError
from qikit.plot import theme

ALL_WARDS = "All wards"
STYLE = {"description_width": "14em"}
PRESETS = {
    "Worked example": "70, 53, 55",
    "Vigilance": "85, 85, 85, 85, 85",
    "Designed": "99, 99.5, 99, 99.5, 99",
}
ELEMENT_WORDS = {
    "bp_and_pulse_recorded": "Blood pressure and pulse",
    "weight_and_bmi_recorded": "Weight and BMI",
    "bloods_taken": "Bloods taken",
    "ecg_done": "ECG done",
    "smoking_status_recorded": "Smoking status",
}


def bundle() -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The synthetic bundle audit, the wards table and the element columns."""
    audit = datasets.load("bundle_audit")
    return audit, datasets.load("wards"), [c for c in ELEMENT_WORDS if c in audit.columns]


def p_chart(audit: pd.DataFrame, elements: list[str], title: str):
    """A p chart of the share of patients who got every element, audit by audit."""
    table = reliability.compliance_over_time(audit, elements, "audit_week")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = qikit.spc(
            table, y="all_met", n="patients", x="audit_week", chart="p", rules="mdc",
            improvement="increase", target=95, multiply=100,
        )  # fmt: skip
        return qikit.plot(
            result, title=title, y_title="Patients with every element (%)",
            x_title="Week of the audit",
        )  # fmt: skip


def compliance_html(result: reliability.Compliance) -> str:
    rows = "".join(
        f'<tr><th scope="row">{html.escape(ELEMENT_WORDS.get(r.element, r.element))}</th>'
        f"<td>{r.met} of {r.patients}</td><td>{100 * r.rate:.1f}%</td></tr>"
        for r in result.components.itertuples()
    )
    level = result.level
    return (
        '<table class="qikit-table"><thead><tr><th scope="col">Element</th>'
        '<th scope="col">Patients</th><th scope="col">Compliance</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f"<p><strong>Composite</strong> (share of all elements delivered): "
        f"{100 * result.composite:.1f}%.<br><strong>All-or-none</strong> (patients who got "
        f"every element, counted patient by patient): {result.patients_all_met} of "
        f"{result.patients} = {100 * result.all_or_none:.1f}%.<br>"
        f"<strong>IHI reliability level:</strong> {html.escape(reliability.level_name(level))}: "
        f"{html.escape(reliability.level_description(level))}.</p>"
    )


RATES_LABEL = "Element reliabilities (%)"
#: How numbers of 1 or less typed without a % sign are read: as shares of 1 (0.9 is 90 %) or as
#: percentages (0.9 is 0.9 %).
SHARE, PERCENT = "share", "percent"


@dataclass(frozen=True)
class TypedRates:
    """The element reliabilities as typed: shares from 0 to 1, and how they were read."""

    rates: list[float]
    #: Numbers of 1 or less typed without a % sign: a share (0.9) or a tiny percentage (0.9 %)?
    small: list[str]
    #: How the small ones were read: SHARE or PERCENT.
    reading: str


def read_typed_rates(text: str, reading: str | None = None) -> TypedRates:
    """Percentages typed as '70, 53, 55' -> shares [0.70, 0.53, 0.55].

    Numbers of 1 or less without a % sign could be shares of 1 (0.9 for 90 %) or percentages
    (0.9 %): they are read as ``reading`` says, else as shares when every number is 1 or less
    (0.9, 0.85) and as percentages when the others are percentages (90, 0.5)."""
    label = RATES_LABEL
    parts = [p for p in re.split(r"[,\s;]+", text.strip()) if p]
    if not parts:
        raise DataError(
            f"'{label}' is empty. Type each element's reliability as a percentage, such as "
            "70, 53, 55."
        )
    values = []
    for part in parts:
        try:
            value = float(part.rstrip("%"))
        except ValueError:
            raise DataError(
                f"'{label}' should hold numbers: percentages separated by commas, such as "
                f"90, 85; found '{part}'."
            ) from None
        if not 0 <= value <= 100:
            raise DataError(f"'{label}' should hold percentages from 0 to 100; found '{part}'.")
        values.append(value)
    small = [p for p, v in zip(parts, values, strict=True) if 0 < v <= 1 and "%" not in p]
    if reading is None:
        reading = SHARE if small and all(v <= 1 for v in values) else PERCENT
    rates = [
        v if (reading == SHARE and p in small) else v / 100
        for p, v in zip(parts, values, strict=True)
    ]
    return TypedRates(rates, small, reading)


def read_rates(text: str, reading: str | None = None) -> list[float]:
    """Percentages typed as '70, 53, 55' -> [0.70, 0.53, 0.55] (see :func:`read_typed_rates`)."""
    return read_typed_rates(text, reading).rates


def reading_note(typed: TypedRates) -> str:
    """Say how numbers of 1 or less were read, and how to read them the other way."""
    if not typed.small:
        return ""
    shown = ", ".join(typed.small[:4]) + (", ..." if len(typed.small) > 4 else "")
    first = typed.small[0]
    share = f"{100 * float(first):g} %"
    if typed.reading == SHARE:
        return (
            f"{shown}: 1 or less, so read as shares of 1 ({first} is {share}). If you meant "
            f"{first} %, choose 'As percentages' below."
        )
    return (
        f"{shown}: 1 or less, read as percentages ({first} is {first} %). If you meant "
        f"{share}, choose 'As shares of 1' below."
    )


def what_if_chart(what: reliability.WhatIf) -> alt.LayerChart:
    """Each element's reliability beside what they give together, with the IHI levels."""
    rows = [
        {"bar": f"Element {i}", "percent": 100 * r, "kind": "one element"}
        for i, r in enumerate(what.rates, start=1)
    ]
    rows += [
        {"bar": "All, if failures independent", "percent": 100 * what.if_independent,
         "kind": "every element"},
        {"bar": "All, worst case", "percent": 100 * what.worst_case, "kind": "every element"},
        {"bar": "All, best case", "percent": 100 * what.best_case, "kind": "every element"},
    ]  # fmt: skip
    data = pd.DataFrame(rows)
    order = list(data["bar"])
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("bar:N", sort=order, title=None),
            x=alt.X("percent:Q", title="Patients who get it (%)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=["one element", "every element"], range=["#9ecae1", "#005eb8"]
                ),
                legend=alt.Legend(title=None),
            ),  # fmt: skip
            tooltip=[alt.Tooltip("bar:N", title=" "), alt.Tooltip("percent:Q", format=".1f")],
        )
    )
    labels = bars.mark_text(align="left", dx=4, color=theme.TEXT).encode(
        text=alt.Text("percent:Q", format=".1f"), color=alt.value(theme.TEXT)
    )
    levels = pd.DataFrame(
        {"percent": [80, 95], "label": ["80 %: 1 failure in 10", "95 %: 1 failure in 100"]}
    )
    rules = alt.Chart(levels).mark_rule(strokeDash=[4, 3], color=theme.TEXT).encode(x="percent:Q")
    # the two levels are close: the first is written to the left of its line, the second right
    rule_text = [
        alt.Chart(levels.iloc[[k]])
        .mark_text(align=align, dx=dx, dy=-6, baseline="bottom", color=theme.TEXT)
        .encode(x="percent:Q", y=alt.value(0), text="label:N")
        for k, align, dx in ((0, "right", -3), (1, "left", 3))
    ]
    return alt.layer(bars, labels, rules, *rule_text).properties(
        width=480,
        height=alt.Step(26),
        title=alt.Title(
            "How element reliabilities combine",
            subtitle="Every element must be delivered: the bundle is only as good as all of them",
        ),
        description=(
            "Bar chart of each element's reliability and the share of patients who would get "
            "every element if failures were independent, in the worst case and in the best case."
        ),
    )


class ReliabilityApp(widgets.VBox):
    """A bundle audit by ward with its p chart, and the what-if calculator."""

    def __init__(self) -> None:
        self.audit, self.wards, self.elements = bundle()
        self.names = dict(zip(self.wards["ward_id"], self.wards["ward"], strict=True))
        self.errors = ErrorPanel()
        self.what_if_errors = ErrorPanel()
        self.ward = widgets.Dropdown(
            options=[(ALL_WARDS, "")] + [(n, i) for i, n in self.names.items()],
            description="Ward",
            style=STYLE,
        )
        self.ward.add_class("qikit-ward")
        self.table = widgets.HTML()
        self.chart = ChartView(self._p_chart())
        self.table.value = compliance_html(self._compliance())
        self.rates = widgets.Text(
            value=PRESETS["Worked example"],
            description="Element reliabilities (%)",
            style=STYLE,
            continuous_update=False,
            layout=widgets.Layout(width="32em"),
        )
        self.rates.add_class("qikit-rates")
        self.rates_note = widgets.HTML()
        self.rates_note.add_class("qikit-rates-note")
        self.reading = widgets.ToggleButtons(
            options=[("As shares of 1 (0.9 is 90 %)", SHARE), ("As percentages (0.9 %)", PERCENT)],
            value=None,
            description="Read 1 or less",
            style={"description_width": "8em", "button_width": "auto"},
            layout=widgets.Layout(display="none"),
        )
        self.reading.add_class("qikit-rates-reading")
        #: How the learner said numbers of 1 or less should be read (None: not asked yet).
        self.chosen_reading: str | None = None
        self._setting_reading = False
        self.preset = widgets.ToggleButtons(
            options=list(PRESETS), description="Try", style={"description_width": "3em"}
        )
        self.design = widgets.HTML()
        self.what_if_view = ChartView(what_if_chart(reliability.combine([0.7, 0.53, 0.55])))
        self._what_if(self.rates.value)

        @guarded(self.errors)
        def on_ward(_: dict) -> None:
            self.chart.update(self._p_chart())
            self.table.value = compliance_html(self._compliance())

        @guarded(self.what_if_errors)
        def on_rates(change: dict) -> None:
            self._what_if(change["new"])

        @guarded(self.what_if_errors)
        def on_preset(change: dict) -> None:
            self.rates.value = PRESETS[change["new"]]

        @guarded(self.what_if_errors)
        def on_reading(change: dict) -> None:
            if self._setting_reading or change["new"] is None:
                return
            self.chosen_reading = change["new"]  # the learner's choice holds until changed
            self._what_if(self.rates.value)

        self.ward.observe(on_ward, names="value")
        self.rates.observe(on_rates, names="value")
        self.preset.observe(on_preset, names="value")
        self.reading.observe(on_reading, names="value")
        super().__init__(
            [
                widgets.HTML("<h2>The physical health bundle on admission</h2>"),
                self.ward,
                self.errors,
                self.table,
                self.chart,
                widgets.HTML("<h2>What if? How elements combine</h2>"),
                self.preset,
                self.rates,
                self.what_if_errors,
                self.rates_note,
                self.reading,
                self.design,
                self.what_if_view,
            ]
        )

    def _rows(self) -> pd.DataFrame:
        if not self.ward.value:
            return self.audit
        return self.audit[self.audit["ward_id"] == self.ward.value]

    def _compliance(self) -> reliability.Compliance:
        return reliability.compliance(self._rows(), self.elements)

    def _p_chart(self):
        where = self.names.get(self.ward.value, "all wards")
        return p_chart(self._rows(), self.elements, f"Every bundle element met, {where}")

    def _what_if(self, text: str) -> None:
        typed = read_typed_rates(text, self.chosen_reading)
        self._show_reading(typed)
        what = reliability.combine(typed.rates)
        self.what_if_view.update(what_if_chart(what))
        k = len(what.rates)
        need = reliability.element_rate_needed(0.95, k)
        self.design.value = (
            f"<p>With {k} element{'s' if k != 1 else ''}, the share of patients who get them "
            f"all lies between {100 * what.worst_case:.1f}% and {100 * what.best_case:.1f}%; "
            f"{100 * what.if_independent:.1f}% if failures are independent, which is the IHI "
            f"level {html.escape(reliability.level_name(what.level))}. To reach 95% with {k} "
            "independent elements, each needs "
            f"{100 * need:.2f}%: beyond the 80-90% that hard work and vigilance give, so the "
            "process has to be designed for it (prompts, defaults, checklists, standard work)."
            "</p>"
        )

    def _show_reading(self, typed: TypedRates) -> None:
        """Say how numbers of 1 or less were read and offer the other reading; else hide it."""
        note = reading_note(typed)
        self.rates_note.value = (
            f'<p class="qikit-note" role="status" aria-live="polite">{html.escape(note)}</p>'
            if note
            else ""
        )
        self.reading.layout.display = None if note else "none"
        wanted = typed.reading if note else None
        if self.reading.value != wanted:
            self._setting_reading = True
            try:
                self.reading.value = wanted
            finally:
                self._setting_reading = False


def app() -> ReliabilityApp:
    """The reliability workbook's app."""
    return ReliabilityApp()
