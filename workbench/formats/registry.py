"""The one format registry: every file format the workbench reads or writes.

Like translate-toolkit's registry, formats are found by file extension for reading and by
name for writing. Each row names its family, the module that implements it and what it
can do; the module exposes an object (``FORMAT``, or the row's ``attribute``) typed with
its family's protocol (:mod:`workbench.formats.families`):

* ``article`` (txt, md): :class:`~workbench.formats.families.ArticleFormat`.
* ``bilingual`` (xliff, xliff2, tmx, tsv):
  :class:`~workbench.formats.families.BilingualFormat`, and
  :class:`~workbench.formats.families.NewBilingualWriter` when ``writes``.
* ``export`` (html, report, original, jsonl, csv):
  :class:`~workbench.formats.families.ExportWriter`.
  Articles, bilingual files and exports together are the ``project`` formats:
  ``workbench export --to`` and the editor's export dialog list those that write.
* ``glossary`` (yaml, tbx, tbx2, csv, omegat):
  :class:`~workbench.formats.families.GlossaryReader` /
  :class:`~workbench.formats.families.GlossaryWriter`; ``workbench glossary
  import|export`` use them.
* ``memory`` (tmx): :class:`~workbench.formats.families.MemoryWriter`, what ``workbench
  memory export --to`` writes; ``memory import`` reads files with the bilingual readers.

A module is imported on first use, so a command pays only for the formats it touches.
Nothing dispatches on a format's name but this table: ``--to original`` asks the row of
the project's own format to write back. To add a format, write its module and add one
:class:`Format` row; ``tests/formats/test_registry.py`` loads every row and checks its
object against its family's protocol.
"""

from __future__ import annotations

import importlib
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from workbench.core.document import Document
from workbench.core.errors import InputError, OutputError
from workbench.core.glossary.model import Glossary
from workbench.formats.families import (
    ArticleStreamer,
    DocumentReader,
    ExportWriter,
    GlossaryReader,
    GlossaryWriter,
    MemoryWriter,
    NewBilingualWriter,
    WritesBack,
    Written,
)

if TYPE_CHECKING:  # the glossary modules load only when a glossary format is used
    from collections.abc import Callable

    from workbench.core.model.memory import MemoryUnit
    from workbench.formats.article.plaintext import StreamedArticle
    from workbench.formats.glossary.exchange import Exported, Imported, Languages
    from workbench.formats.project_view import ProjectView

Family = Literal["article", "bilingual", "export", "glossary", "memory"]
Group = Literal["project", "glossary", "memory"]
Need = Literal["figures", "findings", "events", "log"]  # log: the edit log's share (hits...)
PROJECT: frozenset[Family] = frozenset({"article", "bilingual", "export"})

_F = "workbench.formats."


@dataclass(frozen=True)
class Format:
    """One format: its name (``--to``), family, what it is, the file name endings read as
    it (a row with endings reads), the module implementing it and the object there,
    whether it writes (``--to NAME``) and streams, the default ending of an output file
    (distinct for every format, so two exports never default to the same name; with
    ``keeps_suffix`` the input's own ending follows it) and what a project writer needs
    beyond the segments."""

    name: str
    family: Family
    description: str
    module: str
    suffixes: tuple[str, ...] = ()
    writes: bool = False
    default_suffix: str = ""
    needs: frozenset[Need] = frozenset()
    streams: bool = False
    keeps_suffix: bool = False
    attribute: str = "FORMAT"
    text_is_mt: bool = False  # a bilingual format whose text to post-edit is MT (TSV's column)
    roots: tuple[str, ...] = ()  # XML root elements read as this format whatever the ending
    unordered: bool = False  # a bilingual format whose units have no order (a memory: TMX)

    @property
    def reads(self) -> bool:
        return bool(self.suffixes)

    def load(self) -> object:
        """The object implementing this format (its module imported on first use)."""
        return getattr(importlib.import_module(_F + self.module), self.attribute)


