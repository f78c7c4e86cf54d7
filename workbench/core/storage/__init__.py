"""Storage: the only package that speaks SQL. ``sqlite.py`` (connect, lock, transactions),
``project_store.py`` and ``memory_store.py`` (the SQLite backends), ``protocols.py`` (what any
backend must offer, so another one can be put behind the callers)."""
