"""Writes of the documents app, one module per kind (board: add yours beside)."""
