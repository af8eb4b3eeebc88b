"""Our data: a ward team's weekly numbers for each of its measures.

Three ways in, one way to the store: the weekly grid (add a week, correct or delete a past one),
rows pasted from a spreadsheet, and an uploaded CSV or Excel file whose columns are mapped to the
measure once and remembered. Every route goes through
:meth:`qikit.store.Workspace.save_observations` (all or nothing), a refusal is shown under the box
that caused it, and what was typed or pasted stays in its box. The measure's chart, drawn by
:func:`qikit.thread.measure_chart`, is redrawn after every save.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from qikit.apps.common import ChartView, ErrorPanel, guarded
from qikit.apps.field_note import FieldError, FieldForm, FieldNote, date, number
from qikit.apps.plan_common import FIELD_STYLE, ProjectBar, page_query
from qikit.errors import DataError
from qikit.improve import Measure
from qikit.improve import observations as obs
from qikit.improve.fields import read_date
from qikit.store import Workspace
from qikit.tables import read_times, to_numbers
from qikit.teaching.upload import guess_columns, read_upload

#: The workbooks this app links to.
PLAN_WORKBOOK = "04_measurement_strategy.ipynb"
CHART_WORKBOOK = "06_spc_charts.ipynb"
NO_COLUMN = "(none)"
#: Headings given to pasted rows that came without a heading row.
PASTED_HEADINGS = ("Week", "Numerator", "Denominator", "Note")
TYPE_WORDS = {"outcome": "outcome", "process": "process", "balancing": "balancing"}
WEEK_WIDTH = "10em"
NUMBER_WIDTH = "11em"
NOTE_WIDTH = "22em"
#: An on-screen label hidden from sight but read by screen readers (the column heading shows).
HIDDEN_LABEL = {"description_width": "0px"}


def number_shown(value: float | None) -> str:
    """A number as typed back into a box: 1234, 12.5, blank for none."""
    if value is None or pd.isna(value):
        return ""
    return f"{value:.10g}"


def next_week(table: pd.DataFrame, today: dt.date | None = None) -> dt.date:
    """The week after the last one entered; with none yet, the Monday of this week."""
    if len(table):
        return table["period"].max().date() + dt.timedelta(days=7)
    today = today or dt.date.today()
    return today - dt.timedelta(days=today.weekday())


def _alert_at(panel: ErrorPanel) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Like :func:`guarded`, with the message in a panel right under the control."""
    return guarded(panel)


def _message_panel() -> ErrorPanel:
    panel = ErrorPanel()
    panel.add_class("qikit-field-message")
    return panel


def _box(label: str, width: str, placeholder: str = "", hidden_label: bool = True) -> widgets.Text:
    return widgets.Text(
        description=label,
        placeholder=placeholder,
        continuous_update=False,
        style=HIDDEN_LABEL if hidden_label else FIELD_STYLE,
        layout=widgets.Layout(width=width),
    )


