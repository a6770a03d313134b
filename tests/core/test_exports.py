"""xixiang.core.exports: every xlsx download is one exporter sent by one streamed response."""

import io
import random

import openpyxl
import pytest
from django.http import FileResponse
from django.urls import reverse

from xixiang.core.exports import SPOOL_BYTES, Export, xlsx_response
from xixiang.lib.excel import Sheet, read_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NamesExport(Export):
    filename = "帮扶名单.xlsx"
    default_stem = "names"

    def __init__(self, rows):
        self.rows = rows

    def sheets(self):
        yield Sheet("名单", ["村编码", "村名", "分数"], iter(self.rows), widths=[15, 10, 6])


class FilledTemplateExport(Export):
    """A workbook that is more than rows: it writes itself."""

    filename = "Template 2009.xlsx"

    def write(self, out):
        workbook = openpyxl.Workbook()
        workbook.active.title = "填写"
        workbook.active["A1"] = "户编号"
        workbook.save(out)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_response_streams_the_workbook_as_an_attachment_with_its_chinese_name():
    response = xlsx_response(NamesExport([["610724100201", "五丰村", 26.9], ["610724108201", "=江榜村", None]]))
    assert isinstance(response, FileResponse) and response.streaming
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        "attachment; filename=\"names.xlsx\"; filename*=UTF-8''%E5%B8%AE%E6%89%B6%E5%90%8D%E5%8D%95.xlsx"
    )
    content = body(response)
    assert int(response["Content-Length"]) == len(content)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["名单"]
    assert list(workbook["名单"].values) == [
        ("村编码", "村名", "分数"),
        ("610724100201", "五丰村", 26.9),
        ("610724108201", "=江榜村", None),
    ]
    assert workbook["名单"]["B3"].data_type == "s"  # text that looks like a formula stays text


def test_an_export_that_writes_itself_goes_through_the_same_response():
    response = xlsx_response(FilledTemplateExport())
    assert response["Content-Type"] == XLSX
    assert (
        response["Content-Disposition"]
        == "attachment; filename=\"Template 2009.xlsx\"; filename*=UTF-8''Template%202009.xlsx"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    assert [(ws.title, ws["A1"].value) for ws in workbook] == [("填写", "户编号")]


def test_an_export_that_fails_while_writing_raises_instead_of_sending_half_a_file():
    def rows():
        yield ["610724100201", "五丰村", 26.9]
        raise ValueError("the database went away")

    with pytest.raises(ValueError, match="the database went away"):
        xlsx_response(NamesExport(rows()))


def test_a_workbook_larger_than_the_spool_goes_to_disk_and_is_sent_whole():
    numbers = random.Random(12)
    rows = [[numbers.randrange(10**15) for _ in range(8)] for _ in range(11_000)]  # ~12 bytes a cell, zipped
    response = xlsx_response(NamesExport(rows))
    content = body(response)
    assert int(response["Content-Length"]) == len(content) > SPOOL_BYTES
    _header, read = read_rows(content)
    assert [values for _number, values in read] == rows


def test_an_export_url_is_not_cached(world):
    response = world.client_for("clerk_chengguan").get(reverse("assistance:record_export"))
    assert (response.status_code, response["Cache-Control"], response["Content-Type"]) == (200, "no-store", XLSX)
