"""Segmentation keeps every byte and splits where a translator expects."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.document import Document
from workbench.core.segmentation import segment_text
from workbench.core.textio import atomic_write
from workbench.formats.markdown import read_markdown
from workbench.formats.plaintext import read_plaintext


def texts(path: Path) -> list[str]:
    return [s.text for s in read_plaintext(path).segments]


def test_shared_sample_header_and_body(shared_sample: Path) -> None:
    doc = read_plaintext(shared_sample)
    assert doc.encode() == shared_sample.read_bytes()
    got = [s.text for s in doc.segments]
    assert (
        got[1]
        == "Chinalco Group accelerates the development of high-quality manufacturing industry"
    )
    assert got[2] == "Jul 27,2020 15:01CST"
    assert got[3] == "Source:China Nonferrous Metals Daily"
    assert got[4] == "The content below was translated by Tencent automatically for reference."
    assert got[5] == (
        "SMM: July 21, Chongqing Municipal Party Committee Deputy Secretary, "
        "Mayor Tang Liangzhi to Southwest Aluminum research."
    )
    assert got[-2] == "For queries, please contact Frank LIU at liuxiaolei@smm.cn"
    assert got[-1].endswith("please email service.en@smm.cn")
    assert [s.id for s in doc.segments[:6]] == ["p1s1", "p1s2", "p1s3", "p1s4", "p1s5", "p2s1"]
    # "etc.," inside a sentence is no boundary
    assert any("talent reserve, etc., sincerely praising SWA" in t for t in got)


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
