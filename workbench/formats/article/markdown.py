"""Markdown articles: block markup stays in the gaps, never in a segment.

Heading markers (``## ``), list bullets (``- ``, ``* ``, ``1. ``) and blockquote markers
(``> ``) are kept out of segments; fenced code blocks, HTML comments, tables and thematic
breaks are not segmented at all (they pass through untouched). Inline markup (``*em*``,
``[text](url)``) stays inside the segment text, where the translator can see and keep it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.document import Document
from workbench.core.segmentation import (
    Unit,
    is_blank,
    lines_with_offsets,
    paragraph_units,
)
from workbench.core.textio import read_text
from workbench.formats.article.plaintext import (
    StreamedArticle,
    article_language,
    document_from_text,
    write_article,
)

if TYPE_CHECKING:
    from workbench.formats.families import ArticleFormat
    from workbench.formats.project_view import ProjectView

_BLOCK_PREFIX = re.compile(r"^ {0,3}(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-*+][ \t]+|\d{1,9}[.)][ \t]+)")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_PASSTHROUGH = re.compile(r"^ {0,3}(?:\||<!--|(?:[-*_][ \t]*){3,}$)")


def markdown_units(text: str) -> list[Unit]:
    units: list[Unit] = []
    paragraph = 0
    block: list[tuple[int, str]] = []
    fence: str | None = None

    def flush() -> None:
        nonlocal paragraph
        if block:
            paragraph += 1
            units.extend(paragraph_units(block, paragraph))
            block.clear()

    for offset, line in lines_with_offsets(text):
        body = line.rstrip("\r\n")
        if fence is not None:
            if body.strip().startswith(fence):
                fence = None
            continue
        m = _FENCE.match(body)
        if m:
            flush()
            fence = m.group(1)
            continue
        if is_blank(line) or _PASSTHROUGH.match(body):
            flush()
            continue
        prefix = _BLOCK_PREFIX.match(body)
        if prefix:
            flush()
            paragraph += 1
            start = offset + prefix.end()
            end = offset + len(body)
            if body[prefix.end() :].strip():
                units.append(Unit(start, end, paragraph))
            continue
        block.append((offset, line))
    flush()
    return units


def read_markdown(path: Path | str, *, language: str = "", source_language: str = "") -> Document:
    tf = read_text(path, what="article")
    return document_from_text(
        tf,
        language=language,
        source_language=source_language,
        fmt="md",
        units=markdown_units(tf.text),
    )


def stream_markdown(path: Path | str) -> StreamedArticle:
    """A Markdown article for one pass over its segments (see
    :class:`~workbench.formats.article.plaintext.StreamedArticle`): the segments of
    :func:`read_markdown`'s document."""
    tf = read_text(path, what="article")
    return StreamedArticle(tf, article_language(tf)[0], markdown_units)


class Markdown:
    """The Markdown article format (``md``): block markup stays in the gaps."""

    def read(self, path: Path | str, *, language: str = "", source_language: str = "") -> Document:
        return read_markdown(path, language=language, source_language=source_language)

    def stream(self, path: Path | str) -> StreamedArticle:
        return stream_markdown(path)

    def write(self, view: ProjectView) -> bytes:
        return write_article(view)

    def write_back(self, view: ProjectView) -> bytes:
        return write_article(view)


FORMAT: ArticleFormat = Markdown()
