"""``workbench memory import|export|search|concordance|stats``: the post-edit memory.

Every sub-command takes ``--memory PATH`` (default: the ``memory`` setting in the config
file, else ``memory.wbmem`` in the workbench data folder). Reading commands open the memory
read-only, so they work while editors write to it; ``import`` reads and checks every input before it
writes anything.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

import click

from workbench.commands.options import (
    memory_or_store_option,
    output_option,
    source_lang_option,
    target_lang_option,
)
from workbench.core.config import Config, load_config
from workbench.core.errors import InputError
from workbench.core.visible import visible
from workbench.formats.registry import memory_export_names

if TYPE_CHECKING:
    from workbench.core.memory import Context, MemoryUnit
    from workbench.core.model.memory import MemoryRecord
    from workbench.formats.bilingual.tmx_stream import StreamedTmx

_Unit = TypeVar("_Unit")


@click.group("memory")
def group() -> None:
    """The post-edit memory: earlier MT -> final pairs from confirmed segments and imported
    files, offered again for similar MT."""


def _settings() -> Config:
    """The settings, each problem with them shown as a warning on stderr."""
    config, warnings = load_config()
    for warning in warnings:
        click.echo(f"workbench: warning: {warning}", err=True)
    return config


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else ""


@group.command("import")
@click.argument(
    "paths", nargs=-1, required=True, metavar="FILE|PROJECT...", type=click.Path(path_type=Path)
)
@source_lang_option("The source language of the files (when they do not say, or hold several).")
@target_lang_option("The target language of the files (when they do not say, or hold several).")
@memory_or_store_option
def import_command(
    paths: tuple[Path, ...], source_lang: str, target_lang: str, memory_path: Path | None
) -> None:
    """Add TMX (1.1-1.4, OmegaT's project_save.tmx included), XLIFF and workbench projects
    (their confirmed segments) to the memory. Importing the same file again adds nothing;
    a project's re-confirmed segments update their units."""
    with contextlib.ExitStack() as stack:  # a second process reading a file ends with it
        _import(paths, source_lang, target_lang, memory_path, stack)


def _import(
    paths: tuple[Path, ...],
    source_lang: str,
    target_lang: str,
    memory_path: Path | None,
    stack: contextlib.ExitStack,
) -> None:
    from workbench.app.records_aside import RecordsAside, records_made_aside
    from workbench.core.memory import (
        open_memory,
        units_from_document,
        units_from_project,
    )
    from workbench.core.memory.intake import skipped
    from workbench.core.storage.sqlite import is_project_file
    from workbench.formats.bilingual.tmx_stream import likely_pair, stream_tmx, streamable
    from workbench.formats.registry import (
        document_format,
        is_bilingual,
        read_document,
        units_in_order,
    )

    config = _settings()
    batches: list[
        tuple[Path, _Counted[tuple[MemoryUnit, str, Context | None]] | _Counted[MemoryRecord]]
    ] = []
    left_out: dict[Path, Counter[str]] = {}
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file")
        if path.is_dir():
            raise InputError(f"{path}: is a folder, expected a TMX/XLIFF file or a project")
        if is_project_file(path):
            from workbench.core.session import Session  # (a tenth of a second: not for files)

            with Session.open_project(path, read_only=True) as session:
                batches.append((path, _Counted(units_from_project(session, who=config.user))))
            continue
        fmt = document_format(path)  # by its name: an article is not read to say so
        if not is_bilingual(fmt):
            raise InputError(
                f"{path}: not a TMX, XLIFF or TSV file (read as {fmt}); "
                "memory import takes bilingual files and workbench projects"
            )
        if fmt == "tmx" and streamable(path):  # a large TMX: checked now, read as written
            # The records are made in a second process while this one writes them
            # (app/records_aside.py). One file: that process starts reading it at once with
            # the pair its start names, while this one checks it; its records are used
            # when the checked pair is the same, else it is stopped and started again.
            early = None
            if len(paths) == 1:
                guess = likely_pair(path, language=target_lang, source_language=source_lang)
                if guess is not None:
                    early_counts: Counter[str] = Counter()
                    early = (_units_of(guess, path, early_counts), early_counts)
                    aside = stack.enter_context(contextlib.closing(RecordsAside(*early)))
            streamed = stream_tmx(path, language=target_lang, source_language=source_lang)
            if early is not None and _pair(guess) == _pair(streamed):
                batches.append((path, _Counted(aside.records())))
                left_out[path] = early_counts
                continue
            if early is not None:
                aside.close()
            counts: Counter[str] = Counter()
            stream = _units_of(streamed, path, counts)
            batches.append((path, _Counted(records_made_aside(stream, counts))))
            left_out[path] = counts
            continue
        document = read_document(path, language=target_lang, source_language=source_lang)
        ordered = units_in_order(document.format)
        batches.append((path, _Counted(units_from_document(document, path, ordered=ordered))))
        left_out[path] = skipped(document.segments)
    with open_memory(memory_path, config=config) as memory:
        for path, units in batches:
            result = memory.add_units(units)
            reasons = left_out.get(path)
            why = (
                "; skipped " + ", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))
                if reasons
                else ""
            )
            click.echo(
                f"{visible(str(path), one_line=True)}: {units.count} units "
                f"({result.added} added, {result.updated} updated, {result.unchanged} unchanged"
                f"{why})"
            )
        click.echo(f"memory {memory.path}: {memory.counts().units} units")


def _pair(tmx: StreamedTmx | None) -> tuple[str, str, str] | None:
    """What a streamed TMX's units are read with (and written as)."""
    return None if tmx is None else (tmx.read_source, tmx.source_language, tmx.target_language)


def _units_of(
    tmx: StreamedTmx, path: Path, counts: Counter[str]
) -> Iterator[tuple[MemoryUnit, str, Context | None]]:
    """The units of a streamed TMX, read when iterated (what is left out: ``counts``)."""
    from workbench.core.memory import units_from_segments

    return units_from_segments(
        tmx.segments(),
        fmt=tmx.format,
        source_language=tmx.source_language,
        target_language=tmx.target_language,
        file=path,
        left_out=counts,
    )


class _Counted(Generic[_Unit]):
    """The units of one input, counted as they are written."""

    def __init__(self, units: Iterable[_Unit]) -> None:
        self._units = units
        self.count = 0

    def __iter__(self) -> Iterator[_Unit]:
        for unit in self._units:
            self.count += 1
            yield unit


@group.command("export")
@click.option(
    "--to", "fmt", required=True, type=click.Choice(memory_export_names()), help="Output format."
)
@source_lang_option("The source language of the pair to export (when the memory holds several).")
@target_lang_option("The target language of the pair to export (when the memory holds several).")
@output_option()
@memory_or_store_option
def export_command(
    fmt: str, source_lang: str, target_lang: str, out: Path, force: bool, memory_path: Path | None
) -> None:
    """Write the memory's units of one language pair to a file (TMX 1.4: source, or the raw
    MT, -> final, inline codes as TMX codes; MT, origin, project, article and segment as
    properties). A memory holding several pairs needs --source-lang/--target-lang."""
    from workbench.core.memory import open_memory
    from workbench.core.textio import atomic_write
    from workbench.formats.exports.memory_pair import choose_pair, pair_name
    from workbench.formats.registry import write_memory

    with open_memory(memory_path, config=_settings(), read_only=True) as memory:
        chosen = choose_pair([u.unit for u in memory.units()], source_lang, target_lang)
        data = write_memory(chosen.units, fmt)
        protect = [memory.path]
    written = atomic_write(out, data, protect=protect, overwrite=force)
    pair = visible(pair_name(chosen.source, chosen.target), one_line=True)
    left = f"; {chosen.left_out} of other pairs left out" if chosen.left_out else ""
    click.echo(f"wrote {written} ({len(chosen.units)} units, {pair}, {fmt}{left})")


def _match_json(m: object) -> dict[str, object]:
    from workbench.core.memory import MemoryMatch

    assert isinstance(m, MemoryMatch)
    return {
        "score": round(m.score, 2),
        "code_penalty": m.code_penalty,
        "kind": m.kind,
        "mt": m.mt,
        "target": m.target,
        "source": m.source,
        "origin": m.origin,
        "basis": m.basis,
        "who": m.who,
        "when": m.when,
        "project": m.project,
        "article": m.article,
        "segment": m.segment_id,
        "unit": m.unit_id,
    }


@group.command("search")
@click.argument("text")
@click.option("--source", default=None, help="The source text (compared with units that have one).")
@click.option(
    "--min-score",
    type=click.FloatRange(1, 100),
    default=None,
    help="Lowest score shown, 1-100 (default: the config file's 'memory_min_score' "
    "setting, else 70).",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=5,
    show_default=True,
    help="At most this many matches.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@memory_or_store_option
def search_command(
    text: str,
    source: str | None,
    min_score: float | None,
    limit: int,
    fmt: str,
    memory_path: Path | None,
) -> None:
    """Matches for TEXT (an MT segment): exact and fuzzy, best first."""
    from workbench.core.memory import open_memory

    with open_memory(memory_path, config=_settings(), read_only=True) as memory:
        threshold = memory.min_score if min_score is None else min_score
        matches = memory.lookup(text, source, min_score=threshold, limit=limit)
    if fmt == "json":
        click.echo(json.dumps([_match_json(m) for m in matches], ensure_ascii=False, indent=2))
        return
    if not matches:
        click.echo(f"no match of {threshold:g}% or more")
        return
    for n, m in enumerate(matches, start=1):
        earlier = m.mt if m.mt is not None else "(no MT)"
        codes = f"  (codes −{m.code_penalty:g})" if m.code_penalty else ""
        click.echo(
            f"{n}. {m.score:5.1f}%  {m.kind}  {m.origin}  {m.who}  {_when(m.when)}".rstrip() + codes
        )
        if m.basis == "source" and m.source:
            click.echo(f"   source: {visible(m.source, one_line=True)}")
        click.echo(f"   MT:     {visible(earlier, one_line=True)}")
        click.echo(f"   final:  {visible(m.target, one_line=True)}")


def _marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    out = []
    last = 0
    for start, end in sorted(spans):
        out += [
            visible(text[last:start], one_line=True),
            "[",
            visible(text[start:end], one_line=True),
            "]",
        ]
        last = end
    out.append(visible(text[last:], one_line=True))
    return "".join(out)


@group.command("concordance")
@click.argument("text")
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=20,
    show_default=True,
    help="At most this many units.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@memory_or_store_option
def concordance_command(text: str, limit: int, fmt: str, memory_path: Path | None) -> None:
    """Units whose MT, source or final text contains the words of TEXT (whole words,
    case-insensitive), newest first; the words found are marked [like this]."""
    from workbench.core.memory import open_memory

    with open_memory(memory_path, config=_settings(), read_only=True) as memory:
        hits = memory.concordance(text, limit=limit)
    if fmt == "json":
        rows = [
            {
                "unit": h.unit_id,
                "mt": h.mt,
                "source": h.source,
                "target": h.target,
                "origin": h.origin,
                "who": h.who,
                "when": h.when,
                "spans": [{"field": f, "start": s, "end": e} for f, s, e in h.spans],
            }
            for h in hits
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("no unit contains these words")
        return
    for h in hits:
        click.echo(f"- {h.origin}  {h.who}  {_when(h.when)}".rstrip())
        for field, value in (("source", h.source), ("MT", h.mt), ("final", h.target)):
            if value is None:
                continue
            key = {"MT": "mt", "final": "target"}.get(field, field)
            spans = [(s, e) for f, s, e in h.spans if f == key]
            click.echo(f"  {field + ':':7} {_marked(value, spans)}")


@group.command("stats")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@memory_or_store_option
def stats_command(fmt: str, memory_path: Path | None) -> None:
    """How many units, from where, in which languages, by whom, over which dates."""
    from workbench.core.memory import open_memory

    with open_memory(memory_path, config=_settings(), read_only=True) as memory:
        c = memory.counts()
        path = str(memory.path)
    if fmt == "json":
        data = {
            "memory": path,
            "units": c.units,
            "origins": dict(c.by_origin),
            "languages": [{"source": s, "target": t, "units": n} for s, t, n in c.by_languages],
            "who": dict(c.by_who),
            "projects": c.projects,
            "first": c.first,
            "last": c.last,
            "index": {"terms": c.terms, "postings": c.postings},
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    langs = ", ".join(f"{s or '?'}→{t or '?'} {n}" for s, t, n in c.by_languages) or "none"
    lines = [
        f"memory     {path}",
        f"units      {c.units}"
        + (" (" + ", ".join(f"{o} {n}" for o, n in c.by_origin) + ")" if c.units else ""),
        f"languages  {visible(langs, one_line=True)}",
        f"projects   {c.projects}",
        "who        "
        + (
            visible(", ".join(f"{w or '(unknown)'} {n}" for w, n in c.by_who), one_line=True)
            or "none"
        ),
        f"dates      {_when(c.first or 0)} .. {_when(c.last or 0)}"
        if c.units
        else "dates      none",
        f"index      {c.terms} terms, {c.postings} postings",
    ]
    click.echo("\n".join(lines))
