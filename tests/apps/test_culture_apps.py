"""The culture, reliability, collaborative and storyboard apps, driven headless."""

from __future__ import annotations

import datetime
import html
import json

import pytest

from qikit import reliability


def spec_rows(view) -> list[dict]:
    spec = view.jupyter_chart.chart.to_dict()
    return [r for t in spec.get("datasets", {}).values() if isinstance(t, list) for r in t]


# ----- SCORE culture ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def culture_app():
    from qikit.apps import score_culture

    return score_culture.app()


def test_culture_heatmap_follows_the_wave(culture_app):
    app = culture_app
    before = {(r["ward"], r["domain"]): r["percent"] for r in spec_rows(app.view)}
    assert len(before) == 16 * 7
    app.wave.value = "After the collaborative"
    after = {(r["ward"], r["domain"]): r["percent"] for r in spec_rows(app.view)}
    assert before != after
    assert "after the collaborative" in app.view.jupyter_chart.chart.to_dict()["title"]["text"]
    app.wave.value = "Before the collaborative"


def test_culture_cutoff_and_minimum_are_settings_the_page_obeys(culture_app):
    app = culture_app

    def burnout() -> list:
        return sorted(
            r["percent"] for r in spec_rows(app.view) if r["domain"] == "Personal Burnout"
        )

    at_50 = burnout()
    app.cutoff.value = 70
    assert sum(burnout()) < sum(at_50)  # a higher cut-off counts fewer people as burned out
    app.cutoff.value = 50
    app.ward.value = "W01"
    app.minimum.value = 5
    shown_at_5 = app.by_role.value.count("hidden")
    app.minimum.value = 10
    assert app.by_role.value.count("hidden") > shown_at_5
    app.minimum.value = 5
    assert app.errors.value == ""


def test_culture_ward_table_never_shows_a_small_group(culture_app):
    app = culture_app
    app.ward.value = "W02"
    table = app.published.unit_table("W02", "before")
    assert (table.loc[~table["suppressed"], "respondents"] >= 5).all()
    hidden = int(table["suppressed"].sum())
    assert app.by_role.value.count('class="qikit-hidden"') == hidden > 0
    assert "Verdict" in app.compare.value
    app.domain.value = "Teamwork"
    assert "pull together" in app.prompts.value


# ----- Reliability --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def reliability_app():
    from qikit.apps import reliability_app

    return reliability_app.app()


def test_reliability_ward_choice_redraws_the_p_chart(reliability_app):
    app = reliability_app
    everyone = app.chart.jupyter_chart.chart.to_dict()
    title = app.chart.jupyter_chart.chart.to_dict()["title"]
    assert "all wards" in str(title)
    app.ward.value = "W03"
    assert "Birch Ward" in str(app.chart.jupyter_chart.chart.to_dict()["title"])
    rows = app.audit[app.audit["ward_id"] == "W03"]
    expected = reliability.compliance(rows, app.elements)
    assert f"{expected.patients_all_met} of {expected.patients}" in app.table.value
    assert app.chart.jupyter_chart.chart.to_dict() != everyone


def test_what_if_calculator_worked_example_and_presets(reliability_app):
    app = reliability_app
    app.rates.value = "70, 53, 55"
    bars = {r["bar"]: r["percent"] for r in spec_rows(app.what_if_view) if "bar" in r}
    assert bars["All, if failures independent"] == pytest.approx(20.405)
    assert bars["All, worst case"] == 0 and bars["All, best case"] == pytest.approx(53)
    app.preset.value = "Vigilance"
    assert app.rates.value == "85, 85, 85, 85, 85"
    assert "98.98%" in app.design.value and "44.4%" in app.design.value


