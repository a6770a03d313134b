"""What a file really is, from its bytes (pure: no models, no settings).

`detect(fileobj, name)` reads the first bytes (and for zip-based and OLE2 Office files their
directory) and returns a FileType, or raises UnacceptableFile with a Chinese message:
executables and HTML/XML pages are refused whatever their name, unknown content too.
`check_extension` refuses a name whose extension belongs to another family than the content.
"""

import struct
import zipfile

import filetype as filetype_lib
from django.utils.translation import gettext as _

from .filetypes import TYPES, FileType, family_of_extension

HEAD_SIZE = 8192


class UnacceptableFile(Exception):
    """The file may not be stored; `message` is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


EXECUTABLE_SIGNATURES = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",
    b"\xca\xfe\xba\xbe",  # Mach-O fat binary / Java class
    b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",
    b"#!",  # scripts
)

# WHATWG MIME sniffing "HTML" patterns, plus XML and SVG (which can carry scripts).
HTML_TAGS = (
    b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div", b"<font",
    b"<table", b"<a", b"<style", b"<title", b"<b", b"<body", b"<br", b"<p", b"<svg", b"<meta",
    b"<form", b"<object", b"<embed", b"<link", b"<img",
)
TAG_TERMINATORS = b" >\t\n\r\x0c/"

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE2_STREAMS = {"WordDocument": "doc", "Workbook": "xls", "Book": "xls", "PowerPoint Document": "ppt"}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
OOXML_PARTS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx"))

# filetype's extension → our code (types we do not list are refused as unsupported).
FILETYPE_CODES = {
    "jpg": "jpg", "png": "png", "apng": "png", "gif": "gif", "bmp": "bmp", "tif": "tif", "webp": "webp",
    "mp3": "mp3", "m4a": "m4a", "wav": "wav", "amr": "amr", "aac": "aac", "flac": "flac", "ogg": "ogg",
    "aiff": "aiff", "mp4": "mp4", "m4v": "m4v", "mov": "mov", "avi": "avi", "wmv": "wmv", "flv": "flv",
    "mkv": "mkv", "webm": "webm", "mpg": "mpg", "3gp": "mp4",
}


def _read_head(fileobj) -> bytes:
    fileobj.seek(0)
    head = fileobj.read(HEAD_SIZE)
    fileobj.seek(0)
    return head


def is_executable(head: bytes) -> bool:
    return head.startswith(EXECUTABLE_SIGNATURES)


def looks_like_html(head: bytes) -> bool:
    """Whether the start of the file is an HTML, XML or SVG document (any common encoding)."""
    text = head[:1024]
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = text.decode("utf-16").encode("utf-8", "replace")
        except UnicodeDecodeError:
            return False
    elif text.startswith(b"\xef\xbb\xbf"):
        text = text[3:]
    text = text.lstrip(b" \t\n\r\x0c").lower()
    if text.startswith((b"<!--", b"<?xml")):
        return True
    for tag in HTML_TAGS:
        if text.startswith(tag) and len(text) > len(tag) and text[len(tag)] in TAG_TERMINATORS:
            return True
    return False


def _ole2_code(fileobj) -> str | None:
    """doc / xls / ppt from the stream names in an OLE2 compound file's directory."""
    fileobj.seek(0)
    header = fileobj.read(512)
    if len(header) < 512:
        return None
    sector_size = 1 << struct.unpack_from("<H", header, 0x1E)[0]
    if sector_size not in (512, 4096):
        return None
    fat_sector_numbers = [n for n in struct.unpack_from("<109I", header, 0x4C) if n < 0xFFFFFFFA]
    per_sector = sector_size // 4

    def read_sector(number: int) -> bytes:
        fileobj.seek((number + 1) * sector_size)
        return fileobj.read(sector_size)

    fat_cache: dict[int, tuple] = {}

    def next_sector(number: int) -> int | None:
        index = number // per_sector
        if index >= len(fat_sector_numbers):
            return None
        if index not in fat_cache:
            data = read_sector(fat_sector_numbers[index])
            if len(data) < sector_size:
                return None
            fat_cache[index] = struct.unpack(f"<{per_sector}I", data)
        return fat_cache[index][number % per_sector]

    sector = struct.unpack_from("<I", header, 0x30)[0]
    for _attempt in range(256):  # directories are small; stop on loops or damaged chains
        if sector is None or sector >= 0xFFFFFFFA:
            break
        data = read_sector(sector)
        for offset in range(0, len(data) - 127, 128):
            length = struct.unpack_from("<H", data, offset + 64)[0]
            if 2 <= length <= 64:
                name = data[offset:offset + length - 2].decode("utf-16-le", "replace")
                if name in OLE2_STREAMS:
                    return OLE2_STREAMS[name]
        sector = next_sector(sector)
    return None


def _zip_code(fileobj, name: str) -> str:
    """docx / xlsx / pptx / odt / ods / odp, or zip for any other archive."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    code = ODF_MIMETYPES.get(entry.read(100).strip())
                if code:
                    return code
            if "[Content_Types].xml" in names:
                if any(n.lower().endswith("vbaproject.bin") for n in names):
                    raise UnacceptableFile(_("文件“%(name)s”含有宏代码，不能作为档案上传") % {"name": name})
                for part, code in OOXML_PARTS:
                    if part in names:
                        return code
    except (zipfile.BadZipFile, EOFError, OSError, KeyError) as exc:
        raise UnacceptableFile(_("文件“%(name)s”已损坏，无法读取") % {"name": name}) from exc
    finally:
        fileobj.seek(0)
    return "zip"


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[1].lower() if "." in name.strip(".") else ""


def detect(fileobj, name: str) -> FileType:
    """The type of the file's content; raises UnacceptableFile for anything we do not accept."""
    head = _read_head(fileobj)
    if not head:
        raise UnacceptableFile(_("文件“%(name)s”是空文件") % {"name": name})
    if is_executable(head):
        raise UnacceptableFile(_("文件“%(name)s”是可执行程序，不能作为档案上传") % {"name": name})
    if looks_like_html(head):
        raise UnacceptableFile(_("文件“%(name)s”的内容是网页（HTML），不能作为档案上传") % {"name": name})
    code = None
    if head.startswith(b"%PDF-"):
        code = "pdf"
    elif head.startswith(OLE2_SIGNATURE):
        code = _ole2_code(fileobj)
        if code is None:
            raise UnacceptableFile(_("无法识别 Office 文件“%(name)s”的类型") % {"name": name})
    elif head.startswith(b"PK\x03\x04"):
        code = _zip_code(fileobj, name)
    elif head.startswith(b"{\\rtf"):
        code = "rtf"
    else:
        code = _media_code(head, name)
    fileobj.seek(0)
    if code is None:
        raise UnacceptableFile(_("无法识别文件“%(name)s”的类型") % {"name": name})
    return TYPES[code]


def _media_code(head: bytes, name: str) -> str | None:
    for matcher in (filetype_lib.image_match, filetype_lib.audio_match, filetype_lib.video_match):
        kind = matcher(head)
        if kind is not None:
            code = FILETYPE_CODES.get(kind.extension)
            if code == "wmv" and _extension(name) == "wma":  # ASF holds audio and video alike
                return "wma"
            return code
    return None


def check_extension(name: str, detected: FileType) -> None:
    """Refuse a name whose extension claims another kind of file than the content."""
    extension = _extension(name)
    if not extension:
        return
    if family_of_extension(extension) != detected.family:
        raise UnacceptableFile(
            _("文件“%(name)s”的扩展名与内容不符（内容是%(label)s）") % {"name": name, "label": detected.label}
        )
