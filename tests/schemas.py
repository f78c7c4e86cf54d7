"""Validate bytes against the official schemas committed in ``tests/data/schemas`` (their
origin and licence in its README), with lxml only and without touching the network.

Every ``validate_*`` function takes the bytes of a document and returns a list of error
strings: empty means valid. A document that is not well-formed gives one ``not
well-formed: ...`` error. The checks:

* :func:`validate_xliff12` -- XLIFF 1.2 against the OASIS strict XSD (or the transitional
  one with ``strict=False``).
* :func:`validate_xliff2` -- XLIFF 2.0 against the core XSD plus the Translation
  Candidates (``mtc:``) and Metadata (``mda:``) modules (``xliff2-with-modules.xsd``), then
  a few rules of the XLIFF 2.0 specification that no XSD can state (ids unique in their
  scope, ``mtc:match/@ref`` and ``<ec startRef>`` pointing at something in the unit, every
  ``dataRef`` resolving to an ``<originalData>/<data>``).
* :func:`validate_tmx` -- TMX 1.1, 1.2, 1.3 or 1.4 against its LISA DTD; the root must be
  ``<tmx>`` and its ``version`` the one asked for.
* :func:`validate_tbx_basic` -- TBX v3 (ISO 30042:2019), dialect TBX-Basic, DCA style:
  the integrated RELAX NG grammar, then the dialect's Schematron (the XPath 1 copy that
  lxml's ``isoschematron`` can run).
* :func:`validate_tbx_v2` -- TBX 2008 (``<martif>``) against the core structure DTD
  ``TBXcoreStructV02.dtd``. With ``dialect="TBX-Basic"`` the data categories are checked
  too. The TBX-Basic XCS file (``TBXBasicXCSV02.xcs``) is not among the committed schemas, so
  that check maps the file onto TBX v3 (``termEntry`` -> ``conceptEntry``, ``langSet`` ->
  ``langSec``, ``tig``/``ntig`` -> ``termSec``) and runs the TBX-Basic Schematron on it:
  the same data category names, picklists and levels the XCS declared.

Nothing is fetched: schemas are read from local files; ``xml.xsd`` and any other
``http(s)://`` or ``ftp://`` reference is either mapped to the local copy or refused (the
refusal is raised, so a schema that would reach the network fails loudly), and documents
are parsed with ``no_network=True``, without loading or resolving their DTDs or entities.

``requires_schemas`` marks a test that validates against them (kept as a marker; it never
skips: the folder is part of the repository).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, isoschematron

SCHEMAS_DIR = Path(__file__).resolve().parent / "data" / "schemas"

requires_schemas = pytest.mark.schemas

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
XML_NS = "http://www.w3.org/XML/1998/namespace"

TMX_VERSIONS = ("1.1", "1.2", "1.3", "1.4")

# Remote names of the W3C xml: attribute schema, all served by the local copy.
XML_XSD_URLS = (
    "http://www.w3.org/2001/xml.xsd",
    "https://www.w3.org/2001/xml.xsd",
    "http://www.w3.org/2001/03/xml.xsd",
    "http://www.w3.org/2009/01/xml.xsd",
)


class NetworkRefused(Exception):
    """A schema tried to load something from the network."""


class LocalOnlyResolver(etree.Resolver):  # type: ignore[misc]  # lxml is untyped here
    """Serve the W3C ``xml.xsd`` from the local copy and refuse every other remote URL.

    ``attempts`` records every remote URL asked for (served or refused), so tests can
    prove that nothing went to the network."""

    def __init__(self, schemas_dir: Path) -> None:
        super().__init__()
        self.local = {url: schemas_dir / "xml.xsd" for url in XML_XSD_URLS}
        self.attempts: list[str] = []

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        url = system_url or ""
        if not url.lower().startswith(("http:", "https:", "ftp:")):
            return None  # a local path: libxml2 reads it
        self.attempts.append(url)
        if url in self.local:
            return self.resolve_filename(str(self.local[url]), context)
        raise NetworkRefused(f"refused to fetch {url} (public id {public_id!r})")


def schema_parser(resolver: LocalOnlyResolver | None = None) -> etree.XMLParser:
    """A parser for schema files: no network, no DTDs, remote names mapped locally."""
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    parser.resolvers.add(resolver or LocalOnlyResolver(SCHEMAS_DIR))
    return parser


def _doc_parser() -> etree.XMLParser:
    """A parser for the documents under test: their DOCTYPE is never followed."""
    return etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False, huge_tree=False)


def parse(data: bytes) -> etree._Element:
    """The root element of ``data`` (raises ``etree.XMLSyntaxError``)."""
    return etree.fromstring(data, _doc_parser())


def well_formed(data: bytes) -> list[str]:
    """``[]`` for a well-formed document, else one error."""
    try:
        parse(data)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    return []


def _log(error_log: Any, prefix: str) -> list[str]:
    """The errors of a validator's log (libxml2's DTD warnings left out)."""
    return [
        f"{prefix}: line {e.line}: {e.message}"
        for e in error_log
        if e.level >= etree.ErrorLevels.ERROR
    ]


def _root_or_errors(data: bytes) -> tuple[etree._Element | None, list[str]]:
    try:
        return parse(data), []
    except etree.XMLSyntaxError as exc:
        return None, [f"not well-formed: {exc}"]


def _path(*parts: str) -> Path:
    path = SCHEMAS_DIR.joinpath(*parts)
    if not path.is_file():
        raise FileNotFoundError(f"schema file missing: {path}")
    return path


# Every schema file a validator loads, by kind (``load`` compiles one).
SCHEMA_FILES: dict[str, tuple[str, ...]] = {
    "xliff-1.2-strict": ("xsd", "xliff", "xliff-core-1.2-strict.xsd"),
    "xliff-1.2-transitional": ("xsd", "xliff", "xliff-core-1.2-transitional.xsd"),
    "xliff-2.0": ("xsd", "xliff2-with-modules.xsd"),
    **{f"tmx-{v}": ("dtd", "tmx", f"tmx{v.replace('.', '')}.dtd") for v in TMX_VERSIONS},
    "tbx-basic-rng": ("rng", "tbx-basic", "TBXcoreStructV03_TBX-Basic_integrated.rng"),
    "tbx-basic-sch": ("sch", "tbx-basic", "TBX-Basic_DCA.xpath1.sch"),
    "tbx-v2-dtd": ("dtd", "tbx", "TBXcoreStructV02.dtd"),
}


def load(name: str, resolver: LocalOnlyResolver | None = None) -> Any:
    """Compile the schema ``name`` of :data:`SCHEMA_FILES` (a missing file is an error,
    not a skip: only a missing folder skips)."""
    kind, *parts = SCHEMA_FILES[name]
    path = _path(*parts)
    if kind == "dtd":
        return etree.DTD(str(path))
    doc = etree.parse(str(path), schema_parser(resolver))
    if kind == "xsd":
        return etree.XMLSchema(doc)
    if kind == "rng":
        return etree.RelaxNG(doc)
    return isoschematron.Schematron(doc, store_report=True)


@cache
def compiled(name: str) -> Any:
    return load(name)


def _xsd_errors(root: etree._Element, schema: etree.XMLSchema, prefix: str) -> list[str]:
    if schema.validate(root):
        return []
    return _log(schema.error_log, prefix)


def _schematron_errors(root: etree._Element, sch: isoschematron.Schematron) -> list[str]:
    if sch.validate(root):
        return []
    report = sch.validation_report
    svrl = isoschematron.SVRL_NS
    errors = []
    for failed in report.iter(f"{{{svrl}}}failed-assert", f"{{{svrl}}}successful-report"):
        text = " ".join("".join(failed.itertext()).split())
        errors.append(f"schematron: {_where(root, failed.get('location', ''))}: {text}")
    return errors or _log(sch.error_log, "schematron")


def _where(root: etree._Element, location: str) -> str:
    """``line N <name>`` for an SVRL location (an XPath), else the XPath itself."""
    try:
        found = root.xpath(location)
    except etree.XPathError:
        return location
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        el = found[0]
        return f"line {el.sourceline} <{etree.QName(el).localname}>"
    return location


# --- XLIFF 1.2 -------------------------------------------------------------------------


def validate_xliff12(data: bytes, *, strict: bool = True) -> list[str]:
    """XLIFF 1.2 against the strict XSD (``strict=False``: the transitional XSD, which
    allows the deprecated attributes and elements tools still write)."""
    root, errors = _root_or_errors(data)
    if root is None:
        return errors
    name = "strict" if strict else "transitional"
    return _xsd_errors(root, compiled(f"xliff-1.2-{name}"), f"xliff-1.2-{name}")


# --- XLIFF 2.0 -------------------------------------------------------------------------


def validate_xliff2(data: bytes) -> list[str]:
    """XLIFF 2.0 core + the mtc (matches) and mda (metadata) modules, then the
    specification's reference rules that the XSDs leave out."""
    root, errors = _root_or_errors(data)
    if root is None:
        return errors
    errors = _xsd_errors(root, compiled("xliff-2.0"), "xliff-2.0")
    return errors + _xliff2_constraints(root)


