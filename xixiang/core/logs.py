"""Logging that never writes a full resident ID number.

A search by ID number puts the number in the URL (`/households/?q=6107241971…`), and a
database error can quote a stored value; every handler the application configures (Django's
request and server logs, the task worker's, gunicorn's access and error logs in
`deploy/gunicorn.conf.py`) formats its records with `MaskingFormatter`, which masks every
ID-number-like run of characters in the finished line: message, arguments and traceback.
Control characters other than newline and tab (a NUL from `/households/%00/`) are written as
`\x00`, so that a request cannot forge or hide lines in a log.
"""

import logging
import re

from xixiang.lib.id_numbers import mask_id_numbers_in_text

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_log_text(text: str) -> str:
    """ID numbers masked, control characters (but newline and tab) escaped."""
    return _CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m[0]):02x}", mask_id_numbers_in_text(text))


class MaskingFormatter(logging.Formatter):
    """A `logging.Formatter` whose output has every ID number masked (610724********1234)."""

    def format(self, record: logging.LogRecord) -> str:
        return clean_log_text(super().format(record))

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return clean_log_text(super().formatException(ei))
