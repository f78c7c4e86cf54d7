"""``--to xliff|xliff2|tmx``: original unit ids, files and notes, inline codes written back,
the languages the file had (BCP 47 as written), states that come back the same on import,
and characters XML cannot hold refused with one line instead of a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from tests.schemas import requires_schemas, validate_tmx, validate_xliff2, validate_xliff12
from workbench.app.projects import open_article, open_existing
from workbench.cli import main
from workbench.core.inline_codes import InlineCode, display
from workbench.formats.registry import read_document

DATA = Path(__file__).resolve().parents[1] / "data" / "bilingual"
X12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
X2 = {"x": "urn:oasis:names:tc:xliff:document:2.0", "m": "urn:oasis:names:tc:xliff:matches:2.0"}
ARTICLE = (
    "Chinalco news\n\n"
    "The orbital ships grew fast. The plant makes thick plate.\n\n"
    "Prices of aluminium ingots rose again this week in Shanghai and London.\n"
)


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / Path(name).name
    path.write_bytes((DATA / name).read_bytes())
    return path


@pytest.fixture
def article_project(tmp_path: Path) -> Path:
    """An article with every status: confirmed unchanged (target = MT), confirmed edited,
    draft, new."""
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    with open_article(art, project=tmp_path / "a.wbproj") as s:
        ids = [x.id for x in s.segments]
        s.confirm(ids[0])  # target == MT
        s.set_target(ids[1], "The rail transit and shipbuilding sectors grew fast.")
        s.confirm(ids[1])
        s.set_target(ids[2], "The plant makes heavy plate.")  # draft
    return tmp_path / "a.wbproj"


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_statuses_come_back_the_same(article_project: Path, tmp_path: Path, fmt: str) -> None:
    """Confirmed segments whose target equals the MT used to come back ``new``."""
    out = tmp_path / f"a.{fmt}.xlf"
    assert cli("export", article_project, "--to", fmt, "-o", out).exit_code == 0
    with open_existing(article_project) as before:
        want = [(s.mt, s.target, s.status) for s in before.segments]
        language = before.document.target_language
    assert language == "en"  # detected: the article says nothing
    with open_article(out, project=tmp_path / "again.wbproj") as after:
        assert [(s.mt, s.target, s.status) for s in after.segments] == want
        assert after.document.target_language == "en"


def test_tmx_holds_the_confirmed_segments_and_comes_back_confirmed(
    article_project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "a.tmx"
    assert cli("export", article_project, "--to", "tmx", "-o", out).exit_code == 0
    assert b'srclang="en-x-mt"' in out.read_bytes()
    doc = read_document(out)
    assert [(s.text, s.target, s.status) for s in doc.segments] == [
        ("Chinalco news", "Chinalco news", "confirmed"),
        ("The orbital ships grew fast.", "The rail transit and shipbuilding sectors grew fast.",
         "confirmed"),
    ]  # fmt: skip


def test_xcode_files_ids_and_notes_survive_xliff_export(tmp_path: Path) -> None:
    xliff = _copy(tmp_path, "xcode/fr.xliff")
    project = tmp_path / "x.wbproj"
    assert cli("import", xliff, "--project", project).exit_code == 0
    out = tmp_path / "x.xlf"
    assert cli("export", project, "--to", "xliff", "-o", out).exit_code == 0
    root = etree.fromstring(out.read_bytes())
    files = root.findall("x:file", X12)
    assert [f.get("original") for f in files] == [
        "MetalsDesk/Base.lproj/Main.storyboard",
        "MetalsDesk/en.lproj/InfoPlist.strings",
        "MetalsDesk/en.lproj/Localizable.strings",
        "MetalsDesk/en.lproj/Localizable.stringsdict",
    ]  # the fifth, empty one has nothing to hold
    assert {f.get("target-language") for f in files} == {"fr"}
    ids = [u.get("id") for u in root.iter("{urn:oasis:names:tc:xliff:document:1.2}trans-unit")]
    assert "%@ closed at %@" in ids and "Market closed.\nPrices resume at 09:00." in ids
    refresh = root.find(".//x:trans-unit[@id='Qm7-ab-P0c.normalTitle']", X12)
    assert refresh is not None
    assert refresh.find("x:target", X12) is None  # untranslated: no target, not the source
    note = refresh.find("x:note", X12)
    assert note is not None and "UIButton" in (note.text or "")


@requires_schemas
def test_xcode_xliff2_export_validates_with_ids_made_nmtokens(tmp_path: Path) -> None:
    xliff = _copy(tmp_path, "xcode/fr.xliff")
    project = tmp_path / "x.wbproj"
    assert cli("import", xliff, "--project", project).exit_code == 0
    out = tmp_path / "x2.xlf"
    assert cli("export", project, "--to", "xliff2", "-o", out).exit_code == 0
    assert validate_xliff2(out.read_bytes()) == []
    root = etree.fromstring(out.read_bytes())
    assert root.get("trgLang") == "fr" and root.get("srcLang") == "en"
    closed = root.find(".//x:unit[@name='%@ closed at %@']", X2)
    assert closed is not None and closed.get("id", "").startswith("u")


def shape(text: str, codes: tuple[InlineCode, ...]) -> str:
    """A text with each code as its kind and the order its pair (or itself) first appears:
    what survives a conversion into another format, where the labels change."""
    by_char = {c.char: c for c in codes}
    seen: dict[str, int] = {}
    out = []
    for ch in text:
        code = by_char.get(ch)
        if code is None:
            out.append(ch)
            continue
        key = code.pair or code.char
        n = seen.setdefault(key, len(seen) + 1)
        out.append(f"<{code.kind[0]}{n}>")
    return "".join(out)


NATIVE = {"xliff": "xliff", "xliff2": "xliff2", "tmx": "tmx"}


@requires_schemas
@pytest.mark.parametrize(
    "name",
    ["angular/messages.fr.xlf", "okapi/chinalco-news.html.xlf", "xliff2/metals-news.de-DE.xlf",
     "tmx/inline-codes.tmx", "memoq/chinalco-news_eng-GB.mqxliff"],
)  # fmt: skip
def test_inline_codes_survive_every_bilingual_export(tmp_path: Path, name: str) -> None:
    """Codes are written back as they were into their own format (same tags, same labels)
    and converted into another (same kinds and pairs, in the same places); every export
    validates."""
    path = _copy(tmp_path, name)
    project = tmp_path / "p.wbproj"
    assert cli("import", path, "--project", project).exit_code == 0
    with open_existing(project, read_only=False) as session:
        for state in list(session.segments):
            session.confirm(state.id)
        fmt_in = session.document.format
        shown = [display(s.target, s.codes).text for s in session.segments]
        shapes = [shape(s.target, s.codes) for s in session.segments]
    for fmt, validate in (
        ("xliff", validate_xliff12),
        ("xliff2", validate_xliff2),
        ("tmx", validate_tmx),
    ):
        out = tmp_path / f"again-{fmt}.{'tmx' if fmt == 'tmx' else 'xlf'}"
        result = cli("export", project, "--to", fmt, "-o", out)
        assert result.exit_code == 0, result.stderr
        assert validate(out.read_bytes()) == [], fmt
        back = read_document(out)
        texts = [(s.target if s.target is not None else s.text, s.codes) for s in back.segments]
        if fmt == fmt_in:
            assert [display(t, c).text for t, c in texts] == shown, fmt
        assert [shape(t, c) for t, c in texts] == shapes, fmt


def test_okapi_units_keep_their_segments_in_xliff(tmp_path: Path) -> None:
    path = _copy(tmp_path, "okapi/chinalco-news.html.xlf")
    project = tmp_path / "p.wbproj"
    assert cli("import", path, "--project", project).exit_code == 0
    out = tmp_path / "o.xlf"
    assert cli("export", project, "--to", "xliff", "-o", out).exit_code == 0
    unit = etree.fromstring(out.read_bytes()).find(".//x:trans-unit[@id='tu2']", X12)
    assert unit is not None
    assert [m.get("mid") for m in unit.findall("x:seg-source/x:mrk", X12)] == ["0", "1"]
    assert unit.findall("x:alt-trans", X12) == []  # Okapi's targets are the file's, not MT
    again = read_document(out)
    assert [s.paragraph for s in again.segments if s.origin and s.origin.unit_id == "tu2"] == [2, 2]


# --- languages -------------------------------------------------------------------------------


def test_bcp47_tags_are_kept_as_written(tmp_path: Path) -> None:
    path = _copy(tmp_path, "okapi/chinalco-news.html.xlf")
    project = tmp_path / "p.wbproj"
    assert cli("import", path, "--project", project).exit_code == 0
    out = tmp_path / "o.tmx"
    with open_existing(project, read_only=False) as s:
        s.confirm(s.segments[0].id)
    assert cli("export", project, "--to", "tmx", "-o", out).exit_code == 0
    data = out.read_bytes()
    assert b'srclang="zh-CN"' in data and b'xml:lang="zh-CN"' in data and b"zh-cn" not in data
    overridden = tmp_path / "o2.xlf"
    assert cli("export", project, "--to", "xliff", "-o", overridden, "--target-lang", "en-GB",
               "--source-lang", "zh-Hans").exit_code == 0  # fmt: skip
    assert b'source-language="zh-Hans" target-language="en-GB"' in overridden.read_bytes()
    bad = cli(
        "export", project, "--to", "xliff", "-o", tmp_path / "x.xlf", "--target-lang", "en GB"
    )
    assert bad.exit_code == 2 and "not a language tag" in bad.stderr


def test_angular_translation_takes_its_language_from_the_file_name(tmp_path: Path) -> None:
    path = _copy(tmp_path, "angular/messages.fr.xlf")
    result = cli("import", path, "--project", tmp_path / "p.wbproj")
    assert "languages  en-US -> fr" in result.stdout
    assert "note       target language fr (the file name)" in result.stdout


def test_a_german_source_tsv_says_de(tmp_path: Path) -> None:
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text(
        "source\tmt\n"
        "Die Aluminiumpreise stiegen am dritten Tag in Folge deutlich an.\t"
        "Aluminium prices rose clearly for the third day in a row.\n"
        "Das Werk in Chongqing liefert Grobblech und Strangpressprofile für den Bahnbau.\t"
        "The plant in Chongqing supplies heavy plate and extrusions for railway building.\n",
        encoding="utf-16",  # with a BOM: read like UTF-8
    )
    project = tmp_path / "t.wbproj"
    result = cli("import", tsv, "--project", project)
    assert result.exit_code == 0, result.stderr
    assert "languages  de -> en" in result.stdout
    out = tmp_path / "t.xlf"
    assert cli("export", project, "--to", "xliff", "-o", out).exit_code == 0
    assert b'source-language="de" target-language="en"' in out.read_bytes()
    back = tmp_path / "back.tsv"
    with open_existing(project, read_only=False) as s:
        s.set_target(s.segments[0].id, "Aluminium prices rose for the third day running.")
    assert cli("export", project, "--to", "original", "-o", back).exit_code == 0
    assert back.read_bytes().startswith(b"\xff\xfe")  # UTF-16 in, UTF-16 out
    lines = back.read_text(encoding="utf-16").splitlines()
    assert lines[0] == "source\tmt"
    assert lines[1].endswith("\tAluminium prices rose for the third day running.")
    assert lines[2] == tsv.read_text(encoding="utf-16").splitlines()[2]


def test_a_non_english_article_states_its_language_everywhere(tmp_path: Path) -> None:
    art = tmp_path / "de.txt"
    art.write_text(
        "Die Aluminiumpreise stiegen am dritten Tag in Folge.\n\n"
        "Das Werk liefert Grobblech und Strangpressprofile für den Bahnbau und die Luftfahrt.\n",
        encoding="utf-8",
    )
    project = tmp_path / "de.wbproj"
    result = cli("import", art, "--project", project)
    assert "languages  ? -> de" in result.stdout
    assert "language de (detected: script + langdetect)" in result.stdout
    for fmt, marker in (
        ("html", b'<html lang="de">'),
        ("xliff", b'target-language="de"'),
        ("xliff2", b'trgLang="de"'),
    ):
        out = tmp_path / f"o.{fmt}"
        assert cli("export", project, "--to", fmt, "-o", out).exit_code == 0
        assert marker in out.read_bytes(), fmt


# --- characters XML cannot hold --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xliff", "xliff2", "tmx", "original", "html"])
def test_a_control_character_is_refused_in_one_line_and_nothing_is_written(
    tmp_path: Path, fmt: str
) -> None:
    path = _copy(tmp_path, "angular/messages.fr.xlf")
    project = tmp_path / "p.wbproj"
    assert cli("import", path, "--project", project).exit_code == 0
    with open_existing(project, read_only=False) as s:
        sid = s.segments[1].id
        s.set_target(sid, "Les cours\x1b du jour")
        s.confirm(sid)
    out = tmp_path / "out"
    result = cli("export", project, "--to", fmt, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"workbench: error: {sid}: the target holds U+001B (ESC), which "
        + ("an HTML page" if fmt == "html" else "XML")
        + " cannot hold; remove it from the target and export again"
    ]
    assert not out.exists()


def test_the_report_shows_control_characters_and_tags_never_raw(tmp_path: Path) -> None:
    path = _copy(tmp_path, "angular/messages.fr.xlf")
    project = tmp_path / "p.wbproj"
    assert cli("import", path, "--project", project).exit_code == 0
    with open_existing(project, read_only=False) as s:
        tagged = next(x for x in s.segments if x.codes)
        s.set_target(tagged.id, tagged.target + "\x07\x0c")
    out = tmp_path / "r.html"
    assert cli("export", project, "--to", "report", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "\x07" not in page and "\x0c" not in page and "␇␌" in page
    assert "⟨x:INTERPOLATION⟩" in page
    assert not any(0xE000 <= ord(ch) <= 0xF8FF for ch in page)
