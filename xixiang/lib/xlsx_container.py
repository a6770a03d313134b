"""The zip container of an uploaded workbook, checked before any parser sees it.

Every xlsx the application reads goes through `Container` (the roster with its own limits,
households/roster/container.py; every other upload through `xixiang.lib.excel.read_rows`).
Checks, in order (each failure raises UnreadableWorkbook with a message in the active language):
- the file's size, before anything is read; its first bytes: an xlsx is a zip; an old .xls
  (or an encrypted workbook), a PDF or a CSV/text file is named as such;
- the zip directory: member count, total declared size, compression ratio of each member,
  compression method, and the members an xlsx must have;
- every member is inflated once with a bounded buffer: its real size must equal the declared
  one (a zip bomb that lies about its sizes stops here) and its CRC must match; XML members
  may not declare a DOCTYPE or entities; worksheets holding formulas are noted;
- with `Limits.max_cells`, the cells of the worksheets are counted as they are inflated, and
  the area calamine would allocate for each sheet (it keeps a sheet as a dense rectangle from
  its first to its last cell holding a value: two cells at A1 and XFD1048576 are 17 billion) is
  bounded too. `SheetArea` finds where a sheet's cells lie; the roster uses it for its windows
  (households/roster/container.check_window).

Limits for small uploads (the score grid, the assistance records; `upload_limits()`), each a
Django setting:

XLSX_MAX_UPLOAD_BYTES         largest file accepted (default 5 MB)
XLSX_MAX_UNCOMPRESSED_BYTES   largest total of the members' declared sizes (default 50 MB)
XLSX_MAX_COMPRESSION_RATIO    largest size / compressed size of one member (default 200)
XLSX_MAX_ZIP_MEMBERS          most files inside the workbook (default 200)
XLSX_MAX_CELLS                most cells in all worksheets, and largest area of one (default 300,000)
"""

import codecs
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from defusedxml import ElementTree
from django.conf import settings
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024
_ENTITY = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
WORKSHEETS = "xl/worksheets/"


class UnreadableWorkbook(ValueError):
    """The upload cannot be read as a workbook at all; str(exc) is a message in the active language."""


@dataclass(frozen=True)
class Limits:
    """What a workbook may be; `max_cells` None: cells are not counted (the roster reads in windows)."""

    max_upload_bytes: int = 5 * 1024 * 1024
    max_uncompressed_bytes: int = 50 * 1024 * 1024
    max_compression_ratio: int = 200
    max_members: int = 200
    max_cells: int | None = 300_000


def upload_limits() -> Limits:
    """The limits of small uploads, from the XLSX_* settings (module docstring)."""
    defaults = Limits()
    return Limits(
        max_upload_bytes=getattr(settings, "XLSX_MAX_UPLOAD_BYTES", defaults.max_upload_bytes),
        max_uncompressed_bytes=getattr(settings, "XLSX_MAX_UNCOMPRESSED_BYTES", defaults.max_uncompressed_bytes),
        max_compression_ratio=getattr(settings, "XLSX_MAX_COMPRESSION_RATIO", defaults.max_compression_ratio),
        max_members=getattr(settings, "XLSX_MAX_ZIP_MEMBERS", defaults.max_members),
        max_cells=getattr(settings, "XLSX_MAX_CELLS", defaults.max_cells),
    )


