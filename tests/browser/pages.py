"""What every browser test checks on a page: requests, console errors, charts, accessibility."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ERROR_TEXTS = ("Traceback", "Something needs your attention", "NameError", "ModuleNotFoundError")


@dataclass
class PageWatch:
    """Records what a page asked the network for and what it logged as errors."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def external_requests(self) -> list[str]:
        """Requests to any host other than this machine."""
        outside = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue
            if parsed.hostname not in LOOPBACK_HOSTS:
                outside.append(url)
        return outside


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG violations on the page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}
        },
    )
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = [str(node.get("target")) for node in violation.get("nodes", [])][:5]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}"
            )
    return found


CHARTS = ".qikit-chart .vega-embed"
#: JavaScript: the drawn markup (SVG, or a canvas as a data URL) of each chart element given.
MARKUP_JS = (
    "els => els.map(e => { const g = e.querySelector('svg, canvas');"
    " return g ? (g.tagName === 'CANVAS' ? g.toDataURL() : g.outerHTML) : ''; })"
)
#: JavaScript: the charts' markup now, for comparing with an earlier ``chart_markup``.
NOW_JS = f"({MARKUP_JS})([...document.querySelectorAll('{CHARTS}')])"
#: JavaScript: true once some chart is drawn differently from ``before``.
REDRAWN_JS = f"before => JSON.stringify({NOW_JS}) !== JSON.stringify(before)"


def chart_markup(page) -> list[str]:
    """The drawn markup of every qikit chart on the page, in order."""
    return page.eval_on_selector_all(CHARTS, MARKUP_JS)


def wait_for_redraw(page, before: list[str], timeout_ms: float = 60_000) -> None:
    """Wait until some chart on the page is drawn differently from ``before``."""
    page.wait_for_function(REDRAWN_JS, arg=before, timeout=timeout_ms)