# ----- reading rows from a table ------------------------------------------------------------
def observations_from_table(
    frame: pd.DataFrame,
    columns: dict[str, str],
    *,
    note: str | None = None,
    entered_by: str = "",
    what: str = "the file",
    first_line: int | None = None,
) -> list[obs.Observation]:
    """Rows of a table read as observations: ``columns`` maps date, numerator and (optionally)
    denominator to the table's headings. Dates are read as uploads read them (day first); blank
    numbers stay blank, for :func:`qikit.improve.observations.check` to name the week."""
    if not columns.get("date") or not columns.get("numerator"):
        raise DataError("Choose which column holds the week's date and which holds the numerator.")
    try:
        times = read_times(frame, columns["date"])
    except DataError:
        if first_line is None:
            raise
        raise _not_a_date(frame[columns["date"]], what, first_line) from None
    if pd.api.types.is_numeric_dtype(times) and times.notna().any():
        raise DataError(
            f"The column '{columns['date']}' in {what} holds numbers, not dates. Give the date "
            "each week starts, such as 05/10/2026."
        )
    numbers = {}
    for role in ("numerator", "denominator"):
        column = columns.get(role)
        if not column:
            continue
        values, bad = to_numbers(frame[column])
        if bad.any():
            first = int(bad.to_numpy().nonzero()[0][0])
            raise DataError(
                f"The column '{column}' in {what} should hold numbers, but its row "
                f"{first + (first_line or 2)} "
                f"holds {str(frame[column].iloc[first])!r}. Type digits only (1,234 is fine), "
                "and nothing was added."
            )
        numbers[role] = values
    rows = []
    for i in range(len(frame)):
        when = times.iloc[i]
        rows.append(
            obs.Observation(
                period=None if pd.isna(when) else pd.Timestamp(when).date(),
                numerator=_number(numbers["numerator"].iloc[i]),
                denominator=(
                    _number(numbers["denominator"].iloc[i]) if "denominator" in numbers else None
                ),
                note=_text(frame[note].iloc[i]) if note else "",
                entered_by=entered_by,
            )
        )
    return rows


def _not_a_date(cells: pd.Series, what: str, first_line: int) -> DataError:
    """Which line of what was pasted holds something that is not a date."""
    for k, cell in enumerate(cells):
        text = _text(cell).strip()
        if text and read_date(text) is None:
            return DataError(
                f"Line {k + first_line} of {what} starts with {text[:40]!r}, which is not a "
                "date. Write the date the week starts day first, such as 05/10/2026, and "
                "nothing was added."
            )
    return DataError(f"The weeks in {what} should be dates, such as 05/10/2026.")


