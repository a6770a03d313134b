"""Roster settings, each overridable in Django settings (or through the environment there).

ROSTER_MAX_UPLOAD_BYTES         largest workbook accepted (default 100 MB)
ROSTER_MAX_UNCOMPRESSED_BYTES   largest total of the members' declared sizes (default 1 GB)
ROSTER_MAX_COMPRESSION_RATIO    largest size / compressed size of one member (default 200)
ROSTER_MAX_ZIP_MEMBERS          most files inside the workbook (default 500)
ROSTER_MAX_ROWS                 most data rows in one sheet (default 1,000,000)
ROSTER_MAX_REPORTED_PROBLEMS    errors (and warnings) kept for the report (default 100,000); all are counted
ROSTER_CHUNK_ROWS               rows checked and written together (default 2,000)
ROSTER_WINDOW_BYTES             sheet XML calamine parses at a time (windows.py; default 8 MB)
ROSTER_MAX_COLUMNS              rightmost column a cell with a value may be in (default 200, GR)
ROSTER_MAX_WINDOW_CELLS         largest rectangle calamine may allocate for one window (default 26 × 999,999;
                                container.check_window)
"""

from django.conf import settings

DEFAULTS = {
    "ROSTER_MAX_UPLOAD_BYTES": 100 * 1024 * 1024,
    "ROSTER_MAX_UNCOMPRESSED_BYTES": 1024 * 1024 * 1024,
    "ROSTER_MAX_COMPRESSION_RATIO": 200,
    "ROSTER_MAX_ZIP_MEMBERS": 500,
    "ROSTER_MAX_ROWS": 1_000_000,
    "ROSTER_MAX_REPORTED_PROBLEMS": 100_000,
    "ROSTER_CHUNK_ROWS": 2_000,
    "ROSTER_WINDOW_BYTES": 8 * 1024 * 1024,
    "ROSTER_MAX_COLUMNS": 200,
    "ROSTER_MAX_WINDOW_CELLS": 26 * 999_999,
}


def get(name: str) -> int:
    return getattr(settings, name, DEFAULTS[name])
