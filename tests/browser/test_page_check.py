"""The page check catches each problem learners met, on small pages made to show one each.

A clean page passes; the same page with one problem put back fails, with a sentence that says
what is wrong. These pages need no server: they are set straight into the browser.
"""

from __future__ import annotations

import pytest

from tests.browser.page_check import page_problems, problems_at_every_size

pytestmark = pytest.mark.browser

STYLE = """
<style>
  body { font: 16px sans-serif; color: rgba(0, 0, 0, 0.87); margin: 0; padding: 1em; }
  a { color: #005eb8; text-decoration: underline; }
  button { background: #005eb8; color: #fff; border: 2px solid #003d78; }
  .panel { width: 100%; max-width: 900px; overflow: hidden; }
  .vega-embed svg.marks { width: 100%; height: auto; }
</style>
"""

CHART = """
<div class="vega-embed"><svg class="marks" viewBox="0 0 600 300" width="600" height="300">
  <g class="role-axis-label"><text>Jan 2025</text><text>Feb 2025</text></g>
  <text>Restraint episodes per 1,000 occupied bed days</text>
</svg></div>
"""

BODY = f"""
<h1>Run-chart lab</h1>
<p>Every week the ward counts its restraint episodes. <a href="#next">Next workbook</a></p>
<button>Download the chart (PNG, 42 KB)</button>
<div class="panel">{CHART}</div>
"""


def page_with(browser, body: str, extra_style: str = "", width: int = 1366):
    context = browser.new_context(viewport={"width": width, "height": 768})
    page = context.new_page()
    page.set_content(
        f"<html lang='en'><head>{STYLE}<style>{extra_style}</style></head>"
        f"<body>{body}</body></html>"
    )
    return context, page


@pytest.fixture
def check(browser):
    contexts = []

    def run(body: str = BODY, extra_style: str = "", width: int = 1366) -> list[str]:
        context, page = page_with(browser, body, extra_style, width)
        contexts.append(context)
        return page_problems(page)

    yield run
    for context in contexts:
        context.close()


def test_a_clean_page_passes_at_every_size(browser):
    context, page = page_with(browser, BODY)
    try:
        assert problems_at_every_size(page, settle_ms=50) == []
    finally:
        context.close()


def test_a_download_link_that_looks_like_body_text_fails(check):
    body = BODY.replace(
        "<button>Download the chart (PNG, 42 KB)</button>",
        '<a class="plain" href="data:text/csv,1">Download the measurement plan</a>',
    )
    plain = "a.plain { color: rgba(0, 0, 0, 0.87); text-decoration: none; }"
    problems = check(body, plain)
    assert any(
        "Download the measurement plan" in p and "looks like body text" in p for p in problems
    ), problems


def test_a_button_that_looks_like_body_text_fails(check):
    flat = "button { background: transparent; border: none; color: inherit; }"
    problems = check(BODY, flat)
    assert any("button" in p and "looks like body text" in p for p in problems), problems


def test_a_title_drawn_twice_fails(check):
    problems = check(BODY.replace("<p>", "<h1>Run-chart lab</h1><p>", 1))
    assert any("2 top-level titles" in p for p in problems), problems


def test_a_page_with_no_title_fails(check):
    problems = check(BODY.replace("<h1>Run-chart lab</h1>", ""))
    assert any("0 top-level titles" in p for p in problems), problems


def test_a_fixed_width_chart_clipped_at_zoom_fails(check):
    fixed = ".vega-embed svg.marks { width: 901px; height: 300px; } .panel { max-width: 653px; }"
    problems = check(BODY, fixed)
    assert any("clipped" in p for p in problems), problems


def test_a_chart_wider_than_the_window_fails(check):
    wide = ".panel { overflow: visible; max-width: none; } .vega-embed svg.marks { width: 1500px; }"
    problems = check(BODY, wide, width=1024)
    assert any("scrolls sideways" in p for p in problems), problems


@pytest.mark.parametrize(
    "shown",
    [
        "The field 'for_whom' holds an NHS number.",
        "Measure: minutes_of_engagement",
        "restraint_episodes",
        "Scale: one_shift",
        "See QI_REFERENCE S91",
        "Failure rate 10^-1",
        "tau = 6.19",
        "phi = 28.36",
        "<qikit.improve.aim.Aim object at 0x7f2a1c>",
        "Timestamp('2025-01-06 00:00:00')",
        "Rate: nan",
        "NameError: name 'b' is not defined",
        "['Shift', 'Trend']",
    ],
)
def test_a_word_that_looks_like_code_fails(check, shown):
    import html

    problems = check(BODY + f"<p>{html.escape(shown)}</p>")
    assert any("The page shows" in p for p in problems), (shown, problems)


def test_plain_words_pass(check):
    words = (
        "<p>Over-dispersion allowed for. 1 in 10 patients. Perla, Provost and Murray (2011). "
        "Week commencing 06/01/2025. 95% of patients. Who is it for? e.g. one shift.</p>"
    )
    assert check(BODY + words) == []


def test_a_label_cut_short_without_its_full_text_fails(check):
    cut = BODY.replace("Restraint episodes per 1,000 occupied bed days", "Week to c\u2026")
    problems = check(cut)
    assert any("cut short" in p for p in problems), problems


def test_a_label_cut_short_with_its_full_text_on_hover_passes(check):
    cut = BODY.replace(
        "<text>Restraint episodes per 1,000 occupied bed days</text>",
        "<text><title>Week to come</title>Week to c\u2026</text>",
    )
    assert check(cut) == []


def test_a_css_ellipsis_without_its_full_text_fails(check):
    label = (
        '<p class="short">% of admissions with lying and standing blood pressure recorded '
        "within 24 hours of admission</p>"
    )
    style = (
        ".short { width: 200px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }"
    )
    problems = check(BODY + label, style)
    assert any("cut short with an ellipsis" in p for p in problems), problems
    titled = label.replace('class="short"', 'class="short" title="the full label"')
    assert check(BODY + titled, style) == []


def test_week_axis_with_decimals_fails(check):
    decimals = BODY.replace(
        "<text>Jan 2025</text><text>Feb 2025</text>",
        "<text>1.0</text><text>2.0</text><text>3.0</text>",
    )
    problems = check(decimals)
    assert any("whole numbers with decimals" in p for p in problems), problems
