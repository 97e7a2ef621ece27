"""Client pages, one module per page."""
