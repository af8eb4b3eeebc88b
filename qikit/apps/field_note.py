"""Messages where the eye is: a refusal shown right under the box it is about.

A form (:class:`FieldForm`) knows each of its boxes by the label the page shows and how its
text is read (a number, a date, free text). Whenever a box changes or a button is pressed,
every box is checked first:

- a box whose text holds a patient's detail (an NHS number, a name with a date of birth: see
  :mod:`qikit.privacy`) keeps the rest of the text with the detail hidden, and says so under
  the box; the detail is never passed on, so it is never saved;
- a box whose text cannot be read (a number, a date) keeps what was typed and says, under the
  box, what was expected and what was found;

and only when every box reads well is the form's own work done (build, show, save). A message
names the box by its label on the page ("Who is it for"), never by a name in the code, and is
announced to screen readers. Messages about the whole form (saving failed) stay in the app's
panel.
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets

from qikit.apps.common import ErrorPanel, plain_message
from qikit.errors import DataError
from qikit.improve import fields
from qikit.privacy import HIDDEN, Finding, hide_identifiers

log = logging.getLogger("qikit.apps")

#: A reader takes what a box holds and its label; it returns nothing, or raises DataError
#: saying what was expected and what was found.
Reader = Callable[[Any, str], Any]


class FieldNote(widgets.HTML):
    """The message under one box: nothing when all is well."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(value="", layout=widgets.Layout(display="none"), **kwargs)
        self.add_class("qikit-field-note")

    def show(self, message: str) -> None:
        self.value = (
            '<div role="alert" aria-live="assertive" class="qikit-alert qikit-field-alert">'
            f"{html.escape(message)}</div>"
        )
        self.layout.display = None

    def clear(self) -> None:
        """Nothing to say: the note takes no room on the page."""
        self.value = ""
        self.layout.display = "none"

    @property
    def shown(self) -> bool:
        return bool(self.value)


class FieldError(DataError):
    """A refusal about one box: shown under that box, not in the app's panel."""

    def __init__(self, box: widgets.Widget, message: str) -> None:
        super().__init__(message)
        self.box = box


def label_of(box: widgets.Widget) -> str:
    """The label the page shows beside a box."""
    return str(getattr(box, "description", "") or "This box").strip()


def detail_message(label: str, found: list[Finding]) -> str:
    """What to say under a box whose patient detail was hidden."""
    kinds = sorted({f.kind for f in found}, key=lambda k: [f.kind for f in found].index(k))
    what = " and ".join(kinds)
    return (
        f"'{label}' looks like it held a patient's {what}. It is hidden in the box "
        f"(shown as {HIDDEN * 3}) and was not saved; the rest of what you typed is kept. "
        "This box is for the ward and groups of patients, never one patient's details: delete "
        "the dots, and use counts, rates or percentages instead."
    )


# ----- readers --------------------------------------------------------------------------------
def number(value: Any, label: str) -> None:
    """A number such as 12 or 7.5, or nothing."""
    fields.number(value, label)


def positive_number(value: Any, label: str) -> None:
    """A number above 0, or nothing (a multiplier: 100 or 1,000)."""
    found = fields.number(value, label, minimum=0)
    if found == 0:
        raise DataError(
            f"'{label}' cannot be 0; found 0. Use 100 for a percentage, 1,000 for a rate per "
            "1,000 occupied bed days, or leave it blank."
        )


def date(value: Any, label: str) -> None:
    """A date written day first (05/10/2026), or nothing."""
    fields.date(value, label)


# ----- the form -------------------------------------------------------------------------------
@dataclass
class Field:
    """One box of a form, its label on the page, how it is read, and the note under it."""

    box: widgets.Widget
    #: The label to name it by; none: the label the page shows now (it can change).
    named: str | None = None
    read: Reader | None = None
    note: FieldNote = field(default_factory=FieldNote)
    #: The message about a detail hidden in the box: shown while the dots are still there.
    hidden: str = ""
    #: What its reader last said was wrong.
    problem: str = ""

    @property
    def label(self) -> str:
        return self.named or label_of(self.box)


