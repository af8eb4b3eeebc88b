"""Checks for the values people type into planning forms.

Each check either returns a clean value or raises :class:`~qikit.errors.DataError` naming the field,
what was expected, what was found and what to do.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from qikit.errors import DataError
from qikit.privacy import check_text


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def identifier(value: Any, field: str) -> str:
    """A name qikit gives to something (such as a driver's id): text, without surrounding spaces.

    Not checked for patient details: qikit writes these, people do not type them."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DataError(
            f"The field '{field}' should be text; found {_shown(value)}. Type it in words."
        )
    return value.strip()


def text(value: Any, field: str) -> str:
    """Free text: ``None`` becomes an empty string; anything else must already be text.

    Text that looks like a patient's NHS number, or a name with a date of birth, is refused
    (:func:`qikit.privacy.check_text`): the kit holds aggregate or synthetic data only."""
    cleaned = identifier(value, field)
    check_text(cleaned, field)
    return cleaned


def text_list(value: Any, field: str, *, item=None) -> list[str]:
    """A list of short texts (blank entries are dropped); each entry is read by ``item``
    (:func:`text` unless given, for example :func:`identifier` for a list of ids)."""
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise DataError(
            f"The field '{field}' should be a list of texts; found {_shown(value)}. "
            "Put each entry on its own line."
        )
    read = item or text
    cleaned = [read(entry, field) for entry in value]
    return [entry for entry in cleaned if entry]


def number(value: Any, field: str, *, minimum: float | None = None) -> float | None:
    """An optional number; text such as ``"12.5"`` or ``"25%"`` is accepted."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise DataError(f"The field '{field}' should be a number; found {_shown(value)}.")
    if isinstance(value, str):
        cleaned = value.strip().rstrip("%").replace(",", "").strip()
        try:
            value = float(cleaned)
        except ValueError:
            raise DataError(
                f"The field '{field}' should be a number such as 12 or 7.5; found "
                f"{_shown(value)}. Type digits only."
            ) from None
    if not isinstance(value, int | float) or not math.isfinite(float(value)):
        raise DataError(
            f"The field '{field}' should be a number such as 12 or 7.5; found {_shown(value)}."
        )
    value = float(value)
    if minimum is not None and value < minimum:
        raise DataError(
            f"The field '{field}' should be at least {minimum:g}; found {value:g}. "
            "Check the number you typed."
        )
    return value


def whole_number(value: Any, field: str, *, minimum: int = 0) -> int | None:
    """An optional whole number such as a cycle number."""
    found = number(value, field, minimum=minimum)
    if found is None:
        return None
    if found != int(found):
        raise DataError(f"The field '{field}' should be a whole number; found {found:g}.")
    return int(found)


def date(value: Any, field: str) -> dt.date | None:
    """An optional date, given as a date or as text written the UK way (05/10/2026 is 5 October)
    or year first (2026-10-05), as in :data:`qikit.tables.DATE_FORMATS`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        found = read_date(value)
        if found is not None:
            return found
    raise DataError(
        f"The field '{field}' should be a date written like 31/03/2027 (day first) or "
        f"2027-03-31; found {_shown(value)}."
    )


def read_date(text: str) -> dt.date | None:
    """A date written in any of the ways ward files write one, or None if it is not a date."""
    from qikit.tables import DATE_FORMATS

    cleaned = " ".join(text.strip().replace("T", " ").split())
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        pass
    for form, shape in DATE_FORMATS:
        if re.fullmatch(shape, cleaned):
            try:
                return dt.datetime.strptime(cleaned, form).date()
            except ValueError:
                return None  # the right shape but no such day (31/02/2026)
    return None


def date_text(value: dt.date | None) -> str | None:
    """A date as JSON-safe text."""
    return value.isoformat() if value is not None else None


def choice(value: Any, field: str, options: Iterable[str], *, blank: bool = True) -> str:
    """One of a fixed set of options (case and surrounding spaces ignored)."""
    options = list(options)
    found = text(value, field).lower()
    if found == "" and blank:
        return ""
    if found not in options:
        raise DataError(
            f"The field '{field}' should be one of: {', '.join(options)}; found {_shown(value)}. "
            "Pick one of those words."
        )
    return found


def mapping(value: Any, field: str) -> Mapping[str, Any]:
    """A dictionary read back from storage."""
    if not isinstance(value, Mapping):
        raise DataError(
            f"'{field}' should be a set of named fields (a JSON object); found {_shown(value)}."
        )
    return value


def only_known(data: Mapping[str, Any], known: Iterable[str], what: str) -> None:
    """Refuse fields that the model does not have, so typos do not vanish silently."""
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise DataError(
            f"The {what} has fields qikit does not know: {', '.join(unknown)}. "
            f"Expected only: {', '.join(sorted(known))}."
        )
