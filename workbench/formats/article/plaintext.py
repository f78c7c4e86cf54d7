"""Plain-text articles: read into a Document, write the corrected text in the same layout."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.document import Document, Segment
from workbench.core.errors import InputError
from workbench.core.language import base_language, text_language
from workbench.core.segmentation import Unit, iter_segments, segment_units, text_units
from workbench.core.textio import TextFile, read_text

if TYPE_CHECKING:  # (the view pulls the metrics and sacrebleu: not needed to read text)
    from workbench.formats.families import ArticleFormat
    from workbench.formats.project_view import ProjectView


def article_language(tf: TextFile, language: str = "") -> tuple[str, list[str]]:
    """The language of a decoded article (``language``, else detected) and what to tell
    about it; refuses a UTF-16 article, as its export could not be byte-identical to it.
    Its sentences are split by the rules of ``base_language(language) or "en"``."""
    if tf.encoding != "utf-8":
        raise InputError(
            f"{tf.path}: a UTF-16 article; save it as UTF-8 (exports keep the article's bytes)"
        )
    if language:
        return language, [f"language {language} (--target-lang)"]
    language = text_language(tf.text)
    notice = (
        f"language {language} (detected: script + langdetect)"
        if language
        else "language not detected: pass --target-lang"
    )
    return language, [notice]


def document_from_text(
    tf: TextFile,
    *,
    language: str = "",
    source_language: str = "",
    fmt: str = "txt",
    units: Sequence[Unit] | None = None,
) -> Document:
    """A Document of a decoded article: split into ``units`` (default: plain-text
    paragraphs), then into sentences by the rules of ``language``. Articles are UTF-8: a
    UTF-16 one is refused, as its export could not be byte-identical to it."""
    language, notices = article_language(tf, language)
    gaps, segments = segment_units(
        tf.text,
        text_units(tf.text) if units is None else units,
        language=base_language(language) or "en",
    )
    return Document(
        name=tf.path.name,
        segments=segments,
        gaps=gaps,
        bom=tf.bom,
        newline=tf.newline,
        format=fmt,
        source_language=source_language,
        target_language=language,
        notices=tuple(notices),
    )


def read_plaintext(path: Path | str, *, language: str = "", source_language: str = "") -> Document:
    """A UTF-8 text article (strictly read: see :func:`workbench.core.textio.read_text`),
    in ``language`` or the language detected in it."""
    return document_from_text(
        read_text(path, what="article"), language=language, source_language=source_language
    )


@dataclass(frozen=True)
class StreamedArticle:
    """A plain-text article read for a single pass over its segments: its text is held, its
    segments are made one at a time (:meth:`segments`) and never all kept, as
    :func:`read_plaintext`'s document keeps them. ``language`` as the document's
    ``target_language``."""

    text_file: TextFile
    language: str
    units: Callable[[str], Sequence[Unit]] = text_units  # the format's units of its text

    @property
    def size(self) -> int:
        """Characters in the text (a progress bar's length)."""
        return len(self.text_file.text)

    def segments(self) -> Iterator[tuple[int, Segment]]:
        """The document's segments, in order, each with the offset where it ends."""
        text = self.text_file.text
        segments = iter_segments(
            text, self.units(text), language=base_language(self.language) or "en"
        )
        return ((end, segment) for _, end, segment in segments)


def stream_plaintext(path: Path | str) -> StreamedArticle:
    """A UTF-8 text article for one pass over its segments (see :class:`StreamedArticle`):
    the same segments, ids and language as :func:`read_plaintext`'s document."""
    tf = read_text(path, what="article")
    return StreamedArticle(tf, article_language(tf)[0])


def write_article(view: ProjectView) -> bytes:
    """The corrected article in the input's layout (byte-identical where nothing changed,
    BOM and line ends kept): ``--to txt`` and ``--to md``."""
    return view.encode_target()


class PlainText:
    """The plain-text article format (``txt``)."""

    def read(self, path: Path | str, *, language: str = "", source_language: str = "") -> Document:
        return read_plaintext(path, language=language, source_language=source_language)

    def stream(self, path: Path | str) -> StreamedArticle:
        return stream_plaintext(path)

    def write(self, view: ProjectView) -> bytes:
        return write_article(view)

    def write_back(self, view: ProjectView) -> bytes:
        return write_article(view)


FORMAT: ArticleFormat = PlainText()
