"""``workbench review ARTICLE|PROJECT``: review a post-edit and mark MQM errors.

It opens the editor in its review mode (f8 there goes to the editor and back). The project
and the QA model are opened before the UI starts, so bad input (no project, a project open
elsewhere, a bad model file) is one line on stderr and exit 2. The review settings given
(reviewer, translator, MT engine, model) are saved in the project and used by the editor's
review mode and by ``workbench lqa`` later.
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
    """Open the editor in review mode: source, MT, the translator's text with its word
    diff, and the reviewer's editable text. Select words and press f3 to mark an error
    (category and severity from a list that filters as you type, optional comment); ctrl+s
    accepts a segment, ctrl+r rejects it; corrections are recorded as 'review' edits. f8
    switches to the editor and back."""
    from workbench.app.projects import open_existing
    from workbench.app.reviewing import start_review
    from workbench.core.config import load_config
    from workbench.tui.app import WorkbenchApp

    config, warnings = load_config()
    session = open_existing(path, read_only=False)
    try:
        start_review(
            session,
            user=config.user,
            model_path=model_path,
            reviewer=reviewer,
            translator=translator,
            system=system,
        )
    except BaseException:
        session.close()
        raise
    WorkbenchApp(session, config=config, config_warnings=warnings, review=True).run()
