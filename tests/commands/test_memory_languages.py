"""``memory stats`` counts one language pair however its tags are cased: units come into
the memory with their tags in the usual BCP 47 case (TW4Win's ``EN-US``/``DE-DE`` and
Studio's ``en-US``/``de-DE`` are one pair), and a memory filled before that is counted the
same way."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner, Result

from workbench.cli import main
from workbench.core.memory import MemoryUnit, open_memory
from workbench.core.memory.records import make_record

DATA = Path(__file__).resolve().parents[1] / "data" / "bilingual"
STUDIO = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<tmx version="1.4"><header creationtool="SDL Language Platform" '
    'creationtoolversion="8.1" o-tmf="SDL TM8 Format" datatype="xml" segtype="sentence" '
    'adminlang="en-US" srclang="en-US"/><body>'
    '<tu creationid="ANA"><tuv xml:lang="en-US"><seg>Tin was flat.</seg></tuv>'
    '<tuv xml:lang="de-DE"><seg>Zinn blieb stabil.</seg></tuv></tu>'
    '<tu creationid="ANA"><tuv xml:lang="en-us"><seg>Lead fell.</seg></tuv>'
    '<tuv xml:lang="de-de"><seg>Blei fiel.</seg></tuv></tu></body></tmx>'
)


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _stats(mem: Path) -> list[dict[str, object]]:
    result = invoke("memory", "stats", "--memory", mem, "--format", "json")
    assert result.exit_code == 0, result.output
    languages: list[dict[str, object]] = json.loads(result.stdout)["languages"]
    return languages


def test_differently_cased_tags_are_one_pair(tmp_path: Path) -> None:
    studio = tmp_path / "studio.tmx"
    studio.write_text(STUDIO, encoding="utf-8")
    mem = tmp_path / "m.wbmem"
    added = 0
    for tmx in (DATA / "trados" / "tw4win-en-de.tmx", studio):
        result = invoke("memory", "import", tmx, "--memory", mem)
        assert result.exit_code == 0, result.output
        added += int(result.stdout.split(" added")[0].rsplit("(", 1)[1])
    assert added > 2  # the two of Studio and TW4Win's
    assert _stats(mem) == [{"source": "en-US", "target": "de-DE", "units": added}]
    text = invoke("memory", "stats", "--memory", mem).stdout
    assert "languages  en-US→de-DE" in text and "EN-US" not in text
    out = tmp_path / "out.tmx"
    result = invoke("memory", "export", "--to", "tmx", "-o", out, "--memory", mem)
    assert result.exit_code == 0, result.output  # one pair: no --source-lang needed
    assert b'xml:lang="EN-US"' not in out.read_bytes()


def test_a_memory_filled_before_is_counted_as_one_pair(tmp_path: Path) -> None:
    mem = tmp_path / "old.wbmem"
    with open_memory(mem) as memory:
        records = [
            make_record(MemoryUnit(f"Source {n}.", None, f"Ziel {n}."), f"k{n}", None)
            for n in range(3)
        ]
        spelt = [("EN-US", "DE-DE"), ("en-US", "de-DE"), ("en-us", "de-de")]
        memory.add(
            [
                replace(r, unit=replace(r.unit, source_lang=s, target_lang=t))
                for r, (s, t) in zip(records, spelt, strict=True)
            ]
        )
    assert _stats(mem) == [{"source": "en-US", "target": "de-DE", "units": 3}]
