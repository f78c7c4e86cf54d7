"""``workbench apply FILE|DIR --glossary PATH... -o OUT``: batch glossary pre-editing.

Everything is read and checked before anything is written: a bad article or glossary
anywhere means exit 2 and no output at all. Outputs are written atomically and never over
an input. A folder's articles (``*.txt``, ``*.md``), or a long article's segments, are
spread over every core (``commands/pool.py``) with one progress bar; the output is the
same as a serial run's.

With ``--fill-from-memory``, a segment whose MT (or source) has an exact match in the
post-edit memory (in context first, then the newest) takes that match's final text, and the
glossary pre-edits only the others (files are then done one after the other, in this
process, which holds the memory open).
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.commands.articles import article_files
from workbench.commands.options import (
    glossaries_or_default,
    glossary_option,
    memory_option,
    output_option,
)
from workbench.commands.pool import STATE, cores, run_tasks, workers_for
from workbench.core.document import Document
from workbench.core.errors import InputError, OutputError
from workbench.core.glossary.engine import GlossaryEngine, Hit, apply_found, engine_of
from workbench.core.glossary.load import load_glossaries
from workbench.core.glossary.model import Entry
from workbench.core.inline_codes import display
from workbench.core.language import base_language
from workbench.core.segmentation import segment_text
from workbench.core.textio import atomic_write, check_output_path, read_text
from workbench.formats.plaintext import article_language, document_from_text
from workbench.formats.registry import document_format, read_document

if TYPE_CHECKING:
    from workbench.core.memory import Memory


@dataclass(frozen=True)
class FileResult:
    source: Path
    output: Path
    data: tuple[bytes, ...]  # the output's bytes, in pieces (a large one is never joined)
    applied: Counter[str]
    offered: Counter[str]
    filled: int = 0  # segments given a memory match's final text


Counts = tuple[list[str], Counter[str], Counter[str]]
CHUNK = 2000  # segments of one article per task


def pre_edit(texts: Sequence[str], engine: GlossaryEngine, *, near: bool = False) -> Counts:
    """Targets after automatic fixes, with counts of applied and offered entries (by key):
    exact suggestions left in the targets, plus fuzzy near misses when ``near``."""
    applied: list[str] = []
    offered: list[str] = []
    targets: list[str] = []
    exact: list[tuple[Hit, ...]] = []
    for text in texts:
        hits = engine.find(text)
        if not hits:  # most segments: nothing to apply or offer
            targets.append(text)
            exact.append(hits)
            continue
        result = apply_found(text, hits)
        applied.extend(h.entry.key for h in result.applied)
        after = engine.find(result.text) if result.applied else hits
        offered.extend(h.entry.key for h in after if h.kind == "suggest")
        targets.append(result.text)
        exact.append(after)
    if near:
        for found in engine.near_misses_many(targets, exact=exact):
            if found:
                offered.extend(h.entry.key for h in found)
    return targets, Counter(applied), Counter(offered)


def _setup(glossaries: tuple[Path, ...], near: bool) -> None:
    gset = load_glossaries(list(glossaries))
    STATE.update(engine=engine_of(gset.entries), entries=gset.entries, near=near)


def _chunk_task(texts: list[str]) -> Counts:
    return pre_edit(texts, STATE["engine"], near=STATE["near"])


def _shown(document: Document, targets: list[str]) -> tuple[bytes, ...]:
    """The document with ``targets``, in pieces; a bilingual file's inline codes are written
    as their tag tokens, never raw."""
    return document.encode_chunks(
        [
            display(t, seg.codes).text if seg.codes else t
            for t, seg in zip(targets, document.segments, strict=True)
        ],
        CHUNK,
    )


def _file_task(paths: tuple[Path, Path]) -> FileResult:
    src, dst = paths
    document = read_document(src)
    targets, applied, offered = pre_edit(
        [s.text for s in document.segments], STATE["engine"], near=STATE["near"]
    )
    return FileResult(src, dst, _shown(document, targets), applied, offered)


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
SPLIT_CHARS = 200_000  # a plain-text article longer than this is cut at blank lines
PIECE_CHARS = 2_000_000  # into pieces of about this size at most


def split_at_blank_lines(text: str, parts: int) -> list[str]:
    """``text`` in about ``parts`` pieces of similar size, each cut just after a blank line
    (so every piece holds whole paragraphs and segments the same as in the whole text);
    ``"".join`` of the pieces is ``text``."""
    cuts = [0]
    for k in range(1, parts):
        m = _BLANK_LINE.search(text, max(cuts[-1], k * len(text) // parts))
        if m is None:
            break
        if m.end() < len(text):
            cuts.append(m.end())
    cuts.append(len(text))
    return [text[a:b] for a, b in itertools.pairwise(cuts) if b > a]


def _text_task(task: tuple[str, str]) -> tuple[str, Counter[str], Counter[str]]:
    """A piece of a plain-text article: segmented (by the rules of ``language``, as the
    whole article would be), pre-edited, rendered."""
    text, language = task
    gaps, segments = segment_text(text, language=language)
    targets, applied, offered = pre_edit(
        [s.text for s in segments], STATE["engine"], near=STATE["near"]
    )
    parts = [gaps[0]]
    for target, gap in zip(targets, gaps[1:], strict=True):
        parts += (target, gap)
    return "".join(parts), applied, offered


def _one_file(src: Path, dst: Path) -> FileResult:
    """One article over the cores (one progress bar when large): a long plain-text article
    in pieces cut at blank lines (read, segmented and pre-edited in the workers), any other
    in chunks of segments."""
    workers = workers_for(src.stat().st_size)
    if document_format(src) == "txt":
        tf = read_text(src, what="article")
        count = max(2 * cores(), len(tf.text) // PIECE_CHARS)  # small pieces: bounded memory
        pieces = split_at_blank_lines(tf.text, count) if len(tf.text) > SPLIT_CHARS else []
        if len(pieces) > 1:
            language = base_language(article_language(tf)[0]) or "en"
            tasks = [(piece, language) for piece in pieces]
            done = run_tasks(_text_task, tasks, label="Pre-editing", workers=workers)
            applied: Counter[str] = sum((d[1] for d in done), Counter())
            offered: Counter[str] = sum((d[2] for d in done), Counter())
            data = tf.encode_chunks(d[0] for d in done)
            return FileResult(src, dst, data, applied, offered)
        # one piece (a long line, no blank line): the text already read, in chunks here
        document = document_from_text(tf)
        del tf, pieces  # (a large article is not kept twice)
    else:
        document = read_document(src)
    texts = [s.text for s in document.segments]
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)] or [[]]
    targets: list[str] = []
    applied = Counter()
    offered = Counter()
    parts = run_tasks(_chunk_task, chunks, label="Pre-editing", workers=workers)
    for part, part_applied, part_offered in parts:
        targets.extend(part)
        applied.update(part_applied)
        offered.update(part_offered)
    return FileResult(src, dst, _shown(document, targets), applied, offered)


def _filled_file(src: Path, dst: Path, memory: Memory) -> FileResult:
    """One article with the memory's exact matches first, the glossary for the rest."""
    from workbench.core.memory import document_exact_matches

    document = read_document(src)
    matches = document_exact_matches(document, memory)
    todo = [n for n, m in enumerate(matches) if m is None]
    targets, applied, offered = pre_edit(
        [document.segments[n].text for n in todo], STATE["engine"], near=STATE["near"]
    )
    out = [m.target if m is not None else "" for m in matches]
    for n, target in zip(todo, targets, strict=True):
        out[n] = target
    filled = len(matches) - len(todo)
    return FileResult(src, dst, _shown(document, out), applied, offered, filled)


