"""Save a chart as PNG, SVG, PDF or a self-contained web page, with no internet needed.

Pictures are drawn by vl-convert (Vega in a bundled JavaScript engine). The web page carries the
Vega JavaScript inline, so it opens on a ward laptop with no network and makes no outside request.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc

from qikit.errors import DataError

FORMATS = (".png", ".svg", ".pdf", ".html")


def _spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    if isinstance(chart, dict):
        return chart
    if hasattr(chart, "to_dict"):
        return chart.to_dict()
    raise DataError(
        f"chart: expected an Altair chart (for example from qikit.plot.plot), found "
        f"{type(chart).__name__}. Draw the chart first, then save it."
    )


def html_page(spec: dict[str, Any]) -> str:
    """A web page showing the chart, with all JavaScript inline and no outside reference."""
    title = spec.get("title", {})
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    text = " ".join(text) if isinstance(text, list) else str(text)
    alt_text = str(spec.get("description", ""))
    bundle = vlc.javascript_bundle()
    payload = json.dumps(spec).replace("</", "<\\/")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(text or 'qikit chart')}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<style>body{font-family:'Segoe UI',Helvetica,Arial,sans-serif;margin:1.5rem;}</style>\n"
        f"<script>{bundle}</script>\n</head>\n<body>\n"
        f'<main><div id="chart" role="figure" aria-label="{html.escape(alt_text, quote=True)}">'
        "</div></main>\n"
        f"<script>vegaEmbed('#chart', {payload}, {{actions: false, renderer: 'svg'}})"
        ".catch(function (e) { document.getElementById('chart').textContent = "
        "'The chart could not be drawn: ' + e.message; });</script>\n"
        "</body>\n</html>\n"
    )


def _labelled_svg(svg: str, spec: dict[str, Any]) -> str:
    """Give the picture a title and description that screen readers announce."""
    title = spec.get("title", {})
    text = title.get("text", "") if isinstance(title, dict) else str(title or "")
    text = html.escape(" ".join(text) if isinstance(text, list) else str(text))
    words = html.escape(str(spec.get("description", "")))
    end = svg.index(">", svg.index("<svg")) + 1
    opening = svg[: end - 1] + f' role="img" aria-label="{text}">'
    return f"{opening}<title>{text}</title><desc>{words}</desc>{svg[end:]}"


def save(
    chart: alt.TopLevelMixin | dict[str, Any], path: str | Path, *, scale: float = 2.0
) -> Path:
    """Write ``chart`` to ``path``; the ending chooses the format: .png, .svg, .pdf or .html.

    ``scale`` sharpens PNG pictures (2 gives crisp slides and posters); SVG and PDF are drawn as
    lines and text, sharp at any size.
    Returns the path written.
    """
    target = Path(path)
    ending = target.suffix.lower()
    if ending not in FORMATS:
        raise DataError(
            f"path: expected a file name ending in {', '.join(FORMATS)}, found "
            f"{target.name!r}. Choose .png for slides, .pdf for board papers, .svg to edit, "
            "or .html for a page that opens in any browser."
        )
    spec = _spec(chart)
    if ending == ".png":
        target.write_bytes(vlc.vegalite_to_png(spec, scale=scale))
    elif ending == ".svg":
        target.write_text(_labelled_svg(vlc.vegalite_to_svg(spec), spec), encoding="utf-8")
    elif ending == ".pdf":
        target.write_bytes(vlc.vegalite_to_pdf(spec))
    else:
        target.write_text(html_page(spec), encoding="utf-8")
    return target
