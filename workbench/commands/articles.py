"""The articles of a folder, as the batch commands (``apply DIR``, ``qa DIR``) take them."""

from __future__ import annotations

from pathlib import Path

from workbench.core.errors import InputError

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


def article_files(path: Path) -> list[Path]:
    """``path`` itself, or the articles (``*.txt``, ``*.md``) under the folder ``path``,
    recursively, sorted."""
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
        )
        if not files:
            raise InputError(f"{path}: no .txt or .md articles in this folder")
        return files
    return [path]
