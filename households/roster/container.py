"""The zip container of a roster workbook, checked before any parser sees it.

Checks, in order (each failure raises UnreadableWorkbook with a message in the active language):
- the file's first bytes: an xlsx is a zip; an old .xls (or an encrypted workbook), a PDF or a
  CSV/text file is named as such;
- the zip directory: member count, total declared size, compression ratio of each member,
  compression method, and the members an xlsx must have;
- every member is inflated once with a bounded buffer: its real size must equal the declared
  one (a zip bomb that lies about its sizes stops here) and its CRC must match; XML members
  may not declare a DOCTYPE or entities; worksheets holding formulas are noted, and their
  formula cells without a cached value can be listed.
"""

import codecs
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from defusedxml import ElementTree
from django.utils.translation import gettext as _

from . import conf

CHUNK = 1024 * 1024
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # a formula element inside one cell
_ENTITY = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_CACHED_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>|<(?:\w+:)?is>")
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
#: Lazy: turn it into str (in the language of the import) where a problem is recorded.


class UnreadableWorkbook(Exception):
    """The file cannot be read as a roster workbook at all; str(exc) is in the active language."""


@dataclass
class Container:
    """What the container check learnt: worksheet member paths that hold formulas."""

    formula_members: set[str] = field(default_factory=set)


def _decodes(head: bytes) -> bool:
    """Whether the bytes read as UTF-8 or GBK text (what Excel in China saves a CSV as)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return True
        except UnicodeDecodeError:
            continue
    return False


def _sniff(head: bytes) -> None:
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableWorkbook(_("这是旧版 Excel（.xls）文件或加密的工作簿；请在 Excel 中“另存为” .xlsx 格式（不加密码）后上传"))
    if head.startswith(b"%PDF"):
        raise UnreadableWorkbook(_("这是 PDF 文件，不是 Excel 工作簿；请上传 .xlsx 文件"))
    if b"\x00" not in head and _decodes(head):
        raise UnreadableWorkbook(_("这是文本（CSV）文件，不是 Excel 工作簿；请在 Excel 中“另存为” .xlsx 格式后上传"))
    raise UnreadableWorkbook(_("文件不是 Excel 工作簿（.xlsx）"))


def _inflate(fp, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes, inflated in bounded pieces; never more than its declared size."""
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise UnreadableWorkbook(_("文件已损坏（压缩包结构不完整）"))
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_length + extra_length)
    remaining = info.compress_size
    produced = 0
    crc = 0
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while remaining > 0 or (inflater is not None and inflater.unconsumed_tail):
        if inflater is not None and inflater.unconsumed_tail:
            raw = inflater.unconsumed_tail
        else:
            raw = fp.read(min(CHUNK, remaining))
            if not raw:
                raise UnreadableWorkbook(_("文件已损坏（压缩数据不完整）"))
            remaining -= len(raw)
        try:
            data = inflater.decompress(raw, CHUNK) if inflater is not None else raw
        except zlib.error as exc:
            raise UnreadableWorkbook(_("文件已损坏（压缩数据无法解压）")) from exc
        produced += len(data)
        if produced > info.file_size:
            raise UnreadableWorkbook(_("文件解压后的实际大小超过其声明的大小（疑似“压缩炸弹”），已拒绝读取"))
        crc = zlib.crc32(data, crc)
        if data:
            yield data
    if produced != info.file_size or crc != info.CRC:
        raise UnreadableWorkbook(_("文件已损坏（校验失败）"))


