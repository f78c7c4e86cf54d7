"""Every row of the format registry loads, and its object does what its family needs.

The rows name modules (imported on first use); each module's object is annotated with its
family's protocol, so mypy checks the object, and this test checks that every row's object
is that protocol's at run time and that the annotation names it."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from workbench.core.document import Document
from workbench.core.errors import OutputError
from workbench.formats import families
from workbench.formats.families import (
    ArticleFormat,
    ArticleStreamer,
    BilingualFormat,
    DocumentReader,
    ExportWriter,
    GlossaryReader,
    GlossaryWriter,
    MemoryWriter,
    NewBilingualWriter,
    WritesBack,
)
from workbench.formats.registry import (
    FORMATS,
    Format,
    article_streamer,
    document_reader,
    export_names,
    glossary_reader,
    glossary_writer,
    memory_writer,
    project_writer,
    suggested_suffix,
    writes_back,
)


def _required(row: Format) -> list[type]:
    """The protocols a row's object must satisfy, from its family and what it does."""
    need: list[type] = []
    if row.family == "article":
        need = [ArticleFormat]
    elif row.family == "bilingual":
        need = [BilingualFormat] + ([NewBilingualWriter] if row.writes else [])
    elif row.family == "export":
        need = [ExportWriter]
    elif row.family == "glossary":
        need = ([GlossaryReader] if row.reads else []) + ([GlossaryWriter] if row.writes else [])
    elif row.family == "memory":
        need = [MemoryWriter]
    return need


@pytest.mark.parametrize("row", FORMATS, ids=lambda r: f"{r.family}-{r.name}")
def test_every_row_loads_an_object_of_its_family_protocol(row: Format) -> None:
    obj = row.load()
    required = _required(row)
    assert required, f"{row.name}: no protocol for family {row.family}"
    for protocol in required:
        assert isinstance(obj, protocol), f"{row.name}: not a {protocol.__name__}"
    # The annotation mypy checks names a protocol that covers every required one.
    module = importlib.import_module("workbench.formats." + row.module)
    annotated = getattr(families, module.__annotations__[row.attribute])
    for protocol in required:
        assert issubclass(annotated, protocol), f"{row.name}: annotated {annotated.__name__}"


@pytest.mark.parametrize("row", FORMATS, ids=lambda r: f"{r.family}-{r.name}")
def test_the_typed_accessors_return_each_row_s_roles(row: Format) -> None:
    if row.family in ("article", "bilingual"):
        reader: DocumentReader = document_reader(row)
        back: WritesBack = writes_back(row)
        assert callable(reader.read) and callable(back.write_back)
    if row.streams:
        streamer: ArticleStreamer = article_streamer(row)
        assert callable(streamer.stream)
    if row.writes and row.family in ("article", "bilingual", "export"):
        assert callable(project_writer(row))
    if row.family == "glossary" and row.reads:
        assert callable(glossary_reader(row).read_glossary)
    if row.family == "glossary" and row.writes:
        assert callable(glossary_writer(row).write_glossary)
    if row.family == "memory":
        assert callable(memory_writer(row).write_memory)


def test_a_row_whose_object_is_of_another_family_is_refused_with_its_name() -> None:
    wrong = Format("bad", "memory", "a glossary module as a memory writer", "glossary.csv_file")
    with pytest.raises(TypeError, match=r"format bad: glossary\.csv_file\.FORMAT is not a Memory"):
        memory_writer(wrong)


def test_names_reading_and_writing_are_unchanged() -> None:
    assert export_names() == [
        "txt", "md", "html", "report", "original", "xliff", "xliff2", "tmx", "jsonl", "csv"
    ]  # fmt: skip
    readable = {
        s: f.name for f in FORMATS if f.family in ("article", "bilingual") for s in f.suffixes
    }
    assert readable[".sdlxliff"] == "xliff" and readable[".tsv"] == "tsv"


def test_original_keeps_the_input_s_own_ending_by_its_row_not_its_name() -> None:
    doc = Document(name="messages.fr.xlf", segments=(), gaps=("",))
    original = next(f for f in FORMATS if f.name == "original")
    assert suggested_suffix(original, doc) == ".translated.xlf"
    xliff = next(f for f in FORMATS if f.name == "xliff")
    assert suggested_suffix(xliff, doc) == ".xlf"


def test_no_format_name_chains_outside_a_format_s_own_module() -> None:
    """``doc.format == "…"`` appears only in the module of that format (its NAME)."""
    root = Path(__file__).parents[2] / "workbench"
    offenders = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ('.format == "', ".format in (", '.format != "', "format not in BILINGUAL"):
            if needle in text:
                offenders.append(f"{path.relative_to(root)}: {needle}")
    assert offenders == [], offenders


def test_writing_back_a_project_of_an_unknown_format_is_one_line() -> None:
    from workbench.formats.project_view import ProjectView
    from workbench.formats.registry import write_back

    doc = Document(name="x.foo", segments=(), gaps=("",), format="foo")
    with pytest.raises(OutputError, match="no format 'foo'"):
        write_back(ProjectView(doc, ()))
