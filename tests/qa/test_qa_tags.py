"""Tags in the target against the source (or the MT): missing, extra and out-of-order tags
are errors, in the QA runner and in ``workbench qa PROJECT``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from workbench.app.projects import open_article, open_existing
from workbench.cli import main
from workbench.core.inline_codes import display, placeholder
from workbench.qa.model import QaContext
from workbench.qa.runner import project_run, run
from workbench.qa.tags import extra_tags, missing_tags, tag_order

OKAPI = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="news.html" source-language="zh-CN" target-language="en" datatype="html">
<body>
<trans-unit id="tu1">
<source>西南铝<g id="1">加快</g>发展<x id="2"/>。</source>
<target>Southwest Aluminium <g id="1">accelerates</g> development<x id="2"/>.</target>
</trans-unit>
<trans-unit id="tu2">
<source>价格坚挺。</source>
<target>Prices remain firm.</target>
</trans-unit>
</body>
</file>
</xliff>
"""


def _project(tmp_path: Path) -> Path:
    xlf = tmp_path / "news.xlf"
    xlf.write_text(OKAPI, encoding="utf-8")
    project = tmp_path / "news.wbproj"
    open_article(xlf, project=project).close()
    return project


def test_tags_as_they_came_are_clean(tmp_path: Path) -> None:
    with open_existing(_project(tmp_path)) as session:
        findings = run(project_run(session), ["tag-missing", "tag-extra", "tag-order"])
    assert findings == ()


def test_missing_extra_and_reversed_tags_are_errors(tmp_path: Path) -> None:
    project = _project(tmp_path)
    with open_existing(project, read_only=False) as session:
        seg = session.segments[0]
        g_open, g_close, x = (c.char for c in seg.codes)
        # the pair reversed, the <x/> twice
        session.set_target(seg.id, f"Southwest {g_close}Aluminium{g_open} grows{x}{x}.")
        qa = project_run(session)
    findings = run(qa)
    tags = [(f.check, f.severity, f.matched) for f in findings if f.check.startswith("tag-")]
    assert tags == [
        ("tag-order", "error", "⟨/1⟩"),
        ("tag-order", "error", "⟨1⟩"),
        ("tag-extra", "error", "⟨x:2⟩"),
    ]
    segment = qa.segments[0]
    for f in findings:
        if f.start >= 0:
            assert segment.target[f.start : f.end] in (
                g_open,
                g_close,
                x,
            )  # spans index the stored text
    with open_existing(project, read_only=False) as session:
        session.set_target(seg.id, "Southwest Aluminium grows.")
        qa = project_run(session)
    (segment,) = qa.segments[:1]
    missing = missing_tags(segment, QaContext())
    assert [f.message for f in missing] == [
        "tag ⟨1⟩ is missing from the target",
        "tag ⟨/1⟩ is missing from the target",
        "tag ⟨x:2⟩ is missing from the target",
    ]
    assert extra_tags(segment, QaContext()) == () and tag_order(segment, QaContext()) == ()


def test_workbench_qa_exits_1_on_a_tag_error(tmp_path: Path) -> None:
    project = _project(tmp_path)
    with open_existing(project, read_only=False) as session:
        seg = session.segments[0]
        shown = display(seg.target, seg.codes).text
        assert shown == "Southwest Aluminium ⟨1⟩accelerates⟨/1⟩ development⟨x:2⟩."
        session.set_target(seg.id, seg.target.replace(seg.codes[2].char, ""))
    result = CliRunner().invoke(main, ["qa", str(project)])
    assert result.exit_code == 1
    assert "p1s1 error tag-missing: tag ⟨x:2⟩ is missing from the target" in result.stdout
    assert placeholder(0) not in result.stdout  # never a raw placeholder on the terminal
