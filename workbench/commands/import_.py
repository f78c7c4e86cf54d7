"""``workbench import FILE``: make a project from a file without the UI, and say what it
imported, so files can be converted in scripts (``import`` then ``export``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from workbench.commands.options import (
    glossary_option,
    project_option,
    source_lang_option,
    source_option,
    store_option,
    target_lang_option,
)


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@source_option
@project_option
@source_lang_option("The source language (BCP 47), over what the file says or detection.")
@target_lang_option("The target language (BCP 47), over what the file says or detection.")
@glossary_option
@store_option
def command(
    file: Path,
    source: Path | None,
    project: Path | None,
    source_lang: str,
    target_lang: str,
    glossaries: tuple[Path, ...],
    store: str | None,
) -> None:
    """Create the project of FILE (an article, or a bilingual XLIFF/TMX/TSV file) and print
    what it imported: units, languages, inline codes, statuses, and what was left out
    and why. Refused when the project exists already (use --project for another)."""
    from workbench.app.projects import open_article
    from workbench.app.team import open_team_project, team_projects
    from workbench.commands.store import chosen_store, project_name
    from workbench.core.errors import ProjectError
    from workbench.core.projects import default_project_path
    from workbench.core.session import Session
    from workbench.core.visible import visible

    server = chosen_store(store)
    if server is not None:
        name = project_name(project, file)
        if not file.exists():
            raise ProjectError(f"{file}: no such file")
        if name in team_projects(server, read_only=False):
            raise ProjectError(
                f"project '{name}' exists already in the team store; open it with "
                "'workbench edit', or pass --project to make another"
            )
        session: Session = open_team_project(
            server,
            name,
            article=file,
            glossaries=glossaries,
            source=source,
            source_language=source_lang,
            target_language=target_lang,
        )
    else:
        target = project if project is not None else default_project_path(file)
        if target.exists():
            raise ProjectError(
                f"{target}: the project exists already; open it with 'workbench edit', or "
                "pass --project to make another"
            )
        if not file.exists():
            raise ProjectError(f"{file}: no such file")
        session = open_article(
            file,
            project=target,
            glossaries=glossaries,
            source=source,
            source_language=source_lang,
            target_language=target_lang,
        )
    with session:
        doc = session.document
        units = {(s.origin.file, s.origin.unit) if s.origin else s.paragraph for s in doc.segments}
        files = len({s.origin.file for s in doc.segments if s.origin}) or 1
        codes = sum(len(s.codes) for s in doc.segments)
        with_codes = sum(1 for s in doc.segments if s.codes)
        statuses = Counter(s.status for s in session.segments)
        lines = [
            f"imported {file.name} ({doc.format}) into {session.project_path}",
            f"units      {len(units)} ({len(doc.segments)} segments) in {files} file(s)",
            f"languages  {doc.source_language or '?'} -> {doc.target_language or '?'}",
            f"codes      {codes} inline code(s) in {with_codes} segment(s)",
            f"statuses   {statuses['confirmed']} confirmed, {statuses['draft']} draft, "
            f"{statuses['new']} new",
        ]
        lines += [f"note       {n}" for n in doc.notices]
    for line in lines:
        click.echo(visible(line, one_line=True))
