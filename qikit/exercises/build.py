"""Write the learner notebooks and the facilitator's answer key from the topic modules.

    python -m qikit.exercises.build                  # exercises/*.ipynb and the answer key
    python -m qikit.exercises.build --check          # exit 1 if any generated file is out of date
    python -m qikit.exercises.build --solutions DIR  # notebooks with every answer filled in

Learner notebooks hold ``answer = ...`` where the answers go; the answers live only in the package
(and in the answer key for facilitators). Notebooks are written without outputs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from qikit.exercises.kinds import Exercise, MultipleChoice
from qikit.exercises.shown import jupyter_only
from qikit.exercises.topics import Code, Text, Topic, all_topics

ROOT = Path(__file__).resolve().parents[2]
EXERCISES_DIR = ROOT / "exercises"
ANSWER_KEY = ROOT / "docs" / "facilitator" / "answer-key.md"

HOW_TO = (
    "**How these exercises work.** Answer each exercise with the boxes and buttons under it, "
    "then press **Check my answer**: you are told at once whether you are right. **Show a hint** "
    "gives a pointer (press it again for the next one). Your progress is saved as you go."
)
#: How to answer in Jupyter, shown there only (the served page shows no code).
JUPYTER_HOW_TO = (
    "*Working in Jupyter?* Run the cells from the top and the boxes appear. Or, where a cell "
    "says `answer = ...`, replace the `...` with your answer and run the cell: words and "
    'letters in quotes (`answer = "b"`), numbers as they are (`answer = 12.5`). Remove the `#` '
    "in front of `hint()` for a hint; `solution()` shows the worked answer when you are ready."
)


def question_markdown(number: int, exercise: Exercise) -> str:
    text = f"## Exercise {number}: {exercise.title}\n\n{exercise.prompt.strip()}"
    if exercise.jupyter:
        text += f"\n\n{jupyter_only(exercise.jupyter)}"
    if isinstance(exercise, MultipleChoice):
        options = "\n".join(f"- **({k})** {v}" for k, v in exercise.options.items())
        # The example is never the right option, so it gives nothing away.
        example = next(k for k in exercise.options if k != exercise.answer)
        word = "letter" if "a" in exercise.options else "code"
        how = f'Answer with the {word}, for example `answer = "{example}"`.'
        text += f"\n\n{options}\n\n{jupyter_only(how)}"
    return text


def code_for(exercise: Exercise, solved: bool) -> str:
    """The learner's cell (or the solved cell) with the exercise's notebook name filled in."""
    q = f"ex.{exercise.name}"
    body = (exercise.solution_code if solved else exercise.learner_code).replace("{q}", q)
    if "widget()" in body:
        return body
    return f"{body}\n# {q}.hint()\n# {q}.solution()"


def intro_markdown(topic: Topic) -> str:
    objectives = "\n".join(f"- {o}" for o in topic.objectives)
    keys = "\n".join(f"- {k}" for k in topic.key_points)
    return (
        f"# {topic.title}\n\n**Time needed:** about {topic.minutes} minutes\n\n"
        f"**You will be able to**\n{objectives}\n\n**Key points**\n{keys}\n\n{HOW_TO}\n\n"
        f"{jupyter_only(JUPYTER_HOW_TO)}\n\n"
        "All the ward data here is **synthetic**: made up to look like a real collaborative's."
    )


def notebook(topic: Topic, solved: bool = False) -> nbformat.NotebookNode:
    """The exercise notebook of one topic; ``solved`` fills in every answer."""
    nb = nbformat.v4.new_notebook()
    cells = [nbformat.v4.new_markdown_cell(intro_markdown(topic))]
    setup = f"from qikit.exercises import {topic.slug} as ex"
    if topic.setup:
        setup += "\n" + topic.setup.strip()
    cells.append(nbformat.v4.new_code_cell(setup))
    number = 0
    for item in topic.cells:
        if isinstance(item, Text):
            cells.append(nbformat.v4.new_markdown_cell(item.markdown.strip()))
        elif isinstance(item, Code):
            cells.append(nbformat.v4.new_code_cell(item.source.strip()))
        else:
            number += 1
            exercise = topic.exercises[item]
            cells.append(nbformat.v4.new_markdown_cell(question_markdown(number, exercise)))
            cells.append(nbformat.v4.new_code_cell(code_for(exercise, solved)))
    cells.append(
        nbformat.v4.new_markdown_cell(
            "## Your progress\n\n"
            + jupyter_only("Run this cell to see which exercises you have done.")
        )
    )
    cells.append(
        nbformat.v4.new_code_cell(
            f'from qikit.exercises import progress_summary\n\nprogress_summary("{topic.slug}")'
        )
    )
    for index, cell in enumerate(cells):
        cell["id"] = f"{topic.slug.replace('_', '-')}-{index:02d}"
    nb.cells = cells
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "qikit": {
            "title": topic.title,
            "minutes": topic.minutes,
            "objectives": topic.objectives,
            "order": topic.number,
            "topic": topic.slug,
            "exercises": len(topic.exercises),
        },
    }
    return nb


PROGRESS_NOTEBOOK = "10_my_progress.ipynb"


def progress_notebook() -> nbformat.NotebookNode:
    """A page showing the learner's progress on every topic."""
    nb = nbformat.v4.new_notebook()
    objectives = ["See which exercises you have done and which to try next"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Your progress on the exercises\n\n**Time needed:** about 2 minutes\n\n"
            "**You will be able to**\n- See which exercises you have done and which to try "
            "next\n\n**Key point:** an exercise counts as done once you have answered it "
            "correctly; hints and solutions are there to help, not to mark you down."
        ),
        nbformat.v4.new_code_cell(
            "from qikit.exercises import progress_summary\n\nprogress_summary()"
        ),
    ]
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"my-progress-{index:02d}"
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "qikit": {
            "title": "Your progress on the exercises",
            "minutes": 2,
            "objectives": objectives,
            "order": 10,
            "charts": 0,
        },
    }
    return nb


