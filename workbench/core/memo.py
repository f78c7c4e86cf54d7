"""Results remembered between runs, by a digest of everything they depend on: the shape
of such a memory (:class:`TextMemo`: text by key; the application keeps them in a cache
file of the data folder, :mod:`workbench.core.storage.memo_cache`) and the digest of the
code that made them (:func:`code_digest`), so a changed program never answers from a memory
an older one filled."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

_ROOT = Path(__file__).resolve().parent.parent  # the workbench package


class TextMemo(Protocol):
    """Remembered results (encoded as text) by key."""

    def lookup(self, keys: Sequence[bytes]) -> Mapping[bytes, str]:
        """The results of those of ``keys`` that are known (a failure: none)."""
        ...

    def store(self, items: Sequence[tuple[bytes, str]]) -> None:
        """Remember these results (a failure only means they are not remembered)."""
        ...


@functools.cache
def code_digest(paths: tuple[str, ...], packages: tuple[str, ...]) -> bytes:
    """A digest of the source of these files and folders of the workbench package (every
    ``.py`` below a folder) and of the installed versions of these distributions."""
    digest = hashlib.blake2b(b"workbench code\0", digest_size=16)
    for name in paths:
        top = _ROOT / name
        for path in [top] if top.is_file() else sorted(top.rglob("*.py")):
            digest.update(path.relative_to(_ROOT).as_posix().encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:  # no source to read: nothing this process remembers is reused
                digest.update(os.urandom(16))
    for name in packages:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.digest()
