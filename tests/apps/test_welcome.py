"""The welcome app, driven headless as a learner would."""

from __future__ import annotations

import altair as alt

from qikit.apps import welcome
from qikit.apps.common import ErrorPanel, guarded, header
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


def test_header_escapes_and_lists_objectives():
    widget = header("Run <charts>", ["Read a run chart"], 30, ["Median, not mean"])
    assert "Run &lt;charts&gt;" in widget.value
    assert "about 30 minutes" in widget.value and "<li>Read a run chart</li>" in widget.value


def test_offline_bundle_is_cached_and_names_no_cdn(tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("QIKIT_CACHE", str(tmp_path))
    code = (
        "import altair as alt; from qikit.apps.common import _enable_offline; _enable_offline();"
        "print(alt.JupyterChart._is_offline)"
    )
    for _ in range(2):  # the first run builds the cache, the second reads it
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.stdout.strip() == "True", out.stderr
    (bundle,) = tmp_path.glob("jupyterchart-offline-*.js")
    text = bundle.read_text()
    assert len(text) > 100_000
    assert "cdn.jsdelivr.net" not in text and "esm.sh" not in text
