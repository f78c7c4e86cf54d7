"""The strict YAML reader of glossary files.

PyYAML's C parser (``CSafeLoader``; the pure-Python ``SafeLoader`` where the C extension is
missing) turns the file into *events*; this module builds its own small tree from them, so
that it sees what a normal load hides: explicit tags (``!!python/object``, ``!!str``),
anchors and aliases, duplicate keys, and the raw text of every scalar. Every scalar is read
as a string: YAML 1.1 never gets to turn ``no``, ``on`` or ``012`` into a bool or an int.

The tree is then read field by field as :mod:`workbench.core.glossary.schema` declares
them (a text, a list of texts, an optional text, a true/false flag) and handed to the schema,
which every other reader shares. Every rejection is a
:class:`~workbench.core.errors.GlossaryError` naming ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from workbench.core.errors import GlossaryError, WorkbenchError
from workbench.core.glossary.model import Glossary
from workbench.core.glossary.schema import (
    ENTRY_FIELDS,
    HEADER_FIELDS,
    LANGUAGE_FIELDS,
    EntryInput,
    FieldType,
    GlossaryHeader,
    Value,
    check_names,
    glossary_from_fields,
)
from workbench.core.textio import decode_text, read_bytes

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

TOP_FIELDS = (*HEADER_FIELDS, "languages", "entries")


# --- a small YAML tree with line numbers (1-based) ----------------------------------------
@dataclass
class Scalar:
    value: str
    line: int
    plain: bool


@dataclass
class Seq:
    items: list[Node]
    line: int


@dataclass
class Map:
    items: list[tuple[Scalar, Node]] = field(default_factory=list)
    line: int = 0

    def get(self, key: str) -> Node | None:
        for k, v in self.items:
            if k.value == key:
                return v
        return None


Node = Scalar | Seq | Map


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return (mark.line + 1) if mark is not None else 0


def _refuse(event: yaml.Event, file: str) -> None:
    """Refuse what a strict glossary never holds: aliases, anchors, explicit tags."""
    if isinstance(event, yaml.AliasEvent):
        raise GlossaryError(file, _line(event), "YAML aliases (*name) are not allowed")
    if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
        raise GlossaryError(file, _line(event), "YAML anchors (&name) are not allowed")
    if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
        tag = event.tag
        if tag is not None and tag != "!":
            raise GlossaryError(file, _line(event), f"YAML tags are not allowed ({tag})")


class _TreeBuilder:
    """Builds the tree from parser events, refusing duplicate and non-string keys."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.stack: list[Seq | Map] = []
        self.pending_key: list[Scalar | None] = []
        self.root: Node | None = None

    def attach(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        if isinstance(parent, Seq):
            parent.items.append(node)
            return
        key = self.pending_key[-1]
        if key is not None:
            parent.items.append((key, node))
            self.pending_key[-1] = None
            return
        if not isinstance(node, Scalar):
            raise GlossaryError(self.file, node.line, "mapping keys must be plain strings")
        for existing, _ in parent.items:
            if existing.value == node.value:
                raise GlossaryError(
                    self.file,
                    node.line,
                    f"duplicate key '{node.value}' (first on line {existing.line})",
                )
        self.pending_key[-1] = node

    def open(self, node: Seq | Map) -> None:
        self.attach(node)
        self.stack.append(node)
        self.pending_key.append(None)

    def close(self) -> None:
        self.stack.pop()
        self.pending_key.pop()


def parse_tree(text: str, file: str) -> Node:
    """Parse YAML text into a tree, refusing tags, anchors, aliases, several documents."""
    tree = _TreeBuilder(file)
    documents = 0
    loader = _Loader(text)
    scalar, seq_start, map_start = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
    closing = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    try:
        while (event := loader.get_event()) is not None:
            kind = type(event)
            if kind is scalar:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    _refuse(event, file)
                tree.attach(Scalar(event.value, event.start_mark.line + 1, event.implicit[0]))
            elif kind in closing:
                tree.close()
            elif kind is seq_start or kind is map_start:
                _refuse(event, file)
                line = _line(event)
                tree.open(Seq([], line) if kind is seq_start else Map([], line))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise GlossaryError(file, _line(event), "only one YAML document is allowed")
            else:
                _refuse(event, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise GlossaryError(file, line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise GlossaryError(file, 0, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if tree.root is None:
        raise GlossaryError(file, 1, "the glossary file is empty")
    return tree.root


# --- typed reading of the tree -------------------------------------------------------------
def _value(node: Node, kind: FieldType, file: str, what: str) -> Value:
    """A node as the typed value the schema expects for a field of ``kind``; every scalar is
    text unless the field is a flag (plain ``true``/``false`` only) or a null is allowed."""
    if kind == "flag":
        if isinstance(node, Scalar) and node.plain and node.value in ("true", "false"):
            return node.value == "true"
        raise GlossaryError(file, node.line, f"{what} must be true or false")
    if kind == "texts" and isinstance(node, Seq):
        if not node.items:
            raise GlossaryError(file, node.line, f"{what} is an empty list")
        texts: list[str] = []
        for item in node.items:
            if not isinstance(item, Scalar):
                raise GlossaryError(file, item.line, f"{what} must be a string")
            texts.append(item.value)
        return tuple(texts)
    if not isinstance(node, Scalar):
        raise GlossaryError(file, node.line, f"{what} must be a string")
    if kind == "optional" and node.plain and node.value in ("", "~", "null"):
        return None
    return node.value


def _fields(node: Map, types: dict[str, FieldType], file: str, where: str) -> EntryInput:
    names = [k.value for k, _ in node.items]
    check_names(names, list(types), file, [k.line for k, _ in node.items], where)
    return EntryInput(
        fields={k.value: _value(v, types[k.value], file, k.value) for k, v in node.items},
        line=node.line,
        field_lines={k.value: v.line for k, v in node.items},
    )


def _languages(root: Map, file: str) -> tuple[str, str]:
    node = root.get("languages")
    if node is None:
        return "", ""
    if not isinstance(node, Map):
        raise GlossaryError(file, node.line, "languages must be a mapping")
    found = _fields(node, dict.fromkeys(LANGUAGE_FIELDS, "text"), file, "languages")
    codes: list[str] = []
    for name in LANGUAGE_FIELDS:
        value = found.fields.get(name)
        code = value.strip() if isinstance(value, str) else ""
        if value is not None and not code:
            raise GlossaryError(file, found.line_of(name), f"languages.{name} is empty")
        codes.append(code)
    return codes[0], codes[1]


def glossary_from_text(text: str, file: str) -> Glossary:
    """Build one glossary from YAML text; raises the first :class:`GlossaryError`."""
    root = parse_tree(text, file)
    if not isinstance(root, Map):
        raise GlossaryError(file, root.line, "a glossary file must be a mapping")
    names = [k.value for k, _ in root.items]
    check_names(names, TOP_FIELDS, file, [k.line for k, _ in root.items], "the glossary header")
    if root.get("glossary") is None:
        raise GlossaryError(file, root.line, "the glossary has no 'glossary' id")
    header_node = Map([(k, v) for k, v in root.items if k.value in HEADER_FIELDS], root.line)
    header = _fields(header_node, HEADER_FIELDS, file, "the glossary header").fields
    gid = header["glossary"]
    if not isinstance(gid, str) or not gid.strip():
        raise GlossaryError(file, root.line, "glossary is empty")
    source_language, target_language = _languages(root, file)
    entries_node = root.get("entries")
    if entries_node is None:
        raise GlossaryError(file, root.line, "the glossary has no 'entries'")
    if not isinstance(entries_node, Seq):
        raise GlossaryError(file, entries_node.line, "entries must be a list")
    items: list[EntryInput] = []
    for node in entries_node.items:
        if not isinstance(node, Map):
            raise GlossaryError(file, node.line, "each entry must be a mapping")
        items.append(_fields(node, ENTRY_FIELDS, file, "an entry"))
    title = header.get("title")
    domain = header.get("domain")
    return glossary_from_fields(
        GlossaryHeader(
            id=gid.strip(),
            title=title.strip() if isinstance(title, str) else "",
            source_language=source_language,
            target_language=target_language,
            domain=(domain.strip() or None) if isinstance(domain, str) else None,
        ),
        items,
        file,
    )


def load_glossary(path: Path | str) -> Glossary:
    """Read and validate one glossary file."""
    p = Path(path)
    data = read_bytes(p, what="glossary")
    try:
        tf = decode_text(data, p, what="glossary")
    except WorkbenchError as exc:
        message = str(exc)
        line = 0
        head = message.split(": ", 1)[0]
        if head.rsplit(":", 1)[-1].isdigit():
            line = int(head.rsplit(":", 1)[-1])
        detail = message.split(": ", 1)[-1]
        raise GlossaryError(str(p), line, detail) from None
    return glossary_from_text(tf.text, str(p))