FORMATS: tuple[Format, ...] = (
    Format(
        "txt",
        "article",
        "Corrected article, original layout (.txt)",
        "article.plaintext",
        (".txt", ".text"),
        writes=True,
        default_suffix=".corrected.txt",
        streams=True,
    ),
    Format(
        "md",
        "article",
        "Corrected article, original layout (.md)",
        "article.markdown",
        (".md", ".markdown"),
        writes=True,
        default_suffix=".corrected.md",
        streams=True,
    ),
    Format(
        "html",
        "export",
        "Corrected article as a web page",
        "exports.html_page",
        writes=True,
        default_suffix=".corrected.html",
    ),
    Format(
        "report",
        "export",
        "Post-editing report (HTML)",
        "exports.report",
        writes=True,
        default_suffix=".report.html",
        needs=frozenset({"figures", "findings", "log"}),
    ),
    Format(
        "original",
        "export",
        "The file as it came in (same structure, ids, codes), targets and states filled",
        "exports.original",
        writes=True,
        default_suffix=".translated",
        keeps_suffix=True,
    ),
    Format(
        "xliff",
        "bilingual",
        "XLIFF 1.2 (source, target, state, raw MT, inline codes)",
        "bilingual.xliff12",
        (".xlf", ".xliff", ".mqxliff", ".sdlxliff"),
        writes=True,
        default_suffix=".xlf",
    ),
    Format(
        "xliff2",
        "bilingual",
        "XLIFF 2.0 (source, target, state, raw MT, inline codes)",
        "bilingual.xliff20",  # read through the xliff row: the root's version tells
        writes=True,
        default_suffix=".xliff2.xlf",
    ),
    Format(
        "tmx",
        "bilingual",
        "TMX 1.4 of the confirmed segments",
        "bilingual.tmx",
        (".tmx",),
        writes=True,
        default_suffix=".tmx",
        unordered=True,
    ),
    Format(
        "tsv", "bilingual", "Two columns: source, MT", "bilingual.tsv", (".tsv",), text_is_mt=True
    ),
    Format(
        "jsonl",
        "export",
        "Edit log, one event per line",
        "exports.effort",
        writes=True,
        default_suffix=".edits.jsonl",
        needs=frozenset({"events"}),
        attribute="EDIT_LOG",
    ),
    Format(
        "csv",
        "export",
        "Effort figures per segment",
        "exports.effort",
        writes=True,
        default_suffix=".effort.csv",
        needs=frozenset({"figures", "findings", "log"}),
        attribute="EFFORT_CSV",
    ),
    Format(
        "yaml",
        "glossary",
        "Workbench YAML glossary",
        "glossary.exchange",
        writes=True,
        default_suffix=".yaml",
    ),
    Format(
        "tbx",
        "glossary",
        "TBX-Basic v3 (DCA); v3 and v2 (martif) are read",
        "glossary.tbx",
        (".tbx", ".xml"),
        writes=True,
        default_suffix=".tbx",
        roots=("tbx", "martif"),
    ),
    Format(
        "tbx2",
        "glossary",
        "TBX-Basic v2 (TBX 2008 martif), as OmegaT and translate-toolkit read it",
        "glossary.tbx",
        writes=True,
        default_suffix=".v2.tbx",
        attribute="TBX2",
    ),
    Format(
        "csv",
        "glossary",
        "CSV, one row per MT variant, languages in the header",
        "glossary.csv_file",
        (".csv",),
        writes=True,
        default_suffix=".csv",
    ),
    Format(
        "omegat",
        "glossary",
        "OmegaT tab-separated glossary",
        "glossary.omegat",
        (".txt", ".tab", ".utf8", ".tsv"),
        writes=True,
        default_suffix=".txt",
    ),
    Format(
        "tmx",
        "memory",
        "TMX 1.4: source (or MT) -> final, MT and origin as properties",
        "exports.memory_tmx",
        writes=True,
        default_suffix=".tmx",
    ),
)


# --- the typed objects of a row -----------------------------------------------------------------


def _wrong(spec: Format, role: str) -> TypeError:
    return TypeError(f"format {spec.name}: {spec.module}.{spec.attribute} is not a {role}")


def document_reader(spec: Format) -> DocumentReader:
    obj = spec.load()
    if not isinstance(obj, DocumentReader):
        raise _wrong(spec, "DocumentReader")
    return obj


def article_streamer(spec: Format) -> ArticleStreamer:
    obj = spec.load()
    if not isinstance(obj, ArticleStreamer):
        raise _wrong(spec, "ArticleStreamer")
    return obj


