"""Units written from their shape (``UnitSink.take_shaped``: a unit of one segment without
inline codes built and serialised once per shape, each unit's values escaped into its
bytes) give the bytes of building every unit as a tree (``_shaped`` turned off): for texts
with markup characters, quotes, tabs, carriage returns, non-ASCII and astral characters,
empty targets, every status, notes, names, and bilingual files of other tools."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from workbench.app.projects import open_article
from workbench.cli import main
from workbench.formats.bilingual import xliff12, xliff20
from workbench.formats.bilingual.streamed_xml import escape_attribute, escape_text

DATA = Path(__file__).resolve().parents[1] / "data" / "bilingual"
FORMATS = ("xliff", "xliff2")


def _export(project: Path, fmt: str, out: Path) -> bytes:
    result = CliRunner().invoke(
        main, ["export", str(project), "--to", fmt, "-o", str(out), "--force"]
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def _both(project: Path, fmt: str, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shaped = _export(project, fmt, tmp / f"shaped.{fmt}")
    with monkeypatch.context() as m:
        m.setattr(xliff12, "_shaped", lambda *a: False)
        m.setattr(xliff20, "_shaped", lambda *a: False)
        built = _export(project, fmt, tmp / f"built.{fmt}")
    assert shaped == built, fmt


# words that need escaping in text or attributes, beside ordinary and non-ASCII ones
word = st.one_of(
    st.sampled_from(["a&b", "<x/>", "1 > 0", '"q"', "'s", "\t", "Zoë", "北京", "😀", "]]>"]),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co")), min_size=1, max_size=6
    ),
)
sentence = st.lists(word, min_size=1, max_size=6).map(lambda ws: " ".join(ws).strip() or "x")
target = st.one_of(sentence, st.sampled_from(["two\r\nlines", "a\rb", "a\nb"]))


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(sentence, min_size=1, max_size=6),
    edits=st.lists(st.tuples(st.integers(0, 5), target, st.sampled_from(["", "c", "x"]))),
)
def test_an_article_projects_units_are_the_trees_bytes(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    texts: list[str],
    edits: list[tuple[int, str, str]],
) -> None:
    tmp = tmp_path_factory.mktemp("shaped")
    article = tmp / "a.txt"
    article.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    project = tmp / "a.wbproj"
    with open_article(article, project=project) as s:
        ids = [seg.id for seg in s.segments]
        for n, text, what in edits:
            sid = ids[n % len(ids)]
            s.set_target(sid, "" if what == "x" else text)  # "x": an emptied target
            if what == "c":
                s.confirm(sid)
    for fmt in FORMATS:
        _both(project, fmt, tmp, monkeypatch)


@pytest.mark.parametrize(
    "name",
    [
        "angular/messages.fr.xlf",
        "okapi/chinalco-news.html.xlf",
        "symfony/messages+intl-icu.fr.xlf",
        "worldserver/metals_de_DE.xlf",
        "xcode/fr.xliff",
        "xliff2/metals-news.de-DE.xlf",
    ],
)
def test_a_bilingual_projects_units_are_the_trees_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    source = tmp_path / Path(name).name
    source.write_bytes((DATA / name).read_bytes())
    project = tmp_path / "p.wbproj"
    assert (
        CliRunner().invoke(main, ["import", str(source), "--project", str(project)]).exit_code == 0
    )
    for fmt in FORMATS:
        _both(project, fmt, tmp_path, monkeypatch)


@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"])))
def test_escaping_is_lxmls(text: str) -> None:
    el = etree.Element("e")
    try:
        el.text = text
        el.set("a", text)
    except ValueError:  # not an XML character: the exports refuse it before writing
        return
    want = f'<e a="{escape_attribute(text)}">{escape_text(text)}</e>'
    assert etree.tostring(el, encoding="UTF-8") == want.encode()
