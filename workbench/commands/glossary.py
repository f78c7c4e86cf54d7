"""``workbench glossary lint|list|add|hits|import|export|suggest``: glossary maintenance."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.commands.options import glossary_option, output_option, store_option
from workbench.core.errors import InputError
from workbench.formats.registry import formats, glossary_export_names

if TYPE_CHECKING:
    from workbench.core.session import Session
    from workbench.formats.glossary.exchange import LeftOut

DEFAULT = Path("glossaries")


def _store_projects(server: str | None) -> Iterator[Session]:
    """Every project of the team store, opened read-only one after the other."""
    if server is None:
        return
    from workbench.app.team import open_team_project, team_projects

    for name in team_projects(server):
        yield open_team_project(server, name, read_only=True)


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    if paths:
        return list(paths)
    if DEFAULT.is_dir():
        return [DEFAULT]
    raise InputError("no glossary given and no ./glossaries folder")


@click.group("glossary")
def group() -> None:
    """Glossary maintenance: lint, list, add, hits, import, export, suggest."""


@group.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def lint_command(paths: tuple[Path, ...], fmt: str) -> None:
    """Check glossaries (default ./glossaries): errors with file:line (exit 1) and warnings
    (shadowed, duplicate, chain, capitalisation, no-note; exit 0). Fit for a pre-commit hook."""
    from workbench.core.glossary.lint import lint

    found = lint(_paths(paths))
    errors = sum(1 for f in found if f.severity == "error")
    warnings = len(found) - errors
    if fmt == "json":
        click.echo(
            json.dumps(
                {"findings": [asdict(f) for f in found], "errors": errors, "warnings": warnings},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for f in found:
            click.echo(str(f))
        click.echo(f"{errors} error(s), {warnings} warning(s)")
    sys.exit(1 if errors else 0)


@group.command("list")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--filter",
    "text",
    default="",
    help="Only entries whose pattern, correction, "
    "source or note contains this text (case-insensitive).",
)
@click.option("--domain", default=None, help="Only entries of this domain.")
@click.option(
    "--apply",
    "apply",
    type=click.Choice(["auto", "suggest"]),
    default=None,
    help="Only automatic or only suggested entries.",
)
@click.option(
    "--kind",
    type=click.Choice(["fix", "term"]),
    default=None,
    help="Only fixes (MT error -> correction) or only terms (preferred term, forbidden ones).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def list_command(
    paths: tuple[Path, ...],
    text: str,
    domain: str | None,
    apply: str | None,
    kind: str | None,
    fmt: str,
) -> None:
    """List entries, filtered by text, domain, apply mode (status) or kind."""
    from workbench.core.glossary.load import load_glossaries

    gset = load_glossaries(_paths(paths))
    domains = {g.id: g.domain for g in gset.glossaries}
    needle = text.casefold()
    rows = []
    for e in gset.entries:
        entry_domain = e.domain or domains.get(e.glossary)
        hay = " ".join([*e.patterns, e.correction, e.source or "", e.note or ""]).casefold()
        if needle and needle not in hay:
            continue
        if domain and (entry_domain or "").casefold() != domain.casefold():
            continue
        if apply and e.apply != apply:
            continue
        if kind and e.kind != kind:
            continue
        rows.append((e, entry_domain))
    if fmt == "json":
        click.echo(
            json.dumps([{**asdict(e), "domain": d} for e, d in rows], ensure_ascii=False, indent=2)
        )
        return
    for e, _d in rows:
        arrow = "=>" if e.kind == "term" else "->"
        click.echo(
            f"{e.apply:<7} {' | '.join(e.patterns)} {arrow} {e.correction}  ({e.file}:{e.line})"
        )
    click.echo(f"{len(rows)} of {len(gset.entries)} entries")


@group.command("add")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--mt", "mt", multiple=True, help="MT text to find (repeat for variants).")
@click.option("--correct", help="Its correction (with --mt).")
@click.option("--term", help="A preferred target term (instead of --mt/--correct).")
@click.option("--forbidden", multiple=True, help="A forbidden variant of --term (repeatable).")
@click.option(
    "--apply",
    "apply",
    type=click.Choice(["auto", "suggest"]),
    default="suggest",
    show_default=True,
    help="auto: pre-editing applies the fix; suggest: it is only offered.",
)
@click.option("--source", help="The source-language term.")
@click.option("--note", help="Why the MT gets it wrong.")
@click.option("--case-sensitive", is_flag=True, help="Match the MT pattern in its case only.")
@click.option(
    "--layer",
    "layers",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Other glossaries in use; the entry must not conflict with them.",
)
def add_command(
    file: Path,
    mt: tuple[str, ...],
    correct: str | None,
    term: str | None,
    forbidden: tuple[str, ...],
    apply: str,
    source: str | None,
    note: str | None,
    case_sensitive: bool,
    layers: tuple[Path, ...],
) -> None:
    """Append an entry to FILE, keeping its comments and order; a conflicting or invalid
    entry is refused (exit 2) and the file is left untouched."""
    from workbench.core.glossary.writer import append_entry

    if term is None and (not mt or correct is None):
        raise InputError("give --mt and --correct, or --term")
    if term is not None and (mt or correct is not None):
        raise InputError("--term cannot be combined with --mt/--correct")
    fields: dict[str, object] = (
        {"term": term, "forbidden": list(forbidden) or None}
        if term is not None
        else {"mt": mt[0] if len(mt) == 1 else list(mt), "correct": correct}
    )
    fields.update(source=source, apply=apply, case_sensitive=case_sensitive or None, note=note)
    glossary = append_entry(file, fields, layers=list(layers))
    e = glossary.entries[-1]
    click.echo(f"added {e.key} at {e.file}:{e.line}")


@group.command("hits")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@glossary_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@store_option
def hits_command(
    paths: tuple[Path, ...], glossaries: tuple[Path, ...], fmt: str, store: str | None
) -> None:
    """How often each entry fires in the MT of articles, folders of articles and projects
    (and of every project in the team store, with --store), and which entries never
    fire."""
    from collections import Counter

    from workbench.app.glossary_stats import entry_hits
    from workbench.commands.store import chosen_store
    from workbench.core.glossary.engine import GlossaryEngine
    from workbench.core.glossary.load import load_glossaries

    gset = load_glossaries(_paths(glossaries))
    server = chosen_store(store)
    if not paths and server is None:
        raise click.UsageError("give articles or projects, or a team store (--store URL)")
    found = entry_hits(gset.entries, paths)
    files = list(found.files)
    counts: Counter[str] = Counter({e.key: n for e, n in found.rows})
    engine = GlossaryEngine(tuple(gset.entries))
    for session in _store_projects(server):
        with session:
            for seg in session.segments:
                counts.update(h.entry.key for h in engine.find(seg.mt))
        files.append(Path(session.project_path))
    rows = [(e, counts.get(e.key, 0)) for e in gset.entries]
    never = [e for e, n in rows if n == 0]
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "files": [str(f) for f in files],
                    "hits": {e.key: n for e, n in rows},
                    "never": [e.key for e in never],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for e, n in sorted(rows, key=lambda r: -r[1]):
        if n:
            click.echo(f"{n:>6}  {e.patterns[0] if e.patterns else e.correction} -> {e.correction}")
    click.echo(f"never fired ({len(never)}):")
    for e in never:
        click.echo(f"        {e.patterns[0] if e.patterns else e.correction}  ({e.file}:{e.line})")


def _warn_left_out(left_out: Sequence[LeftOut], where: str) -> None:
    """One line on stderr per kind of thing a format could not hold."""
    from workbench.core.visible import visible

    for item in left_out:
        click.echo(
            f"workbench: warning: {where} left out {visible(str(item), one_line=True)}", err=True
        )


@group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@output_option("The YAML glossary to write.")
@click.option("--id", "glossary_id", help="Glossary id (default: from the file name).")
@click.option(
    "--source-lang",
    metavar="LANG",
    help="The source language (TBX: which language section; OmegaT: the glossary's).",
)
@click.option(
    "--target-lang",
    metavar="LANG",
    help="The target language, the one MT errors and corrections are in.",
)
def import_command(
    file: Path,
    out: Path,
    force: bool,
    glossary_id: str | None,
    source_lang: str | None,
    target_lang: str | None,
) -> None:
    """Import a TBX (v3 or v2 martif), CSV or OmegaT glossary as our YAML; what the file
    holds that a glossary cannot is named on stderr."""
    from workbench.core.glossary.writer import glossary_yaml
    from workbench.core.textio import atomic_write
    from workbench.formats.glossary.exchange import Languages
    from workbench.formats.registry import read_glossary

    if not file.exists():
        raise InputError(f"{file}: no such file")
    imported = read_glossary(file, glossary_id, Languages(source_lang, target_lang))
    glossary = imported.glossary
    atomic_write(out, glossary_yaml(glossary), protect=[file], overwrite=force)
    pair = "→".join(x for x in (glossary.source_language, glossary.target_language) if x)
    click.echo(
        f"imported {len(glossary.entries)} entries into {out}" + (f" ({pair})" if pair else "")
    )
    _warn_left_out(imported.left_out, "import:")


@group.command("export")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--to",
    "fmt",
    required=True,
    type=click.Choice(glossary_export_names()),
    help="; ".join(f"{f.name}: {f.description}" for f in formats("glossary", writable=True)),
)
@output_option()
def export_command(paths: tuple[Path, ...], fmt: str, out: Path, force: bool) -> None:
    """Export one glossary (a file, or a folder holding one) to TBX-Basic v3 (tbx) or v2
    (tbx2), CSV or OmegaT; what the format cannot hold is named on stderr."""
    from workbench.core.glossary.load import glossary_files, load_glossaries
    from workbench.core.textio import atomic_write
    from workbench.formats.registry import write_glossary

    sources = _paths(paths)
    gset = load_glossaries(sources)
    if len(gset.glossaries) != 1:
        raise InputError(f"export takes one glossary; {len(gset.glossaries)} were given")
    exported = write_glossary(gset.glossaries[0], fmt)
    atomic_write(out, exported.data, protect=glossary_files(sources), overwrite=force)
    click.echo(f"exported {exported.entries} of {len(gset.entries)} entries to {out}")
    _warn_left_out(exported.left_out, f"{fmt}:")


@group.command("suggest")
@click.argument("projects", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--min-count",
    default=2,
    show_default=True,
    type=click.IntRange(1),
    help="Segments a correction must have been made in.",
)
@click.option(
    "--min-consistency",
    default=0.5,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Share of the segments with the MT phrase that were corrected this way.",
)
@click.option(
    "-g",
    "--glossary",
    "glossaries",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Leave out what these glossaries already cover.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@store_option
def suggest_command(
    projects: tuple[Path, ...],
    min_count: int,
    min_consistency: float,
    glossaries: tuple[Path, ...],
    fmt: str,
    store: str | None,
) -> None:
    """Suggest entries from corrections translators made again and again: phrase-level MT
    fixes with counts, consistency and an example in context, as YAML ready to paste
    (PROJECTS: project files, articles with projects, or folders of projects; default:
    every project in the workbench data folder, or, with a team store, every project in
    it)."""
    from workbench.app.projects import open_existing
    from workbench.commands.store import chosen_store
    from workbench.core.glossary.load import load_glossaries
    from workbench.core.glossary.mining import corpus_of, in_context, mine
    from workbench.core.glossary.writer import entry_yaml
    from workbench.core.projects import data_dir
    from workbench.core.visible import visible

    server = chosen_store(store)
    targets: list[Path] = []
    for p in projects or (() if server is not None else (data_dir() / "projects",)):
        if p.is_dir():
            targets.extend(sorted(p.glob("*.wbproj")))
        else:
            targets.append(p)
    known = (
        [
            (pat, e.correction)
            for e in load_glossaries(list(glossaries)).entries
            for pat in e.patterns
        ]
        if glossaries
        else []
    )
    corpus = []
    for t in targets:
        with open_existing(t) as session:
            name = session.document.name or t.name
            targets_now = [(seg.id, seg.target) for seg in session.segments]
            corpus += corpus_of(name, list(session.events()), targets_now)
    for session in _store_projects(server):
        with session:
            targets_now = [(seg.id, seg.target) for seg in session.segments]
            name = str(session.project_path)
            corpus += corpus_of(name, list(session.events()), targets_now)
        targets.append(Path(name))
    suggestions = mine(corpus, min_count=min_count, min_consistency=min_consistency, known=known)
    if fmt == "json":
        click.echo(json.dumps([asdict(s) for s in suggestions], ensure_ascii=False, indent=2))
        return
    scope = f"{len(targets)} project(s), {len(corpus)} segments"
    if not suggestions:
        click.echo(f"# no correction made in {min_count}+ segments in {scope}")
        return
    click.echo(f"# {len(suggestions)} suggestion(s) from {scope}")
    for s in suggestions:
        ex = s.examples[0]
        note = (
            f"corrected this way in {s.count} of {s.seen} segments with this MT "
            f"({s.consistency:.0%})"
        )
        fields: dict[str, object] = {"mt": s.mt, "correct": s.correct, "apply": "suggest"}
        if s.case_sensitive:
            fields["case_sensitive"] = True
        fields["note"] = note
        click.echo(entry_yaml(fields), nl=False)
        click.echo(f"    # e.g. {visible(ex.project, one_line=True)} {ex.segment_id}")
        click.echo(f"    #   MT:    {visible(in_context(ex.before, ex.mt_span), one_line=True)}")
        click.echo(
            f"    #   final: {visible(in_context(ex.after, ex.correct_span), one_line=True)}"
        )
