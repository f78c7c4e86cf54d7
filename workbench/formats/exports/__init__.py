"""What a project or memory exports: web page, report, effort tables, TMX of the memory."""
