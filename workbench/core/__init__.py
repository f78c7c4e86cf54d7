"""The domain: documents, glossaries, edits, metrics and the project store.

Pure Python: nothing here imports Textual or Rich (tests/test_layering.py checks it).
"""
