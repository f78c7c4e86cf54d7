"""What a browser user of ``workbench serve`` may write: exports only inside the folder the
server was started with, and only the glossary files given at start.

A path typed in the browser is taken literally: ``~`` is not expanded (refused), a ``..``
part is refused, a relative path is relative to the server's working folder (the export
dialog's default is written that way), and the path is resolved (symlinks followed) before it
is compared with the allowed folder, so a symlink cannot lead out of it. Hidden files and
folders (a part starting with ``.``: ``.bashrc``, ``.ssh/``, ``.config/``) are refused even
inside the folder: that is where start-up files live.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import OutputError


@dataclass(frozen=True)
class Confinement:
    """``export_root``: the one folder exports may go to (resolved). ``glossaries``: the
    glossary files and folders given at start (resolved), the only ones that may change."""

    export_root: Path
    glossaries: tuple[str, ...] = ()

    @classmethod
    def of(cls, export_root: Path | str, glossaries: Iterable[Path | str] = ()) -> Confinement:
        return cls(
            Path(export_root).expanduser().resolve(),
            tuple(str(Path(g).resolve()) for g in glossaries),
        )

    def export_path(self, typed: str, *, cwd: Path | None = None) -> Path:
        """The file ``typed`` names, resolved, when it lies inside :attr:`export_root`;
        otherwise :class:`OutputError` saying why (nothing is written either way)."""
        text = typed.strip()
        if not text:
            raise OutputError("give an output file")
        if text.startswith("~"):
            raise OutputError(f"{text}: '~' is not expanded here; {self._where()}")
        path = Path(text)
        if ".." in path.parts:
            raise OutputError(f"{text}: '..' is not allowed in an export path; {self._where()}")
        if not path.is_absolute():
            path = (cwd if cwd is not None else Path.cwd()) / path
        resolved = path.resolve()
        if not resolved.is_relative_to(self.export_root) or resolved == self.export_root:
            raise OutputError(f"{text}: outside the export folder; {self._where()}")
        inside = resolved.relative_to(self.export_root).parts
        if any(part.startswith(".") for part in inside):
            raise OutputError(f"{text}: hidden files and folders are not written; {self._where()}")
        return resolved

    def glossary_paths(self, paths: Iterable[str]) -> list[str]:
        """Those of ``paths`` given at start (a project may remember others)."""
        allowed = set(self.glossaries)
        return [p for p in paths if str(Path(p).resolve()) in allowed]

    def _where(self) -> str:
        return f"exports go inside {self.export_root}"
