"""Workbench: a machine-translation post-editing workbench."""

__version__ = "0.1.0"
