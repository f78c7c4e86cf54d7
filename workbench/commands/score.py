"""``workbench score --mt FILE --pe FILE``: per-line HTER and edit distance as TSV."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import click

from workbench.core.errors import InputError
from workbench.core.textio import MAX_LINE_WORDS, MAX_SCORE_BYTES, check_size, read_text


def score_lines(mt_lines: list[str], pe_lines: list[str]) -> list[tuple[float, int, int]]:
    """(TER edits, reference words, character distance) per line pair."""
    from rapidfuzz.distance import Levenshtein

    from workbench.core.ter import ter_many

    results = ter_many(list(zip(mt_lines, pe_lines, strict=True)))
    return [
        (r.edits, r.ref_words, Levenshtein.distance(mt, pe))
        for r, mt, pe in zip(results, mt_lines, pe_lines, strict=True)
    ]


_WORD = re.compile(r"\S+")


def _lines(path: Path) -> list[str]:
    """The lines of a file to score; refuses a line of more than ``MAX_LINE_WORDS`` words
    (counted up to the limit, never split whole: a 10 MB line is 1.6 million words)."""
    lines = read_text(path).text.splitlines()
    for n, line in enumerate(lines, start=1):
        if len(line) > 2 * MAX_LINE_WORDS:
            words = sum(1 for _ in itertools.islice(_WORD.finditer(line), MAX_LINE_WORDS + 1))
            if words > MAX_LINE_WORDS:
                raise InputError(  # names the documented limit only (README "Limits")
                    f"{path}:{n}: a line longer than the {MAX_LINE_WORDS:,} words score "
                    "takes a line (split long lines into sentences)"
                )
    return lines


@click.command("score")
@click.option(
    "--mt",
    "mt_path",
    required=True,
    type=click.Path(path_type=Path),
    help="Raw machine translation, one segment per line.",
)
@click.option(
    "--pe",
    "pe_path",
    required=True,
    type=click.Path(path_type=Path),
    help="Post-edited text, line by line with --mt.",
)
def command(mt_path: Path, pe_path: Path) -> None:
    """HTER (TERCOM-equal: case-sensitive, shifts, no normalisation) and character edit
    distance for each line pair, as TSV with a header; a '#' corpus summary line last."""
    from workbench.core.ter import ter_score

    for path in (mt_path, pe_path):  # refused before either is read
        check_size(path, MAX_SCORE_BYTES, "a file to score")
    mt_lines = _lines(mt_path)  # a long line refuses the run before the other file is read
    pe_lines = _lines(pe_path)
    if len(mt_lines) != len(pe_lines):
        raise InputError(
            f"{pe_path}: {len(pe_lines)} lines but {mt_path} has {len(mt_lines)}; "
            "the files must pair line by line"
        )
    rows = score_lines(mt_lines, pe_lines)
    out = ["line\thter\tedits\tref_words\tchar_distance"]
    for n, (edits, ref_words, chars) in enumerate(rows, start=1):
        out.append(f"{n}\t{ter_score(edits, ref_words):.4f}\t{edits:g}\t{ref_words}\t{chars}")
    total_edits = sum(r[0] for r in rows)
    total_words = sum(r[1] for r in rows)
    total_chars = sum(r[2] for r in rows)
    out.append(
        f"# lines={len(rows)} hter={ter_score(total_edits, total_words):.4f} "
        f"edits={total_edits:g} ref_words={total_words} char_distance={total_chars}"
    )
    click.echo("\n".join(out))
