"""What a format of each family does: one typed :class:`~typing.Protocol` per role.

A row of the registry (:mod:`workbench.formats.registry`) names a module; the module
exposes an object (``FORMAT`` unless the row says another name) annotated with the
protocol of its family, so mypy checks that the object does what the family needs, and a
test loads every row and checks the object against the protocol at run time too.

* **Articles** (txt, md): :class:`ArticleFormat`, read, stream (one pass over the
  segments of a large article), write the corrected article, and write back (the same).
* **Bilingual files** (xliff, xliff2, tmx, tsv): :class:`BilingualFormat`, read and
  write back into the original file (``--to original``); those that can also be written
  from any project (``--to xliff``...) are :class:`NewBilingualWriter` s too.
* **Exports** (html, report, jsonl, csv, original): :class:`ExportWriter`.
* **Glossaries** (tbx, tbx2, csv, omegat, yaml): :class:`GlossaryReader`,
  :class:`GlossaryWriter`.
* **Memory** (tmx): :class:`MemoryWriter`.

Nothing here is imported at run time but :mod:`typing`: the records the protocols name are
imported for the type checker only, so loading the registry costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from workbench.core.document import Document
    from workbench.core.glossary.model import Glossary
    from workbench.core.model.memory import MemoryUnit
    from workbench.formats.article.plaintext import StreamedArticle
    from workbench.formats.glossary.exchange import Exported, Imported, Languages
    from workbench.formats.project_view import ProjectView


Written = bytes | Iterable[bytes]
"""What a project writer returns: the file's bytes, or its bytes as chunks one after the
other (a large file written without joining them, or made while it is written:
``atomic_write`` writes them in order into its temporary file)."""


@runtime_checkable
class DocumentReader(Protocol):
    """Reads a file into a Document; ``language``/``source_language`` (BCP 47, kept as
    given) override what the file says or detection."""

    def read(self, path: Path | str, *, language: str = "", source_language: str = "") -> Document:
        """The file's segments (bad input: :class:`~workbench.core.errors.InputError`)."""
        ...


@runtime_checkable
class ArticleStreamer(Protocol):
    def stream(self, path: Path | str) -> StreamedArticle:
        """The article for one pass over its segments (the same ones as :meth:`read`'s)."""
        ...


@runtime_checkable
class ExportWriter(Protocol):
    """Writes a project as a new file (``workbench export --to NAME``)."""

    def write(self, view: ProjectView) -> Written: ...


@runtime_checkable
class WritesBack(Protocol):
    """Writes a project back into the file it was made from (``--to original``)."""

    def write_back(self, view: ProjectView) -> bytes: ...


@runtime_checkable
class ArticleFormat(DocumentReader, ArticleStreamer, ExportWriter, WritesBack, Protocol):
    """An article: read, streamed, written corrected (``write`` and ``write_back`` give the
    same bytes: the input's layout with the corrected text)."""


@runtime_checkable
class BilingualFormat(DocumentReader, WritesBack, Protocol):
    """A bilingual file: read (inline codes as placeholders, statuses, the file's bytes
    kept in the Document) and written back (only what the project changed)."""


@runtime_checkable
class NewBilingualWriter(Protocol):
    """A bilingual format any project can be written as (``--to xliff``)."""

    def write_new(self, view: ProjectView) -> Written: ...


@runtime_checkable
class BilingualExchange(BilingualFormat, NewBilingualWriter, Protocol):
    """A bilingual format that is read, written back and written anew."""


@runtime_checkable
class GlossaryReader(Protocol):
    def read_glossary(
        self, path: Path, glossary_id: str, languages: Languages | None = None
    ) -> Imported:
        """The glossary in the file, and what the file held that it could not keep."""
        ...


@runtime_checkable
class GlossaryWriter(Protocol):
    def write_glossary(self, glossary: Glossary) -> Exported:
        """The glossary's bytes, and what the format cannot hold."""
        ...


@runtime_checkable
class GlossaryFormat(GlossaryReader, GlossaryWriter, Protocol):
    """A glossary format read and written."""


@runtime_checkable
class MemoryWriter(Protocol):
    def write_memory(self, units: Iterable[MemoryUnit]) -> bytes:
        """The memory's units (of one language pair) as a file."""
        ...
