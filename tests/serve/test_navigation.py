"""Back and Next on every page: the teaching order, the table the template reads, the links."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import nbformat
import pytest

from qikit.serve.navigation import (
    GALLERY,
    PAGES_TEMPLATE,
    jinja_literal,
    page_links,
    pages_table,
    render_pages_template,
)
from qikit.serve.server import prepare_templates

ROOT = Path(__file__).resolve().parents[2]


def _notebook(path: Path, title: str, order: int, **extra) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}")]
    nb.metadata["qikit"] = {"title": title, "minutes": 10, "objectives": ["x"], "order": order}
    nb.metadata["qikit"].update(extra)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    workbooks, exercises = tmp_path / "workbooks", tmp_path / "exercises"
    _notebook(workbooks / "02_pdsa.ipynb", "PDSA cycles", 2)
    _notebook(workbooks / "01_aims.ipynb", "Aims", 1)
    _notebook(workbooks / "05_run_charts.ipynb", "Run charts: the rules", 5)
    _notebook(exercises / "05_run_charts.ipynb", "Run charts: practice", 5, topic="run_charts")
    _notebook(exercises / "01_aims.ipynb", "Aims & drivers {%}", 1, topic="aims")
    _notebook(exercises / "10_my_progress.ipynb", "Your progress", 10)
    return workbooks, exercises


def test_workbooks_then_exercises_each_in_teaching_order(folders):
    links = page_links(*folders)
    assert [(link.path, link.next_path) for link in links] == [
        ("01_aims.ipynb", "02_pdsa.ipynb"),
        ("02_pdsa.ipynb", "05_run_charts.ipynb"),
        ("05_run_charts.ipynb", None),
        ("exercises/01_aims.ipynb", "exercises/05_run_charts.ipynb"),
        ("exercises/05_run_charts.ipynb", "exercises/10_my_progress.ipynb"),
        ("exercises/10_my_progress.ipynb", None),
    ]
    assert {link.next_label for link in links[:3]} == {"Next workbook"}
    assert {link.next_label for link in links[3:]} == {"Next exercise"}


def test_no_exercises_folder_gives_the_workbooks_only(tmp_path):
    _notebook(tmp_path / "a.ipynb", "A", 1)
    assert [link.path for link in page_links(tmp_path)] == ["a.ipynb"]
    assert page_links(tmp_path / "empty") == []


def test_pages_sharing_a_file_name_are_told_apart_by_title(folders):
    table = pages_table(page_links(*folders))
    assert [entry["title"] for entry in table["05_run_charts"]] == [
        "Run charts: the rules",
        "Run charts: practice",
    ]
    assert "next" not in table["05_run_charts"][0]  # the last workbook: only Back
    assert table["05_run_charts"][1]["next"] == "voila/render/exercises/10_my_progress.ipynb"


@pytest.mark.parametrize(
    "value",
    ["Anhøj", 'quotes " and \\ backslash', "{% raw %} {{ x }} {# c #}", "line\nbreak", ""],
)
def test_jinja_reads_the_literal_back_unchanged(value):
    data = {"k": [{"title": value}]}
    text = jinja_literal(data)
    assert text.isascii() and not any(mark in text for mark in ("{%", "{{", "{#", "%}"))
    out = jinja2.Environment().from_string(f"{{% set v = {text} %}}{{{{ v | tojson }}}}").render()
    assert json.loads(out) == data


def _render_page(folder: Path, notebook: Path, base_url: str = "/") -> str:
    """The served page's top, rendered from the real qikit template over stand-ins for Voilà's."""
    stubs = {
        "voila/templates/lab/index.html.j2": (
            '{% extends "nbconvert" %}{% import "spinner" as spinner %}'
            "{% block notebook_css %}{% endblock %}{% block body_header %}<body>{% endblock %}"
        ),
        "nbconvert": "<head>{% block notebook_css %}{% endblock %}</head>"
        "{% block body_header %}{% endblock %}",
        "spinner": "{% macro css() %}{% endmacro %}",
    }
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder), jinja2.DictLoader(stubs)])
    )
    nb = nbformat.read(notebook, as_version=4)
    html = env.get_template("index.html.j2").render(
        nb=nb, resources={"base_url": base_url, "metadata": {"name": notebook.stem}}
    )
    return html[html.index("</head>") :]


def _template(tmp_path: Path, workbooks: Path, exercises: Path) -> Path:
    runtime = prepare_templates(tmp_path / "run", workbooks, exercises=exercises)
    folder = runtime / "voila" / "templates" / "qikit"
    assert (folder / PAGES_TEMPLATE).is_file()
    return folder


def test_page_has_one_nav_with_back_and_next_under_the_base_url(tmp_path, folders):
    workbooks, exercises = folders
    folder = _template(tmp_path, workbooks, exercises)
    page = _render_page(folder, workbooks / "01_aims.ipynb", "/hub/user/nurse/")
    assert page.count("<nav") == 1 and 'aria-label="Workbooks"' in page
    assert f'<a href="/hub/user/nurse/{GALLERY}">Back to the gallery</a>' in page
    assert (
        '<a href="/hub/user/nurse/voila/render/02_pdsa.ipynb" rel="next">'
        "Next workbook: PDSA cycles</a>" in page
    )


def test_exercise_page_links_to_the_next_exercise_not_the_workbook(tmp_path, folders):
    workbooks, exercises = folders
    folder = _template(tmp_path, workbooks, exercises)
    page = _render_page(folder, exercises / "01_aims.ipynb")
    assert 'href="/voila/render/exercises/05_run_charts.ipynb"' in page
    assert "Next exercise: Run charts: practice</a>" in page
    same_name = _render_page(folder, exercises / "05_run_charts.ipynb")
    assert "Next exercise: Your progress</a>" in same_name


def test_last_page_has_only_back(tmp_path, folders):
    workbooks, exercises = folders
    folder = _template(tmp_path, workbooks, exercises)
    for notebook in (workbooks / "05_run_charts.ipynb", exercises / "10_my_progress.ipynb"):
        page = _render_page(folder, notebook)
        assert "Back to the gallery" in page and "Next" not in page and page.count("<a ") == 1


def test_titles_are_escaped_in_the_page(tmp_path, folders):
    workbooks, exercises = folders
    _notebook(exercises / "00_start.ipynb", "Start", 0, topic="start")
    folder = _template(tmp_path, workbooks, exercises)
    page = _render_page(folder, exercises / "00_start.ipynb")
    assert "Next exercise: Aims &amp; drivers {%}</a>" in page


def test_template_outside_qikit_serve_shows_back_only(tmp_path):
    folder = ROOT / "qikit" / "serve" / "templates" / "qikit"
    page = _render_page(folder, ROOT / "workbooks" / "05_run_charts.ipynb")
    assert page.count("<nav") == 1 and page.count("<a ") == 1 and "Back to the gallery" in page


def test_served_kit_links_every_page(tmp_path):
    folder = _template(tmp_path, ROOT / "workbooks", ROOT / "exercises")
    text = (folder / PAGES_TEMPLATE).read_text(encoding="utf-8")
    assert text == render_pages_template(page_links(ROOT / "workbooks", ROOT / "exercises"))
    welcome = _render_page(folder, ROOT / "workbooks" / "00_welcome.ipynb")
    assert "Next workbook: Model for Improvement: your aim and driver diagram</a>" in welcome


def test_facilitator_pages_are_their_own_sequence_and_gallery_section(tmp_path, folders):
    workbooks, exercises = folders
    _notebook(workbooks / "14_room.ipynb", "The room", 14, audience="facilitator")
    _notebook(workbooks / "15_poll.ipynb", "Live poll", 15)
    links = {link.path: link for link in page_links(workbooks, exercises)}
    # A delegate's Next never leads to a page that asks for the facilitator's code.
    assert links["05_run_charts.ipynb"].next_path == "15_poll.ipynb"
    assert links["14_room.ipynb"].next_path is None
    runtime = prepare_templates(tmp_path / "runtime", workbooks, exercises=exercises)
    gallery = (runtime / "voila" / "templates" / "qikit" / "gallery_cards.html").read_text()
    delegates, facilitator = gallery.split('<section class="facilitator"')
    assert "14_room.ipynb" not in delegates and "15_poll.ipynb" in delegates
    assert "For the facilitator" in facilitator and "14_room.ipynb" in facilitator
