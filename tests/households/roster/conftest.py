"""Roster test helpers: workbooks built with openpyxl in a temporary directory."""

import pytest
from openpyxl import Workbook

from households.roster.columns import HOUSEHOLD_COLUMNS, HOUSEHOLD_SHEET, MEMBER_COLUMNS, MEMBER_SHEET
from tests.factories import next_id_number

HOUSEHOLD_HEADERS = [column.header for column in HOUSEHOLD_COLUMNS]
MEMBER_HEADERS = [column.header for column in MEMBER_COLUMNS]
GROUP = "61072410020101"  # 城关镇 五丰村 一组 of the `world` fixture
OTHER_GROUP = "61072410820101"  # 峡口镇 江榜村 一组


def household_row(number: str, head_id: str, **values) -> dict:
    row = {
        "户编号": number, "户主姓名": "张三丰", "户主身份证号": head_id, "联系电话": "13912345678",
        "家庭人口": 3, "劳动力人数": 2, "主导产业": "茶叶、生猪", "有增收项目": "是", "特殊困难": "无",
        "年度": 2009, "家庭总收入": 15000, "家庭经营费用支出": 3000, "税费支出": 0,
        "生产性固定资产折旧": 0, "赠送农村内部亲友支出": 0, "户类别": "", "产业大户": "", "大户产业规模": "",
    }
    row.update(values)
    return row


def member_row(number: str, id_number: str, **values) -> dict:
    row = {"户编号": number, "姓名": "张小明", "身份证号": id_number, "与户主关系": "子", "性别": "",
           "劳动能力": "有", "健康状况": "健康"}
    row.update(values)
    return row


def write_workbook(path, households=(), members=None, *, household_headers=None, member_headers=None,
                   title_rows=(), sheets=None):
    """An xlsx with sheet 农户 (and 家庭成员 unless members is None); rows are header → value dicts."""
    wb = Workbook()
    wb.remove(wb.active)
    plan = sheets or [(HOUSEHOLD_SHEET, household_headers or HOUSEHOLD_HEADERS, households)]
    if sheets is None and members is not None:
        plan.append((MEMBER_SHEET, member_headers or MEMBER_HEADERS, members))
    for name, headers, rows in plan:
        ws = wb.create_sheet(name)
        for title in title_rows:
            ws.append([title])
        ws.append(headers)
        for row in rows:
            ws.append([row.get(header, "") for header in headers])
    wb.save(path)
    return path


@pytest.fixture(autouse=True)
def roster_environment(settings, tmp_path):
    """Tasks run at once, uploads and progress files go to a temporary directory, and sheets
    are read in windows of 1,500 bytes of XML (a few rows), so that every test reads across window boundaries.

    (The root conftest sets DJANGO_TASKS_BACKEND and XIXIANG_VAR_DIR after pytest-django has
    already read the settings, so they are set here explicitly.)
    """
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.VAR_DIR = tmp_path / "var"
    settings.ROSTER_WINDOW_BYTES = 1500
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media"), "base_url": settings.MEDIA_URL},
    }}


@pytest.fixture
def new_ids():
    """A maker of fresh valid ID numbers (odd = male)."""
    return next_id_number


def rewrite_member(path, member: str, transform) -> None:
    """Replace one file inside the xlsx with transform(its bytes)."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            target.writestr(info.filename, transform(data) if info.filename == member else data)


def patch_declared_size(path, member: str, size: int) -> None:
    """Make the zip directory lie about a member's uncompressed size (local and central headers)."""
    import struct
    import zipfile

    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(member).header_offset
    data = bytearray(open(path, "rb").read())
    data[offset + 22:offset + 26] = struct.pack("<I", size)
    name = member.encode()
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        name_length = struct.unpack("<H", data[position + 28:position + 30])[0]
        if data[position + 46:position + 46 + name_length] == name:
            data[position + 24:position + 28] = struct.pack("<I", size)
        position = data.find(b"PK\x01\x02", position + 4)
    open(path, "wb").write(bytes(data))
