"""``workbench lqa score|report|export|import``: MQM quality scores and annotations.

``score`` and ``report`` read an MQM TSV file (the layout of the published WMT MQM data) or
a project's review annotations; ``export`` writes a project's annotations as MQM TSV and
``import`` adds such a file's annotations to a project. Every input is read and checked
whole before anything is written or printed (a bad row: one line naming it, exit 2).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from workbench.commands.options import output_option
from workbench.core.lqa.annotation import Annotation
from workbench.core.lqa.model import QAModel, load_model
from workbench.core.lqa.scores import GroupScore, Scores

model_option = click.option(
    "--model",
    "model_path",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="QA model (YAML: categories, severities, weights, pass threshold); "
    "default: the WMT MQM model.",
)


@click.group("lqa")
def group() -> None:
    """Language quality assessment: MQM error annotations, scores and reports."""


def _num(value: float) -> str:
    return f"{value:.6f}"


def _group_rows(groups: tuple[GroupScore, ...], label: str) -> list[str]:
    out = [f"{label}\tsegments\tratings\terrors\tpenalty\tper_1000_words\twords\tresult"]
    for g in groups:
        name = f"{g.system}\t{g.name}" if g.kind == "document" else g.name
        out.append(
            f"{name}\t{g.segments}\t{g.ratings}\t{g.errors}\t{_num(g.penalty)}\t"
            f"{g.per_1000_words:.2f}\t{g.words}\t{'pass' if g.passed else 'FAIL'}"
        )
    return out


def scores_text(scores: Scores, model: QAModel) -> str:
    """The text report of ``lqa score``: tab-separated sections."""
    lines = [
        f"# model {model.id}: pass at most {model.pass_threshold:g} penalty points per 1,000 words",
        "# segments (penalty: weighted errors, averaged over raters)",
        "system\tdoc\tseg_id\traters\terrors\tpenalty\twords",
    ]
    for s in scores.segments:
        lines.append(
            f"{s.system}\t{s.doc}\t{s.seg_id}\t{len(s.raters)}\t{s.errors}\t"
            f"{_num(s.penalty)}\t{s.words}"
        )
    lines.append("# documents")
    lines += _group_rows(scores.documents, "system\tdoc")
    lines.append("# raters")
    lines += _group_rows(scores.raters, "rater")
    lines.append("# systems")
    lines += _group_rows(scores.systems, "system")
    lines.append("# total")
    lines += _group_rows((scores.total,), "total")
    return "\n".join(lines)


def scores_json(scores: Scores) -> str:
    data = asdict(scores)
    return json.dumps(data, ensure_ascii=False, indent=2)


@group.command("score")
@click.argument("path", metavar="FILE.tsv|PROJECT", type=click.Path(path_type=Path))
@model_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def score_command(path: Path, model_path: Path | None, fmt: str) -> None:
    """MQM scores per segment (averaged over raters), document, rater and system, with
    penalty points per 1,000 words and pass/fail against the model's threshold."""
    from workbench.core.lqa.scores import score

    model = load_model(model_path)
    annotations = _annotations(path, model)
    scores = score(annotations, model)
    click.echo(scores_json(scores) if fmt == "json" else scores_text(scores, model))


def _annotations(path: Path, model: QAModel) -> tuple[Annotation, ...]:
    from workbench.core.lqa.tsv import read_mqm

    return read_mqm(path, model).annotations


__all__ = ["group", "model_option", "output_option"]
