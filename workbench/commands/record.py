"""``workbench record ARTICLE --pe CORRECTED``: record a post-edit made outside the TUI."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.commands.options import glossary_option, project_option


@click.command("record")
@click.argument("article", type=click.Path(path_type=Path))
@click.option(
    "--pe",
    "pe_path",
    required=True,
    type=click.Path(path_type=Path),
    help="The post-edited version of ARTICLE.",
)
@project_option
@glossary_option
def command(
    article: Path, pe_path: Path, project: Path | None, glossaries: tuple[Path, ...]
) -> None:
    """Align CORRECTED with ARTICLE's segments and record each difference as an 'import'
    edit, so effort figures and glossary mining cover work done elsewhere."""
    from workbench.core.alignment import align_post_edit
    from workbench.formats.registry import read_document
    from workbench.workspace import fits_a_project, open_article

    fits_a_project(article, project)
    pe_doc = read_document(pe_path)
    with open_article(article, project=project, glossaries=glossaries) as session:
        texts = align_post_edit(session.document, pe_doc)
        changed = 0
        for state, text in zip(list(session.segments), texts, strict=True):
            if text != state.target:
                session.set_target(state.id, text, origin="import", detail=str(pe_path))
                changed += 1
        figures = session.figures()
        click.echo(
            f"recorded {changed} of {len(texts)} segments from {pe_path} "
            f"into {session.project_path}"
        )
        click.echo(f"HTER {figures.hter:.4f}  (after glossary {figures.hter_pre:.4f})")
