"""``workbench record ARTICLE --pe CORRECTED``: record a post-edit made outside the TUI."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.commands.options import (
    glossary_option,
    memory_option,
    no_glossary_option,
    project_glossaries,
    project_option,
    source_lang_option,
    store_option,
    target_lang_option,
)


@click.command("record")
@click.argument("article", type=click.Path(path_type=Path))
@click.option(
    "--pe",
    "pe_path",
    required=True,
    type=click.Path(path_type=Path),
    help="The post-edited version of ARTICLE.",
)
@click.option(
    "--confirm",
    is_flag=True,
    help="The post-edit is finished: every segment ends confirmed (and goes into the "
    "post-edit memory).",
)
@memory_option
@project_option
@glossary_option
@no_glossary_option
@source_lang_option("The source language of a new project (BCP 47).")
@target_lang_option("The target language of a new project (BCP 47).")
@store_option
def command(
    article: Path,
    pe_path: Path,
    confirm: bool,
    memory_path: Path | None,
    project: Path | None,
    glossaries: tuple[Path, ...],
    no_glossary: bool,
    source_lang: str,
    target_lang: str,
    store: str | None,
) -> None:
    """Align the post-edit (--pe) with ARTICLE's segments and record each difference as an
    'import' edit (all in one transaction), so effort figures and glossary mining cover
    work done elsewhere. Two MT sentences merged into one are cut between their two
    segments and recorded as one edit across both."""
    from workbench.app.editing import Editing
    from workbench.app.projects import fits_a_project, open_article
    from workbench.app.team import open_team_project
    from workbench.commands.store import chosen_store, project_name
    from workbench.core.alignment import align_post_edit
    from workbench.core.memory import open_memory, remember_confirmed
    from workbench.formats.registry import read_document

    server = chosen_store(store)
    if server is None:
        fits_a_project(article, project)  # refused at once when too large for a project
    glossaries = project_glossaries(article, project, glossaries, no_glossary=no_glossary)
    pe_doc = read_document(pe_path, language=target_lang)  # read (and refused) before anything
    # a bad memory: nothing written
    memory = open_memory(memory_path or server) if confirm else None
    try:
        if server is not None:
            session = open_team_project(
                server,
                project_name(project, article),
                article=article,
                glossaries=glossaries,
                source_language=source_lang,
                target_language=target_lang,
            )
        else:
            session = open_article(
                article,
                project=project,
                glossaries=glossaries,
                source_language=source_lang,
                target_language=target_lang,
            )
    except BaseException:
        if memory is not None:
            memory.close()
        raise
    with Editing(session, memory=memory):  # closes both
        language = session.document.target_language
        if language and language != pe_doc.target_language:
            pe_doc = read_document(pe_path, language=language)  # split like the MT
        aligned = align_post_edit(session.document, pe_doc)
        states = list(session.segments)
        texts = {s.id: a.text for s, a in zip(states, aligned, strict=True)}
        details = {
            s.id: str(pe_path)
            + (f" (merged: {'+'.join(states[i].id for i in a.group)})" if a.group else "")
            for s, a in zip(states, aligned, strict=True)
        }
        changed = session.import_targets(texts, details, confirm=confirm)
        figures = session.figures()
        click.echo(
            f"recorded {changed} of {len(aligned)} segments from {pe_path} "
            f"into {session.project_path}" + (" (all confirmed)" if confirm else "")
        )
        if memory is not None:
            result = remember_confirmed(session, memory, list(texts))
            click.echo(
                f"memory {memory.path}: {result.added} added, {result.updated} updated, "
                f"{result.unchanged} unchanged"
            )
        click.echo(f"HTER {figures.hter:.4f}  (after glossary {figures.hter_pre:.4f})")
