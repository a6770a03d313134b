"""How a download names itself: the Content-Disposition header (RFC 6266). Pure functions.

    content_disposition("会议记录 2009.pdf")
    → attachment; filename="2009.pdf"; filename*=UTF-8''%E4%BC%9A…%202009.pdf

Browsers read the UTF-8 name of `filename*` (RFC 5987); the ASCII `filename` is the fallback
for clients that do not, built from the name's ASCII characters (or `default_stem`).
"""

import re
import unicodedata
from urllib.parse import quote


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[1].lower() if "." in name.strip(".") else ""


def _ascii_fallback(name: str, default_stem: str) -> str:
    extension = extension_of(name)
    stem = name[: -len(extension) - 1] if extension else name
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    ascii_stem = re.sub(r"[^A-Za-z0-9._ -]", "_", ascii_stem).strip(" ._")
    if not ascii_stem.strip("_ "):
        ascii_stem = default_stem
    extension = re.sub(r"[^a-z0-9]", "", extension)
    return f"{ascii_stem}.{extension}" if extension else ascii_stem


def content_disposition(filename: str, *, inline: bool = False, default_stem: str = "file") -> str:
    """`attachment; filename="fallback.pdf"; filename*=UTF-8''<percent-encoded name>` (RFC 6266)."""
    kind = "inline" if inline else "attachment"
    fallback = _ascii_fallback(filename, default_stem)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