def notebook_text(topic: Topic, solved: bool = False) -> str:
    return nbformat.writes(notebook(topic, solved)) + "\n"


def answer_key() -> str:
    """The facilitator's answer key: every answer and the reasoning behind it."""
    lines = [
        "# Answer key for the self-paced exercises",
        "",
        "For facilitators. Generated by `python -m qikit.exercises.build` from the exercise "
        "sources in `qikit/exercises/`; do not edit by hand. Learners see these answers only when "
        "they ask for `solution()`.",
        "",
    ]
    for topic in all_topics():
        lines += [
            f"## {topic.number}. {topic.title}",
            "",
            f"Notebook: `exercises/{topic.notebook_name}`",
            "",
        ]
        for number, exercise in enumerate(topic.exercises.values(), start=1):
            lines += [
                f"### Exercise {number} (`{exercise.id}`): {exercise.title}",
                "",
                question_markdown(number, exercise).split("\n\n", 1)[1],
                "",
                f"**Answer.** {exercise.answer_text()}",
                "",
                f"**Reasoning.** {exercise.reasoning.strip()}",
                "",
                "**Solved cell.**",
                "",
                "```python",
                code_for(exercise, solved=True).split("\n# ")[0],
                "```",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"


def outputs(out: Path = EXERCISES_DIR, key: Path = ANSWER_KEY) -> dict[Path, str]:
    """Every generated file and its text."""
    files = {out / t.notebook_name: notebook_text(t) for t in all_topics()}
    files[out / PROGRESS_NOTEBOOK] = nbformat.writes(progress_notebook()) + "\n"
    files[key] = answer_key()
    return files


def stale(out: Path = EXERCISES_DIR, key: Path = ANSWER_KEY) -> list[Path]:
    """Generated files that are missing or differ from what the sources give."""
    return [
        path
        for path, text in outputs(out, key).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def write_solutions(folder: Path) -> list[Path]:
    """Write the notebooks with every answer filled in (for testing; never for learners)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for topic in all_topics():
        path = folder / topic.notebook_name
        path.write_text(notebook_text(topic, solved=True), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qikit.exercises.build", description=__doc__)
    parser.add_argument("--out", type=Path, default=EXERCISES_DIR, help="learner notebooks folder")
    parser.add_argument("--key", type=Path, default=ANSWER_KEY, help="answer key file")
    parser.add_argument("--check", action="store_true", help="only say whether files are stale")
    parser.add_argument("--solutions", type=Path, help="write solved notebooks to this folder")
    args = parser.parse_args(argv)
    if args.solutions:
        for path in write_solutions(args.solutions):
            print(f"wrote {path}")
        return 0
    if args.check:
        old = stale(args.out, args.key)
        for path in old:
            print(f"out of date: {path}")
        return 1 if old else 0
    for path, text in outputs(args.out, args.key).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
