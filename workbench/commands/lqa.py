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
from workbench.core.errors import InputError
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
    if [g.name for g in scores.translators] != [g.name for g in scores.raters]:
        lines.append("# translators")
        lines += _group_rows(scores.translators, "translator")
    lines.append("# systems")
    lines += _group_rows(scores.systems, "system")
    lines.append("# total")
    lines += _group_rows((scores.total,), "total")
    return "\n".join(lines)


def scores_json(scores: Scores) -> str:
    data = asdict(scores)
    return json.dumps(data, ensure_ascii=False, indent=2)


def _is_tsv(path: Path) -> bool:
    """An MQM file: a ``.tsv`` file or one that starts with the MQM header (else an article
    or a project)."""
    from workbench.core.lqa.tsv import COLUMNS

    if path.suffix.lower() == ".tsv":
        return True

    try:
        with path.open("rb") as fh:
            head = fh.read(200)
    except OSError:
        return False
    return head.lstrip(b"\xef\xbb\xbf").startswith("\t".join(COLUMNS[:4]).encode())


def _model_for(model_path: Path | None, meta: dict[str, str] | None = None) -> QAModel:
    """The model given, else the one the project's review used, else the default."""
    if model_path is None and meta and meta.get("model"):
        return load_model(meta["model"])
    return load_model(model_path)


open_spans_option = click.option(
    "--open-spans",
    is_flag=True,
    help="Read a lone <v> (no </v>) as a span to the end of its field, with a warning, "
    "instead of refusing the file (a few rows of the published WMT data are so).",
)


def _read(
    path: Path, model_path: Path | None, open_spans: bool = False, model: QAModel | None = None
) -> tuple[QAModel, tuple[Annotation, ...]]:
    """The annotations of an MQM TSV file or of a project's review, and the model."""
    from workbench.app.projects import open_existing
    from workbench.app.reviewing import open_review
    from workbench.core.lqa.project import project_annotations
    from workbench.core.lqa.tsv import read_mqm

    if _is_tsv(path):
        model = model or load_model(model_path)
        data = read_mqm(path, model, open_ended=open_spans)
        for warning in data.warnings:
            click.echo(f"workbench: warning: {warning}", err=True)
        return model, data.annotations
    with open_existing(path) as session:
        review = open_review(session)
        model = model or _model_for(model_path, review.meta())
        annotations = tuple(project_annotations(session, review))
    if not annotations:
        raise InputError(f"{path}: nothing reviewed yet (run 'workbench review {path}')")
    return model, annotations


@group.command("score")
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    metavar="FILE.tsv|ARTICLE|PROJECT...",
    type=click.Path(path_type=Path),
)
@model_option
@open_spans_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def score_command(
    paths: tuple[Path, ...], model_path: Path | None, open_spans: bool, fmt: str
) -> None:
    """MQM scores per segment (averaged over raters), document, rater, translator and
    system, with penalty points per 1,000 words and pass/fail against the model's
    threshold. FILE.tsv is MQM data in the WMT layout; a project is scored on its review.
    Several inputs are scored together (per translator and MT engine across projects),
    with --model or else the first input's model."""
    from workbench.core.lqa.scores import score

    model, annotations = _read(paths[0], model_path, open_spans)
    for path in paths[1:]:  # read with the same model: one model scores all
        annotations += _read(path, model_path, open_spans, model=model)[1]
    scores = score(annotations, model)
    click.echo(scores_json(scores) if fmt == "json" else scores_text(scores, model))


