"""One module per ``workbench`` sub-command; each defines ``command`` (or ``group``)."""
