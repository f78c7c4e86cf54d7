"""Plain-text articles: read into a Document, write the corrected text in the same layout."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from workbench.core.document import Document
from workbench.core.segmentation import segment_text
from workbench.core.textio import TextFile, atomic_write, read_text


def document_from_text(tf: TextFile, *, language: str = "en", fmt: str = "txt") -> Document:
    gaps, segments = segment_text(tf.text, language=language)
    return Document(
        name=tf.path.name,
        segments=segments,
        gaps=gaps,
        bom=tf.bom,
        newline=tf.newline,
        format=fmt,
        target_language=language,
    )


def read_plaintext(path: Path | str, *, language: str = "en") -> Document:
    """A UTF-8 text article (strictly read: see :func:`workbench.core.textio.read_text`)."""
    return document_from_text(read_text(path, what="article"), language=language)


def write_text(
    document: Document,
    targets: Sequence[str],
    path: Path | str,
    *,
    protect: Iterable[Path | str] = (),
) -> Path:
    """Write the corrected article (original layout, BOM kept) atomically."""
    return atomic_write(path, document.encode(targets), protect=protect)
