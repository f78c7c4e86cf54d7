"""Errors a user can cause. The CLI prints ``str(error)`` as one line on stderr and exits 2."""

from __future__ import annotations


class WorkbenchError(Exception):
    """Bad input or a refused operation: shown to the user as one line, never a traceback."""

    def __str__(self) -> str:
        text = super().__str__()
        # One line, always: a message built from file content must not break the contract.
        return " ".join(text.split())


class InputError(WorkbenchError):
    """A file that cannot be read as what it should be (missing, binary, empty, not UTF-8...)."""


class OutputError(WorkbenchError):
    """An output that must not be written (would overwrite the input, is a symlink...)."""


class GlossaryError(WorkbenchError):
    """A glossary file the strict reader refuses; names the file and the line."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(f"{file}:{line}: {message}")

    def __reduce__(self) -> tuple[type[GlossaryError], tuple[str, int, str]]:
        return (GlossaryError, (self.file, self.line, self.message))  # crosses process pools


class ProjectError(WorkbenchError):
    """A project store that cannot be opened (locked by another process, corrupt...)."""


class TagError(WorkbenchError):
    """An inline-code tag token broken by an edit, or tags that cannot be written back."""


class MemoryFileError(WorkbenchError):
    """A memory file that cannot be used (not SQLite, another schema version, read-only...)."""
