"""Article readers chosen by file extension (like translate-toolkit's format registry).

Readers are named as ``"module:function"`` and imported on first use. Bilingual formats
(XLIFF, TMX, TSV) return documents whose segments carry their source text.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import cast

from workbench.core.document import Document
from workbench.core.errors import InputError

Reader = Callable[..., Document]

READERS: dict[str, str] = {
    ".txt": "workbench.formats.plaintext:read_plaintext",
    ".text": "workbench.formats.plaintext:read_plaintext",
    ".md": "workbench.formats.markdown:read_markdown",
    ".markdown": "workbench.formats.markdown:read_markdown",
    ".xlf": "workbench.formats.bilingual:read_xliff",
    ".xliff": "workbench.formats.bilingual:read_xliff",
    ".tmx": "workbench.formats.bilingual:read_tmx",
    ".tsv": "workbench.formats.bilingual:read_tsv",
}
DEFAULT_READER = READERS[".txt"]


def reader_for(path: Path | str) -> Reader:
    spec = READERS.get(Path(path).suffix.lower(), DEFAULT_READER)
    module_name, func = spec.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise InputError(f"{path}: the {Path(path).suffix} format is not supported") from None
        raise
    return cast(Reader, getattr(module, func))


def read_document(path: Path | str, *, language: str = "en") -> Document:
    """Read an article (or a bilingual file) into a :class:`Document`."""
    return reader_for(path)(path, language=language)
