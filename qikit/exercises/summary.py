"""The progress summary widget: which exercises are done, topic by topic."""

from __future__ import annotations

import html

import ipywidgets as widgets

from qikit.exercises import progress

_MARKS = {
    "done": ("Done", "#004b23"),
    "incorrect": ("Not right yet", "#7a2e00"),
    "not attempted": ("Not tried", "#2b2b2b"),
}


def state_of(entry: dict | None) -> str:
    if not entry:
        return "not attempted"
    if entry.get("done"):
        return "done"
    return "incorrect" if entry.get("status") == "incorrect" else "not attempted"


def summary_rows(topics=None) -> list[dict]:
    """One row per exercise: topic, exercise, title and its state for this learner."""
    from qikit.exercises.topics import all_topics

    mine = progress.read()
    rows = []
    for topic in topics or all_topics():
        for name, exercise in topic.exercises.items():
            entry = mine.get(exercise.id)
            rows.append(
                {
                    "topic": topic.title,
                    "exercise": name,
                    "title": exercise.title,
                    "state": state_of(entry),
                    "hints": (entry or {}).get("hints", 0),
                }
            )
    return rows


def summary_html(topics=None) -> str:
    rows = summary_rows(topics)
    done = sum(r["state"] == "done" for r in rows)
    body = []
    for row in rows:
        label, colour = _MARKS[row["state"]]
        body.append(
            f"<tr><td>{html.escape(row['topic'])}</td><td>{row['exercise']}: "
            f"{html.escape(row['title'])}</td>"
            f'<td style="color:{colour};font-weight:bold">{label}</td></tr>'
        )
    return (
        '<section class="qikit-progress"><h2>Your progress</h2>'
        f"<p>{done} of {len(rows)} exercises done.</p>"
        '<table><caption class="qikit-visually-hidden">Exercises and whether each is done'
        '</caption><thead><tr><th scope="col">Topic</th><th scope="col">Exercise</th>'
        f'<th scope="col">Progress</th></tr></thead><tbody>{"".join(body)}</tbody></table>'
        "</section>"
    )


class ProgressSummary(widgets.VBox):
    """A table of exercises with Done / Not right yet / Not tried, and a refresh button."""

    def __init__(self, topics=None) -> None:
        self.topics = topics
        self.table = widgets.HTML(summary_html(topics))
        self.refresh_button = widgets.Button(
            description="Refresh my progress", tooltip="Show the latest progress", icon="refresh"
        )
        self.refresh_button.on_click(lambda _: self.refresh())
        super().__init__([self.table, self.refresh_button])
        self.add_class("qikit-progress-summary")

    def refresh(self) -> None:
        self.table.value = summary_html(self.topics)


def progress_summary(topic=None) -> ProgressSummary:
    """The progress widget for one topic (a topic module or its name) or for every topic."""
    from qikit.exercises.topics import find_topic

    return ProgressSummary(None if topic is None else [find_topic(topic)])
