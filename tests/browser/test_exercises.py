"""A click-to-answer exercise in Voilà: the learner clicks an answer and is told at once."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import ROOT
from tests.browser.pages import (
    ERROR_TEXTS,
    PageWatch,
    chart_markup,
    serious_accessibility_violations,
)

pytestmark = pytest.mark.browser

NOTEBOOK = "05_run_charts.ipynb"
TIMEOUT_MS = 120_000


def test_run_chart_exercise_is_answered_by_clicking(exercises_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    try:
        page.goto(
            f"{exercises_server}voila/render/{NOTEBOOK}",
            wait_until="domcontentloaded",
            timeout=TIMEOUT_MS,
        )
        page.wait_for_selector("#rendered_cells", state="visible", timeout=TIMEOUT_MS)
        exercise = page.locator(".qikit-exercise").filter(has_text="Where does the change show?")
        exercise.wait_for(timeout=TIMEOUT_MS)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.qikit-chart')].length >= 2 && "
            "[...document.querySelectorAll('.qikit-chart')].every("
            "c => c.querySelector('.vega-embed svg, .vega-embed canvas'))",
            timeout=TIMEOUT_MS,
        )
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        assert all(chart_markup(page)), "every chart must be drawn"
        body = page.inner_text("body")
        for bad in ERROR_TEXTS:
            assert bad not in body, f"the page shows {bad!r}"
        # every exercise can be answered by clicking: the blank typed ones show their boxes too
        assert page.locator(".qikit-exercise").count() == 4

        choice = page.locator(".qikit-exercise").filter(has_text="Too few runs?")
        choice.get_by_text("(b) There are too few runs").click()
        choice.get_by_role("button", name="Check my answer").click()
        choice.locator(".qikit-exercise-feedback").get_by_text("Correct").wait_for(timeout=15_000)

        feedback = exercise.locator(".qikit-exercise-feedback")
        exercise.get_by_role("button", name="Yes").click()
        exercise.locator("select").select_option(label="Trend (points going steadily up or down)")
        week = exercise.get_by_label("From which week?")
        week.fill("58")
        week.press("Enter")
        exercise.get_by_role("button", name="Check my answer").click()
        feedback.get_by_text("Not quite").wait_for(timeout=15_000)
        assert "53" not in feedback.inner_text(), "a wrong answer must not show the answer"

        exercise.get_by_role("button", name="Show a hint").click()
        feedback.get_by_text("Hint 1 of").wait_for(timeout=15_000)

        exercise.locator("select").select_option(
            label="Shift (a long run on one side of the centre line)"
        )
        week.fill("53")
        week.press("Enter")
        exercise.get_by_role("button", name="Check my answer").click()
        feedback.get_by_text("Correct").wait_for(timeout=15_000)

        assert watch.external_requests() == [], "requests left this machine"
        assert watch.console_errors == [], f"the browser console shows {watch.console_errors}"
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()


def test_every_exercise_notebook_has_a_gallery_card():
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        meta = json.loads(path.read_text())["metadata"]["qikit"]
        assert meta["title"] and isinstance(meta["minutes"], int) and meta["objectives"]


def test_gallery_opens_the_exercise_apps_and_shows_progress(server, browser):
    """The workbooks' server lists the exercises in their own section; a topic opens as an app
    answered by clicking and typing, and the gallery then shows the progress."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    try:
        page.goto(server, wait_until="networkidle")
        section = page.locator("section.exercises")
        assert section.get_by_role("heading", name="Exercises").is_visible()
        topics = section.locator(".exercise-card")
        assert topics.count() == len(list((ROOT / "exercises").glob("0*.ipynb")))
        card = topics.filter(has_text="Run charts")
        assert card.locator(".progress").inner_text() == "Not started: 4 exercises"
        assert serious_accessibility_violations(page) == []

        card.get_by_role("link").click()
        page.wait_for_url("**/voila/render/exercises/05_run_charts.ipynb", timeout=TIMEOUT_MS)
        choice = page.locator(".qikit-exercise").filter(has_text="Too few runs?")
        choice.wait_for(timeout=TIMEOUT_MS)
        choice.get_by_text("(b) There are too few runs").click()
        choice.get_by_role("button", name="Check my answer").click()
        choice.locator(".qikit-exercise-feedback").get_by_text("Correct").wait_for(timeout=15_000)

        # a word typed where a number is expected gets a sentence, not a traceback
        median = page.locator(".qikit-exercise").filter(has_text="Find the median")
        median.get_by_role("textbox").fill("about seventy")
        median.get_by_role("button", name="Check my answer").click()
        feedback = median.locator(".qikit-exercise-feedback")
        feedback.get_by_text("should be a number").wait_for(timeout=15_000)
        body = page.inner_text("body")
        for bad in ERROR_TEXTS:
            assert bad not in body, f"the page shows {bad!r}"

        page.goto(server, wait_until="networkidle")
        card = page.locator("section.exercises .exercise-card").filter(has_text="Run charts")
        assert card.locator(".progress").inner_text() == "1 of 4 exercises done"
        assert watch.external_requests() == [], "requests left this machine"
        assert watch.console_errors == [], f"the browser console shows {watch.console_errors}"
    finally:
        context.close()
