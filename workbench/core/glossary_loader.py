"""The strict glossary loader (SPEC section 3).

PyYAML's C parser (``CSafeLoader``; the pure-Python ``SafeLoader`` where the C extension is
missing) turns the file into *events*; this module builds its own small tree from them, so
that it sees what a normal load hides: explicit tags (``!!python/object``, ``!!str``),
anchors and aliases, duplicate keys, and the raw text of every scalar. Every scalar is read
as a string: YAML 1.1 never gets to turn ``no``, ``on`` or ``012`` into a bool or an int.

Every rejection is a :class:`~workbench.core.errors.GlossaryError` naming ``file:line``.
:func:`validate_glossaries` collects all of them (for ``workbench glossary lint``);
:func:`load_glossaries` raises the first.

Layering: ``load_glossaries(paths)`` reads the paths in the order given; a folder
contributes its ``*.yaml``/``*.yml`` files sorted by name. Entries keep that order, and the
engine gives an earlier entry precedence when two entries share a pattern with the *same*
correction (different corrections are a conflict and are rejected).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from workbench.core.errors import GlossaryError, WorkbenchError
from workbench.core.glossary import ApplyMode, Entry, Glossary, GlossarySet
from workbench.core.textio import decode_text, read_bytes

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

TOP_FIELDS = {"glossary", "title", "languages", "domain", "entries"}
ENTRY_FIELDS = {
    "mt",
    "correct",
    "source",
    "apply",
    "case_sensitive",
    "note",
    "term",
    "forbidden",
    "domain",
    "pos",
}
LANGUAGE_FIELDS = {"source", "target"}


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


def parse_tree(text: str, file: str) -> Node:
    """Parse YAML text into a tree, refusing tags, anchors, aliases, several documents."""
    stack: list[Seq | Map] = []
    pending_key: list[Scalar | None] = []
    root: Node | None = None
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, Seq):
            parent.items.append(node)
            return
        key = pending_key[-1]
        if key is None:
            if not isinstance(node, Scalar):
                raise GlossaryError(file, _node_line(node), "mapping keys must be plain strings")
            for existing, _ in parent.items:
                if existing.value == node.value:
                    raise GlossaryError(
                        file,
                        node.line,
                        f"duplicate key '{node.value}' (first on line {existing.line})",
                    )
            pending_key[-1] = node
        else:
            parent.items.append((key, node))
            pending_key[-1] = None

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise GlossaryError(file, _line(event), "only one YAML document is allowed")
                continue
            if isinstance(event, yaml.AliasEvent):
                raise GlossaryError(file, _line(event), "YAML aliases (*name) are not allowed")
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                raise GlossaryError(file, _line(event), "YAML anchors (&name) are not allowed")
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                tag = event.tag
                if tag is not None and tag != "!":
                    raise GlossaryError(file, _line(event), f"YAML tags are not allowed ({tag})")
            if isinstance(event, yaml.ScalarEvent):
                attach(Scalar(event.value, _line(event), bool(event.implicit[0])))
            elif isinstance(event, yaml.SequenceStartEvent):
                seq = Seq([], _line(event))
                attach(seq)
                stack.append(seq)
                pending_key.append(None)
            elif isinstance(event, yaml.MappingStartEvent):
                mapping = Map([], _line(event))
                attach(mapping)
                stack.append(mapping)
                pending_key.append(None)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                stack.pop()
                pending_key.pop()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise GlossaryError(file, line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise GlossaryError(file, 0, f"invalid YAML: {exc}") from None
    if root is None:
        raise GlossaryError(file, 1, "the glossary file is empty")
    return root


def _node_line(node: Node) -> int:
    return node.line


# --- typed reading of the tree -------------------------------------------------------------
def _string(node: Node, file: str, what: str, *, allow_empty: bool = False) -> str:
    if not isinstance(node, Scalar):
        raise GlossaryError(file, node.line, f"{what} must be a string")
    value = unicodedata.normalize("NFC", node.value)
    if node.plain and value == "" and not allow_empty:
        raise GlossaryError(file, node.line, f"{what} is empty")
    if not allow_empty and not value.strip():
        raise GlossaryError(file, node.line, f"{what} is empty")
    return value.strip() if not allow_empty else value


def _optional_string(node: Node | None, file: str, what: str) -> str | None:
    if node is None:
        return None
    if isinstance(node, Scalar) and node.plain and node.value in ("", "~", "null"):
        return None
    value = _string(node, file, what, allow_empty=True).strip()
    return value or None


def _bool(node: Node, file: str, what: str) -> bool:
    if isinstance(node, Scalar) and node.plain and node.value in ("true", "false"):
        return node.value == "true"
    raise GlossaryError(file, node.line, f"{what} must be true or false")


def _strings(node: Node, file: str, what: str) -> tuple[str, ...]:
    if isinstance(node, Seq):
        if not node.items:
            raise GlossaryError(file, node.line, f"{what} is an empty list")
        return tuple(_string(item, file, what) for item in node.items)
    return (_string(node, file, what),)


def _check_fields(node: Map, allowed: set[str], file: str, where: str) -> None:
    for key, _ in node.items:
        if key.value not in allowed:
            known = ", ".join(sorted(allowed))
            raise GlossaryError(
                file, key.line, f"unknown field '{key.value}' in {where} (known: {known})"
            )


def _entry(node: Node, file: str, glossary_id: str, index: int) -> Entry:
    if not isinstance(node, Map):
        raise GlossaryError(file, node.line, "each entry must be a mapping")
    _check_fields(node, ENTRY_FIELDS, file, "an entry")
    has = {k.value for k, _ in node.items}
    is_fix = "mt" in has or "correct" in has
    is_term = "term" in has or "forbidden" in has
    if is_fix and is_term:
        raise GlossaryError(
            file, node.line, "an entry is either mt/correct or term/forbidden, not both"
        )
    if not is_fix and not is_term:
        raise GlossaryError(file, node.line, "an entry needs mt and correct, or term")

    def required(name: str) -> Node:
        value = node.get(name)
        if value is None:
            raise GlossaryError(file, node.line, f"the entry has no '{name}'")
        return value

    apply_node = node.get("apply")
    apply: ApplyMode = "suggest"
    if apply_node is not None:
        text = _string(apply_node, file, "apply")
        if text not in ("auto", "suggest"):
            raise GlossaryError(file, apply_node.line, "apply must be auto or suggest")
        apply = "auto" if text == "auto" else "suggest"
    cs_node = node.get("case_sensitive")
    case_sensitive = _bool(cs_node, file, "case_sensitive") if cs_node is not None else False
    if is_fix:
        patterns = _strings(required("mt"), file, "mt")
        correction = _string(required("correct"), file, "correct")
        kind: str = "fix"
    else:
        correction = _string(required("term"), file, "term")
        forbidden = node.get("forbidden")
        patterns = _strings(forbidden, file, "forbidden") if forbidden is not None else ()
        kind = "term"
    return Entry(
        key=f"{glossary_id}:{patterns[0] if patterns else correction}",
        kind="fix" if kind == "fix" else "term",
        patterns=patterns,
        correction=correction,
        apply=apply,
        case_sensitive=case_sensitive,
        source=_optional_string(node.get("source"), file, "source"),
        note=_optional_string(node.get("note"), file, "note"),
        glossary=glossary_id,
        file=file,
        line=node.line,
        domain=_optional_string(node.get("domain"), file, "domain"),
        pos=_optional_string(node.get("pos"), file, "pos"),
    )


def glossary_from_text(text: str, file: str) -> Glossary:
    """Build one glossary from YAML text; raises the first :class:`GlossaryError`."""
    root = parse_tree(text, file)
    if not isinstance(root, Map):
        raise GlossaryError(file, root.line, "a glossary file must be a mapping")
    _check_fields(root, TOP_FIELDS, file, "the glossary header")
    gid_node = root.get("glossary")
    if gid_node is None:
        raise GlossaryError(file, root.line, "the glossary has no 'glossary' id")
    glossary_id = _string(gid_node, file, "glossary")
    source_language = target_language = ""
    languages = root.get("languages")
    if languages is not None:
        if not isinstance(languages, Map):
            raise GlossaryError(file, languages.line, "languages must be a mapping")
        _check_fields(languages, LANGUAGE_FIELDS, file, "languages")
        src = languages.get("source")
        tgt = languages.get("target")
        source_language = _string(src, file, "languages.source") if src else ""
        target_language = _string(tgt, file, "languages.target") if tgt else ""
    entries_node = root.get("entries")
    if entries_node is None:
        raise GlossaryError(file, root.line, "the glossary has no 'entries'")
    if not isinstance(entries_node, Seq):
        raise GlossaryError(file, entries_node.line, "entries must be a list")
    entries = _unique_keys(
        [_entry(node, file, glossary_id, i) for i, node in enumerate(entries_node.items)]
    )
    title = root.get("title")
    glossary = Glossary(
        id=glossary_id,
        title=_optional_string(title, file, "title") or "",
        source_language=source_language,
        target_language=target_language,
        domain=_optional_string(root.get("domain"), file, "domain"),
        path=file,
        entries=entries,
    )
    _check_within(glossary)
    return glossary


def _unique_keys(entries: list[Entry]) -> tuple[Entry, ...]:
    """Keys are "<glossary>:<first pattern>"; a repeated key gets "#2", "#3"..."""
    seen: dict[str, int] = {}
    out: list[Entry] = []
    for entry in entries:
        n = seen.get(entry.key, 0) + 1
        seen[entry.key] = n
        out.append(entry if n == 1 else replace(entry, key=f"{entry.key}#{n}"))
    return tuple(out)


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


def glossary_files(paths: Sequence[Path | str]) -> list[Path]:
    """The files of ``paths`` in layer order (a folder: its *.yaml/*.yml sorted by name)."""
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                (f for f in p.iterdir() if f.suffix.lower() in (".yaml", ".yml") and f.is_file()),
                key=lambda f: f.name,
            )
            if not found:
                raise GlossaryError(str(p), 0, "the folder holds no .yaml glossary")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            raise GlossaryError(str(p), 0, "no such glossary file or folder")
    return files


def _pattern_key(pattern: str, case_sensitive: bool) -> str:
    text = unicodedata.normalize("NFC", pattern)
    return text if case_sensitive else text.casefold()


def _check_within(glossary: Glossary) -> None:
    errors = list(_conflicts(glossary.entries))
    if errors:
        raise errors[0]


def _conflicts(entries: Sequence[Entry]) -> Iterator[GlossaryError]:
    """Two entries correcting the same MT text differently."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        for pattern in entry.patterns:
            key = _pattern_key(pattern, entry.case_sensitive)
            other = seen.get(key)
            if other is None:
                seen[key] = entry
            elif other.correction != entry.correction:
                yield GlossaryError(
                    entry.file,
                    entry.line,
                    f"'{pattern}' is corrected to '{entry.correction}' here but to "
                    f"'{other.correction}' at {other.file}:{other.line}",
                )


def _cycles(entries: Sequence[Entry]) -> Iterator[GlossaryError]:
    """Corrections that feed each other: A's correction contains B's pattern and B's (or a
    longer chain's) correction contains A's. A correction containing its own pattern
    ("SWA" -> "Southwest Aluminum (SWA)") is not a cycle: pre-editing is one pass over the
    MT; lint warns about such chains."""
    from workbench.core.glossary_engine import GlossaryEngine

    engine = GlossaryEngine(entries)
    index = {e.key: i for i, e in enumerate(entries)}
    edges: list[set[int]] = []
    for i, entry in enumerate(entries):
        targets = {index[h.entry.key] for h in engine.find(entry.correction)}
        targets.discard(i)
        edges.append(targets)
    state = [0] * len(entries)  # 0 new, 1 on stack, 2 done
    for start in range(len(entries)):
        if state[start]:
            continue
        path: list[int] = [start]
        iters = [iter(sorted(edges[start]))]
        state[start] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
                continue
            if state[nxt] == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                first = entries[cycle[0]]
                chain = " -> ".join(f"'{entries[c].correction}'" for c in cycle)
                yield GlossaryError(
                    first.file, first.line, f"corrections feed each other in a cycle: {chain}"
                )
                return
            if state[nxt] == 0:
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(sorted(edges[nxt])))


def _duplicate_ids(glossaries: Sequence[Glossary]) -> Iterator[GlossaryError]:
    seen: dict[str, Glossary] = {}
    for g in glossaries:
        if g.id in seen:
            yield GlossaryError(
                g.path, 1, f"glossary id '{g.id}' is already used by {seen[g.id].path}"
            )
        else:
            seen[g.id] = g


def validate_glossaries(paths: Sequence[Path | str]) -> tuple[GlossarySet, list[GlossaryError]]:
    """Load what can be loaded and collect every error (one per file at most for the
    file-level checks, then conflicts and cycles across the set)."""
    glossaries: list[Glossary] = []
    errors: list[GlossaryError] = []
    try:
        files = glossary_files(paths)
    except GlossaryError as exc:
        return GlossarySet(), [exc]
    for f in files:
        try:
            glossaries.append(load_glossary(f))
        except GlossaryError as exc:
            errors.append(exc)
    errors.extend(_duplicate_ids(glossaries))
    gset = GlossarySet.of(tuple(glossaries))
    errors.extend(set_errors(gset.entries))
    return gset, errors


def set_errors(entries: Sequence[Entry]) -> list[GlossaryError]:
    """Errors between entries of layered glossaries: conflicting corrections, cycles."""
    return [*_conflicts(entries), *_cycles(entries)]


def load_glossaries(paths: Sequence[Path | str]) -> GlossarySet:
    """Load glossary files and folders in layer order; raise the first error found."""
    gset, errors = validate_glossaries(paths)
    if errors:
        raise errors[0]
    return gset
