"""Models of the documents app, one module per kind of document (board: add yours beside)."""

from .notices import PublicNotice

__all__ = ["PublicNotice"]
