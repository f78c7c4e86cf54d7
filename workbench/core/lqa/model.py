"""The QA model: error categories and severities with their weights, and a pass threshold.

A model is a small YAML file read with the glossaries' strict reader
(:func:`workbench.core.glossary.yaml_reader.parse_tree`: no tags, anchors, aliases or
duplicate keys; every scalar read as text) and refused with ``file:line`` when anything in
it is wrong. The default, :data:`DEFAULT_MODEL_PATH`, is the MQM typology and weighting of
the WMT MQM evaluations (Freitag et al. 2021)::

    model: wmt-mqm
    severities: {Major: 5, Minor: 1, Neutral: 0, No-error: 0}
    categories:
      - Accuracy/Mistranslation          # weighted by its severity
      - name: Fluency/Punctuation
        weights: {Minor: 0.1}            # this severity weighs 0.1 in this category
      - name: Non-translation
        aliases: [Non-translation!]
        weight: 25                       # 25 whatever the severity
    pass_threshold: 50                   # penalty points per 1,000 words, at most

An annotation's category is known when the model lists it or its top-level category (the
part before the first ``/``): ``Fluency/Display`` is a Fluency error. Severity and category
names are matched without regard to case.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import GlossaryError
from workbench.core.glossary.yaml_reader import Map, Node, Scalar, Seq, parse_tree
from workbench.core.textio import check_size, decode_text, read_bytes

DEFAULT_MODEL_PATH = Path(__file__).with_name("default_model.yaml")
MAX_MODEL_BYTES = 1_000_000  # a QA model is a few dozen lines
_TOP = ("model", "title", "severities", "categories", "pass_threshold")
_CATEGORY = ("name", "aliases", "weight", "weights")


class ModelError(GlossaryError):
    """A QA model file the strict reader refuses (``file:line: message``)."""


@dataclass(frozen=True)
class Category:
    """One error category: ``weight`` (when set) is its weight whatever the severity;
    ``weights`` overrides the weight of some severities in this category only."""

    name: str
    aliases: tuple[str, ...] = ()
    weight: float | None = None
    weights: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class QAModel:
    """Categories, severities (name -> weight, in file order) and the pass threshold in
    penalty points per 1,000 words."""

    id: str
    title: str
    severities: tuple[tuple[str, float], ...]
    categories: tuple[Category, ...]
    pass_threshold: float

    @property
    def severity_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.severities)

    @property
    def category_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.categories)

    def severity(self, name: str) -> str | None:
        """The model's spelling of severity ``name`` (any case), or None when unknown."""
        key = name.strip().casefold()
        for known, _ in self.severities:
            if known.casefold() == key:
                return known
        return None

    def category(self, name: str) -> Category | None:
        """The category ``name`` (any case) belongs to: itself when the model lists it (or as
        an alias), else its top-level category; None when the model knows neither."""
        key = name.strip().casefold()
        top = key.split("/", 1)[0].strip()
        fallback: Category | None = None
        for c in self.categories:
            names = {c.name.casefold(), *(a.casefold() for a in c.aliases)}
            if key in names:
                return c
            if top in names:
                fallback = c
        return fallback

    def weight(self, category: str, severity: str) -> float:
        """The penalty of one error; raises ``KeyError`` for an unknown category or
        severity (the readers check both first)."""
        cat = self.category(category)
        sev = self.severity(severity)
        if cat is None or sev is None:
            raise KeyError((category, severity))
        if cat.weight is not None:
            return cat.weight
        for name, value in cat.weights:
            if name == sev:
                return value
        return dict(self.severities)[sev]

    def passes(self, per_1000_words: float) -> bool:
        return per_1000_words <= self.pass_threshold


def _number(node: Node, file: str, what: str) -> float:
    if not isinstance(node, Scalar):
        raise ModelError(file, node.line, f"{what} must be a number")
    try:
        value = float(node.value)
    except ValueError:
        raise ModelError(file, node.line, f"{what} must be a number, not '{node.value}'") from None
    if not math.isfinite(value) or value < 0:
        raise ModelError(file, node.line, f"{what} must be a number of 0 or more")
    return value


def _text(node: Node, file: str, what: str) -> str:
    if not isinstance(node, Scalar) or not node.value.strip():
        raise ModelError(file, node.line, f"{what} must be a non-empty text")
    return node.value.strip()