def writes_back(spec: Format) -> WritesBack:
    obj = spec.load()
    if not isinstance(obj, WritesBack):
        raise _wrong(spec, "WritesBack")
    return obj


def project_writer(spec: Format) -> Callable[[ProjectView], Written]:
    """What ``--to NAME`` writes: a new bilingual file, the corrected article, an export."""
    obj = spec.load()
    if spec.family == "bilingual":
        if not isinstance(obj, NewBilingualWriter):
            raise _wrong(spec, "NewBilingualWriter")
        return obj.write_new
    if not isinstance(obj, ExportWriter):
        raise _wrong(spec, "ExportWriter")
    return obj.write


def glossary_reader(spec: Format) -> GlossaryReader:
    obj = spec.load()
    if not isinstance(obj, GlossaryReader):
        raise _wrong(spec, "GlossaryReader")
    return obj


def glossary_writer(spec: Format) -> GlossaryWriter:
    obj = spec.load()
    if not isinstance(obj, GlossaryWriter):
        raise _wrong(spec, "GlossaryWriter")
    return obj


def memory_writer(spec: Format) -> MemoryWriter:
    obj = spec.load()
    if not isinstance(obj, MemoryWriter):
        raise _wrong(spec, "MemoryWriter")
    return obj


# --- finding rows ---------------------------------------------------------------------------


def formats(
    group: Group | Family, *, writable: bool = False, readable: bool = False
) -> list[Format]:
    """The formats of a family (``project``: articles, bilingual files and exports), in
    registry order (those that write/read if asked)."""
    families = PROJECT if group == "project" else frozenset({group})
    return [
        f
        for f in FORMATS
        if f.family in families and (f.writes or not writable) and (f.reads or not readable)
    ]


def _named(group: Group, name: str, *, writable: bool) -> Format:
    for f in formats(group, writable=writable):
        if f.name == name:
            return f
    known = ", ".join(f.name for f in formats(group, writable=writable))
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


def _by_suffix(group: Group, path: Path | str) -> Format | None:
    suffix = Path(path).suffix.lower()
    return next((f for f in formats(group, readable=True) if suffix in f.suffixes), None)


_ROOT = re.compile(r"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")


def _by_root(group: Group, path: Path) -> Format | None:
    """A format told by the file's XML root element (``x.tbx2``: a TBX whatever its ending)."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    for encoding in ("utf-16", "utf-8") if head[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8",):
        text = head.decode(encoding, errors="ignore")
        text = re.sub(r"<!--.*?-->|<!DOCTYPE[^>]*>", "", text, flags=re.S)
        root = _ROOT.search(text)
        if root is not None:
            name = root.group(1)
            return next((f for f in formats(group, readable=True) if name in f.roots), None)
    return None


def _document_row(path: Path | str) -> Format:
    return _by_suffix("project", path) or formats("project", readable=True)[0]


def document_format(path: Path | str) -> str:
    """The name of the format :func:`read_document` reads ``path`` as (``txt`` for an
    unknown extension)."""
    return _document_row(path).name


def is_bilingual(format_name: str) -> bool:
    """Whether a Document's ``format`` is a bilingual file (what ``memory import`` takes)."""
    return any(f.family == "bilingual" and f.name == format_name for f in FORMATS)


def units_in_order(format_name: str) -> bool:
    """Whether a bilingual format's units are in an order that makes neighbours context (an
    XLIFF's are; a TMX is a memory: its units have no order)."""
    return not any(f.unordered and f.name == format_name for f in FORMATS)


def read_document(path: Path | str, *, language: str = "", source_language: str = "") -> Document:
    """Read an article or a bilingual file into a :class:`Document` (by extension; an
    unknown extension is read as plain text). ``language`` is the language of the text to
    post-edit (an article's, a bilingual file's target) and ``source_language`` the
    source's, overriding what the file says or detection (BCP 47 tags, kept as given)."""
    reader = document_reader(_document_row(path))
    return reader.read(path, language=language, source_language=source_language)


def stream_document(path: Path | str) -> StreamedArticle | None:
    """The article at ``path`` read for one pass over its segments, which are then never all
    held (:class:`~workbench.formats.article.plaintext.StreamedArticle`: the same segments as
    :func:`read_document`'s), or ``None`` for a format that is only read whole (bilingual
    files)."""
    spec = _document_row(path)
    return article_streamer(spec).stream(path) if spec.streams else None