def _number(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _looks_like_number(cell: str) -> bool:
    values, bad = to_numbers(pd.Series([cell or None], dtype=object))
    return not bad.iloc[0] and values.notna().iloc[0]


def read_pasted(text: str, measure: Measure, entered_by: str = "") -> list[obs.Observation]:
    """Rows pasted from a spreadsheet (tab-separated, UK dates, with or without a heading row),
    read by the one table reader as if they were a .tsv file.

    Columns are taken in order: week, numerator, then the denominator when the measure needs
    one, then a note. With a heading row naming the columns the team's file uses (remembered on
    the measure after an upload), those columns are used wherever they are."""
    from qikit.tables import read_table

    lines = [line.rstrip("\r") for line in text.splitlines() if line.strip()]
    if not lines:
        raise DataError(
            "Paste the rows first: in your spreadsheet select the week, "
            f"{'numerator and denominator' if obs.needs_denominator(measure) else 'number'} "
            "columns, copy (Ctrl+C), click in the box and paste (Ctrl+V)."
        )
    first_row = [cell.strip() for cell in lines[0].split("\t")]
    has_headings = (
        bool(first_row[0])
        and read_date(first_row[0]) is None
        and not all(_looks_like_number(cell) for cell in first_row[1:3])
    )
    if not has_headings:
        width = max(line.count("\t") + 1 for line in lines)
        names = list(PASTED_HEADINGS[:width]) + [f"Column {n + 1}" for n in range(4, width)]
        lines = ["\t".join(names), *lines]
    frame = read_table("pasted rows.tsv", "\n".join(lines).encode("utf-8"))
    frame.columns = [str(c).strip() for c in frame.columns]
    headings = list(frame.columns)
    remembered = measure.upload_columns
    if (
        has_headings
        and remembered.get("date") in headings
        and remembered.get("numerator") in (headings)
    ):
        columns = {role: c for role, c in remembered.items() if c in headings}
        rest = [c for c in headings if c not in columns.values()]
        note = next((c for c in rest if not pd.api.types.is_numeric_dtype(frame[c])), None)
    else:
        wanted = 3 if obs.needs_denominator(measure) else 2
        if len(headings) < wanted:
            need = "week, numerator and denominator" if wanted == 3 else "week and number"
            raise DataError(
                f"The pasted rows have {len(headings)} column(s); this measure needs the {need} "
                "side by side, in that order. Copy those columns together from your spreadsheet."
            )
        columns = {"date": headings[0], "numerator": headings[1]}
        note = None
        if wanted == 3:
            columns["denominator"] = headings[2]
            note = headings[3] if len(headings) > 3 else None
        elif len(headings) > 2:
            if pd.api.types.is_numeric_dtype(frame[headings[2]]):
                columns["denominator"] = headings[2]
                note = headings[3] if len(headings) > 3 else None
            else:
                note = headings[2]
    return observations_from_table(
        frame,
        columns,
        note=note,
        entered_by=entered_by,
        what="the pasted rows",
        first_line=2 if has_headings else 1,
    )


# ----- the widgets -----------------------------------------------------------------------------
class WeekRow(widgets.VBox):
    """One week already entered: its date, numbers and note, editable, with a delete button."""

    def __init__(self, app: MeasureDataApp) -> None:
        self.app = app
        self.period: dt.date | None = None
        self._loading = False
        self.week = widgets.HTML(layout=widgets.Layout(width=WEEK_WIDTH))
        self.numerator = _box("Numerator", NUMBER_WIDTH)
        self.denominator = _box("Denominator", NUMBER_WIDTH)
        self.note = _box("Note", NOTE_WIDTH)
        self.delete_button = widgets.Button(
            description="Delete", tooltip="Take this week out", layout=widgets.Layout(width="auto")
        )
        self.message = _message_panel()
        self.form = FieldForm(self.message)
        # the row's boxes sit side by side: one note under the row says what is wrong
        self.note_under = FieldNote()
        self.form.add(self.numerator, number, note=self.note_under)
        self.form.add(self.denominator, number, note=self.note_under)
        self.form.add(self.note, note=self.note_under)
        self.form.watch(self._changed)
        self.delete_button.on_click(self.form.guard(self._delete))
        super().__init__(
            [
                widgets.HBox(
                    [self.week, self.numerator, self.denominator, self.note, self.delete_button]
                ),
                self.note_under,
                self.message,
            ]
        )
        self.add_class("qikit-week-row")

    def show(self, row: pd.Series, measure: Measure, with_denominator: bool) -> None:
        refused = self.message.value or any(f.problem for f in self.form.fields)
        if self.period == row["period"].date() and refused:
            return  # a refused correction: keep what was typed, and its message, until fixed
        self._loading = True
        try:
            self.period = row["period"].date()
            when = obs.day_first(self.period)
            self.week.value = f"<span>{when}</span>"
            self.numerator.value = number_shown(row["numerator"])
            self.denominator.value = number_shown(row["denominator"])
            self.note.value = _text(row["note"])
            self.numerator.description = f"{obs.numerator_label(measure)}, week of {when}"
            self.denominator.description = f"{obs.denominator_label(measure)}, week of {when}"
            self.note.description = f"Note, week of {when}"
            self.delete_button.tooltip = f"Take the week of {when} out"
            self.denominator.layout.display = None if with_denominator else "none"
            self._disarm()
            self.message.clear()
        finally:
            self._loading = False

    def _disarm(self) -> None:
        self.delete_button.description = "Delete"
        self.delete_button.button_style = ""

    def _changed(self, _: Any = None) -> None:
        if self._loading or self.period is None:
            return
        self._disarm()
        self.app.correct(self)

    def _delete(self, _: Any = None) -> None:
        if self.delete_button.description == "Delete":
            self.delete_button.description = "Sure? Delete"
            self.delete_button.button_style = "danger"
            return
        self.app.delete(self)


class MeasureDataApp(widgets.VBox):
    """The data-entry app: pick a measure, then type, paste or upload its weekly numbers."""

    #: The id of the measure being entered.
    measure_id = traitlets.Unicode("")
    #: How many weeks the measure has.
    weeks = traitlets.Int(0)

    def __init__(self, workspace: Workspace | None = None, *, width: int = 640) -> None:
        self.errors = ErrorPanel()
        self.bar = ProjectBar(workspace, self.errors)
        self.workspace = self.bar.workspace
        self.width = width
        self.measure: Measure | None = None
        self.table = obs.frame([])
        self.chart = None  # the MeasureChart last drawn
        self.view: ChartView | None = None
        self._rows: list[WeekRow] = []
        self._upload_frame: pd.DataFrame | None = None
        self._upload_name = ""
        self._loading = False
        act = guarded(self.errors)

        self.picker = widgets.Dropdown(
            description="Measure", style=FIELD_STYLE, layout=widgets.Layout(width="95%")
        )
        self.picker.add_class("qikit-measure-picker")
        self.no_measures = widgets.HTML()
        self.about = widgets.HTML()
        self.entered_by = widgets.Text(
            description="Entered by (initials)",
            placeholder="Optional, such as JB",
            style={"description_width": "12em"},
            layout=widgets.Layout(width="22em"),
        )
        self.summary = widgets.HTML()
        self.summary.add_class("qikit-weeks-summary")

        # the grid
        self.headings = widgets.HTML()
        self.grid = widgets.VBox()
        self.grid.add_class("qikit-week-grid")
        # many weeks scroll inside their own box, so adding a week and the chart stay in reach
        self.grid.layout.flex = "0 0 auto"
        self.grid_box = widgets.VBox(
            [self.grid], layout=widgets.Layout(max_height="22em", overflow="auto", width="100%")
        )
        self.new_week = _box("Week commencing", WEEK_WIDTH, "dd/mm/yyyy")
        self.new_numerator = _box("Numerator", NUMBER_WIDTH)
        self.new_denominator = _box("Denominator", NUMBER_WIDTH)
        self.new_note = _box("Note", NOTE_WIDTH, "Optional")
        for box in (self.new_week, self.new_numerator, self.new_denominator, self.new_note):
            box.continuous_update = True
        self.add_button = widgets.Button(
            description="Add this week", button_style="primary", layout=widgets.Layout(width="auto")
        )
        self.add_button.add_class("qikit-add-week")
        new_boxes = {
            "week": self.new_week,
            "numerator": self.new_numerator,
            "denominator": self.new_denominator,
            "note": self.new_note,
        }
        for name, box in new_boxes.items():
            box.add_class(f"qikit-new-{name}")
        self.add_message = _message_panel()
        # a date half typed is not wrong yet: the row is read when "Add this week" is pressed
        self.add_form = FieldForm(self.add_message, read_while_typing=False)
        self.add_note = FieldNote()  # under the row of boxes side by side
        self.add_form.add(self.new_week, date, note=self.add_note)
        self.add_form.add(self.new_numerator, number, note=self.add_note)
        self.add_form.add(self.new_denominator, number, note=self.add_note)
        self.add_form.add(self.new_note, note=self.add_note)
        self.add_form.add(self.entered_by)
        self.add_form.watch(lambda _: None)  # a patient's detail is hidden as it is typed
        self.add_button.on_click(self.add_form.guard(self._add))

        # paste
        self.paste = widgets.Textarea(
            description="Pasted rows",
            placeholder="05/10/2026\t3\t412\n12/10/2026\t5\t420",
            style=FIELD_STYLE,
            layout=widgets.Layout(width="95%", height="9em"),
        )
        self.paste.add_class("qikit-paste")
        self.paste_help = widgets.HTML()
        self.paste_button = widgets.Button(
            description="Add the pasted rows", layout=widgets.Layout(width="auto")
        )
        self.paste_button.add_class("qikit-paste-rows")
        self.paste_message = _message_panel()
        self.paste_status = widgets.HTML()
        self.paste_form = FieldForm(self.paste_message, read_while_typing=False)
        self.paste_form.add(self.paste)
        self.paste_form.watch(lambda _: None)
        self.paste_button.on_click(self.paste_form.guard(self._paste))

        # upload
        self.upload = widgets.FileUpload(
            accept=".csv,.xlsx,.tsv,.txt", multiple=False, description="Choose a file"
        )
        self.upload.layout.width = "auto"
        self.upload_message = _message_panel()
        self.upload_status = widgets.HTML()
        self.upload.observe(_alert_at(self.upload_message)(self._uploaded), names="value")
        self.date_column = widgets.Dropdown(description="Week commencing", style=FIELD_STYLE)
        self.numerator_column = widgets.Dropdown(description="Numerator", style=FIELD_STYLE)
        self.denominator_column = widgets.Dropdown(description="Denominator", style=FIELD_STYLE)
        self.upload_note = widgets.HTML()
        self.upload_button = widgets.Button(
            description="Add the file's weeks", layout=widgets.Layout(width="auto")
        )
        self.upload_button.on_click(_alert_at(self.upload_message)(self._add_upload))
        self.mapping_box = widgets.VBox(
            [
                self.upload_note,
                self.date_column,
                self.numerator_column,
                self.denominator_column,
                widgets.HBox([self.upload_button]),
            ],
            layout=widgets.Layout(display="none"),
        )

        # the chart
        self.chart_note = widgets.HTML()
        self.chart_box = widgets.VBox()
        self.links = widgets.HTML()

        self.entry = widgets.VBox(
            [
                self.about,
                *self.add_form.placed(self.entered_by),
                self.summary,
                widgets.HTML("<h3>Add a week</h3>"),
                widgets.HBox(
                    [
                        self.new_week,
                        self.new_numerator,
                        self.new_denominator,
                        self.new_note,
                        self.add_button,
                    ]
                ),
                self.add_note,
                self.add_message,
                widgets.HTML("<h3>The chart</h3>"),
                self.chart_note,
                self.chart_box,
                self.links,
                widgets.HTML(
                    "<h3>Weeks entered</h3><p>To correct a week, change its numbers and press "
                    "Enter (or click away).</p>"
                ),
                self.headings,
                self.grid_box,
                widgets.HTML(
                    "<h3>Paste from Excel</h3><p>Copy the rows from your spreadsheet (the week "
                    "it starts, then the numbers, side by side; with or without the heading row) "
                    "and paste them here.</p>"
                ),
                self.paste_help,
                *self.paste_form.placed(self.paste),
                widgets.HBox([self.paste_button]),
                self.paste_message,
                self.paste_status,
                widgets.HTML(
                    "<h3>Upload a file</h3><p>A CSV or Excel (.xlsx) file with one row per week. "
                    "Say once which column holds what; qikit remembers it for next time.</p>"
                ),
                widgets.HBox([self.upload]),
                # under the file button, or under "Add the file's weeks" once columns show
                self.mapping_box,
                self.upload_message,
                self.upload_status,
            ]
        )
        self.picker.observe(act(self._picked), names="value")
        self.bar.observe(act(lambda _: self.load()), names="project_id")
        super().__init__(
            [
                self.bar,
                self.errors,
                widgets.HTML("<h2>Which measure?</h2>"),
                self.picker,
                self.no_measures,
                self.entry,
            ]
        )
        self.load()

    # ----- loading ---------------------------------------------------------------------------
    def load(self) -> None:
        """Read the open project's measures; keep the chosen one if it is still there."""
        found = self.workspace.measures(self.bar.project_id) if self.bar.project_id else []
        options = [(self._measure_words(m), m.id) for m in found]
        wanted = self.measure_id or page_query().get("measure", "")
        ids = [m.id for m in found]
        chosen = wanted if wanted in ids else (ids[0] if ids else None)
        self._loading = True
        try:
            self.picker.options = options
            self.picker.value = chosen
        finally:
            self._loading = False
        if not found:
            self.no_measures.value = (
                "<p>This project has no measures yet. Add them to the measurement plan first "
                f"(name, numerator and denominator), then come back: {self.bar.link(PLAN_WORKBOOK, 'open the measurement plan')}.</p>"  # noqa: E501
            )
            self.picker.layout.display = "none"
            self.entry.layout.display = "none"
            self.measure = None
            self.measure_id = ""
            return
        self.no_measures.value = ""
        self.picker.layout.display = None
        self.entry.layout.display = None
        self._picked()

    @staticmethod
    def _measure_words(m: Measure) -> str:
        kind = TYPE_WORDS.get(m.type)
        return f"{m.name or 'Measure with no name yet'}" + (f" ({kind})" if kind else "")

    def _picked(self, _: Any = None) -> None:
        if self._loading or self.picker.value is None:
            return
        self.measure = self.workspace.measure(self.picker.value)
        self.measure_id = self.measure.id
        for panel in (self.add_message, self.paste_message, self.upload_message):
            panel.clear()
        self.paste_status.value = self.upload_status.value = ""
        for row in self._rows:
            row.message.clear()
            row.form.clear()
        self.add_form.clear()
        self.paste_form.clear()
        self._upload_frame = None
        self.mapping_box.layout.display = "none"
        self._show_measure()
        self._refresh()

    @property
    def with_denominator(self) -> bool:
        """Whether the grid asks for a denominator (the measure needs one, or has some)."""
        if self.measure is None:
            return False
        return obs.needs_denominator(self.measure) or bool(self.table["denominator"].notna().any())

    def _show_measure(self) -> None:
        m = self.measure
        num, den = obs.numerator_label(m), obs.denominator_label(m)
        parts = [f"<p><strong>{html.escape(m.name or 'This measure')}</strong>"]
        if m.definition:
            parts.append(f": {html.escape(m.definition)}")
        parts.append("</p><ul>")
        parts.append(f"<li>Numerator: {html.escape(num)}</li>")
        if obs.needs_denominator(m):
            parts.append(f"<li>Denominator: {html.escape(den)}</li>")
        if m.unit:
            parts.append(f"<li>Shown {html.escape(m.unit)}</li>")
        parts.append("</ul>")
        self.about.value = "".join(parts)
        self.new_numerator.description = num
        self.new_denominator.description = den
        self.new_numerator.placeholder = "Number"
        self.new_denominator.placeholder = "Out of"
        order = f"week commencing, {num}" + (f", {den}" if obs.needs_denominator(m) else "")
        self.paste_help.value = (
            f"<p>Columns in this order: {html.escape(order)}, and a note if you like. Dates "
            "day first, as 05/10/2026.</p>"
        )

    # ----- drawing ---------------------------------------------------------------------------
    def _refresh(self) -> None:
        """Read the measure's weeks again; redraw the grid, the summary and the chart."""
        if self.measure is None:
            return
        self.table = self.workspace.observation_table(self.measure.id)
        self.weeks = len(self.table)
        den = self.with_denominator
        self.new_denominator.layout.display = None if den else "none"
        self.headings.value = self._headings_html(den)
        while len(self._rows) < len(self.table):
            self._rows.append(WeekRow(self))
        for row, (_, values) in zip(self._rows, self.table.iterrows(), strict=False):
            row.show(values, self.measure, den)
        self.grid.children = tuple(self._rows[: len(self.table)])
        if not self.new_week.value.strip() or self._week_taken(self.new_week.value):
            self.new_week.value = obs.day_first(next_week(self.table))
        if len(self.table):
            first, last = self.table["period"].min(), self.table["period"].max()
            self.summary.value = (
                f'<p class="qikit-weeks"><strong>{len(self.table)} week'
                f"{'s' if len(self.table) != 1 else ''} entered</strong>, from "
                f"{obs.day_first(first.date())} to {obs.day_first(last.date())}.</p>"
            )
        else:
            self.summary.value = (
                '<p class="qikit-weeks">No weeks entered yet: add the first week below, '
                "paste rows from Excel or upload a file.</p>"
            )
        self._draw()

    def _week_taken(self, text: str) -> bool:
        day = read_date(text)
        return day is not None and any(p.date() == day for p in self.table["period"])

    def _headings_html(self, with_denominator: bool) -> str:
        cells = [("Week commencing", WEEK_WIDTH), (obs.numerator_label(self.measure), NUMBER_WIDTH)]
        if with_denominator:
            cells.append((obs.denominator_label(self.measure), NUMBER_WIDTH))
        cells.append(("Note", NOTE_WIDTH))
        spans = "".join(
            f'<span style="display:inline-block;width:{w};padding-right:4px;vertical-align:top">'
            f"<strong>{html.escape(t)}</strong></span>"
            for t, w in cells
        )
        return f'<div class="qikit-grid-headings" aria-hidden="true">{spans}</div>'

    def _draw(self) -> None:
        from qikit.thread import measure_chart

        try:
            drawn = measure_chart(self.workspace, self.measure.id, width=self.width)
        except DataError as error:
            self.chart = None
            self.chart_note.value = f"<p>{html.escape(str(error))}</p>"
            self.chart_box.children = ()
            self.links.value = ""
            return
        self.chart = drawn
        words = drawn.settings.words()
        self.chart_note.value = (
            f"<p>{html.escape(words[:1].upper() + words[1:])}, as the measurement plan says.</p>"
        )
        if self.view is None:
            self.view = ChartView(drawn.chart)
        else:
            self.view.update(drawn.chart)
        self.chart_box.children = (self.view,)
        self.links.value = (
            "<p>"
            + self.bar.link(CHART_WORKBOOK, "Study this chart in the SPC explorer")
            + " | "
            + self.bar.link(PLAN_WORKBOOK, "Change the measure's definition or chart")
            + "</p>"
        )

    # ----- the three ways in -----------------------------------------------------------------
    def _save(
        self,
        rows: list[obs.Observation],
        before_redraw: Callable[[], None] | None = None,
        **options: Any,
    ) -> int:
        written = self.workspace.save_observations(
            self.measure.id, rows, entered_by=self.entered_by.value.strip(), **options
        )
        if before_redraw is not None:
            before_redraw()
        self._refresh()
        return written

    def _add(self, _: Any = None) -> None:
        self._need_measure()
        for box in (self.new_note, self.entered_by):
            self.add_form.need_no_dots(box)
        if not self.new_week.value.strip():
            raise FieldError(
                self.new_week,
                "'Week commencing' is empty. Type the date the week starts, such as 05/10/2026.",
            )
        row = obs.Observation(
            period=self.new_week.value,
            numerator=self.new_numerator.value,
            denominator=self.new_denominator.value if self.with_denominator else None,
            note=self.new_note.value,
        )
        if self._week_taken(self.new_week.value):
            raise FieldError(
                self.new_week,
                f"The week of {obs.day_first(row.period)} is already in the grid above. To "
                "correct it, change its numbers there; otherwise check the date.",
            )
        self._save([row], before_redraw=self._clear_new_week)

    def _clear_new_week(self) -> None:
        """Empty the new week's boxes once it is saved, before the grid and chart are redrawn:
        someone typing the next week as soon as the summary changes keeps what they type."""
        self.new_numerator.value = ""
        self.new_denominator.value = ""
        self.new_note.value = ""
        self.new_week.value = ""  # the redraw fills in the week after the last one

    def correct(self, row: WeekRow) -> None:
        """Save the numbers typed in a past week's row as a correction."""
        try:
            fixed = obs.Observation(
                period=row.period,
                numerator=row.numerator.value,
                denominator=row.denominator.value if self.with_denominator else None,
                note=row.note.value,
            )
            self.workspace.save_observations(
                self.measure.id,
                [fixed],
                overwrite=True,
                entered_by=self.entered_by.value.strip(),
            )
        except DataError as error:
            raise DataError(
                f"{error} The week keeps its saved numbers until this is fixed."
            ) from None
        self._refresh()

    def delete(self, row: WeekRow) -> None:
        self.workspace.delete_observation(self.measure.id, row.period)
        self._refresh()

    def _paste(self, _: Any = None) -> None:
        self._need_measure()
        self.paste_status.value = ""
        self.paste_form.need_no_dots(self.paste)
        rows = read_pasted(self.paste.value, self.measure, self.entered_by.value.strip())
        written = self._save(rows, where="In the pasted rows")
        self.paste.value = ""
        self.paste_status.value = (
            f'<p class="qikit-note" role="status">Added {written} week'
            f"{'s' if written != 1 else ''} from the pasted rows.</p>"
        )

    def _uploaded(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        self._need_measure()
        upload = files[0]
        frame = read_upload(upload["name"], bytes(upload["content"]))
        self._upload_frame, self._upload_name = frame, upload["name"]
        columns = [str(c) for c in frame.columns]
        remembered = self.measure.upload_columns
        if remembered.get("date") in columns and remembered.get("numerator") in columns:
            date, numerator = remembered["date"], remembered["numerator"]
            denominator = (
                remembered.get("denominator")
                if remembered.get("denominator") in (columns)
                else None
            )
            how = "the columns you chose last time"
        else:
            guess = guess_columns(frame)
            date, numerator, denominator = guess.x or columns[0], guess.y, guess.n
            how = "a first guess: check it"
        self.date_column.options = columns
        self.numerator_column.options = columns
        self.denominator_column.options = [NO_COLUMN, *columns]
        self.date_column.value = date
        self.numerator_column.value = numerator
        self.denominator_column.value = denominator or NO_COLUMN
        self.denominator_column.layout.display = None if self.with_denominator else "none"
        self.upload_note.value = (
            f"<p>{html.escape(upload['name'])}: {len(frame)} rows. Columns set from {how}.</p>"
        )
        self.mapping_box.layout.display = None
        self.upload.value = ()

    def upload_columns(self) -> dict[str, str]:
        """The column mapping as chosen in the drop-downs."""
        columns = {"date": self.date_column.value, "numerator": self.numerator_column.value}
        if self.denominator_column.value not in (None, NO_COLUMN) and self.with_denominator:
            columns["denominator"] = self.denominator_column.value
        return columns

    def _add_upload(self, _: Any = None) -> None:
        self._need_measure()
        self.upload_status.value = ""
        if self._upload_frame is None:
            raise DataError("Choose a file first.")
        columns = self.upload_columns()
        if self.with_denominator and "denominator" not in columns:
            raise DataError(
                f"Choose the column that holds '{obs.denominator_label(self.measure)}': this "
                "measure needs it for every week."
            )
        if len(set(columns.values())) < len(columns):
            raise DataError("Choose a different column for each of the week and the numbers.")
        rows = observations_from_table(
            self._upload_frame,
            columns,
            entered_by=self.entered_by.value.strip(),
            what=f"'{self._upload_name}'",
        )
        if columns != self.measure.upload_columns:
            self.measure.upload_columns = columns
            self.workspace.save_measure(self.bar.project_id, self.measure)
        written = self._save(rows, where=f"In the file '{self._upload_name}'")
        self.mapping_box.layout.display = "none"
        self._upload_frame = None
        self.upload_status.value = (
            f'<p class="qikit-note" role="status">Added {written} week'
            f"{'s' if written != 1 else ''} from {html.escape(self._upload_name)}. The "
            "columns are remembered for next time.</p>"
        )

    def _need_measure(self) -> None:
        if self.measure is None:
            raise DataError("Choose a measure first (add one in the measurement plan).")


def app(workspace: Workspace | None = None) -> MeasureDataApp:
    """The data-entry workbook's app."""
    return MeasureDataApp(workspace)