def test_what_if_bad_typing_is_explained_and_kept(reliability_app):
    app = reliability_app
    app.rates.value = "90, lots"
    children = list(app.children)
    assert children[children.index(app.rates) + 1] is app.what_if_errors  # right under the box
    shown = html.unescape(app.what_if_errors.value)
    assert "'Element reliabilities (%)' should hold numbers" in shown and "found 'lots'" in shown
    assert app.rates.value == "90, lots"  # what the person typed is kept
    app.rates.value = "90, 120"
    assert "0 to 100" in app.what_if_errors.value and "found &#x27;120&#x27;" in (
        app.what_if_errors.value
    )
    app.rates.value = "90, 95"
    assert app.what_if_errors.value == ""


def test_what_if_says_how_it_read_numbers_of_one_or_less_and_offers_the_other():
    from qikit.apps import reliability_app

    app = reliability_app.app()
    app.rates.value = "0.9, 0.85"  # shares of 1, most likely
    note = html.unescape(app.rates_note.value)
    assert "read as shares of 1 (0.9 is 90 %)" in note and "'As percentages'" in note
    assert app.reading.value == "share" and app.reading.layout.display is None
    assert "76.5%" in app.design.value  # 0.9 x 0.85
    app.reading.value = "percent"  # the learner meant 0.9 %
    assert "read as percentages (0.9 is 0.9 %)" in html.unescape(app.rates_note.value)
    assert "between 0.0% and 0.9%" in app.design.value
    app.rates.value = "0.5, 0.8"  # the learner's choice holds
    assert app.reading.value == "percent" and "between 0.0% and 0.5%" in app.design.value
    app.rates.value = "90, 85"
    assert app.rates_note.value == "" and app.reading.layout.display == "none"
    assert reliability_app.read_rates("90, 0.5") == [0.9, 0.005]  # among percentages: 0.5 %
    assert reliability_app.read_rates("0.9, 85%") == pytest.approx([0.009, 0.85])
    assert reliability_app.read_rates("1, 1") == [1.0, 1.0]


def test_levels_read_as_words_never_powers_of_ten(reliability_app):
    app = reliability_app
    app.rates.value = "99, 99.5, 99"
    labels = json.dumps(app.what_if_view.jupyter_chart.chart.to_dict())
    assert "10^" not in app.table.value + app.design.value + labels
    assert "the IHI level 1 failure in 100 (95 % to below 99.5 %)" in app.design.value
    assert "80 %: 1 failure in 10" in labels and "95 %: 1 failure in 100" in labels
    assert "IHI reliability level:</strong> chaotic (below 80 %)" in app.table.value


# ----- Collaborative dashboard --------------------------------------------------------------
@pytest.fixture(scope="module")
def dashboard_app():
    from qikit.apps import collaborative_dashboard

    return collaborative_dashboard.app()


def panels(app) -> set[str]:
    return {r["panel"] for r in spec_rows(app.small) if "panel" in r}


def test_dashboard_filters_redraw_the_small_multiples(dashboard_app):
    app = dashboard_app
    everyone = panels(app)
    assert len(everyone) == 32  # every ward's measures
    trust = app.board.trusts()[0]
    app.trust.value = trust
    wards = set(app.board.wards.loc[app.board.wards["trust"] == trust, "ward"])
    assert panels(app) and {p.split(":")[0] for p in panels(app)} <= wards
    assert all(trust in row for row in app.table.value.split("<tr>")[2:])
    app.trust.value = "All"
    app.measure.value = "news2_complete"
    assert all(p.endswith("NEWS2 sets complete") for p in panels(app))
    app.work_stream.value = "sexual safety"
    assert "No ward matches" in app.table.value
    assert spec_rows(app.small)[0]["message"] == "No ward matches these filters."
    app.work_stream.value = "All"
    app.measure.value = "All"
    assert app.errors.value == ""


def test_dashboard_table_has_icons_with_words(dashboard_app):
    value = dashboard_app.table.value
    assert value.count("<img") == 32 and 'alt="Special cause improvement' in value


