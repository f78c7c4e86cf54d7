"""Bilingual files in and out: XLIFF 1.x and 2.0, TMX 1.1-1.4 and two-column TSV.

Reading makes a Document whose segments keep their inline codes as placeholders
(:mod:`workbench.core.inline_codes`), know the unit they came from, and carry the file's
languages (BCP 47 as written; an option wins; a tag in the file name or detection fills
what the file does not say) and statuses. The file's bytes travel with the Document, so
each format's ``write_back`` (``workbench export --to original``) writes every target
back into the same document: same files, groups, notes, ids, metadata and inline codes,
untranslated units left untranslated.

One module per format, each exposing ``FORMAT``
(:class:`~workbench.formats.families.BilingualFormat`): :mod:`.xliff12`, :mod:`.xliff20`,
:mod:`.tmx`, :mod:`.tsv`; what they share is in :mod:`.units`, the inline-code XML in
:mod:`.inline_xml`.
"""
