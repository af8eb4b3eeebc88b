"""Building blocks every app uses: offline charts and plain-English error panels.

An app draws no page title: the workbook's first cell is the page's one title block (title,
time needed, objectives, key points), so the title is drawn once, in the Jupyter route too.
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from typing import Any

import altair as alt
import ipywidgets as widgets

from qikit.apps.offline import enable_offline
from qikit.errors import DataError

log = logging.getLogger("qikit.apps")


class ChartView(widgets.VBox):
    """One Altair chart drawn offline, redrawn in place with :meth:`update`.

    Keeping one ``alt.JupyterChart`` and replacing its ``chart`` is both the only renderer that
    works with no internet in Voilà and the fastest way to redraw (no new output area).
    """

    def __init__(self, chart: alt.TopLevelMixin, **kwargs: Any) -> None:
        enable_offline()
        # SVG, not canvas: the page scales an SVG to its column (it has a viewBox) and Vega
        # still finds the point under the pointer for its tooltips.
        self.jupyter_chart = alt.JupyterChart(
            chart, embed_options={"actions": False, "renderer": "svg"}
        )
        super().__init__([self.jupyter_chart], **kwargs)
        self.add_class("qikit-chart")

    def update(self, chart: alt.TopLevelMixin) -> None:
        """Draw a new chart in the same place."""
        self.jupyter_chart.chart = chart


class ErrorPanel(widgets.HTML):
    """Shows what went wrong in plain words, and nothing when all is well."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(value="", **kwargs)
        self.add_class("qikit-error-panel")

    def show(self, message: str) -> None:
        self.value = (
            '<div role="alert" class="qikit-alert">'
            f"<strong>Something needs your attention.</strong> {html.escape(message)}</div>"
        )

    def clear(self) -> None:
        self.value = ""


def plain_message(error: BaseException) -> str:
    """The message a ward team should read for an error raised inside an app."""
    if isinstance(error, DataError):
        return str(error)
    return (
        "That did not work, and it is not something you did wrong. Your entries are kept. "
        "Try again, or ask the facilitator to look at the server log."
    )


def guarded(panel: ErrorPanel) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a widget callback so any error shows in ``panel`` instead of vanishing.

    Errors in ipywidgets callbacks are otherwise invisible in Voilà; this shows them in plain words
    and logs the details for the facilitator.
    """

    def decorate(callback: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(callback)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                result = callback(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - every error must reach the page in words
                log.exception("Error in %s", callback.__name__)
                panel.show(plain_message(error))
                return None
            panel.clear()
            return result

        return wrapper

    return decorate