class FieldForm:
    """The boxes of one form, each with the note under it (see the module's description)."""

    def __init__(self, errors: ErrorPanel | None = None, *, read_while_typing: bool = True):
        self.errors = errors or ErrorPanel()
        self.fields: list[Field] = []
        #: Read numbers and dates at each change (a form saved as it is typed), or only when a
        #: button is pressed (a row added by a button: a date half typed is not yet wrong).
        self.read_while_typing = read_while_typing
        self._hiding = False

    # ----- building ------------------------------------------------------------------------
    def add(
        self,
        box: widgets.Widget,
        read: Reader | None = None,
        label: str | None = None,
        note: FieldNote | None = None,
    ) -> FieldNote:
        """Check ``box`` with the form (its text for patient details, then with ``read``);
        return the note to place right after it on the page. Boxes side by side in a row can
        share one ``note`` under the row: it says the first of their messages."""
        found = Field(box, label, read) if note is None else Field(box, label, read, note)
        self.fields.append(found)
        return found.note

    def field(self, box: widgets.Widget) -> Field:
        for found in self.fields:
            if found.box is box:
                return found
        raise KeyError(label_of(box))

    def note(self, box: widgets.Widget) -> FieldNote:
        """The note under ``box``."""
        return self.field(box).note

    def placed(self, *parts: widgets.Widget) -> list[widgets.Widget]:
        """``parts`` for a page, each of the form's boxes followed by its note."""
        known = {id(f.box): f.note for f in self.fields}
        out: list[widgets.Widget] = []
        for part in parts:
            out.append(part)
            if id(part) in known:
                out.append(known[id(part)])
        return out

    def watch(
        self, callback: Callable[..., Any], boxes: Iterable[widgets.Widget] | None = None
    ) -> None:
        """Run ``callback(change)`` after a change to any of ``boxes`` (every box of the form
        unless given), once every box of the form reads well."""
        run = self.guard(callback, read=self.read_while_typing, stop_when_hidden=False)
        for box in self.fields_boxes() if boxes is None else boxes:
            box.observe(run, names="value")

    def fields_boxes(self) -> list[widgets.Widget]:
        return [f.box for f in self.fields]

    def guard(
        self, callback: Callable[..., Any], *, read: bool = True, stop_when_hidden: bool = True
    ) -> Callable[..., Any]:
        """``callback`` (a click, or a change), run once every box of the form reads well; a
        :class:`FieldError` it raises is shown under its box, any other error in the panel.

        A click that finds a patient's detail stops there (``stop_when_hidden``), so the nurse
        sees what was hidden before anything is added; typing goes on with the detail hidden.
        """

        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            if self._hiding:
                return None  # the form itself is hiding a detail in a box
            try:
                ready, hid = self.check(read=read)
                if not ready or (hid and stop_when_hidden):
                    return None
                result = callback(*_as_checked(args), **kwargs)
            except FieldError as error:
                found = self.field(error.box)
                found.problem = str(error)
                found.note.show(found.problem)
                return None
            except Exception as error:  # noqa: BLE001 - every error must reach the page in words
                log.exception("Error in %s", getattr(callback, "__name__", "a form"))
                self.errors.show(plain_message(error))
                return None
            self.errors.clear()
            return result

        return run

    # ----- checking ------------------------------------------------------------------------
    def check(self, read: bool = True) -> tuple[bool, bool]:
        """Check every box, hide patient details, show or clear each note. Return whether all
        read well (a box whose detail was hidden reads well: the detail is gone) and whether a
        detail was hidden just now. Without ``read``, only details are looked for, and what a
        reader said last stays under its box."""
        ready, hid = True, False
        said: dict[int, tuple[FieldNote, str]] = {}
        for each in self.fields:
            fine, hidden = self._check(each, read)
            ready, hid = ready and fine, hid or hidden
            message = each.hidden or each.problem
            if id(each.note) not in said or (message and not said[id(each.note)][1]):
                said[id(each.note)] = (each.note, message)
        for note, message in said.values():
            if message:
                note.show(message)
            else:
                note.clear()
        return ready, hid

    def _check(self, each: Field, read: bool) -> tuple[bool, bool]:
        value = getattr(each.box, "value", None)
        hid = False
        if isinstance(value, str):
            hidden, found = hide_identifiers(value)
            if found:
                hid = True
                each.hidden = detail_message(each.label, found)
                self._hiding = True
                try:
                    each.box.value = value = hidden
                finally:
                    self._hiding = False
            elif HIDDEN not in value:
                each.hidden = ""
        if read:
            each.problem = ""
            if each.read is not None:
                try:
                    each.read(value, each.label)
                except DataError as error:
                    each.problem = str(error)
        return not each.problem, hid

    def need_no_dots(self, box: widgets.Widget) -> None:
        """Refuse to take ``box``'s text on (add it as a driver, a row) while it still holds the
        dots where a patient's detail was hidden."""
        value = getattr(box, "value", "")
        if isinstance(value, str) and HIDDEN in value:
            raise FieldError(
                box,
                f"'{self.field(box).label}' still holds the dots ({HIDDEN * 3}) where a "
                "patient's detail was hidden. Delete them, then press the button again.",
            )

    def clear(self) -> None:
        """Take every note away (a new project opened)."""
        for each in self.fields:
            each.hidden = each.problem = ""
            each.note.clear()


def _as_checked(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """A change handed on says what the box holds now: a detail hidden in it is gone."""
    if args and isinstance(args[0], dict) and "new" in args[0] and "owner" in args[0]:
        owner = args[0]["owner"]
        if args[0].get("name") == "value" and hasattr(owner, "value"):
            return (dict(args[0], new=owner.value), *args[1:])
    return args
