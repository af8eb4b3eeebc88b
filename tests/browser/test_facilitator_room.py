"""The facilitator's room in a real Chromium: one facilitator and three delegates, each in a
browser context of their own, on one shared server.

The delegates start their teams and save their aims (workbook 01); the facilitator's room
(workbook 14) shows every team's card, and a save made after the room opened appears on it
within seconds, with no reload. The facilitator sends a question to the live poll (workbook
15); all three delegates answer on their own pages; the bars build up on the facilitator's page
and the reveal reaches every delegate. A team's own code opens only its own card, with the
prompts for it. The page check runs on the room and on both sides of the poll.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest

from tests.browser.conftest import WORKBOOKS, running_server
from tests.browser.page_check import problems_at_every_size
from tests.browser.pages import ERROR_TEXTS, PageWatch, serious_accessibility_violations

pytestmark = pytest.mark.browser

AIM_PAGE = "01_model_for_improvement.ipynb"
ROOM_PAGE = "14_room.ipynb"
POLL_PAGE = "15_live_poll.ipynb"
FACILITATOR = "TRAINER4"
TIMEOUT = 120_000
#: Seconds within which a save reaches the room (the room looks every 2 s).
LIVE_MS = 20_000
AIMS = {
    "Cedar ward": "Reduce restraint on Cedar ward from 12 to 6 per 1,000 bed days by March 2027",
    "Elm ward": "Increase safety huddles on Elm ward from 40% to 90% of shifts by June 2027",
    "Oak ward": "Reduce falls on Oak ward from 8 to 4 per 1,000 bed days by May 2027",
}
AIM_BOX = ".qikit-aim-statement textarea"


@pytest.fixture(scope="module")
def room_server(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("room-workbooks")
    for name in (AIM_PAGE, ROOM_PAGE, POLL_PAGE):
        shutil.copy(WORKBOOKS / name, folder)
    env = {"QIKIT_SHARED_WORKSPACE": "1", "QIKIT_FACILITATOR_CODE": FACILITATOR}
    with running_server(
        folder,
        tmp_path_factory.mktemp("room-workspace"),
        tmp_path_factory.mktemp("serve") / "room.log",
        env=env,
    ) as url:
        yield url


class Person:
    """One browser context (storage of its own) and its tab."""

    def __init__(self, browser, server: str) -> None:
        self.server = server
        self.context = browser.new_context(viewport={"width": 1366, "height": 768})
        self.page = self.context.new_page()
        self.watch = PageWatch()
        self.watch.attach(self.page)

    def open(self, notebook: str, ready: str, query: str = "") -> None:
        self.watch.console_errors.clear()
        address = f"{self.server}voila/render/{notebook}{query}"
        self.page.goto(address, wait_until="domcontentloaded", timeout=TIMEOUT)
        self.page.wait_for_selector(ready, timeout=TIMEOUT)
        self.page.wait_for_load_state("networkidle", timeout=TIMEOUT)

    def field(self, label: str):
        words = re.compile(rf"^\s*{re.escape(label)}\s*$")
        label_element = self.page.locator("label.widget-label", has_text=words)
        return self.page.locator(".widget-text").filter(has=label_element).first.locator("input")

    def button(self, name: str):
        words = re.compile(rf"^\s*{re.escape(name)}\s*$")
        return self.page.locator("button").filter(has_text=words).first

    def wait_for_text(self, selector: str, text: str, timeout: int = LIVE_MS) -> None:
        self.page.wait_for_function(
            "([sel, text]) => [...document.querySelectorAll(sel)]"
            ".some(e => e.innerText.includes(text))",
            arg=[selector, text],
            timeout=timeout,
        )

    def check_clean(self) -> None:
        body = self.page.inner_text("body")
        assert not any(word in body for word in ERROR_TEXTS), body[:2000]
        assert self.watch.external_requests() == []
        # Leaving a Voilà page asks the server to shut its kernel down without the _xsrf
        # argument (a 403 the page being left logs): Voilà's own, not the kit's.
        errors = [e for e in self.watch.console_errors if "403 (Forbidden)" not in e]
        assert errors == []

    def check_page(self) -> None:
        """The learner-experience page check at every size, and axe-core."""
        assert problems_at_every_size(self.page) == []
        assert serious_accessibility_violations(self.page) == []


def start_team(person: Person, name: str) -> str:
    """Open the aim workbook, start a team and save its aim; return its join code."""
    person.open(AIM_PAGE, AIM_BOX)
    person.field("Team name").fill(name)
    person.button("Start a new team").click()
    code = person.page.locator(".qikit-join-code")
    code.wait_for(timeout=30_000)
    box = person.page.locator(AIM_BOX).first
    box.fill(AIMS[name])
    box.press("Tab")
    person.page.get_by_text("All changes saved.").wait_for(timeout=30_000)
    return code.inner_text().strip()


def test_a_facilitator_and_three_delegates(room_server, browser):
    people = [Person(browser, room_server) for _ in range(4)]
    facilitator, cedar, elm, oak = people
    try:
        codes = {
            name: start_team(p, name) for p, name in ((cedar, "Cedar ward"), (elm, "Elm ward"))
        }

        # The room: the facilitator's code, then every team's card.
        facilitator.open(ROOM_PAGE, ".qikit-room")
        facilitator.page.locator(".qikit-room input[type=password]").fill(FACILITATOR)
        facilitator.button("Open the room").click()
        for name in ("Cedar ward", "Elm ward"):
            facilitator.wait_for_text(".qikit-room-card", AIMS[name], timeout=60_000)

        # A team saving after the room opened appears on it within seconds, with no reload.
        codes["Oak ward"] = start_team(oak, "Oak ward")
        facilitator.wait_for_text(".qikit-room-card", AIMS["Oak ward"])
        assert facilitator.page.locator(".qikit-room-card").count() == 3
        facilitator.wait_for_text(".qikit-room-count", "3 teams")
        facilitator.check_clean()
        facilitator.check_page()

        # A team's own code opens its own card only, with the prompts for it.
        elm.open(ROOM_PAGE, ".qikit-room", f"?team={codes['Elm ward']}")
        elm.wait_for_text(".qikit-room-card", AIMS["Elm ward"], timeout=60_000)
        elm.wait_for_text(".qikit-room-card", "What a coach would ask")
        shown = elm.page.inner_text("body")
        assert AIMS["Cedar ward"] not in shown and AIMS["Oak ward"] not in shown
        assert elm.page.locator(".qikit-room-card").count() == 1
        elm.check_clean()

        # The live poll: the facilitator sends a question to the room.
        facilitator.open(POLL_PAGE, ".qikit-live-poll", f"?team={FACILITATOR}")
        facilitator.button("Send to the room").wait_for(timeout=60_000)
        facilitator.button("Send to the room").click()
        facilitator.wait_for_text(".qikit-live-poll", "0 answers")

        delegates = (cedar, elm, oak)
        for person in delegates:
            person.open(POLL_PAGE, ".qikit-live-poll")
            person.page.locator(".qikit-poll-choice:visible").first.wait_for(timeout=60_000)
        # Two say one thing, one another: the bars must show both.
        for n, person in enumerate(delegates):
            person.page.locator(".qikit-poll-choice:visible").nth(0 if n < 2 else 1).click()
            person.wait_for_text(".qikit-poll-answered", "Your answer is in")
        facilitator.wait_for_text(".qikit-live-poll", "3 answers")
        bars = facilitator.page.locator(".qikit-live-poll .qikit-chart svg")
        assert bars.count() >= 1
        facilitator.check_clean()
        facilitator.check_page()

        facilitator.button("Show the answer").click()
        for person in delegates:
            person.page.locator(".qikit-poll-answer").filter(
                has_text=re.compile(r"\w")
            ).first.wait_for(timeout=LIVE_MS)
            answer = person.page.locator(".qikit-poll-answer").first.inner_text()
            assert "answer" in answer.lower(), answer
            person.check_clean()
        cedar.check_page()
    finally:
        for person in people:
            person.context.close()