def _outputs(inputs: list[Path], source: Path, out: Path) -> list[Path]:
    if not source.is_dir():
        if out.is_dir():
            return [out / source.name]
        return [out]
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file; the output of a folder must be a folder")
    src = source.resolve()
    dst = out.resolve()
    if dst == src:
        raise OutputError(f"{out}: is the input folder; choose another output folder")
    return [out / p.relative_to(source) for p in inputs]


@click.command("apply")
@click.argument("path", type=click.Path(path_type=Path))
@glossary_option
@output_option("Output file (for a FILE) or folder (for a DIR).")
@click.option(
    "--near",
    is_flag=True,
    help="Also count fuzzy near misses of the glossary's patterns as offers (slower).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="How to print the hit summary.",
)
@click.option(
    "--fill-from-memory",
    "fill",
    is_flag=True,
    help="First give segments with an exact memory match that match's final text.",
)
@memory_option
def command(
    path: Path,
    glossaries: tuple[Path, ...],
    out: Path,
    force: bool,
    near: bool,
    fmt: str,
    fill: bool,
    memory_path: Path | None,
) -> None:
    """Pre-edit PATH (an article or a folder of articles) with the glossary's automatic
    fixes and report which entries fired and which suggestions were left to offer
    (--near: fuzzy near misses too); with --fill-from-memory, segments with an exact
    memory match take its final text first. An English "a"/"an" before a fix is made to
    agree with it.

    Glossary: --glossary, else ./glossaries if it exists."""
    glossaries = glossaries_or_default(glossaries)
    if not glossaries:
        raise InputError("no glossary given and no ./glossaries folder (use --glossary PATH)")
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    STATE.clear()
    _setup(glossaries, near)
    inputs = article_files(path)
    outputs = _outputs(inputs, path, out)
    for o in outputs:
        if o.parent.exists() or not path.is_dir():
            check_output_path(o, protect=inputs, overwrite=force)
    protect: list[Path] = list(inputs)
    if fill:
        from workbench.core.memory import open_memory

        with open_memory(memory_path, read_only=True) as memory:
            protect.append(memory.path)
            results = [
                _filled_file(src, dst, memory) for src, dst in zip(inputs, outputs, strict=True)
            ]
    elif path.is_dir():
        results = run_tasks(
            _file_task,
            list(zip(inputs, outputs, strict=True)),
            setup=_setup,
            setup_args=(glossaries, near),
            label="Pre-editing",
        )
    else:
        results = [_one_file(inputs[0], outputs[0])]
    for r in results:
        r.output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(r.output, r.data, protect=protect, overwrite=force)
    _report(results, STATE["entries"], fmt, fill)


