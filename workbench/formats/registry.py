"""The one format registry: every file format the workbench reads or writes.

Like translate-toolkit's registry, formats are found by file extension for reading and by
name for writing. Two families share the table:

* ``project`` formats: articles (txt, md), bilingual files (xliff, xliff2, tmx, tsv) and
  what a project exports (html, report, jsonl, csv). Readers return a
  :class:`~workbench.core.document.Document`; writers take a
  :class:`~workbench.formats.project_view.ProjectView` and return bytes.
  ``workbench export --to`` and the editor's export dialog list the ones with a writer.
* ``glossary`` formats: yaml (ours), tbx (TBX-Basic v3), tbx2 (TBX-Basic v2), csv, omegat.
  Readers take ``(path, glossary id, languages)`` and return an
  :class:`~workbench.formats.glossary.exchange.Imported` (the glossary and what the file
  held that it could not keep); writers take a glossary and return an
  :class:`~workbench.formats.glossary.exchange.Exported` (the bytes and what the format
  cannot hold). ``workbench glossary import|export`` use them.
* ``memory`` formats: what ``workbench memory export --to`` writes (writers take the
  memory's units and return bytes); ``memory import`` reads files with the project readers.

Readers and writers are named ``"module:function"`` and imported on first use, so a
command pays only for the formats it touches. To add a format, add one :class:`Format` row
(and its module); nothing else lists formats.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from workbench.core.document import Document
from workbench.core.errors import InputError, OutputError
from workbench.core.glossary.model import Glossary

if TYPE_CHECKING:  # the glossary modules load only when a glossary format is used
    from workbench.core.model.memory import MemoryUnit
    from workbench.formats.glossary.exchange import Exported, Imported, Languages

Family = Literal["project", "glossary", "memory"]
Need = Literal["figures", "findings", "events"]
DocumentReader = Callable[..., Document]
if TYPE_CHECKING:  # a command that only reads articles does not import the exports' figures
    from workbench.formats.article.plaintext import StreamedArticle
    from workbench.formats.project_view import ProjectView
ProjectWriter = Callable[["ProjectView"], bytes]
GlossaryReader = Callable[..., "Imported"]
GlossaryWriter = Callable[[Glossary], "Exported"]
MemoryWriter = Callable[[Iterable["MemoryUnit"]], bytes]

_F = "workbench.formats."


@dataclass(frozen=True)
class Format:
    """One format: its name (``--to``), family, what it is, the file name endings read as
    it, its reader and writer (``"module:function"``), the default ending of an output file
    (distinct for every format, so two exports never default to the same name) and what a
    project writer needs beyond the segments."""

    name: str
    family: Family
    description: str
    suffixes: tuple[str, ...] = ()
    reader: str = ""
    writer: str = ""
    default_suffix: str = ""
    needs: frozenset[Need] = frozenset()
    streamer: str = ""  # reads an article for one pass over its segments (large inputs)


FORMATS: tuple[Format, ...] = (
    Format(
        "txt",
        "project",
        "Corrected article, original layout (.txt)",
        (".txt", ".text"),
        _F + "article.plaintext:read_plaintext",
        _F + "article.plaintext:write_article",
        ".corrected.txt",
        streamer=_F + "article.plaintext:stream_plaintext",
    ),
    Format(
        "md",
        "project",
        "Corrected article, original layout (.md)",
        (".md", ".markdown"),
        _F + "article.markdown:read_markdown",
        _F + "article.plaintext:write_article",
        ".corrected.md",
        streamer=_F + "article.markdown:stream_markdown",
    ),
    Format(
        "html",
        "project",
        "Corrected article as a web page",
        writer=_F + "exports.html_page:write_html",
        default_suffix=".corrected.html",
    ),
    Format(
        "report",
        "project",
        "Post-editing report (HTML)",
        writer=_F + "exports.report:write_report",
        default_suffix=".report.html",
        needs=frozenset({"figures", "findings", "events"}),
    ),
    Format(
        "original",
        "project",
        "The file as it came in (same structure, ids, codes), targets and states filled",
        writer=_F + "bilingual.original:write_original",
        default_suffix=".translated",
    ),
    Format(
        "xliff",
        "project",
        "XLIFF 1.2 (source, target, state, raw MT, inline codes)",
        (".xlf", ".xliff", ".mqxliff", ".sdlxliff"),
        _F + "bilingual.original:read_xliff",
        _F + "bilingual.xliff12:write_xliff12",
        ".xlf",
    ),
    Format(
        "xliff2",
        "project",
        "XLIFF 2.0 (source, target, state, raw MT, inline codes)",
        writer=_F + "bilingual.xliff20:write_xliff2",
        default_suffix=".xliff2.xlf",
    ),
    Format(
        "tmx",
        "project",
        "TMX 1.4 of the confirmed segments",
        (".tmx",),
        _F + "bilingual.original:read_tmx",
        _F + "bilingual.tmx:write_tmx",
        ".tmx",
    ),
    Format(
        "tsv",
        "project",
        "Two columns: source, MT",
        (".tsv",),
        _F + "bilingual.original:read_tsv",
    ),
    Format(
        "jsonl",
        "project",
        "Edit log, one event per line",
        writer=_F + "exports.effort:write_edit_log",
        default_suffix=".edits.jsonl",
        needs=frozenset({"events"}),
    ),
    Format(
        "csv",
        "project",
        "Effort figures per segment",
        writer=_F + "exports.effort:write_effort_csv",
        default_suffix=".effort.csv",
        needs=frozenset({"figures", "findings", "events"}),
    ),
    Format(
        "yaml",
        "glossary",
        "Workbench YAML glossary",
        (".yaml", ".yml"),
        writer=_F + "glossary.exchange:write_yaml",
        default_suffix=".yaml",
    ),
    Format(
        "tbx",
        "glossary",
        "TBX-Basic v3 (DCA); v3 and v2 (martif) are read",
        (".tbx", ".xml"),
        _F + "glossary.tbx:read_tbx",
        _F + "glossary.tbx:write_tbx",
        ".tbx",
    ),
    Format(
        "tbx2",
        "glossary",
        "TBX-Basic v2 (TBX 2008 martif), as OmegaT and translate-toolkit read it",
        writer=_F + "glossary.tbx:write_tbx2",
        default_suffix=".v2.tbx",
    ),
    Format(
        "csv",
        "glossary",
        "CSV, one row per MT variant, languages in the header",
        (".csv",),
        _F + "glossary.csv_file:read_csv",
        _F + "glossary.csv_file:write_csv",
        ".csv",
    ),
    Format(
        "omegat",
        "glossary",
        "OmegaT tab-separated glossary",
        (".txt", ".tab", ".utf8", ".tsv"),
        _F + "glossary.omegat:read_omegat",
        _F + "glossary.omegat:write_omegat",
        ".txt",
    ),
    Format(
        "tmx",
        "memory",
        "TMX 1.4: source (or MT) -> final, MT and origin as properties",
        writer=_F + "exports.memory_tmx:write_memory_tmx",
        default_suffix=".tmx",
    ),
)


def _load(spec: str) -> Callable[..., object]:
    module_name, func = spec.split(":")
    return cast(Callable[..., object], getattr(importlib.import_module(module_name), func))


def formats(family: Family, *, writable: bool = False, readable: bool = False) -> list[Format]:
    """The formats of a family, in registry order (those with a writer/reader if asked)."""
    return [
        f
        for f in FORMATS
        if f.family == family and (f.writer or not writable) and (f.reader or not readable)
    ]


def _named(family: Family, name: str, *, writable: bool) -> Format:
    for f in formats(family, writable=writable):
        if f.name == name:
            return f
    known = ", ".join(f.name for f in formats(family, writable=writable))
    raise OutputError(f"unknown format '{name}' (one of {known})")


def export_format(name: str) -> Format:
    """A project export format by name (``workbench export --to NAME``)."""
    return _named("project", name, writable=True)


def glossary_format(name: str) -> Format:
    """A glossary export format by name (``workbench glossary export --to NAME``)."""
    return _named("glossary", name, writable=True)


def export_names() -> list[str]:
    return [f.name for f in formats("project", writable=True)]


def glossary_export_names() -> list[str]:
    return [f.name for f in formats("glossary", writable=True)]


def _by_suffix(family: Family, path: Path | str) -> Format | None:
    suffix = Path(path).suffix.lower()
    return next((f for f in formats(family, readable=True) if suffix in f.suffixes), None)


def document_format(path: Path | str) -> str:
    """The name of the format :func:`read_document` reads ``path`` as (``txt`` for an
    unknown extension)."""
    spec = _by_suffix("project", path) or formats("project", readable=True)[0]
    return spec.name


def read_document(path: Path | str, *, language: str = "", source_language: str = "") -> Document:
    """Read an article or a bilingual file into a :class:`Document` (by extension; an
    unknown extension is read as plain text). ``language`` is the language of the text to
    post-edit (an article's, a bilingual file's target) and ``source_language`` the
    source's, overriding what the file says or detection (BCP 47 tags, kept as given)."""
    spec = _by_suffix("project", path) or formats("project", readable=True)[0]
    reader = cast(DocumentReader, _load(spec.reader))
    return reader(path, language=language, source_language=source_language)