def write_back(view: ProjectView) -> bytes:
    """The file the project was made from, with the project's targets and states written
    into it (``--to original``), by the row of the project's own format."""
    name = view.document.format
    spec = next(
        (f for f in FORMATS if f.family in ("article", "bilingual") and f.name == name), None
    )
    if spec is None:
        raise OutputError(f"{view.document.name}: no format '{name}' to write the original as")
    return writes_back(spec).write_back(view)


def machine_translated(view: ProjectView) -> frozenset[str]:
    """The ids of the segments whose raw MT (``state.mt``) is machine translation (not
    empty), which a new bilingual file may label so: what the project stored when it was
    made (``mt_origin``: an article's MT, TSV's column, a bilingual file's separate MT --
    XLIFF ``alt-trans``, ``mtc:match``, a TMX ``-x-mt`` side --, not the file's own
    targets). A project made before that was stored: found again from its format and its
    copy of the file (:func:`_machine_translated_before`)."""
    if any(s.mt_origin for s in view.segments):
        return frozenset(s.id for s in view.segments if s.mt_origin == "mt" and s.mt)
    return frozenset(
        s.id for s in view.segments if s.mt and s.id in _machine_translated_before(view)
    )


def _machine_translated_before(view: ProjectView) -> frozenset[str]:
    """For a project made before ``mt_origin`` was stored: every segment of an article or
    TSV; in another bilingual file those beside which it held a separate MT (its copy of
    the file read again); every segment when it kept no copy."""
    doc = view.document
    every = frozenset(s.id for s in doc.segments)
    spec = next(
        (f for f in FORMATS if f.family in ("article", "bilingual") and f.name == doc.format), None
    )
    if spec is None or spec.family == "article" or spec.text_is_mt or not doc.original:
        return every
    with tempfile.TemporaryDirectory(prefix="workbench-") as folder:
        path = Path(folder) / (Path(doc.name).name or f"original{spec.suffixes[0]}")
        path.write_bytes(doc.original)
        again = document_reader(spec).read(
            path, language=doc.target_language, source_language=doc.source_language
        )
    with_mt = {
        (s.origin.unit, s.origin.part) for s in again.segments if s.origin and s.target is not None
    }
    return frozenset(
        s.id for s in doc.segments if s.origin and (s.origin.unit, s.origin.part) in with_mt
    )


def suggested_suffix(spec: Format, document: Document) -> str:
    """The ending of a default output name for ``spec``: ``--to original`` keeps the
    original file's own ending (``messages.fr.translated.xlf``)."""
    if spec.keeps_suffix:
        return spec.default_suffix + (Path(document.name).suffix or ".txt")
    return spec.default_suffix


def read_glossary(
    path: Path, glossary_id: str | None = None, languages: Languages | None = None
) -> Imported:
    """Import a glossary in another tool's format (TBX, CSV, OmegaT), by extension (else by
    its XML root: ``x.tbx2`` is a TBX), with what the file held that the glossary could not
    keep."""
    spec = _by_suffix("glossary", path) or _by_root("glossary", path)
    if spec is None:
        known = ", ".join(s for f in formats("glossary", readable=True) for s in f.suffixes)
        raise InputError(f"{path}: unknown glossary format (use {known})")
    gid = glossary_id or path.stem.replace(" ", "-") or "imported"
    return glossary_reader(spec).read_glossary(path, gid, languages)


def load_writer(spec: Format) -> Callable[[ProjectView], Written]:
    """The writer of a project export format."""
    return project_writer(spec)


def memory_export_names() -> list[str]:
    return [f.name for f in formats("memory", writable=True)]


def write_memory(units: Iterable[MemoryUnit], name: str) -> bytes:
    """The memory's units in the named format (``workbench memory export --to NAME``)."""
    return memory_writer(_named("memory", name, writable=True)).write_memory(units)


def write_glossary(glossary: Glossary, name: str) -> Exported:
    """A glossary in the named format, with what the format could not hold."""
    return glossary_writer(glossary_format(name)).write_glossary(glossary)
