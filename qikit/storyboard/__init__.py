"""Storyboards: a team's one-page poster built from its workspace, as a web page, PDF or PNG.

``board = content.from_workspace(workspace, project_id, measures)``, then
``poster.save(board, "storyboard.pdf", paper="A3")`` (or ``.html``, ``.png``, ``.svg``).
"""

from qikit.storyboard import content, page, poster
from qikit.storyboard.content import (
    MeasurePanel,
    Storyboard,
    from_workspace,
    team_panels,
    ward_panels,
)
from qikit.storyboard.page import storyboard_html
from qikit.storyboard.poster import poster_pdf, poster_png, poster_svg, save

__all__ = [
    "MeasurePanel",
    "Storyboard",
    "content",
    "from_workspace",
    "page",
    "poster",
    "poster_pdf",
    "poster_png",
    "poster_svg",
    "save",
    "storyboard_html",
    "team_panels",
    "ward_panels",
]
