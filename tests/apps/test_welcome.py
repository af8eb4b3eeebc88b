"""The welcome app, driven headless as a learner would."""

from __future__ import annotations

import altair as alt

from qikit.apps import welcome
from qikit.apps.common import ErrorPanel, guarded
from qikit.errors import DataError


def shown_weeks(app: welcome.WelcomeApp) -> list[int]:
    spec = app.view.jupyter_chart.chart.to_dict()
    return sorted({row["week"] for row in _rows(spec, "feeling_safe")})


def _rows(spec: dict, column: str) -> list[dict]:
    return [row for rows in spec["datasets"].values() for row in rows if column in row]


def test_slider_redraws_the_chart_with_more_weeks():
    app = welcome.app()
    assert shown_weeks(app) == list(range(1, 13))
    app.weeks.value = 20
    assert shown_weeks(app) == list(range(1, 21))
    assert "week 13" in app.prompt.value


def test_chart_is_offline_and_described():
    app = welcome.app()
    assert alt.JupyterChart._is_offline
    spec = app.view.jupyter_chart.chart.to_dict()
    assert spec["title"]["text"].startswith("Patients who feel safe")
    assert "Run chart" in spec["description"]


def test_changes_marker_appears_once_changes_started():
    def has_marker(weeks: int) -> bool:
        spec = welcome.run_chart(welcome.example_measure(), weeks).to_dict()
        return any(layer["mark"].get("color") == "#490092" for layer in spec["layer"])

    assert not has_marker(12)
    assert has_marker(13)


def test_guarded_callback_shows_plain_words_and_keeps_going():
    panel = ErrorPanel()

    @guarded(panel)
    def bad_upload():
        raise DataError("Column 'week' was not found. Expected a column of week numbers.")

    @guarded(panel)
    def crash():
        raise ZeroDivisionError("division by zero")

    bad_upload()
    assert "Column &#x27;week&#x27; was not found" in panel.value
    crash()
    assert "division" not in panel.value and "not something you did wrong" in panel.value


def test_offline_bundle_is_cached_and_names_no_cdn(tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("QIKIT_CACHE", str(tmp_path))
    code = (
        "import altair as alt; from qikit.apps.offline import enable_offline; enable_offline();"
        "print(alt.JupyterChart._is_offline)"
    )
    for _ in range(2):  # the first run builds the cache, the second reads it
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.stdout.strip() == "True", out.stderr
    (bundle,) = tmp_path.glob("jupyterchart-offline-*.js")
    text = bundle.read_text()
    assert len(text) > 100_000
    assert "cdn.jsdelivr.net" not in text and "esm.sh" not in text


def test_under_qikit_serve_each_chart_carries_only_a_loader(tmp_path, monkeypatch):
    import subprocess
    import sys

    from qikit.apps.offline import BUNDLE_URL_ENV

    monkeypatch.setenv("QIKIT_CACHE", str(tmp_path))
    monkeypatch.setenv(BUNDLE_URL_ENV, "voila/templates/qikit/static/bundle.js")
    code = (
        "import altair as alt; from qikit.apps.offline import enable_offline; enable_offline();"
        "print(len(alt.JupyterChart._esm)); print(alt.JupyterChart._esm)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    size, loader = out.stdout.split("\n", 1)
    assert int(size) < 2_000, "the loader should be small: the bundle is fetched by the browser"
    assert '"voila/templates/qikit/static/bundle.js"' in loader
    assert "jupyter-config-data" in loader and "export default" in loader
    assert not list(tmp_path.glob("*.js")), "no bundle is built when the server publishes it"


def test_the_server_publishes_the_bundle_as_a_static_file(tmp_path, monkeypatch):
    from qikit.serve.server import TEMPLATE_NAME, publish_chart_bundle

    address = publish_chart_bundle(tmp_path)
    assert address.startswith(f"voila/templates/{TEMPLATE_NAME}/static/jupyterchart-offline-")
    published = (
        tmp_path / "voila" / "templates" / TEMPLATE_NAME / "static" / address.rsplit("/")[-1]
    )
    text = published.read_text(encoding="utf-8")
    assert len(text) > 100_000 and "as default" in text
    assert "esm.sh" not in text and "cdn.jsdelivr.net" not in text


def test_the_week_13_question_has_an_answer_behind_a_button():
    app = welcome.app()
    assert app.reveal.layout.display == "none"  # no question yet, so no answer
    app.weeks.value = 15
    assert app.reveal.layout.display is None and app.answer.value == ""
    app.reveal.click()
    assert "Too early to say" in app.answer.value  # 3 weeks since the change
    app.weeks.value = 30
    assert "Yes, it is different" in app.answer.value
    assert "All 18 weeks from week 13 on are above it" in app.answer.value
    assert "58.5%" in app.answer.value
    app.weeks.value = 8
    assert app.answer.value == ""