def stream_document(path: Path | str) -> StreamedArticle | None:
    """The article at ``path`` read for one pass over its segments, which are then never all
    held (:class:`~workbench.formats.article.plaintext.StreamedArticle`: the same segments as
    :func:`read_document`'s), or ``None`` for a format that is only read whole (bilingual
    files)."""
    spec = _by_suffix("project", path) or formats("project", readable=True)[0]
    if not spec.streamer:
        return None
    return cast(Callable[[Path | str], "StreamedArticle"], _load(spec.streamer))(path)


def suggested_suffix(spec: Format, document: Document) -> str:
    """The ending of a default output name for ``spec``: ``--to original`` keeps the
    original file's own ending (``messages.fr.translated.xlf``)."""
    if spec.name == "original":
        return spec.default_suffix + (Path(document.name).suffix or ".txt")
    return spec.default_suffix


def read_glossary(
    path: Path, glossary_id: str | None = None, languages: Languages | None = None
) -> Imported:
    """Import a glossary in another tool's format (TBX, CSV, OmegaT), by extension, with
    what the file held that the glossary could not keep."""
    spec = _by_suffix("glossary", path)
    if spec is None or spec.name == "yaml":
        known = ", ".join(
            s for f in formats("glossary", readable=True) if f.name != "yaml" for s in f.suffixes
        )
        raise InputError(f"{path}: unknown glossary format (use {known})")
    gid = glossary_id or path.stem.replace(" ", "-") or "imported"
    return cast(GlossaryReader, _load(spec.reader))(path, gid, languages)


def load_writer(spec: Format) -> ProjectWriter:
    """The writer of a project export format."""
    return cast(ProjectWriter, _load(spec.writer))


def memory_export_names() -> list[str]:
    return [f.name for f in formats("memory", writable=True)]


def write_memory(units: Iterable[MemoryUnit], name: str) -> bytes:
    """The memory's units in the named format (``workbench memory export --to NAME``)."""
    spec = _named("memory", name, writable=True)
    return cast(MemoryWriter, _load(spec.writer))(units)


def write_glossary(glossary: Glossary, name: str) -> Exported:
    """A glossary in the named format, with what the format could not hold."""
    return cast(GlossaryWriter, _load(glossary_format(name).writer))(glossary)