def _keys(node: Map, allowed: tuple[str, ...], file: str, where: str) -> None:
    for key, _ in node.items:
        if key.value not in allowed:
            raise ModelError(
                file, key.line, f"unknown field '{key.value}' in {where} ({', '.join(allowed)})"
            )


def _severities(node: Node, file: str) -> tuple[tuple[str, float], ...]:
    if not isinstance(node, Map) or not node.items:
        raise ModelError(file, node.line, "severities must be a mapping of name: weight")
    out: list[tuple[str, float]] = []
    seen: set[str] = set()
    for key, value in node.items:
        name = _text(key, file, "a severity name")
        if name.casefold() in seen:
            raise ModelError(file, key.line, f"severity '{name}' is listed twice")
        seen.add(name.casefold())
        out.append((name, _number(value, file, f"the weight of {name}")))
    return tuple(out)


def _category(node: Node, severities: dict[str, str], file: str) -> Category:
    if isinstance(node, Scalar):
        return Category(_text(node, file, "a category"))
    if not isinstance(node, Map):
        raise ModelError(file, node.line, "a category is a name or a mapping with a name")
    _keys(node, _CATEGORY, file, "a category")
    name_node = node.get("name")
    if name_node is None:
        raise ModelError(file, node.line, "a category has no 'name'")
    name = _text(name_node, file, "a category name")
    aliases: tuple[str, ...] = ()
    alias_node = node.get("aliases")
    if alias_node is not None:
        if not isinstance(alias_node, Seq):
            raise ModelError(file, alias_node.line, "aliases must be a list")
        aliases = tuple(_text(a, file, "an alias") for a in alias_node.items)
    weight_node = node.get("weight")
    weight = None if weight_node is None else _number(weight_node, file, f"the weight of {name}")
    weights: list[tuple[str, float]] = []
    weights_node = node.get("weights")
    if weights_node is not None:
        if not isinstance(weights_node, Map):
            raise ModelError(file, weights_node.line, "weights must be a mapping severity: weight")
        for key, value in weights_node.items:
            sev = severities.get(key.value.strip().casefold())
            if sev is None:
                raise ModelError(file, key.line, f"unknown severity '{key.value}' in {name}")
            weights.append((sev, _number(value, file, f"the weight of {name} {sev}")))
    return Category(name, aliases, weight, tuple(weights))


def model_from_text(text: str, file: str) -> QAModel:
    """Build a QA model from YAML text; raises the first :class:`ModelError`."""
    root = parse_tree(text, file)
    if not isinstance(root, Map):
        raise ModelError(file, root.line, "a QA model must be a mapping")
    _keys(root, _TOP, file, "the model")
    for required in ("model", "severities", "categories", "pass_threshold"):
        if root.get(required) is None:
            raise ModelError(file, root.line, f"the model has no '{required}'")
    sev_node, cat_node = root.get("severities"), root.get("categories")
    assert sev_node is not None and cat_node is not None
    severities = _severities(sev_node, file)
    by_key = {name.casefold(): name for name, _ in severities}
    if not isinstance(cat_node, Seq) or not cat_node.items:
        raise ModelError(file, cat_node.line, "categories must be a non-empty list")
    categories: list[Category] = []
    seen: dict[str, int] = {}
    for node in cat_node.items:
        cat = _category(node, by_key, file)
        for name in (cat.name, *cat.aliases):
            first = seen.setdefault(name.casefold(), node.line)
            if first != node.line:
                message = f"category '{name}' is listed twice (line {first})"
                raise ModelError(file, node.line, message)
        categories.append(cat)
    model_node, threshold_node = root.get("model"), root.get("pass_threshold")
    title_node = root.get("title")
    assert model_node is not None and threshold_node is not None
    return QAModel(
        id=_text(model_node, file, "model"),
        title=_text(title_node, file, "title") if title_node is not None else "",
        severities=severities,
        categories=tuple(categories),
        pass_threshold=_number(threshold_node, file, "pass_threshold"),
    )


def load_model(path: Path | str | None = None) -> QAModel:
    """Read a QA model file (the default MQM model when ``path`` is None)."""
    p = DEFAULT_MODEL_PATH if path is None else Path(path)
    check_size(p, MAX_MODEL_BYTES, "a QA model")
    text = decode_text(read_bytes(p, what="QA model"), p, what="QA model").text
    try:
        return model_from_text(text, str(p))
    except ModelError:
        raise
    except GlossaryError as exc:  # the shared YAML reader's own errors (invalid YAML...)
        raise ModelError(exc.file, exc.line, exc.message) from None
