"""The application layer: what the commands and the TUI call. Opening and creating projects
(:mod:`~workbench.app.projects`), exporting (:mod:`~workbench.app.exporting`), the editing
facade (:mod:`~workbench.app.editing`: confirm + remember + propagate, glossary reload,
offers, findings and memory matches), batch pipelines (:mod:`~workbench.app.batch`).
No Textual, no Rich, no click."""
