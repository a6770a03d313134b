"""Bad input at the container and sheet level: each refused with a clear Chinese message and,
where an import runs, nothing stored."""

import zipfile

import openpyxl
import pytest
from defusedxml import EntitiesForbidden

from households.models import Household, IncomeRecord, Member
from households.roster.columns import HOUSEHOLD_COLUMNS, HOUSEHOLD_SHEET
from households.roster.container import check_container
from households.roster.engine import RosterImport
from households.roster.reader import Workbook
from xixiang.lib.xlsx_container import UnreadableWorkbook

from .conftest import GROUP, household_row, patch_declared_size, rewrite_member, write_workbook

SHEET_XML = "xl/worksheets/sheet1.xml"
ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)


@pytest.fixture
def valid(tmp_path, new_ids):
    return write_workbook(tmp_path / "roster.xlsx", [household_row(f"{GROUP}050", new_ids())], [])


def counts():
    return Household.objects.count(), IncomeRecord.objects.count(), Member.objects.count()


def refused(path, world) -> str:
    """Run a commit; it must store nothing; return the fatal message."""
    before = counts()
    outcome = RosterImport(path, actor=world.users["admin"], commit=True).run()
    assert counts() == before
    assert not outcome.committed
    return outcome.fatal


def test_a_renamed_pdf_is_named_as_a_pdf(tmp_path, world):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
    assert refused(path, world) == "这是 PDF 文件，不是 Excel 工作簿；请上传 .xlsx 文件"


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_csv_file_is_named_as_text(tmp_path, world, encoding):
    path = tmp_path / "roster.xlsx"
    path.write_text("户编号,户主姓名\n61072410020101001,张三\n", encoding=encoding)
    assert refused(path, world) == "这是文本（CSV）文件，不是 Excel 工作簿；请在 Excel 中“另存为” .xlsx 格式后上传"


def test_an_old_xls_file_is_named_as_such(tmp_path, world):
    path = tmp_path / "roster.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    assert (
        refused(path, world)
        == "这是旧版 Excel（.xls）文件或加密的工作簿；请在 Excel 中“另存为” .xlsx 格式（不加密码）后上传"
    )


def test_a_truncated_zip_is_corrupt(valid, world):
    data = valid.read_bytes()
    valid.write_bytes(data[: len(data) // 2])
    assert refused(valid, world) == "文件已损坏（不是完整的 xlsx 压缩包）"


def test_damaged_compressed_data_is_corrupt(valid, world):
    with zipfile.ZipFile(valid) as archive:
        info = archive.getinfo(SHEET_XML)
    data = bytearray(valid.read_bytes())
    start = info.header_offset + 30 + len(SHEET_XML)
    for index in range(start + 10, start + min(info.compress_size, 200)):
        data[index] ^= 0x5A
    valid.write_bytes(bytes(data))
    assert refused(valid, world) in {"文件已损坏（压缩数据无法解压）", "文件已损坏（校验失败）"}


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path, world):
    path = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert refused(path, world) == "文件是压缩包，但不是 Excel 工作簿（.xlsx）"


def test_a_member_with_an_extreme_compression_ratio_is_refused_before_parsing(valid, world):
    rewrite_member(valid, SHEET_XML, lambda data: data + b"<!--" + b" " * 5_000_000 + b"-->")
    ratio = _ratio(valid)
    assert ratio > 200
    assert refused(valid, world) == f"工作簿中的“{SHEET_XML}”压缩比异常（{ratio} 倍），疑似“压缩炸弹”，已拒绝读取"


def _ratio(path) -> int:
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET_XML)
    return info.file_size // info.compress_size


def test_a_workbook_whose_declared_sizes_are_too_large_is_refused(valid, world, settings):
    settings.ROSTER_MAX_UNCOMPRESSED_BYTES = 10_000
    assert refused(valid, world).startswith("工作簿解压后过大（")


def test_a_member_that_inflates_beyond_its_declared_size_is_refused(valid, world):
    patch_declared_size(valid, SHEET_XML, 100)
    assert refused(valid, world) == "文件解压后的实际大小超过其声明的大小（疑似“压缩炸弹”），已拒绝读取"


def test_too_many_members_are_refused(valid, world, settings):
    settings.ROSTER_MAX_ZIP_MEMBERS = 5
    assert refused(valid, world) == "压缩包内文件过多（10 个），疑似不是正常的 Excel 工作簿"


def test_an_xml_entity_declaration_is_refused_before_any_parser_sees_it(valid, world):
    rewrite_member(valid, SHEET_XML, lambda data: ENTITY_BOMB + data)
    assert refused(valid, world) == "工作簿包含 XML 实体声明（DOCTYPE/ENTITY），出于安全原因拒绝读取"


def test_openpyxl_parses_with_defusedxml_so_entities_are_forbidden_there_too(valid):
    rewrite_member(valid, SHEET_XML, lambda data: ENTITY_BOMB + data.replace(b"<t>", b"<t>&lol2;", 1))
    assert openpyxl.DEFUSEDXML is True
    assert openpyxl.xml.functions.fromstring.__module__.startswith("defusedxml.")
    with pytest.raises(ValueError, match="Unable to read workbook") as refused_by_openpyxl:
        openpyxl.load_workbook(valid)
    cause = refused_by_openpyxl.value.__cause__ or refused_by_openpyxl.value.__context__
    assert isinstance(cause, EntitiesForbidden)


def test_a_sheet_whose_dimension_tag_lies_is_read_in_full(tmp_path, new_ids):
    rows = [household_row(f"{GROUP}{index:03d}", new_ids()) for index in range(1, 41)]
    path = write_workbook(tmp_path / "roster.xlsx", rows)
    rewrite_member(
        path, SHEET_XML, lambda data: data.replace(b'<dimension ref="A1:R41" />', b'<dimension ref="A1:B2" />')
    )
    assert b'<dimension ref="A1:B2" />' in zipfile.ZipFile(path).read(SHEET_XML)
    with Workbook(path) as workbook:
        stream = workbook.sheet(HOUSEHOLD_SHEET, HOUSEHOLD_COLUMNS)
        numbers = [cells[0] for _row, cells in stream.rows()]
    assert numbers == [row["户编号"] for row in rows]


def test_the_container_check_notes_worksheets_that_hold_formulas(tmp_path):
    path = write_workbook(tmp_path / "roster.xlsx", [{"户编号": "=1+1"}])
    assert check_container(path).formula_members == {SHEET_XML}


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"")
    with pytest.raises(UnreadableWorkbook, match="^文件是空的$"):
        check_container(path)


def test_a_stored_member_is_verified_like_a_deflated_one(tmp_path, new_ids):
    path = tmp_path / "roster.xlsx"
    source = write_workbook(tmp_path / "source.xlsx", [household_row(f"{GROUP}050", new_ids())])
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as target:
        for info in archive.infolist():
            target.writestr(info.filename, archive.read(info.filename))
    assert zipfile.ZipFile(path).getinfo(SHEET_XML).compress_type == zipfile.ZIP_STORED
    assert check_container(path).formula_members == set()


def test_a_sheet_listed_in_the_workbook_but_missing_from_the_file_is_refused(valid, world):
    with zipfile.ZipFile(valid) as archive:
        items = [(name, archive.read(name)) for name in archive.namelist() if name != SHEET_XML]
    with zipfile.ZipFile(valid, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            archive.writestr(name, data)
    assert refused(valid, world) == "无法读取工作表“农户”：工作簿中没有这个工作表"
