"""Bilingual formats: XLIFF 1.2, XLIFF 2.0, TMX, written back where they came from."""
