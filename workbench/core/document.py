"""Documents: paragraphs -> segments, plus the exact text between them.

Invariant: ``document.render([s.text for s in document.segments]) == document.text`` and
``document.encode(...)`` gives the input bytes back exactly (BOM and CRLF included).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

from workbench.core.edits import Status
from workbench.core.inline_codes import InlineCode
from workbench.core.provenance import Provenance


@dataclass(frozen=True)
class UnitGroup:
    """A ``<group>`` a unit of a bilingual file sits in: its id and name as written, and its
    place among the groups of the file (``n``), so two groups written alike stay two."""

    id: str
    name: str = ""
    n: int = 0


@dataclass(frozen=True)
class SegmentOrigin:
    """Where a segment of a bilingual file came from, so its target can go back there.

    ``unit`` is the position of its unit among *all* the units of the file in document
    order (translatable or not: ``trans-unit``, ``unit``, ``tu``, TSV row), ``file`` the
    position of the unit's ``<file>`` (0 for formats without files), ``unit_id`` the unit's
    id as written (``""`` when it has none), ``part`` the position of the segment inside a
    unit holding several (XLIFF 2.0 ``<segment>``s, ``<mrk mtype="seg">``), ``part_id``
    that segment's id as written (``""`` when none). ``unit_name``, ``groups`` and ``notes``
    let a new file of another tool keep the unit's name, its groups and its notes apart."""

    file: int
    unit: int
    unit_id: str
    part: int = 0
    part_id: str = ""
    unit_name: str = ""  # the unit's name (XLIFF 1.2 ``resname``, 2.0 ``name``)
    groups: tuple[UnitGroup, ...] = ()  # the ``<group>``s around the unit, outermost first
    notes: tuple[str, ...] = ()  # the unit's notes one by one (on its first segment)


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit: usually a sentence, or a headline/dateline line.

    ``id`` is stable for the life of a project (``"p{paragraph}s{n}"``, 1-based).
    ``text`` is the raw MT; ``source`` the source-language text when known. ``target``
    and ``status`` come from bilingual files that already hold post-edited work (such as
    our own XLIFF export, where the raw MT travels as an alt-trans): a new project records
    that target as an ``import`` edit. ``mt_origin`` says what ``text`` is: machine
    translation (``mt``), or the target a bilingual file held (``file``), ``""`` when empty.
    """

    id: str
    paragraph: int
    text: str
    source: str | None = None
    target: str | None = None  # a translator's target carried by a bilingual file
    status: Status | None = None  # its status there
    codes: tuple[InlineCode, ...] = ()  # what the placeholders in source/text/target stand for
    origin: SegmentOrigin | None = None  # where in a bilingual file it came from
    note: str = ""  # the notes of its unit (on the unit's first segment)
    mt_origin: Provenance = "mt"  # what ``text`` is: MT, a bilingual file's own target, ""


def _article_segment_maker() -> Callable[[str, int, str], Segment]:
    setters = [Segment.__dict__[f.name].__set__ for f in fields(Segment)]  # the slots'
    set_id, set_paragraph, set_text = setters[:3]
    rest = [(setter, f.default) for setter, f in zip(setters[3:], fields(Segment)[3:], strict=True)]
    new = object.__new__

    def article_segment(id: str, paragraph: int, text: str) -> Segment:
        segment = new(Segment)
        set_id(segment, id)
        set_paragraph(segment, paragraph)
        set_text(segment, text)
        for setter, default in rest:
            setter(segment, default)
        return segment

    return article_segment


# ``Segment(id, paragraph, text)``, every other field its default: made through the slots'
# own descriptors, not the frozen dataclass's ``__init__`` (an ``object.__setattr__`` by
# name per field), as an article's reader makes one per sentence (50,000 in a book)
article_segment = _article_segment_maker()


@dataclass(frozen=True)
class Document:
    """An article as segments and the gaps around them.

    ``gaps`` has ``len(segments) + 1`` items: ``gaps[0] + seg[0] + gaps[1] + ... + gaps[-1]``
    is the decoded text (without BOM). ``bom`` records a UTF-8 BOM, ``newline`` the line-end
    convention found (reported, never silently changed). ``format`` names the reader used.

    Languages are BCP 47 tags as the file wrote them (``zh-CN``), ``""`` when unknown.
    A bilingual file keeps its bytes in ``original`` (written back by ``--to original``),
    the names of its ``<file>``s in ``files``; ``notices`` says what the reader left out
    and why, and where the languages came from (``workbench import`` prints them).
    """

    name: str
    segments: tuple[Segment, ...]
    gaps: tuple[str, ...]
    bom: bool = False
    newline: str = "\n"
    format: str = "txt"
    source_language: str = ""
    target_language: str = ""
    original: bytes = b""
    files: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.gaps) != len(self.segments) + 1:
            raise ValueError("a document needs exactly one more gap than segments")

    @property
    def text(self) -> str:
        return self.render([s.text for s in self.segments])

    def render(self, targets: Sequence[str]) -> str:
        """The document's text with each segment replaced by the matching target."""
        if len(targets) != len(self.segments):
            raise ValueError("one target per segment is needed")
        parts: list[str] = [self.gaps[0]]
        for target, gap in zip(targets, self.gaps[1:], strict=True):
            parts.append(target)
            parts.append(gap)
        return "".join(parts)

    def encode(self, targets: Sequence[str] | None = None) -> bytes:
        """The bytes of the rendered document, BOM restored when the input had one."""
        text = self.text if targets is None else self.render(targets)
        return (("\ufeff" if self.bom else "") + text).encode("utf-8")

    def encode_chunks(self, targets: Sequence[str], size: int = 2000) -> tuple[bytes, ...]:
        """:meth:`encode` in pieces of ``size`` segments (``b"".join`` of them is the same
        bytes): a large document is never held whole as one string and one bytes object."""
        if len(targets) != len(self.segments):
            raise ValueError("one target per segment is needed")
        chunks: list[bytes] = []
        for first in range(0, max(len(targets), 1), size):
            parts: list[str] = ["\ufeff" if self.bom and not first else ""]
            if not first:
                parts.append(self.gaps[0])
            for i in range(first, min(first + size, len(targets))):
                parts += (targets[i], self.gaps[i + 1])
            chunks.append("".join(parts).encode("utf-8"))
        return tuple(chunks)
