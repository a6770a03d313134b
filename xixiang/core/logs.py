"""Logging that never writes a full resident ID number.

A search by ID number puts the number in the URL (`/households/?q=6107241971…`), and a
database error can quote a stored value; every handler the application configures (Django's
request and server logs, the task worker's, gunicorn's access and error logs in
`deploy/gunicorn.conf.py`) formats its records with `MaskingFormatter`, which masks every
ID-number-like run of characters in the finished line: message, arguments and traceback.
"""

import logging

from xixiang.lib.id_numbers import mask_id_numbers_in_text


class MaskingFormatter(logging.Formatter):
    """A `logging.Formatter` whose output has every ID number masked (610724********1234)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_id_numbers_in_text(super().format(record))

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return mask_id_numbers_in_text(super().formatException(ei))
