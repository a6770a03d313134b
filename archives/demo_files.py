"""Small, valid sample files generated in memory: the files the demo seeder puts in the archives
(tests and the bench use them too)."""

import io
import random

from openpyxl import Workbook
from PIL import Image, ImageDraw


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF 1.4 showing `lines` (ASCII) in Helvetica, with a correct xref table."""
    text = ["BT", "/F1 14 Tf", "72 760 Td", "18 TL"]
    for line in lines:
        safe = (
            line.encode("ascii", "replace")
            .decode("ascii")
            .replace("\\", "\\\\")
            .replace("(", "\\(")
            .replace(")", "\\)")
        )
        text.append(f"({safe}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def jpeg(width: int = 640, height: int = 480, *, seed: int = 0, label: str = "") -> bytes:
    """A JPEG photo-like picture: a gradient sky, a green hill, a few houses."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (135, 190, 235))
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):
        shade = 235 - y * 60 // max(1, height // 2)
        draw.line([(0, y), (width, y)], fill=(120, 170, shade))
    draw.ellipse([-width // 4, height // 2, width * 5 // 4, height * 2], fill=(70, 140 + rng.randint(0, 40), 60))
    for _ in range(rng.randint(2, 5)):
        x, y = rng.randint(0, max(0, width - 80)), rng.randint(height // 2, max(height // 2, height - 60))
        draw.rectangle([x, y, x + 60, y + 40], fill=(230, 225, 210))
        draw.polygon([(x - 5, y), (x + 30, y - 25), (x + 65, y)], fill=(120, 60, 50))
    if label:
        draw.text((10, 10), label, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def png(width: int = 64, height: int = 48, colour=(200, 30, 30, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def xlsx(rows: list[list]) -> bytes:
    """A workbook with one sheet holding `rows` (first row is the header)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet1")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def mp4_header() -> bytes:
    """The `ftyp` box of an MP4 file (ISO base media, brand mp42)."""
    return b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def mp4_stream(size: int, *, block: int = 1 << 20):
    """`size` bytes that start like an MP4 file, produced block by block (never all in memory)."""
    header = mp4_header()
    filler = bytes(range(256)) * (block // 256)
    yield header
    remaining = size - len(header)
    while remaining > 0:
        chunk = filler[:remaining]
        yield chunk
        remaining -= len(chunk)
