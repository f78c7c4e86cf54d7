"""The corrected article as a clean standalone web page (``--to html``)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from workbench.formats.bilingual.units import check_xml_chars
from workbench.formats.project_view import ProjectView

if TYPE_CHECKING:
    from workbench.formats.families import ExportWriter

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 16px/1.55 Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; }}
{extra}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def _paragraphs(text: str) -> list[list[str]]:
    out: list[list[str]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if lines:
            out.append(lines)
    return out


def write_html(view: ProjectView) -> bytes:
    """The corrected article as a clean standalone page (first line as its title), in the
    project's target language (``<html lang>``; ``und`` when unknown). A target holding a
    character HTML cannot carry (ESC, BEL, form feed...) is refused, naming the segment."""
    check_xml_chars(view, "an HTML page", targets_only=True)
    paragraphs = _paragraphs(view.render_target())
    title = paragraphs[0][0] if paragraphs else view.document.name
    body = "\n".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in para) + "</p>" for para in paragraphs
    )
    page = PAGE.format(
        lang=html.escape(view.languages()[1] or "und"),
        title=html.escape(title),
        extra="p { margin: 0 0 1em; }",
        body=body,
    )
    return page.encode("utf-8")


class _Html:
    def write(self, view: ProjectView) -> bytes:
        return write_html(view)


FORMAT: ExportWriter = _Html()
