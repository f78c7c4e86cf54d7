"""The Textual app: a thin layer over :mod:`workbench.core`."""
