"""``workbench review ARTICLE|PROJECT``: review a post-edit and mark MQM errors.

The project and the QA model are opened before the UI starts, so bad input (no project, a
project open elsewhere, a bad model file) is one line on stderr and exit 2. The review
settings given (reviewer, translator, MT engine, model) are saved in the project and used
by ``workbench lqa`` later.
"""

from __future__ import annotations

from pathlib import Path

import click

from workbench.commands.lqa import model_option


@click.command("review")
@click.argument("path", metavar="ARTICLE|PROJECT", type=click.Path(path_type=Path))
@model_option
@click.option("--reviewer", metavar="NAME", help="Who reviews (default: user in the settings).")
@click.option("--translator", metavar="NAME", help="Who post-edited (saved for the reports).")
@click.option("--system", metavar="NAME", help="The MT engine (saved for the reports).")
def command(
    path: Path,
    model_path: Path | None,
    reviewer: str | None,
    translator: str | None,
    system: str | None,
) -> None:
    """Open the review screen: source, MT, the translator's text with its word diff, and
    the reviewer's editable text. Select words and press f3 to mark an error (category and
    severity from a list that filters as you type, optional comment); ctrl+s accepts a
    segment, ctrl+r rejects it; corrections are recorded as 'review' edits."""
    from workbench.app.projects import open_existing
    from workbench.app.reviewing import open_review
    from workbench.core.config import load_config
    from workbench.core.lqa.model import load_model
    from workbench.tui.review_app import ReviewApp

    session = open_existing(path, read_only=False)
    try:
        review = open_review(session)
        meta = review.meta()
        model_file = str(model_path.resolve()) if model_path else meta.get("model", "")
        model = load_model(model_file or None)
        name = reviewer or meta.get("reviewer") or load_config()[0].user
        values = {"reviewer": name}
        if model_path is not None:
            values["model"] = model_file
        if translator:
            values["translator"] = translator
        if system:
            values["system"] = system
        review.set_meta(values)
    except BaseException:
        session.close()
        raise
    ReviewApp(session, model, name).run()