def check_container(path) -> Container:
    """Check the file before calamine or openpyxl parses it (module docstring)."""
    with open(path, "rb") as fp:
        head = fp.read(512)
        fp.seek(0, 2)
        size = fp.tell()
    if size == 0:
        raise UnreadableWorkbook(_("文件是空的"))
    if size > conf.get("ROSTER_MAX_UPLOAD_BYTES"):
        raise UnreadableWorkbook(_("文件太大（%(size).1f MB），上限为 %(limit).0f MB") % {
            "size": size / 1048576, "limit": conf.get("ROSTER_MAX_UPLOAD_BYTES") / 1048576})
    _sniff(head)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UnreadableWorkbook(_("文件已损坏（不是完整的 xlsx 压缩包）")) from exc
    with archive:
        infos = archive.infolist()
        _check_directory(infos)
        container = Container()
        with open(path, "rb") as fp:
            for info in infos:
                if info.is_dir():
                    continue
                _scan_member(fp, info, container)
    return container


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > conf.get("ROSTER_MAX_ZIP_MEMBERS"):
        raise UnreadableWorkbook(_("压缩包内文件过多（%(count)s 个），疑似不是正常的 Excel 工作簿") % {"count": len(infos)})
    names = {info.filename for info in infos}
    if any(name not in names for name in REQUIRED_MEMBERS):
        raise UnreadableWorkbook(_("文件是压缩包，但不是 Excel 工作簿（.xlsx）"))
    total = sum(info.file_size for info in infos)
    if total > conf.get("ROSTER_MAX_UNCOMPRESSED_BYTES"):
        raise UnreadableWorkbook(_("工作簿解压后过大（%(size).0f MB），疑似“压缩炸弹”，已拒绝读取") % {"size": total / 1048576})
    ratio_limit = conf.get("ROSTER_MAX_COMPRESSION_RATIO")
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnreadableWorkbook(_("工作簿已加密；请去掉密码后再上传"))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnreadableWorkbook(_("工作簿使用了不支持的压缩方式"))
        if info.file_size > 1024 * 1024 and info.file_size > ratio_limit * max(info.compress_size, 1):
            raise UnreadableWorkbook(
                _("工作簿中的“%(member)s”压缩比异常（%(ratio)s 倍），疑似“压缩炸弹”，已拒绝读取")
                % {"member": info.filename, "ratio": info.file_size // max(info.compress_size, 1)}
            )


def _scan_member(fp, info: zipfile.ZipInfo, container: Container) -> None:
    is_xml = info.filename.endswith((".xml", ".rels", ".vml"))
    is_sheet = info.filename.startswith("xl/worksheets/")
    first = True
    tail = b""
    has_formula = False
    for data in _inflate(fp, info):
        if is_xml and first and _ENTITY.search(data[:65536]):
            raise UnreadableWorkbook(_("工作簿包含 XML 实体声明（DOCTYPE/ENTITY），出于安全原因拒绝读取"))
        first = False
        if is_sheet and not has_formula:
            # Every formula sheet has an element ending "</f>" (a shared formula's first cell holds
            # its text); two plain searches are several times faster than a regex over every "<".
            # A false positive (a text holding ":f>") only costs the precise scan of that sheet.
            window = tail + data
            has_formula = window.find(b"</f>") >= 0 or window.find(b":f>") >= 0
            tail = window[-8:]
    if has_formula:
        container.formula_members.add(info.filename)


def sheet_members(path) -> dict[str, str]:
    """Sheet name → worksheet member path, from xl/workbook.xml and its relationships."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    with zipfile.ZipFile(path) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        try:
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        except KeyError:
            return {}
    targets = {}
    for item in rels:
        target = item.get("Target", "")
        targets[item.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    result = {}
    for sheet in workbook.iter(f"{main}sheet"):
        target = targets.get(sheet.get(f"{rel}id"))
        if target:
            result[sheet.get("name")] = target
    return result


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (letter - 64)
    return index - 1


def formula_cells_without_value(path, member: str) -> set[tuple[int, int]]:
    """(Excel row, 0-based column) of formula cells that carry no cached value."""
    holes = set()
    with zipfile.ZipFile(path) as archive, open(path, "rb") as fp:
        info = archive.getinfo(member)
        buffer = b""
        for data in _inflate(fp, info):
            buffer += data
            end = buffer.rfind(b"</row>")
            if end < 0:
                continue
            _collect_holes(buffer[: end + 6], holes)
            buffer = buffer[end + 6:]
        _collect_holes(buffer, holes)
    return holes


def _collect_holes(xml: bytes, holes: set) -> None:
    for match in _CELL.finditer(xml):
        body = match.group(2) or b""
        if _FORMULA.search(body) is None or _CACHED_VALUE.search(body):
            continue
        ref = _CELL_REF.search(match.group(1))
        if ref:
            holes.add((int(ref.group(2)), _column_index(ref.group(1))))
