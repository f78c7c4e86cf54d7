"""``workbench stats ARTICLE|PROJECT``: progress and effort figures."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import click

from workbench.commands.options import store_option
from workbench.core.metrics import SegmentFigures


@click.command("stats")
@click.argument("path", metavar="ARTICLE|PROJECT|NAME", type=click.Path(path_type=Path))
@click.option(
    "--project",
    "project_path",
    metavar="PATH",
    type=click.Path(path_type=Path),
    help="The project file, for an article whose project was made with --project.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@store_option
def command(path: Path, project_path: Path | None, fmt: str, store: str | None) -> None:
    """Progress (confirmed, draft, new) and effort: HTER from the raw MT and after the
    glossary, HTER split into glossary, memory, translator and reviewer work, and for a
    reviewed project the translator's HTER (raw MT -> the translator's text) apart from the
    reviewer's (the translator's text -> the reviewed text), character distance,
    keystrokes, time on segments (entering to leaving, idle gaps dropped), typing time,
    visits, first-edit delay and seconds per word.

    ARTICLE's project is found in the workbench data folder; one made with --project is
    named with --project PATH (or given as PROJECT)."""
    from workbench.app.projects import open_existing
    from workbench.commands.store import chosen_store, open_named
    from workbench.core.review_split import REVIEW_ORIGIN, review_split

    server = chosen_store(store)
    target = project_path if project_path is not None else path
    with open_existing(target) if server is None else open_named(server, str(path)) as session:
        figures = session.figures()
        split = session.effort_split(figures)
        events = session.events()
        statuses = Counter(s.status for s in session.segments)
        origins = Counter(e.origin for e in events)
        reviewed = origins[REVIEW_ORIGIN] > 0
        # unreviewed, the translator's text is the target: translator HTER is the HTER
        review = review_split(session.segments, events) if reviewed else None
        project = str(session.project_path)
        translators = session.translators(figures)
    if fmt == "json":
        data = asdict(figures)
        data["statuses"] = {k: statuses.get(k, 0) for k in ("new", "draft", "confirmed")}
        data["events"] = dict(origins)
        data["hter_split"] = {
            "glossary": split.hter_glossary,
            "memory": split.hter_memory,
            "translator": split.hter_translator,
            "reviewer": split.hter_reviewer,
        }
        data["hter_review"] = {
            "translator": figures.hter if review is None else review.hter_translator,
            "reviewer": 0.0 if review is None else review.hter_reviewer,
            "reviewed_segments": 0 if review is None else review.reviewed,
        }
        data["segment_split"] = [asdict(s) for s in split.segments]
        data["project"] = project
        if translators:
            data["translators"] = [asdict(t) for t in translators]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    total = figures.total or 1
    lines = [
        f"project        {project}",
        f"segments       {figures.total}: {statuses['confirmed']} confirmed, "
        f"{statuses['draft']} draft, {statuses['new']} new "
        f"({100 * statuses['confirmed'] / total:.0f}% done)",
        f"HTER           {figures.hter:.4f} from the raw MT",
        f"HTER after gl. {figures.hter_pre:.4f} (effort beyond the glossary)",
        f"HTER by source glossary {split.hter_glossary:.4f}, memory {split.hter_memory:.4f}, "
        f"translator {split.hter_translator:.4f}"
        + (f", reviewer {split.hter_reviewer:.4f}" if review is not None else ""),
        *(
            [
                f"HTER review    translator {review.hter_translator:.4f} (raw MT -> translator's "
                f"text), reviewer {review.hter_reviewer:.4f} (translator's text -> reviewed, "
                f"{review.reviewed} segments corrected)"
            ]
            if review is not None
            else []
        ),
        f"char distance  {figures.char_distance}",
        f"keystrokes     {figures.keystrokes}",
        f"time           {figures.seconds:.1f} s on segments, {figures.visits} visits "
        f"({figures.seconds_per_word:.2f} s/word over {figures.words} words)",
        f"typing time    {figures.active_seconds:.1f} s",
        f"first edit     {_first_edit(figures.segments)}",
        "edits          " + (", ".join(f"{k} {v}" for k, v in sorted(origins.items())) or "none"),
    ]
    lines += [
        f"translator     {t.shown}: {t.segments} segments finished (HTER {t.hter:.4f}), "
        f"{t.edits} edits in {t.touched} segments, {t.keystrokes} keystrokes, "
        f"{t.typing_seconds:.1f} s typing, {t.seconds:.1f} s on segments"
        for t in translators
    ]
    click.echo("\n".join(lines))


def _first_edit(segments: tuple[SegmentFigures, ...]) -> str:
    """The median delay from entering a segment to its first change."""
    delays = sorted(s.first_edit_seconds for s in segments if s.first_edit_seconds is not None)
    if not delays:
        return "no edits timed in the editor"
    return f"{statistics.median(delays):.1f} s after entering (median of {len(delays)} segments)"
