import io
import unittest
from decimal import Decimal

from openpyxl import load_workbook

from xixiang.lib.excel import Sheet, write_xlsx


class WriteXlsxTests(unittest.TestCase):
    def setUp(self):
        rows = ([f"村{n}", n, Decimal("12.5")] for n in range(3))  # a generator: written row by row
        data = write_xlsx([Sheet("完整率", header=["村", "数", "率"], rows=rows, widths=[10, 6, 6],
                                 title_rows=["2009 年度"]),
                           Sheet("汇总/全县", header=["合计"], rows=[[3]])])
        self.workbook = load_workbook(io.BytesIO(data))

    def test_sheets_keep_their_titles_with_unsafe_characters_replaced(self):
        self.assertEqual(self.workbook.sheetnames, ["完整率", "汇总 全县"])

    def test_title_rows_come_before_a_bold_header_and_the_rows(self):
        sheet = self.workbook["完整率"]
        self.assertEqual(list(sheet.values), [("2009 年度", None, None), ("村", "数", "率"), ("村0", 0, 12.5),
                                              ("村1", 1, 12.5), ("村2", 2, 12.5)])
        self.assertTrue(sheet["A2"].font.bold)
        self.assertEqual(sheet.freeze_panes, "A3")
        self.assertEqual(sheet.column_dimensions["A"].width, 10)


def test_text_that_looks_like_a_formula_is_written_as_text():
    import io

    from openpyxl import load_workbook

    from xixiang.lib.excel import write_workbook

    data = write_workbook("导出", ["姓名", "备注"], [["=HYPERLINK(\"http://x\")", "+1"], ["@SUM(A1)", "-2"]])
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [sheet.cell(row=r, column=c) for r in (2, 3) for c in (1, 2)]
    assert [(c.value, c.data_type) for c in cells] == [
        ('=HYPERLINK("http://x")', "s"), ("+1", "s"), ("@SUM(A1)", "s"), ("-2", "s")]


def test_rows_that_raise_leave_no_temporary_files_behind(tmp_path, monkeypatch):
    import tempfile

    import pytest

    from xixiang.lib.excel import Sheet, write_xlsx

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # openpyxl's sheet files go here

    def rows():
        yield ["五丰村"]
        raise ValueError("the database went away")

    with pytest.raises(ValueError, match="the database went away"):
        write_xlsx([Sheet("完整率", header=["村"], rows=[["江榜村"]]), Sheet("汇总", header=["村"], rows=rows())])
    assert list(tmp_path.iterdir()) == []
