"""Messages where the eye is, in a real headless Chromium at a laptop's size: a patient's NHS
number typed into a box of workbooks 01 and 13 is hidden in the box, and the refusal, naming the
box by its label, sits right under it; nothing with the number is saved. In workbook 10, numbers
of 1 or less typed as percentages are read in a way said under the box, with the other offered."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.browser.conftest import WORKBOOKS, running_server
from tests.browser.pages import PageWatch, serious_accessibility_violations
from tests.team_measures import violence_measure

pytestmark = pytest.mark.browser

RENDER_TIMEOUT_MS = 120_000
NHS_NUMBER = "943 476 5919"
NOTE = ".qikit-field-note .qikit-field-alert"


@pytest.fixture(scope="module")
def team_server(tmp_path_factory) -> Iterator[tuple[str, str, object]]:
    """A server over workbooks 01 and 13, and a workspace with one team's measure."""
    from qikit.improve import MeasurementPlan
    from qikit.store import open_workspace

    folder = tmp_path_factory.mktemp("field-note-workbooks")
    for name in ("01_model_for_improvement.ipynb", "13_our_data.ipynb", "10_reliability.ipynb"):
        shutil.copy(WORKBOOKS / name, folder)
    where = tmp_path_factory.mktemp("workspace")
    workspace = open_workspace(where)
    team = workspace.create_team("Oak ward team")
    project = workspace.create_project(team.id, "Violence reduction")
    workspace.save(project.id, MeasurementPlan(measures=[violence_measure()]))
    workspace.close()
    with running_server(folder, where, tmp_path_factory.mktemp("serve") / "serve.log") as url:
        yield url, project.id, where


def type_a_number_and_find_the_note(page, box) -> tuple[str, dict, dict]:
    """Type words and an NHS number into ``box`` key by key, as a nurse would; return the
    message shown and where the box and the message are."""
    box.wait_for(timeout=RENDER_TIMEOUT_MS)
    box.scroll_into_view_if_needed()
    box.click()
    box.press_sequentially(f"patient {NHS_NUMBER}", delay=30)
    note = page.locator(NOTE).first
    note.wait_for(timeout=30_000)
    page.wait_for_function(
        "box => !box.value.includes('5919')", arg=box.element_handle(), timeout=30_000
    )
    box.scroll_into_view_if_needed()
    return note.inner_text(), box.bounding_box(), note.bounding_box()


@pytest.mark.parametrize(
    ("workbook", "locate", "label"),
    [
        ("01_model_for_improvement.ipynb", lambda p: p.get_by_label("Who is it for"),
         "Who is it for"),
        ("13_our_data.ipynb", lambda p: p.locator(".qikit-new-note input"), "Note"),
    ],
    ids=["01-who-is-it-for", "13-note"],
)  # fmt: skip
def test_an_nhs_number_is_hidden_and_said_under_its_box(
    team_server, browser, workbook, locate, label
):
    url, project_id, where = team_server
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    try:
        page.goto(
            f"{url}voila/render/{workbook}?project={project_id}",
            wait_until="domcontentloaded",
            timeout=RENDER_TIMEOUT_MS,
        )
        box = locate(page)
        text, at, note = type_a_number_and_find_the_note(page, box)
        assert box.input_value() == "patient ••• ••• ••••"  # the rest of what was typed stays
        assert text.startswith(f"'{label}' looks like it held a patient's NHS number"), text
        assert "5919" not in text and "_" not in text  # no number, no name from the code
        gap = note["y"] - (at["y"] + at["height"])
        assert 0 <= gap <= 60, f"the message is {gap:.0f} px below the box"  # right under it
        assert page.locator(f"{NOTE}[role=alert]").count() == 1  # read out by screen readers
        assert serious_accessibility_violations(page) == []
        assert watch.external_requests() == []
    finally:
        context.close()
    from qikit.store import open_workspace

    with open_workspace(where) as workspace:
        kept = repr(workspace.export_project(project_id))
    assert "5919" not in kept


def test_reliabilities_of_one_or_less_are_read_as_said_under_the_box(team_server, browser):
    url, _, _ = team_server
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(
            f"{url}voila/render/10_reliability.ipynb",
            wait_until="domcontentloaded",
            timeout=RENDER_TIMEOUT_MS,
        )
        box = page.locator(".qikit-rates input")
        box.wait_for(timeout=RENDER_TIMEOUT_MS)
        box.fill("0.9, 0.85")
        box.press("Enter")
        note = page.locator(".qikit-rates-note [role=status]")
        note.wait_for(timeout=30_000)
        assert "read as shares of 1 (0.9 is 90 %)" in note.inner_text()
        page.wait_for_function("document.body.innerText.includes('76.5%')", timeout=30_000)
        box.scroll_into_view_if_needed()
        gap = note.bounding_box()["y"] - (box.bounding_box()["y"] + box.bounding_box()["height"])
        assert 0 <= gap <= 60, f"the note is {gap:.0f} px below the box"
        page.get_by_role("button", name="As percentages (0.9 %)").click()
        page.wait_for_function(
            "document.body.innerText.includes('read as percentages (0.9 is 0.9 %)')",
            timeout=30_000,
        )
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()