@group.command("report")
@click.argument("path", metavar="FILE.tsv|ARTICLE|PROJECT", type=click.Path(path_type=Path))
@model_option
@click.option(
    "--to",
    "fmt",
    type=click.Choice(["html", "csv"]),
    default="html",
    show_default=True,
    help="A standalone HTML page, or a CSV of the errors.",
)
@open_spans_option
@output_option("The report file to write.")
def report_command(
    path: Path, model_path: Path | None, fmt: str, open_spans: bool, out: Path, force: bool
) -> None:
    """The LQA report: the score against the pass threshold, errors by category and
    severity, scores per system, document and reviewer, each error in its segment with its
    span highlighted, and for a project the reviewer's effort beside the translator's."""
    from workbench.app.projects import open_existing
    from workbench.app.reviewing import open_review
    from workbench.core.lqa.project import project_annotations, review_effort
    from workbench.core.lqa.scores import score
    from workbench.core.textio import atomic_write, check_output_path
    from workbench.formats.exports.lqa_report import LqaView, write_lqa_csv, write_lqa_html

    check_output_path(out, protect=[path], overwrite=force)
    if _is_tsv(path):
        model, annotations = _read(path, model_path, open_spans)
        view = LqaView(path.name, model, annotations, score(annotations, model))
    else:
        with open_existing(path) as session:
            review = open_review(session)
            meta = review.meta()
            model = _model_for(model_path, meta)
            annotations = tuple(project_annotations(session, review))
            if not annotations:
                raise InputError(f"{path}: nothing reviewed yet (run 'workbench review {path}')")
            view = LqaView(
                session.document.name,
                model,
                annotations,
                score(annotations, model),
                effort=review_effort(session),
                translator=meta.get("translator", ""),
            )
    data = write_lqa_html(view) if fmt == "html" else write_lqa_csv(view)
    atomic_write(out, data, protect=[path], overwrite=force)
    total = view.scores.total
    click.echo(
        f"wrote {out}: {total.per_1000_words:.2f} points per 1,000 words, "
        f"{'pass' if total.passed else 'FAIL'} (threshold {model.pass_threshold:g})"
    )


@group.command("export")
@click.argument("path", metavar="ARTICLE|PROJECT", type=click.Path(path_type=Path))
@output_option("The MQM TSV file to write.")
def export_command(path: Path, out: Path, force: bool) -> None:
    """Write a project's review annotations as MQM TSV (the WMT layout, with a comment
    column; the error span marked <v>...</v> in the target)."""
    from workbench.core.lqa.tsv import mqm_tsv
    from workbench.core.textio import atomic_write, check_output_path

    check_output_path(out, protect=[path], overwrite=force)
    _model, annotations = _read(path, None)
    atomic_write(out, mqm_tsv(annotations), protect=[path], overwrite=force)
    click.echo(f"wrote {len(annotations)} annotation rows to {out}")


@group.command("import")
@click.argument("path", metavar="FILE.tsv", type=click.Path(path_type=Path))
@click.option(
    "--project",
    "project",
    required=True,
    metavar="ARTICLE|PROJECT",
    type=click.Path(path_type=Path),
    help="The project whose segments the rows' seg_id name.",
)
@model_option
def import_command(path: Path, project: Path, model_path: Path | None) -> None:
    """Add the annotations of an MQM TSV file to a project's review: each row's seg_id is
    a segment id of the project, its span is carried from the row's target to the
    segment's target; a No-error row marks the segment accepted. Every row is checked
    before anything is written."""
    from workbench.app.projects import open_existing
    from workbench.app.reviewing import NewError, Verdict, open_review
    from workbench.core.lqa.spans import map_span
    from workbench.core.lqa.tsv import read_mqm

    with open_existing(project, read_only=False) as session:
        review = open_review(session)
        model = _model_for(model_path, review.meta())
        rows = read_mqm(path, model).annotations
        targets = {s.id: s.target for s in session.segments}
        errors: list[NewError] = []
        verdicts: dict[str, tuple[str, Verdict]] = {}
        for a in rows:
            if a.seg_id not in targets:
                raise InputError(f"{path}:{a.line}: no segment '{a.seg_id}' in {project}")
            if a.source_span is not None:
                raise InputError(
                    f"{path}:{a.line}: a span in the source; the review marks the target only"
                )
            current = targets[a.seg_id]
            if not a.is_error:
                verdicts[a.seg_id] = (a.rater, "accepted")
                continue
            span = a.target_span
            if span is not None and a.target != current:
                span = map_span(a.target, current, span)
            errors.append(
                NewError(a.seg_id, a.rater, a.category, a.severity, span, current, a.comment)
            )
        review.add_errors(errors, verdicts=verdicts)
    click.echo(
        f"imported {len(errors)} errors and {len(verdicts)} segments without errors "
        f"into {session.project_path}"
    )


__all__ = ["group", "model_option"]
