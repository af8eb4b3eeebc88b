"""The coaching prompts where a team and its coach look: under a team measure's chart in the SPC
explorer (workbook 06) and on the team's card on the collaborative dashboard (workbook 11).

The prompts come from :mod:`qikit.coaching`, read once per project and kept until the team's data
may have changed (:class:`PromptCache`). Each shows its text, with the rule and its source one
click away ("Why this prompt"), laid out by :data:`STYLE` in the page's own colours.
"""

from __future__ import annotations

import datetime as dt
import html
import logging

from qikit import coaching
from qikit.coaching import Prompt

log = logging.getLogger("qikit.apps")

#: The prompts' look: each prompt a note in the page's blue, "Why this prompt" written as a link
#: (NHS blue, underlined, a hand pointer) so it reads as something to open, the rule and source
#: indented under it. Carried with the prompts, so they look the same in Voilà and JupyterLab.
STYLE = """<style>
ul.qikit-coaching { list-style: none; margin: 0.4em 0; padding: 0; max-width: 60em; }
li.qikit-coaching-prompt {
  border-left: 6px solid #005eb8; background: #eef6fc; color: #1a1a1a;
  padding: 0.45em 1em; margin: 0.4em 0; line-height: 1.45;
}
ul.qikit-coaching details { margin-top: 0.2em; }
ul.qikit-coaching summary {
  cursor: pointer; color: #005eb8; text-decoration: underline; width: fit-content;
}
ul.qikit-coaching summary:focus-visible { outline: 3px solid #ffb81c; outline-offset: 2px; }
ul.qikit-coaching details p { margin: 0.2em 0 0.2em 1.2em; }
.qikit-coaching-card {
  border: 1px solid #aeb7bd; border-radius: 4px; padding: 0.3em 1em 0.6em; margin: 0.6em 0;
  max-width: 62em;
}
.qikit-coaching-card h3, .qikit-coaching-measure h3 { margin: 0.4em 0 0.2em; }
.qikit-coaching-card > p, .qikit-coaching-measure > p {
  margin: 0.2em 0; line-height: 1.45; max-width: 60em;
}
</style>"""

#: How to read the prompts, said once above them.
HOW_TO_READ = (
    "Open \u201cWhy this prompt\u201d under a prompt for the rule behind it and where the rule "
    "comes from."
)


def read_prompts(workspace, project_id: str, today: dt.date | None = None) -> list[Prompt]:
    """Every prompt for a project, or none if its thread cannot be read: the prompts add to the
    page and never keep a chart or a card from showing (the reason goes to the server log)."""
    try:
        return coaching.project_prompts(workspace, project_id, today or dt.date.today())
    except Exception:  # the page goes on without the prompts
        log.exception("Coaching prompts for project %s could not be read", project_id)
        return []


class PromptCache:
    """Each project's prompts, read once (reading a thread charts every measure) and read again
    after :meth:`forget`, when the team's data or settings may have changed."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today
        self._found: dict[str, list[Prompt]] = {}

    def get(self, workspace, project_id: str) -> list[Prompt]:
        if project_id not in self._found:
            self._found[project_id] = read_prompts(workspace, project_id, self.today)
        return self._found[project_id]

    def forget(self) -> None:
        self._found.clear()


def measure_html(found: list[Prompt], measure_id: str) -> str:
    """The prompts about one measure, for under its chart; nothing at all when there are none."""
    mine = coaching.for_measure(found, measure_id)
    if not mine:
        return ""
    return (
        f'{STYLE}<div class="qikit-coaching-measure"><h3>What a coach would ask about this '
        f"measure</h3><p>From your team's own weeks and PDSA cycles, with the measure's saved "
        f"chart and rules. {html.escape(HOW_TO_READ)}</p>{coaching.as_html(mine)}</div>"
    )


def card_html(found: list[Prompt], team: str) -> str:
    """A team's card of prompts, most pressing first; with none, the card says so."""
    how = f" {html.escape(HOW_TO_READ)}" if found else ""
    return (
        f'{STYLE}<section class="qikit-coaching-card"><h3>What a coach would ask this team</h3>'
        f"<p><strong>{html.escape(team)}</strong>: from the team's own aim, measures, weeks and "
        f"PDSA cycles, the most pressing first.{how}</p>{coaching.as_html(found)}</section>"
    )
