"""Glossary exchange formats: CSV, OmegaT, TBX."""