def _xliff2_constraints(root: etree._Element) -> list[str]:
    """Rules of the XLIFF 2.0 specification (ids and references, sections 4.3.1 and 4.7,
    and the Translation Candidates module) that the XSDs do not express."""
    x = f"{{{XLIFF2_NS}}}"
    errors: list[str] = []

    def error(el: etree._Element, message: str) -> None:
        errors.append(f"xliff-2.0 rules: line {el.sourceline}: {message}")

    def unique(elements: list[etree._Element], scope: str) -> None:
        seen: set[str] = set()
        for el in elements:
            ident = el.get("id")
            if ident is not None and ident in seen:
                error(el, f"id {ident!r} repeated {scope}")
            if ident is not None:
                seen.add(ident)

    def elements(el: etree._Element) -> list[etree._Element]:
        return [e for e in el.iter(tag=etree.Element) if e is not el]

    unique(list(root.iterchildren(f"{x}file")), "among <file>s")
    for file_el in root.iter(f"{x}file"):
        scope = f"among the <group>s and <unit>s of file {file_el.get('id')!r}"
        unique(list(file_el.iter(f"{x}group", f"{x}unit")), scope)
    for unit in root.iter(f"{x}unit"):
        uid = unit.get("id")
        parts = list(unit.iterchildren(f"{x}segment", f"{x}ignorable"))
        # Segments, ignorables and the inline codes of their sources share one scope; the
        # inline codes of the targets another (they repeat the source ids).
        for side in ("source", "target"):
            ids = list(parts)
            for part in parts:
                for content in part.iterchildren(f"{x}{side}"):
                    ids += elements(content)
            unique(ids, f"in unit {uid!r} ({side} side)")
        data_ids = {d.get("id") for d in unit.iter(f"{x}data")}
        sc_ids = {sc.get("id") for sc in unit.iter(f"{x}sc")}
        all_ids = {e.get("id") for e in elements(unit)} - {None}
        for el in elements(unit):
            for attr in ("dataRef", "dataRefStart", "dataRefEnd"):
                ref = el.get(attr)
                if ref is not None and ref not in data_ids:
                    error(el, f"{attr}={ref!r} has no <data> in unit {uid!r}")
        for ec in unit.iter(f"{x}ec"):
            start = ec.get("startRef")
            if start is not None and start not in sc_ids:
                error(ec, f"<ec startRef={start!r}> has no <sc> in unit {uid!r}")
        for match in unit.iter(f"{{{MTC_NS}}}match"):
            ref = match.get("ref", "")
            local = ref.startswith("#") and "/" not in ref and "=" not in ref
            if local and ref[1:] not in all_ids:
                error(match, f"mtc:match ref={ref!r} points at nothing in unit {uid!r}")
            elif not ref.startswith("#"):
                error(match, f"mtc:match ref={ref!r} is not a fragment identifier")
    return errors


