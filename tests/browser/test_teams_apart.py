"""Teams kept apart on a shared server, in two browser contexts of a real Chromium.

Two delegates open the aim workbook (01) on a shared workspace: neither is given a default
project; each starts a team, is shown its join code and types an aim; neither sees the other's.
A reload, and a page opened without the address (the browser remembers the team), keep the team;
a new browser is asked for its team; a team mate joins by code; the facilitator sees both.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest

from tests.browser.conftest import WORKBOOKS, running_server
from tests.browser.pages import ERROR_TEXTS, PageWatch

pytestmark = pytest.mark.browser

WORKBOOK = "01_model_for_improvement.ipynb"
AIM_BOX = ".qikit-aim-statement textarea"
FACILITATOR = "TRAINER4"
TIMEOUT = 120_000
AIMS = {
    "Cedar ward": "Reduce restraint on Cedar ward from 12 to 6 per 1,000 bed days by March 2027",
    "Elm ward": "Increase safety huddles on Elm ward from 40% to 90% of shifts by June 2027",
}


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("teams-workbooks")
    shutil.copy(WORKBOOKS / WORKBOOK, folder)
    env = {"QIKIT_SHARED_WORKSPACE": "1", "QIKIT_FACILITATOR_CODE": FACILITATOR}
    with running_server(
        folder,
        tmp_path_factory.mktemp("teams-workspace"),
        tmp_path_factory.mktemp("serve") / "teams.log",
        env=env,
    ) as url:
        yield url


class Delegate:
    """One browser (its own context: cookies and storage of its own) with the workbook open."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.watch = PageWatch()
        self.watch.attach(self.page)
        self.base = f"{url}voila/render/{WORKBOOK}"
        self.open(self.base)

    def open(self, address: str | None = None) -> None:
        """Open ``address`` (None: reload) in this browser's tab."""
        # Leaving a Voilà page asks the server to shut its kernel down without the _xsrf
        # argument (403, logged as a console error by the page being left): Voilà's own.
        self.watch.console_errors.clear()
        if address is None:
            self.page.reload(wait_until="domcontentloaded", timeout=TIMEOUT)
        else:
            self.page.goto(address, wait_until="domcontentloaded", timeout=TIMEOUT)
        self.page.wait_for_selector(AIM_BOX, timeout=TIMEOUT)
        self.page.wait_for_load_state("networkidle", timeout=TIMEOUT)
        self.watch.console_errors[:] = [
            e for e in self.watch.console_errors if "status of 403 (Forbidden)" not in e
        ]

    def text(self, label: str):
        words = re.compile(rf"^\s*{re.escape(label)}\s*$")
        label_element = self.page.locator("label.widget-label", has_text=words)
        return self.page.locator(".widget-text").filter(has=label_element).first.locator("input")

    def button(self, name: str):
        words = re.compile(rf"^\s*{re.escape(name)}\s*$")
        return self.page.locator("button").filter(has_text=words).first

    def aim(self) -> str:
        return self.page.locator(AIM_BOX).first.input_value()

    def wait_for_aim(self, text: str) -> None:
        self.page.wait_for_function(
            "([sel, text]) => { const box = document.querySelector(sel);"
            " return box && box.value === text; }",
            arg=[AIM_BOX, text],
            timeout=60_000,
        )

    def asked_for_team(self) -> bool:
        return self.text("Join code").is_visible()

    def type_aim(self, text: str) -> None:
        box = self.page.locator(AIM_BOX).first
        box.fill(text)
        box.press("Tab")
        self.page.wait_for_timeout(2500)  # saved after a quiet spell

    def check_clean(self) -> None:
        body = self.page.inner_text("body")
        assert not any(word in body for word in ERROR_TEXTS), body[:2000]
        assert self.watch.external_requests() == []
        assert self.watch.console_errors == []


def test_two_teams_in_two_browsers_never_see_each_other(shared_server, browser):
    cedar, elm = Delegate(browser, shared_server), Delegate(browser, shared_server)
    try:
        codes = {}
        for delegate, name in ((cedar, "Cedar ward"), (elm, "Elm ward")):
            assert delegate.asked_for_team()  # no default project, nothing to overwrite
            assert not delegate.text("Project").is_visible()
            delegate.text("Team name").fill(name)
            delegate.button("Start a new team").click()
            code = delegate.page.locator(".qikit-join-code")
            code.wait_for(timeout=30_000)
            codes[name] = code.inner_text().strip()
            assert re.fullmatch(r"[A-Z0-9]{6}", codes[name])
            assert delegate.aim() == ""
            delegate.type_aim(AIMS[name])
        assert codes["Cedar ward"] != codes["Elm ward"]

        # Each reloads: its own team, project and aim, from the address the page wrote.
        for delegate, name in ((cedar, "Cedar ward"), (elm, "Elm ward")):
            assert f"team={codes[name]}" in delegate.page.url
            assert "project=" in delegate.page.url
            delegate.open()
            delegate.wait_for_aim(AIMS[name])
            assert not delegate.asked_for_team()
            # Opened again without the address (as from the gallery): the browser remembers.
            delegate.open(delegate.base)
            delegate.wait_for_aim(AIMS[name])
            delegate.check_clean()

        # Typing the other team's name is refused in words, and shows none of its work.
        stranger = Delegate(browser, shared_server)
        try:
            assert stranger.asked_for_team() and stranger.aim() == ""
            stranger.text("Team name").fill("Cedar ward")
            stranger.button("Start a new team").click()
            stranger.page.get_by_text("is already on this server").wait_for(timeout=30_000)
            assert stranger.aim() == "" and AIMS["Cedar ward"] not in stranger.page.content()
            # With the code, a team mate opens the team's work.
            stranger.text("Join code").fill(codes["Elm ward"].lower())
            stranger.button("Join your team").click()
            stranger.wait_for_aim(AIMS["Elm ward"])
        finally:
            stranger.context.close()

        # The facilitator sees every team, with its join code.
        trainer = Delegate(browser, shared_server)
        try:
            trainer.text("Join code").fill(FACILITATOR)
            trainer.button("Join your team").click()
            choice = trainer.page.locator(".qikit-every-team select")
            choice.wait_for(timeout=30_000)
            shown = choice.locator("option").all_inner_texts()
            labels = [label.replace("\xa0", " ") for label in shown]
            assert labels == [
                f"Cedar ward (join code {codes['Cedar ward']})",
                f"Elm ward (join code {codes['Elm ward']})",
            ]
            choice.select_option(index=1)
            trainer.wait_for_aim(AIMS["Elm ward"])
            choice.select_option(index=0)
            trainer.wait_for_aim(AIMS["Cedar ward"])
            trainer.check_clean()
        finally:
            trainer.context.close()

        # Nothing typed by one team reached the other.
        cedar.wait_for_aim(AIMS["Cedar ward"])
        elm.open(elm.base)
        elm.wait_for_aim(AIMS["Elm ward"])
    finally:
        cedar.context.close()
        elm.context.close()
