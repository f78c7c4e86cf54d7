"""A TMX read as a stream (``workbench memory import`` of a large file) gives the segments
of the file read whole, field for field, whatever its units hold: plain text (read the
short way), or inline codes, notes, comments, properties, a namespace, a side missing,
Private Use Area characters, character references (read by the general reader)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.errors import InputError
from workbench.formats.bilingual.tmx_stream import stream_tmx
from workbench.formats.registry import read_document

# text XML 1.0 can hold (no other control characters, no surrogates), PUA included
TEXT = st.text(
    st.characters(
        exclude_categories=["Cs"],
        exclude_characters="".join(chr(c) for c in range(32) if c not in (9, 10, 13))
        + "\ufffe\uffff",
    ),
    max_size=40,
)
EXTRAS = (
    "",  # plain
    "code",
    "note",
    "comment",
    "prop",
    "charref",
    "missing",
    "namespaced",
)


def seg(text: str, extra: str) -> str:
    body = escape(text).replace("\r", "&#13;")
    if extra == "code":
        body = f'<ph x="1">{{1}}</ph>{body}<bpt i="1">&lt;b&gt;</bpt>b<ept i="1">&lt;/b&gt;</ept>'
    elif extra == "comment":
        body += "<!-- c -->"
    elif extra == "charref":
        body += "&#xE001;&#233;"
    return f"<seg>{body}</seg>"


@st.composite
def units(draw: st.DrawFn) -> str:
    mt, final = draw(TEXT), draw(TEXT)
    extra = draw(st.sampled_from(EXTRAS))
    tuid = draw(st.sampled_from(["", ' tuid="7"']))
    head = "<note>a note</note>" if extra == "note" else ""
    head += '<prop type="x">y</prop>' if extra == "prop" else ""
    if extra == "missing":
        return f'<tu{tuid}><tuv xml:lang="en"><seg>{escape(final)}</seg></tuv></tu>'
    side = (
        '<tuv xml:lang="en-x-mt"><x:p xmlns:x="urn:x"/>'
        if extra == "namespaced"
        else ('<tuv xml:lang="en-x-mt">')
    )
    return (
        f"<tu{tuid}>{head}{side}{seg(mt, extra)}</tuv>"
        f'<tuv lang="EN"><prop type="p">q</prop>{seg(final, extra)}</tuv></tu>'
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.lists(units(), min_size=1, max_size=6))
def test_a_streamed_tmx_reads_as_the_file_read_whole(tmp_path: Path, body: list[str]) -> None:
    tmx = tmp_path / "m.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-x-mt"'
        ' adminlang="en" datatype="plaintext" segtype="sentence" o-tmf="t" creationtool="t"'
        f' creationtoolversion="1"/><body>{"".join(body)}</body></tmx>',
        encoding="utf-8",
    )
    try:
        whole = read_document(tmx)
    except InputError as exc:
        with pytest.raises(InputError) as streamed_error:
            tuple(stream_tmx(tmx).segments())
        assert str(streamed_error.value) == str(exc)
        return
    streamed = stream_tmx(tmx)
    assert tuple(streamed.segments()) == whole.segments
    assert (streamed.source_language, streamed.target_language) == (
        whole.source_language,
        whole.target_language,
    )
