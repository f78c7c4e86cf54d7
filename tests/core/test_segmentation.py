"""Segmentation keeps every byte and splits where a translator expects."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.document import Document
from workbench.core.segmentation import MAX_SEGMENT_CHARS, cut_long, segment_text
from workbench.core.textio import TextFile, atomic_write
from workbench.formats.article.markdown import read_markdown
from workbench.formats.article.plaintext import read_plaintext


def texts(path: Path) -> list[str]:
    return [s.text for s in read_plaintext(path).segments]


def test_news_article_header_and_body(metals_news: Path) -> None:
    doc = read_plaintext(metals_news)
    assert doc.encode() == metals_news.read_bytes()
    got = [s.text for s in doc.segments]
    assert got[0] == (
        "Home / Metal News / Aluminium / Southwest Aluminium high-end plate and strip "
        "project starts construction in Chongqing"
    )
    assert got[1] == (
        "Southwest Aluminium high-end plate and strip project starts construction in Chongqing"
    )
    assert got[2] == "Jul 27,2020 15:01CST"
    assert got[3] == "Source:SMM"
    assert got[4] == "The content below was translated by machine automatically for reference."
    assert got[5] == (
        "SMM: July 21, the high-end aluminum plate and strip project of Southwest Aluminium "
        "started construction in Xipeng Town, Jiulongpo District."
    )
    assert got[-3] == "Scan the QR code to join the SMM aluminum industry chain exchange group."
    assert got[-2] == (
        "For queries, please contact the SMM aluminum team at aluminum.team@example.com"
    )
    assert got[-1].endswith("please email reports@example.com")
    assert [s.id for s in doc.segments[:6]] == ["p1s1", "p1s2", "p1s3", "p1s4", "p1s5", "p2s1"]
    assert len(got) == 41
    # "etc.," inside a sentence is no boundary
    assert any("energy consumption, etc., and called SWA" in t for t in got)
    # sentences MT started in lower case after a full stop are segments of their own
    by_id = {s.id: s.text for s in doc.segments}
    assert by_id["p3s3"].startswith("the annual output value is expected")
    assert by_id["p8s1"].endswith("with Southwest Aluminum as the leader.")
    assert by_id["p8s2"].startswith("he sincerely invites aluminum processing enterprises")


def test_abbreviations_decimals_and_lowercase_mt_sentence() -> None:
    gaps, segs = segment_text(
        "Mr. Li of the U.S. plant said output rose 3.5% in No. 1 mill. he left."
    )
    assert [s.text for s in segs] == [
        "Mr. Li of the U.S. plant said output rose 3.5% in No. 1 mill.",
        "he left.",
    ]
    assert gaps == ("", " ", "")


def test_hard_wrapped_prose_is_one_paragraph_of_sentences() -> None:
    text = "The plant produced heavy plate for\nrail transit and shipbuilding. Output\nrose."
    _gaps, segs = segment_text(text)
    assert [s.text for s in segs] == [
        "The plant produced heavy plate for\nrail transit and shipbuilding.",
        "Output\nrose.",
    ]


def test_crlf_and_bom_round_trip(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    data = "\ufeffTitle line\r\nJul 27,2020 15:01CST\r\n\r\nOne. Two.\r\n".encode()
    p.write_bytes(data)
    doc = read_plaintext(p)
    assert doc.bom and doc.newline == "\r\n"
    assert [s.text for s in doc.segments] == ["Title line", "Jul 27,2020 15:01CST", "One.", "Two."]
    out = tmp_path / "b.txt"
    atomic_write(out, doc.encode([s.text.upper() for s in doc.segments]), protect=[p])
    assert (
        out.read_bytes() == "\ufeffTITLE LINE\r\nJUL 27,2020 15:01CST\r\n\r\nONE. TWO.\r\n".encode()
    )


def test_markdown_block_markup_stays_out_of_segments(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    src = (
        "# Chinalco news\n\n- First item. Second sentence.\n> Quoted text.\n\n"
        "```\ncode. not. segmented.\n```\n\n| a | b |\n\nPlain *para*.\n"
    )
    p.write_text(src)
    doc = read_markdown(p)
    assert [s.text for s in doc.segments] == [
        "Chinalco news",
        "First item.",
        "Second sentence.",
        "Quoted text.",
        "Plain *para*.",
    ]
    assert doc.text == src


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab cD.,!?\n\r\t é中İ:-\"'"))
        | st.characters(exclude_categories=["Cs"]),  # text comes from strict UTF-8
        max_size=200,
    )
)
def test_segmenting_then_rendering_gives_the_input(text: str) -> None:
    gaps, segs = segment_text(text)
    doc = Document(name="x", segments=segs, gaps=gaps)
    assert doc.text == text
    for s in segs:
        assert s.text == s.text.strip() and s.text


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab \n\u0301.", min_size=0, max_size=200),
    st.integers(min_value=2, max_value=15),
)
def test_cut_long_keeps_every_character(text: str, limit: int) -> None:
    """Pieces are at most ``limit`` long, never start or end with whitespace, and only
    whitespace is left between them."""
    stripped = text.strip()
    start = text.index(stripped) if stripped else 0
    end = start + len(stripped)
    spans = cut_long(text, start, end, limit)
    pos = start
    for s, e in spans:
        assert 0 < e - s <= limit
        assert not text[pos:s].strip()  # only whitespace between pieces
        assert not text[s].isspace() and not text[e - 1].isspace()
        pos = e
    assert pos == end or not stripped


def test_a_one_line_article_without_full_stops_is_cut_into_editable_segments(
    tmp_path: Path,
) -> None:
    article = tmp_path / "dump.txt"
    text = "the " * 20_000 + "x" * 5000 + " end"
    article.write_text(text)
    doc = read_plaintext(article)
    assert max(len(s.text) for s in doc.segments) <= MAX_SEGMENT_CHARS
    assert len(doc.segments) > 20
    assert doc.text == text  # gaps[0] + seg[0] + ... is the article, byte for byte
    assert doc.encode() == article.read_bytes()


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab. \n\ufeff", max_size=200),
    st.booleans(),
    st.integers(1, 5),
)
def test_encoded_in_pieces_is_the_same_bytes(text: str, bom: bool, size: int) -> None:
    """A large output is written in pieces (never joined in memory): the pieces are the
    bytes of the whole, BOM and all."""
    gaps, segments = segment_text(text)
    document = replace(Document("a.txt", segments, gaps), bom=bom)
    targets = [s.text.upper() for s in segments]
    assert b"".join(document.encode_chunks(targets, size)) == document.encode(targets)
    tf = TextFile(Path("a.txt"), text, bom)
    pieces = [text[i : i + size] for i in range(0, len(text), size)]
    assert b"".join(tf.encode_chunks(pieces)) == tf.encode(text)
