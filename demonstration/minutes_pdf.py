"""Meeting minutes as a small PDF, written directly (no renderer): a few kilobytes in about a
millisecond, so that filing every weekly meeting's minutes in the archive (W3) stays cheap, the
demo county's year of meetings included.

The text uses Adobe's standard Chinese font STSong-Light with the UniGB-UTF16-H encoding, which
every PDF reader maps onto an installed Song/CJK font (poppler through fontconfig: Noto CJK here),
so the file embeds no font; text extraction (pypdf, pdftotext) reads it back. Board pages and
other printed documents go through WeasyPrint (xixiang/lib/pdf.py) instead.
"""

import io

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 64
FONT_SIZE = 11
LEADING = 18
TITLE_SIZE = 16
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN - 2 * LEADING) // LEADING


def _width(char: str) -> float:
    """Advance of one character in ems: CJK full width, Latin and digits half (STSong-Light's
    proportional Latin is narrower; half width keeps lines inside the margin)."""
    return 1.0 if ord(char) > 0x2E7F else 0.5


def wrap(text: str, *, size: int = FONT_SIZE, width: float = PAGE_WIDTH - 2 * MARGIN) -> list[str]:
    """`text` broken into lines that fit `width` points at `size`; newlines kept."""
    limit = width / size
    lines = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0.0
        for char in paragraph:
            advance = _width(char)
            if used + advance > limit:
                lines.append(line)
                line, used = "", 0.0
            line += char
            used += advance
        lines.append(line)
    return lines


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def _page_stream(title: str | None, lines: list[str]) -> bytes:
    ops = ["BT", f"{LEADING} TL", f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td"]
    if title:
        ops += [f"/F1 {TITLE_SIZE} Tf", f"{_hex(title)} Tj", "T* T*"]
    ops.append(f"/F1 {FONT_SIZE} Tf")
    for line in lines:
        ops.append(f"{_hex(line)} Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def minutes_pdf(title: str, body: str) -> bytes:
    """A PDF of `title` and `body` (plain text, Chinese), as many A4 pages as it needs."""
    lines = wrap(body)
    pages = [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    font = 3 + 2 * len(pages)  # object numbers: 1 catalog, 2 pages, then page + content pairs, then fonts
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None]
    kids = []
    for index, page_lines in enumerate(pages):
        page, content = 3 + 2 * index, 4 + 2 * index
        kids.append(f"{page} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}]"
            f" /Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode("ascii"))
        stream = _page_stream(title if index == 0 else None, page_lines)
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode("ascii")
    objects.append(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H"
        f" /DescendantFonts [{font + 1} 0 R] >>".encode("ascii"))
    objects.append(
        f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        f" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >>"
        f" /FontDescriptor {font + 2} 0 R /DW 1000 /W [1 95 500] >>".encode("ascii"))
    objects.append(
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body_bytes in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body_bytes + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
