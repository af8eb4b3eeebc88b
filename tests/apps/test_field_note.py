"""The form helper that puts each refusal under the box it is about."""

from __future__ import annotations

import ipywidgets as widgets

from qikit.apps.common import ErrorPanel
from qikit.apps.field_note import FieldError, FieldForm, FieldNote, date, number
from tests.apps.field_notes import plain


def form_with_boxes():
    panel = ErrorPanel()
    form = FieldForm(panel)
    words = widgets.Text(description="Who is it for")
    count = widgets.Text(description="Baseline (today)")
    when = widgets.Text(description="Week commencing")
    form.add(words)
    form.add(count, number)
    form.add(when, date)
    built = []
    form.watch(lambda change: built.append(change["new"]))
    return form, panel, words, count, when, built


def test_a_note_takes_no_room_until_it_has_something_to_say():
    note = FieldNote()
    assert note.layout.display == "none" and not note.shown
    note.show("'Week commencing' should be a date")
    assert note.layout.display is None and 'role="alert"' in note.value
    note.clear()
    assert note.value == "" and note.layout.display == "none"


def test_each_box_is_followed_by_its_note_on_the_page():
    form, _, words, count, when, _ = form_with_boxes()
    heading = widgets.HTML("<h3>The parts</h3>")
    placed = form.placed(heading, words, count)
    assert placed == [heading, words, form.note(words), count, form.note(count)]


def test_a_detail_is_hidden_once_and_the_work_goes_on_with_the_rest():
    form, panel, words, _, _, built = form_with_boxes()
    words.value = "adults, not 943 476 5919"
    assert words.value == "adults, not ••• ••• ••••"
    assert built == ["adults, not ••• ••• ••••"]  # the work is done once, without the detail
    text = plain(form.note(words).value)
    assert text.startswith("'Who is it for' looks like it held a patient's NHS number")
    words.value = "adults, not ••• •••"  # the dots are still there: the note stays
    assert form.note(words).shown
    words.value = "adults"
    assert not form.note(words).shown and panel.value == ""


def test_a_box_that_cannot_be_read_stops_the_work_and_keeps_the_typing():
    form, _, words, count, _, built = form_with_boxes()
    count.value = "twelve"
    assert built == [] and count.value == "twelve"
    assert "'Baseline (today)' should be a number" in plain(form.note(count).value)
    words.value = "adults"  # another box: still stopped while the number is wrong
    assert built == [] and form.note(count).shown
    count.value = "12"
    assert built == ["12"] and not form.note(count).shown


def test_a_form_read_only_at_a_click_leaves_half_typed_dates_alone():
    panel = ErrorPanel()
    form = FieldForm(panel, read_while_typing=False)
    when = widgets.Text(description="Week commencing")
    form.add(when, date)
    form.watch(lambda _: None)
    added = []
    button = widgets.Button(description="Add this week")

    def add(_):
        form.need_no_dots(when)
        if when.value == "05/10/2026":
            raise FieldError(when, "'Week commencing': the week of 05/10/2026 is already there.")
        added.append(when.value)

    button.on_click(form.guard(add))
    when.value = "05/1"
    assert not form.note(when).shown  # not wrong yet: still being typed
    button.click()
    assert "should be a date" in plain(form.note(when).value) and added == []
    when.value = "05/10/2026"
    button.click()
    assert "already there" in plain(form.note(when).value) and panel.value == ""
    when.value = "12/10/2026"
    button.click()
    assert added == ["12/10/2026"] and not form.note(when).shown


def test_any_other_error_goes_to_the_panel_in_plain_words():
    panel = ErrorPanel()
    form = FieldForm(panel)

    def broken(_=None):
        raise KeyError("internal")

    form.guard(broken)()
    assert "not something you did wrong" in panel.value and "KeyError" not in panel.value


def test_boxes_in_a_row_share_one_note_saying_the_first_message():
    form = FieldForm(ErrorPanel())
    under_the_row = FieldNote()
    week = widgets.Text(description="Week commencing")
    count = widgets.Text(description="Violent incidents")
    form.add(week, date, note=under_the_row)
    form.add(count, number, note=under_the_row)
    form.watch(lambda _: None)
    count.value = "four"
    assert "'Violent incidents'" in plain(under_the_row.value)
    week.value = "31/02/2026"
    assert "'Week commencing'" in plain(under_the_row.value)  # the first box's message first
    week.value = "02/03/2026"
    assert "'Violent incidents'" in plain(under_the_row.value)
    count.value = "4"
    assert not under_the_row.shown
