"""Glossaries: the entry model, the strict YAML reader, the entry schema every reader and
writer shares, the set-level rules (conflicts, cycles), the matching engine, lint, in-place
editing of YAML files and mining of new entries from recorded corrections."""