def test_funnel_controls(dashboard_app):
    app = dashboard_app

    def upper_limit() -> float:
        return max(r["limit"] for r in spec_rows(app.funnel) if "limit" in r)

    app.overdispersion.value = "Off"
    plain = upper_limit()
    app.overdispersion.value = "Added spread (usual)"
    assert upper_limit() > plain  # between-ward variation widens the limits
    app.funnel_measure.value = "news2_complete"
    points = [r for r in spec_rows(app.funnel) if "unit" in r and "denominator" in r]
    assert {r["unit"] for r in points} == set(app.board.wards["ward"])
    app.period.value = "Pre-work (baseline)"
    assert app.funnel_errors.value == ""


def test_assessment_and_timeline_are_drawn(dashboard_app):
    import base64
    import re

    for picture, words in ((dashboard_app.scores, "4.0"), (dashboard_app.timeline, "Pre-work")):
        assert 'alt="' in picture.value and "<script" not in picture.value
        svg = base64.b64decode(re.search(r"base64,([^\"]+)", picture.value).group(1)).decode()
        assert svg.startswith("<svg") and words in svg
    assert "heatmap" in dashboard_app.scores.value.lower()
    assert "Outstanding sustainable results" in dashboard_app.scale.value


# ----- Storyboard and sharing ----------------------------------------------------------------
@pytest.fixture
def story_app(tmp_path):
    from qikit.apps import storyboard_app
    from qikit.store import open_workspace

    own = open_workspace(tmp_path / "own")
    team = own.create_team("Our ward")
    own.create_project(team.id, "No aim yet")  # left out of the list: nothing to show
    app = storyboard_app.StoryboardApp(own, open_workspace(tmp_path / "examples"))
    yield app
    own.close()


def test_storyboard_for_an_example_team(story_app):
    app = story_app
    assert app.errors.value == ""
    assert [label for label, _ in app.team.options][0] == "Example: Willow Ward (Northfield Trust)"
    assert app.preview.value == ""  # laid out only when asked
    app.make_page.click()
    assert "srcdoc=" in app.preview.value and "Our aim" in app.preview.value
    assert app.download_page.filename == "Willow_Ward_Northfield_Trust_storyboard.html"
    page = app.download_page.click().decode("utf-8")  # one click: made and saved
    assert "Our aim" in page and app.download_page.text.endswith("KB)")
    title = app.view.jupyter_chart.chart.to_dict()["title"]
    assert "Restraint episodes" in str(title)
    app.team.value = ("example", "W08")
    assert app.preview.value == "" and "KB" not in app.download_page.text  # sizes were Willow's
    assert app.download_page.filename.endswith("_storyboard.html")
    assert "Willow" not in app.download_page.filename
    assert "Magnolia" in app.board.team or app.board.team.startswith(app.team.label[9:])
    assert app.view.jupyter_chart.chart.to_dict()["title"] != title


def test_storyboard_pdf_and_paper(story_app):
    app = story_app
    app.make_page.click()
    app.paper.value = "A3"
    assert "size: A3 portrait" in app.preview.value
    pdf = app.download_pdf.click()
    assert pdf.startswith(b"%PDF") and app.download_pdf.filename.endswith("_storyboard_A3.pdf")
    assert app.download_pdf.text.startswith("Download the storyboard to print (PDF, ")


def upload(name: str, content: bytes) -> dict:
    return {
        "name": name,
        "type": "application/json",
        "size": len(content),
        "content": memoryview(content),
        "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    }


def test_change_package_export_import_and_library(story_app):

    app = story_app
    package = app.export_package()
    assert package["results"] and package["ideas"]
    content = app.package_button.click()
    assert app.package_button.filename.endswith("_change_package.json")
    app.upload.value = (upload("willow.json", content),)
    assert "Added the change ideas from Willow Ward" in app.import_status.value
    assert "Shared by Willow Ward" in app.library.value
    app.search.value = "debrief"
    assert app.library.value.count("<tr>") == 1 + 2  # header, the example and the shared copy
    app.search.value = "no-such-idea"
    assert "No change ideas match" in app.library.value
    app.upload.value = (upload("bad.json", b"not json"),)
    assert "not a change package" in app.import_errors.value and app.errors.value == ""