# --- TMX -------------------------------------------------------------------------------


def validate_tmx(data: bytes, *, version: str = "1.4") -> list[str]:
    """TMX against the LISA DTD of ``version`` (1.1-1.4). The document's own DOCTYPE is
    ignored (never loaded): the DTD asked for is applied."""
    if version not in TMX_VERSIONS:
        raise ValueError(f"no TMX {version} DTD (have {', '.join(TMX_VERSIONS)})")
    root, errors = _root_or_errors(data)
    if root is None:
        return errors
    prefix = f"tmx-{version}"
    if root.tag != "tmx":
        errors.append(f"{prefix}: root is <{root.tag}>, not <tmx>")
    elif root.get("version") != version:
        errors.append(f"{prefix}: <tmx version={root.get('version')!r}>")
    schema = compiled(f"tmx-{version}")
    if not schema.validate(root):
        errors += _log(schema.error_log, prefix)
    if version in ("1.3", "1.4"):
        # The DTD requires xml:lang on <tuv> (and keeps the deprecated lang beside it), but
        # libxml2 takes a plain lang="..." for the required xml:lang: check it here.
        errors += [
            f"{prefix}: line {tuv.sourceline}: <tuv> without xml:lang"
            for tuv in root.iter("tuv")
            if tuv.get(f"{{{XML_NS}}}lang") is None
        ]
    return errors


