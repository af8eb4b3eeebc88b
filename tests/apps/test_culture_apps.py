"""The culture, reliability, collaborative and storyboard apps, driven headless."""

from __future__ import annotations

import pytest

from qikit import culture, reliability


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
    scores = culture.score_respondents(app.answers)
    table = culture.group_results(
        scores[(scores["ward_id"] == "W02") & (scores["wave"] == "before")], ["ward_id"],
        subgroup="role",
    ).table  # fmt: skip
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
    assert "lots&#x27; is not a number" in app.what_if_errors.value
    assert app.rates.value == "90, lots"  # what the person typed is kept
    app.rates.value = "90, 120"
    assert "0 to 100" in app.what_if_errors.value
    app.rates.value = "90, 95"
    assert app.what_if_errors.value == ""
