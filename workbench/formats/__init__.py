"""Readers and writers for article and interchange formats. No Textual, no Rich."""
