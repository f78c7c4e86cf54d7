"""The QA model: the shipped WMT MQM weighting and the strict reading of a model file."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.lqa.model import DEFAULT_MODEL_PATH, load_model


def test_default_model_is_the_wmt_mqm_weighting() -> None:
    m = load_model()
    assert m.id == "wmt-mqm"
    assert m.weight("Accuracy/Mistranslation", "Major") == 5
    assert m.weight("Accuracy/Mistranslation", "minor") == 1
    assert m.weight("Fluency/Punctuation", "Minor") == 0.1
    assert m.weight("Fluency/Punctuation", "Major") == 5
    assert m.weight("Fluency/Grammar", "Minor") == 1
    for sev in ("Major", "Minor", "Neutral"):
        assert m.weight("Non-translation", sev) == 25
        assert m.weight("Non-translation!", sev) == 25
    assert m.weight("No-error", "No-error") == 0
    assert m.weight("Style/Awkward", "Neutral") == 0
    # a sub-category the model does not list belongs to its top-level category
    assert m.weight("Fluency/Display", "Minor") == 1
    assert m.category("Made up/Thing") is None and m.severity("Critical") is None
    assert m.passes(50) and not m.passes(50.01)


def test_default_model_ships_as_package_data() -> None:
    text = Path("pyproject.toml").read_text()
    assert '"workbench.core.lqa" = ["*.yaml"]' in text
    assert DEFAULT_MODEL_PATH.is_file()


MODEL = """\
model: house
severities: {Critical: 10, Major: 5, Minor: 1}
categories:
  - Accuracy
  - name: Style
    weights: {Major: 2}
pass_threshold: 12.5
"""


def test_a_project_model(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text(MODEL)
    m = load_model(p)
    assert m.severity_names == ("Critical", "Major", "Minor")
    assert m.weight("Accuracy/Omission", "Critical") == 10
    assert m.weight("Style/Awkward", "Major") == 2
    assert m.weight("Style", "Minor") == 1
    assert m.pass_threshold == 12.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (MODEL.replace("Minor: 1}", "Minor: one}"), "m.yaml:2: the weight of Minor must"),
        (MODEL.replace("Minor: 1}", "Minor: -1}"), "m.yaml:2: the weight of Minor must"),
        (MODEL.replace("{Major: 2}", "{Huge: 2}"), "m.yaml:6: unknown severity 'Huge' in Style"),
        (MODEL.replace("  - Accuracy\n", "  - Accuracy\n  - accuracy\n"), "listed twice"),
        (MODEL.replace("pass_threshold: 12.5\n", ""), "the model has no 'pass_threshold'"),
        (MODEL + "colour: red\n", "m.yaml:8: unknown field 'colour'"),
        (MODEL.replace("model: house", "model: &a house"), "anchors"),
        (MODEL.replace("model: house", "model: !!python/object:os.system house"), "tags"),
        (MODEL + "model: again\n", "duplicate key 'model'"),
        ("- a\n- b\n", "a QA model must be a mapping"),
    ],
)
def test_bad_models_are_refused_naming_the_line(tmp_path: Path, text: str, message: str) -> None:
    p = tmp_path / "m.yaml"
    p.write_text(text)
    with pytest.raises(WorkbenchError) as err:
        load_model(p)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_a_huge_model_is_refused_before_reading(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_bytes(MODEL.encode() + b"#" * 1_000_001)
    with pytest.raises(WorkbenchError, match="limit for a QA model"):
        load_model(p)
