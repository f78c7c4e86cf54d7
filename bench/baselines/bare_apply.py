"""Baseline for ``bench/apply.py``: the least a glossary pre-editor can do, as a program.

Read the glossary YAML (PyYAML's C loader), read the article, case-fold it, build one
pyahocorasick automaton of the case-folded ``apply: auto`` patterns (``mt`` of fixes,
``forbidden`` of terms), iterate leftmost-longest (``iter_long``), replace, write. No word
boundaries, no case following, no validation, no NFC, no segments, no report.

    python bench/baselines/bare_apply.py GLOSSARY ARTICLE OUT
"""

from __future__ import annotations

import sys

import ahocorasick
import yaml


def main() -> None:
    glossary, article, out = sys.argv[1:4]
    with open(glossary, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=yaml.CSafeLoader)
    automaton = ahocorasick.Automaton()
    for entry in data["entries"]:
        if entry.get("apply") != "auto":
            continue
        patterns = entry.get("mt", entry.get("forbidden"))
        correct = entry.get("correct", entry.get("term"))
        for pattern in [patterns] if isinstance(patterns, str) else patterns:
            key = pattern.casefold()
            if key not in automaton:
                automaton.add_word(key, (len(key), correct))
    automaton.make_automaton()
    with open(article, encoding="utf-8") as fh:
        text = fh.read()
    folded = text.casefold()  # the generated articles keep their length when folded
    parts = []
    pos = 0
    hits = 0
    for end, (length, correct) in automaton.iter_long(folded):
        start = end - length + 1
        parts.append(text[pos:start])
        parts.append(correct)
        pos = end + 1
        hits += 1
    parts.append(text[pos:])
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("".join(parts))
    print(f"{hits} replacements")


if __name__ == "__main__":
    main()