# --- TBX v3 (TBX-Basic, DCA) ------------------------------------------------------------


def validate_tbx_basic(data: bytes) -> list[str]:
    """TBX v3 TBX-Basic (DCA): the integrated RELAX NG grammar, then the Schematron."""
    root, errors = _root_or_errors(data)
    if root is None:
        return errors
    rng = compiled("tbx-basic-rng")
    if not rng.validate(root):
        errors += _log(rng.error_log, "tbx-basic rng")
    return errors + _schematron_errors(root, compiled("tbx-basic-sch"))


# --- TBX v2 (TBX 2008, martif) -----------------------------------------------------------


def validate_tbx_v2(data: bytes, *, dialect: str | None = None) -> list[str]:
    """TBX 2008 ``<martif>`` against ``TBXcoreStructV02.dtd``; with
    ``dialect="TBX-Basic"`` also its data categories (see the module docstring)."""
    if dialect not in (None, "TBX-Basic"):
        raise ValueError(f"no XCS check for dialect {dialect!r}")
    root, errors = _root_or_errors(data)
    if root is None:
        return errors
    if root.tag != "martif":
        errors.append(f"tbx-v2: root is <{root.tag}>, not <martif>")
    schema = compiled("tbx-v2-dtd")
    if not schema.validate(root):
        errors += _log(schema.error_log, "tbx-v2 core dtd")
    if dialect == "TBX-Basic":
        sch = compiled("tbx-basic-sch")
        errors += [
            f"tbx-basic data categories: {e}" for e in _schematron_errors(martif_as_tbx3(root), sch)
        ]
        # The mapping sets the v3 type/style; a v2 file names its dialect in martif/@type.
        if root.get("type") not in ("TBX-Basic", "TBX-Basic-V1"):
            errors.append(f"tbx-v2: <martif type={root.get('type')!r}>, not TBX-Basic")
    return errors


V2_TO_V3 = {
    "martif": "tbx",
    "martifHeader": "tbxHeader",
    "termEntry": "conceptEntry",
    "langSet": "langSec",
    "tig": "termSec",
    "ntig": "termSec",
}


def martif_as_tbx3(root: etree._Element) -> etree._Element:
    """A TBX v3 DCA copy of a v2 ``martif`` tree, for the data-category rules only:
    elements renamed (``V2_TO_V3``), ``ntig/termGrp`` flattened into its ``termSec``,
    everything put in the TBX namespace. Line numbers are kept."""
    tree = copy.deepcopy(root)
    for ntig in list(tree.iter("ntig")):
        for grp in list(ntig.iterchildren("termGrp")):
            index = ntig.index(grp)
            for offset, child in enumerate(list(grp)):
                ntig.insert(index + offset, child)
            ntig.remove(grp)
    for el in tree.iter():
        if isinstance(el.tag, str):
            local = V2_TO_V3.get(el.tag, el.tag)
            el.tag = f"{{{TBX3_NS}}}{local}"
    tree.set("type", "TBX-Basic")
    tree.set("style", "dca")
    etree.cleanup_namespaces(tree)
    return tree


# --- helpers for tests --------------------------------------------------------------------

VALIDATORS: dict[str, Callable[[bytes], list[str]]] = {
    "xliff12": validate_xliff12,
    "xliff12-transitional": lambda d: validate_xliff12(d, strict=False),
    "xliff2": validate_xliff2,
    "tmx11": lambda d: validate_tmx(d, version="1.1"),
    "tmx14": validate_tmx,
    "tbx-basic": validate_tbx_basic,
    "tbx-v2": validate_tbx_v2,
    "tbx-v2-basic": lambda d: validate_tbx_v2(d, dialect="TBX-Basic"),
}