@contextmanager
def _opened(source):
    """A binary file for `source`: a path is opened (and closed after), a file is rewound."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as fp:
            yield fp
    else:
        source.seek(0)
        yield source


class Container:
    """A workbook's zip directory, checked (module docstring); members are verified on demand.

    `source` is a path or a seekable binary file (an uploaded file). `verify(names)` inflates the
    named members once and checks them; `chunks(name)` gives one member's inflated bytes while
    checking them, for a reader that wants them anyway (the roster's windows.py).
    `formula_members` collects the worksheets seen to hold formulas.
    """

    def __init__(self, source, limits: Limits):
        self.path = source
        self.limits = limits
        self.infos: dict[str, zipfile.ZipInfo] = {}
        self.formula_members: set[str] = set()
        self.cells = 0  # cells seen in the worksheets verified so far (with max_cells)
        self._open()

    def _open(self) -> None:
        with _opened(self.path) as fp:
            fp.seek(0, 2)
            size = fp.tell()
            fp.seek(0)
            head = fp.read(512)
            if size == 0:
                raise UnreadableWorkbook(_("文件是空的"))
            if size > self.limits.max_upload_bytes:
                raise UnreadableWorkbook(
                    _("文件太大（%(size).1f MB），上限为 %(limit).0f MB")
                    % {"size": size / 1048576, "limit": self.limits.max_upload_bytes / 1048576}
                )
            _sniff(head)
            try:
                with zipfile.ZipFile(fp) as archive:
                    infos = archive.infolist()
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise UnreadableWorkbook(_("文件已损坏（不是完整的 xlsx 压缩包）")) from exc
        _check_directory(infos, self.limits)
        self.infos = {info.filename: info for info in infos if not info.is_dir()}

    def verify(self, names) -> None:
        """Inflate and check each named member; raise UnreadableWorkbook at the first problem.
        Worksheets seen to hold formulas are added to `formula_members`; with `max_cells`, their
        cells are counted."""
        with _opened(self.path) as fp:
            for name in names:
                before = b""
                has_formula = False
                worksheet = name.startswith(WORKSHEETS) and name.endswith(".xml")
                counter = _CellCounter(self) if worksheet and self.limits.max_cells is not None else None
                for data in self._checked(fp, self.infos[name]):
                    if not has_formula and worksheet:
                        window = before + data
                        has_formula = has_formula_end(window)
                        before = window[-3:]
                    if counter is not None:
                        counter.feed(data)
                if counter is not None:
                    counter.end()
                if has_formula:
                    self.formula_members.add(name)

    def chunks(self, name: str) -> Iterator[bytes]:
        """The member's inflated bytes in pieces, each checked before it is given out; the size and
        CRC are confirmed after the last piece (an error then raises UnreadableWorkbook)."""
        with _opened(self.path) as fp:
            yield from self._checked(fp, self.infos[name])

    def _checked(self, fp, info: zipfile.ZipInfo) -> Iterator[bytes]:
        check_entities = info.filename.endswith((".xml", ".rels", ".vml"))
        for data in _inflate(fp, info):
            if check_entities and _ENTITY.search(data[:65536]):
                raise UnreadableWorkbook(_("工作簿包含 XML 实体声明（DOCTYPE/ENTITY），出于安全原因拒绝读取"))
            check_entities = False
            yield data


# One <c> or <row> start tag (any namespace prefix), its attributes, and ">" when the tag ends
# within _TAG_ATTRIBUTES characters. No match holds a second "<", and none is longer than _TAG_SPAN.
_TAG_ATTRIBUTES = 512
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?(c|row)(?=[\s/>])([^<>]{0,%d})(>?)" % _TAG_ATTRIBUTES)
_TAG_SPAN = 1 + 33 + 3 + _TAG_ATTRIBUTES + 1
_REF = re.compile(rb"""\br\s*=\s*["']([A-Za-z]*)(\d*)["']""")
# The same tags in the plain form every writer we know uses: no prefix, the reference first, in
# double quotes, upper-case letters (one to three) for a cell and none for a row, a row number
# without leading zeros. Each match is one of _TAG's (the whole tag fits its attribute limit),
# so when both find as many tags in a piece, every tag there is plain (SheetArea._plain).
_PLAIN_TAG = re.compile(rb'<(?:c r="([A-Z]{1,3})|row r=")([1-9][0-9]{0,6})"([^<>]{0,480})>')


class SheetArea:
    """Where one worksheet's cells lie, as its XML goes by in pieces (`feed`, then `end`): `cells`
    counts every <c>; the first and last row and column are those of the cells calamine keeps (all
    but an empty <c …/>), between which it allocates a dense rectangle. `widest` and `lowest`
    are (row, column) of the kept cell furthest right and furthest down. Rows and columns are
    1-based; a cell or row without a reference follows the one before, as calamine places it."""

    def __init__(self):
        self.carry = b""
        self.row = 0  # the current row
        self.column = 0  # the column of the last cell in the current row
        self.cells = 0
        self.first_row = self.first_column = 0  # 0: no cell kept yet
        self.last_row = self.last_column = 0
        self.widest = self.lowest = (0, 0)

    @property
    def area(self) -> int:
        """Rows × columns of the rectangle calamine allocates for the cells seen so far."""
        if not self.first_row:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_column - self.first_column + 1)

    def feed(self, data: bytes, *, final: bool = False) -> int:
        """Take the next piece of the sheet's XML; the number of <c> tags it completed."""
        window = self.carry + data
        if final:
            cut = len(window)
        else:
            # Tags starting before `cut` are read now. A tag holds no second "<" and is at most
            # _TAG_SPAN long, so cutting at a "<" (or where none is near) splits no tag.
            limit = max(len(window) - _TAG_SPAN, 0)
            before = window.rfind(b"<", max(limit - _TAG_SPAN, 0), limit)
            cut = before if before >= 0 else limit
        self.carry = window[cut:]
        plain = _PLAIN_TAG.findall(window, 0, cut)
        if len(plain) == len(_TAG.findall(window, 0, cut)):
            cells = self._plain(plain)
        else:
            cells = self._tags(window, cut)
        self.cells += cells
        return cells

    def _tags(self, window: bytes, cut: int) -> int:
        """Every tag of window[:cut] one by one (any prefix, reference or attribute order)."""
        cells = 0
        for match in _TAG.finditer(window, 0, cut):
            kind, attributes, closed = match.groups()
            if not closed:
                raise UnreadableWorkbook(_("工作表的格式异常（单元格标记过长），已拒绝读取"))
            ref = _REF.search(attributes)
            if kind == b"row":
                self.row = int(ref.group(2)) if ref and ref.group(2) else self.row + 1
                self.column = 0
                continue
            cells += 1
            if ref and ref.group(1):
                self.column = column_number(ref.group(1))
            else:
                self.column += 1
            if ref and ref.group(2):
                self.row = int(ref.group(2))
            if not attributes.endswith(b"/"):
                self._keep(self.row, self.column)
        return cells

    def _plain(self, tags: list[tuple[bytes, bytes, bytes]]) -> int:
        """What `_tags` does, for tags all written `<row r="7" …>` or `<c r="B7" …>` (what Excel,
        openpyxl and our own exports write): every cell names its column and row, so its place
        needs no row before it, and the first and last places come from the distinct column
        letters and row numbers at C speed (~0.1 µs a cell instead of ~3 µs)."""
        if not tags:
            return 0
        letters = [column for column, _row, _rest in tags if column]
        kept = [(column, row) for column, row, rest in tags if column and not rest.endswith(b"/")]
        last_letters, last_row, _rest = tags[-1]
        self.row = int(last_row)
        self.column = column_number(last_letters) if last_letters else 0
        if kept:
            columns = {text: column_number(text) for text in {column for column, _row in kept}}
            rows = {text: int(text) for text in {row for _column, row in kept}}
            if not self.first_row:
                self.first_row, self.first_column = rows[kept[0][1]], columns[kept[0][0]]
            self.first_row = min(self.first_row, *rows.values())
            self.first_column = min(self.first_column, *columns.values())
            widest = max(columns.values())
            if widest > self.last_column:
                text = next(text for text, number in columns.items() if number == widest)
                at = [column for column, _row in kept].index(text)
                self.last_column, self.widest = widest, (rows[kept[at][1]], widest)
            lowest = max(rows.values())
            if lowest > self.last_row:
                text = next(text for text, number in rows.items() if number == lowest)
                at = [row for _column, row in kept].index(text)
                self.last_row, self.lowest = lowest, (lowest, columns[kept[at][0]])
        return len(letters)

    def _keep(self, row: int, column: int) -> None:
        if not self.first_row:
            self.first_row, self.first_column = row, column
        self.first_row = min(self.first_row, row)
        self.first_column = min(self.first_column, column)
        if column > self.last_column:
            self.last_column, self.widest = column, (row, column)
        if row > self.last_row:
            self.last_row, self.lowest = row, (row, column)

    def end(self) -> int:
        return self.feed(b"", final=True)


class _CellCounter:
    """Counts one worksheet's cells for the container's `max_cells`, and the rows × columns that
    calamine would allocate from A1 up to its last kept cell (SheetArea)."""

    def __init__(self, container: Container):
        self.container = container
        self.limit = container.limits.max_cells
        self.area = SheetArea()

    def feed(self, data: bytes, *, final: bool = False) -> None:
        self.container.cells += self.area.feed(data, final=final)
        if self.container.cells > self.limit:
            raise UnreadableWorkbook(
                _("工作簿的单元格过多（超过 %(limit)s 个）；请检查文件，或分成几个文件上传") % {"limit": self.limit}
            )
        last_row, last_column = self.area.last_row, self.area.last_column
        if last_row * last_column > self.limit:
            raise UnreadableWorkbook(
                _(
                    "工作表的数据区域过大（%(rows)s 行 × %(columns)s "
                    "列，上限为 %(limit)s 个单元格）；请删除远处多余的单元格后再上传"
                )
                % {"rows": last_row, "columns": last_column, "limit": self.limit}
            )

    def end(self) -> None:
        self.feed(b"", final=True)


def column_number(letters: bytes) -> int:
    """1-based number of a column's letters (b"A" → 1, b"xfd" → 16384; calamine takes either case)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + (letter - 64)
    return number


def column_letters(number: int) -> str:
    """The letters of a 1-based column number (16384 → "XFD")."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_RARE_LIMIT = 1000  # occurrences of a rare byte looked at one by one before a plain search is cheaper


def _contains(window: bytes, pattern: bytes, rare: int) -> bool:
    """Whether pattern is in window, looked for through its rare byte pattern[rare] with memchr:
    a plain search is several times slower because "<" and ">" are everywhere in XML."""
    byte = pattern[rare : rare + 1]
    position = window.find(byte)
    for _seen in range(_RARE_LIMIT):
        if position < 0:
            return False
        if position >= rare and window.startswith(pattern, position - rare):
            return True
        position = window.find(byte, position + 1)
    return pattern in window


def has_markup(window: bytes) -> bool:
    """Whether the XML opens a comment, CDATA section or DOCTYPE ("<!") or a processing
    instruction ("<?")."""
    return _contains(window, b"<!", 1) or _contains(window, b"<?", 1)


def has_formula_end(window: bytes) -> bool:
    """Whether the XML holds the end of a formula element, "</f>" or "…:f>" (every worksheet with
    formulas has one: a shared formula's first cell holds its text). A false positive (a text
    holding ":f>") only costs a closer look."""
    return _contains(window, b"</f>", 2) or _contains(window, b":f>", 1)


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
        raise UnreadableWorkbook(
            _("这是旧版 Excel（.xls）文件或加密的工作簿；请在 Excel 中“另存为” .xlsx 格式（不加密码）后上传")
        )
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


def check_container(source, limits: Limits) -> Container:
    """Check the file and every member before calamine or openpyxl parses it (module docstring)."""
    container = Container(source, limits)
    container.verify(container.infos)
    return container


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_members:
        raise UnreadableWorkbook(
            _("压缩包内文件过多（%(count)s 个），疑似不是正常的 Excel 工作簿") % {"count": len(infos)}
        )
    names = {info.filename for info in infos}
    if any(name not in names for name in REQUIRED_MEMBERS):
        raise UnreadableWorkbook(_("文件是压缩包，但不是 Excel 工作簿（.xlsx）"))
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise UnreadableWorkbook(
            _("工作簿解压后过大（%(size).0f MB），疑似“压缩炸弹”，已拒绝读取") % {"size": total / 1048576}
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnreadableWorkbook(_("工作簿已加密；请去掉密码后再上传"))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnreadableWorkbook(_("工作簿使用了不支持的压缩方式"))
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_compression_ratio * max(info.compress_size, 1):
            raise UnreadableWorkbook(
                _("工作簿中的“%(member)s”压缩比异常（%(ratio)s 倍），疑似“压缩炸弹”，已拒绝读取")
                % {"member": info.filename, "ratio": info.file_size // max(info.compress_size, 1)}
            )


@dataclass(frozen=True)
class WorkbookParts:
    """What a reader needs from xl/workbook.xml and its relationships (members as zip paths)."""

    sheets: dict[str, str]  # sheet name → worksheet member, in the workbook's order
    styles: str | None
    shared_strings: str | None
    date1904: bool


def workbook_parts(source) -> WorkbookParts:
    """Read xl/workbook.xml and xl/_rels/workbook.xml.rels (both already verified, and parsed
    with defusedxml)."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        with _opened(source) as fp, zipfile.ZipFile(fp) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            try:
                rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            except KeyError:
                rels = ()
    except ElementTree.ParseError as exc:
        raise UnreadableWorkbook(_("无法读取工作簿：%(error)s") % {"error": exc}) from exc
    targets, kinds = {}, {}
    for item in rels:
        target = item.get("Target", "")
        targets[item.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        kinds[item.get("Type", "").rsplit("/", 1)[-1]] = targets[item.get("Id")]
    sheets = {}
    for sheet in workbook.iter(f"{main}sheet"):
        target = targets.get(sheet.get(f"{rel}id"))
        if target:
            sheets[sheet.get("name")] = target
    properties = workbook.find(f"{main}workbookPr")
    date1904 = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
    return WorkbookParts(sheets, kinds.get("styles"), kinds.get("sharedStrings"), date1904)
