"""The storyboard as one self-contained web page, with print styles for A4 or A3 paper.

Charts are embedded as SVG pictures in ``data:`` addresses, so the file opens on a machine with
no internet and makes no request anywhere; it has no script at all.
"""

from __future__ import annotations

import html

from qikit.errors import DataError
from qikit.storyboard.content import Storyboard
from qikit.storyboard.render import chart_svg, data_url

PAPERS = {"A4": (210, 297), "A3": (297, 420)}


def check_paper(paper: str) -> str:
    """'A4' or 'A3' (any case)."""
    value = str(paper).upper()
    if value not in PAPERS:
        raise DataError(f"paper: expected 'A4' or 'A3', found {paper!r}.")
    return value


def _style(paper: str) -> str:
    width, height = PAPERS[paper]
    base = 11 if paper == "A4" else 14
    return f"""
:root {{ --blue: #005eb8; --dark: #1f1f1f; --pale: #e8eef4; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; color: var(--dark); background: #fff;
  font: {base}pt/1.35 'Segoe UI', Helvetica, Arial, sans-serif; }}
main.storyboard {{ width: {width}mm; min-height: {height}mm; margin: 0 auto; padding: 10mm;
  display: grid; gap: 4mm; }}
header {{ background: var(--blue); color: #fff; padding: 4mm 6mm; border-radius: 2mm; }}
header h1 {{ margin: 0; font-size: 2em; }}
header p {{ margin: 1mm 0 0; }}
h2 {{ margin: 0 0 2mm; font-size: 1.25em; color: var(--blue); }}
section {{ border: 0.4mm solid var(--pale); border-radius: 2mm; padding: 3mm 4mm; }}
.aim p {{ font-size: 1.2em; margin: 0; }}
.two {{ display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }}
.measures {{ display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; }}
.measures h2, .measures ul.waiting, .measures > p {{ grid-column: 1 / -1; }}
.whose {{ background: var(--pale); padding: 0 1mm; font-weight: bold; }}
figure {{ margin: 0; }}
figure img, .diagram img {{ width: 100%; height: auto; display: block; }}
figcaption {{ font-size: 0.9em; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9em; }}
th, td {{ text-align: left; padding: 1mm 1.5mm; border-bottom: 0.3mm solid var(--pale); }}
footer {{ font-size: 0.85em; color: #4d4d4d; }}
@page {{ size: {paper} portrait; margin: 0; }}
@media print {{
  main.storyboard {{ width: {width}mm; height: {height}mm; overflow: hidden; }}
  section, figure {{ break-inside: avoid; }}
}}
"""


def _list(items: list[str], empty: str) -> str:
    if not items:
        return f"<p>{html.escape(empty)}</p>"
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def _picture(spec: dict, alt: str) -> str:
    return f'<img src="{data_url(chart_svg(spec))}" alt="{html.escape(alt, quote=True)}">'


def storyboard_html(board: Storyboard, paper: str = "A4") -> str:
    """The storyboard as one web page (no scripts, no outside requests), print-ready on paper."""
    paper = check_paper(paper)
    e = html.escape
    diagram = "<p>No driver diagram saved yet.</p>"
    if board.driver_diagram is not None and board.driver_diagram.primary:
        spec = board.driver_diagram.chart(width=700).to_dict()
        words = "Driver diagram: aim, primary and secondary drivers and change ideas."
        diagram = f'<div class="diagram">{_picture(spec, words)}</div>'
    rows = "".join(
        f"<tr><td>{c.cycle}</td><td>{e(str(c.start or ''))}</td><td>{e(c.scale)}</td>"
        f"<td>{e(c.decision)}</td></tr>"
        for c in board.cycles.itertuples()
    )
    cycles = (
        "<table><thead><tr><th scope='col'>Cycle</th><th scope='col'>Started</th>"
        f"<th scope='col'>Scale</th><th scope='col'>Decision</th></tr></thead><tbody>{rows}"
        "</tbody></table>"
        if rows
        else ""
    )
    figures = "".join(
        f"<figure>{_picture(m.spec, m.spec.get('description', m.title))}"
        f"<figcaption><strong>{e(m.title)}.</strong> "
        + (f'<span class="whose">{e(m.label)}.</span> ' if m.label else "")
        + f"{e(m.caption)}</figcaption></figure>"
        for m in board.measures
    )
    if board.waiting:
        figures += (
            '<ul class="waiting">'
            + "".join(f"<li>{e(sentence)}</li>" for sentence in board.waiting)
            + "</ul>"
        )
    figures = figures or "<p>No measures charted yet.</p>"
    note = f" {e(board.note)}" if board.note else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Storyboard: {e(board.team)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{_style(paper)}</style>\n</head>\n<body>\n"
        f'<main class="storyboard paper-{paper.lower()}">\n'
        f"<header><h1>{e(board.team)}</h1><p>{e(board.project)} · storyboard made "
        f"{board.made_on:%d %B %Y}</p></header>\n"
        f'<section class="aim"><h2>Our aim</h2><p>{e(board.aim)}</p></section>\n'
        f'<div class="two"><section><h2>Our driver diagram</h2>{diagram}</section>\n'
        f"<section><h2>What we tested</h2><p>{e(board.ramp_summary())}</p>{cycles}</section>"
        "</div>\n"
        f'<section class="measures"><h2>Our measures</h2>{figures}</section>\n'
        f'<div class="two"><section><h2>What we learned</h2>'
        f"{_list(board.learned, 'Nothing recorded yet.')}</section>\n"
        f"<section><h2>Next steps</h2>{_list(board.next_steps, 'Not decided yet.')}</section>"
        "</div>\n"
        f"<footer>Made with qikit.{note}</footer>\n</main>\n</body>\n</html>\n"
    )
