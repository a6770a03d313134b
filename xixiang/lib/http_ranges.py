"""The `Range: bytes=…` request header (RFC 9110 §14), for downloads that players seek in.

Django answers no ranges itself (FileResponse and `django.views.static.serve` send the whole
file, Django 6.1), so this reads the header; the view answers 206 or 416. Only a single range
is served: a server may ignore the header and send everything, which is what happens for
several ranges, another unit or a malformed value (RFC 9110 §14.2).
"""

import re
from typing import NamedTuple

_SINGLE_RANGE = re.compile(r"bytes=(\d*)-(\d*)", re.IGNORECASE)


class ByteRange(NamedTuple):
    """Inclusive first and last byte positions of what to send."""

    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


class RangeNotSatisfiable(Exception):
    """The range lies outside the representation: answer 416 with `unsatisfied_range(size)`."""


def unsatisfied_range(size: int) -> str:
    """The Content-Range header of a 416 answer."""
    return f"bytes */{size}"


def parse_byte_range(header: str | None, size: int) -> ByteRange | None:
    """The single byte range `header` asks for out of `size` bytes, clipped to the end; None to
    send everything (no header, several ranges, not understood). Raises RangeNotSatisfiable
    for a range starting at or beyond the end, a zero suffix (`bytes=-0`) or first > last."""
    match = _SINGLE_RANGE.fullmatch(header.strip()) if header else None
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # suffix range: the last N bytes
        if int(last) == 0 or size == 0:
            raise RangeNotSatisfiable(header)
        return ByteRange(max(0, size - int(last)), size - 1)
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        raise RangeNotSatisfiable(header)
    return ByteRange(start, end)
