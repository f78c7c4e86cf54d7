"""``--to original``: the project written back into the file it was made from, by its own
format's row (an article: the corrected article; a bilingual file: the same file with the
project's targets and states in it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.formats.project_view import ProjectView
from workbench.formats.registry import write_back

if TYPE_CHECKING:
    from workbench.formats.families import ExportWriter


class Original:
    def write(self, view: ProjectView) -> bytes:
        return write_back(view)


FORMAT: ExportWriter = Original()