def _report(
    results: list[FileResult], entries: tuple[Entry, ...], fmt: str, fill: bool = False
) -> None:
    applied: Counter[str] = Counter()
    offered: Counter[str] = Counter()
    for r in results:
        applied.update(r.applied)
        offered.update(r.offered)
    by_key = {e.key: e for e in entries}
    rows = []
    for key in sorted(set(applied) | set(offered), key=lambda k: (-applied[k], -offered[k], k)):
        entry = by_key[key]
        rows.append(
            {
                "entry": key,
                "mt": entry.patterns[0] if entry.patterns else "",
                "correct": entry.correction,
                "applied": applied[key],
                "offered": offered[key],
            }
        )
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "files": [
                        {
                            "input": str(r.source),
                            "output": str(r.output),
                            "applied": sum(r.applied.values()),
                            **({"filled_from_memory": r.filled} if fill else {}),
                        }
                        for r in results
                    ],
                    "entries": rows,
                    "applied": sum(applied.values()),
                    "offered": sum(offered.values()),
                    **({"filled_from_memory": sum(r.filled for r in results)} if fill else {}),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    lines = [f"{'applied':>7}  {'offered':>7}  entry"]
    lines += [
        f"{row['applied']:>7}  {row['offered']:>7}  {row['mt']} -> {row['correct']}" for row in rows
    ]
    if fill:
        filled = sum(r.filled for r in results)
        lines.append(f"{filled} segment(s) filled from the memory (exact matches)")
    lines.append(
        f"{sum(applied.values())} fixes applied, {sum(offered.values())} offers, "
        f"{len(results)} file(s) written"
    )
    lines += [f"wrote {r.output}" for r in results]
    click.echo("\n".join(lines))  # one write: thousands of entries can fire
