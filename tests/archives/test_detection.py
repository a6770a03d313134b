import io
import unittest

from archives import demo_files as samples
from archives.detection import UnacceptableFile, check_extension, detect
from archives.filetypes import TYPES

from . import samples as bad


def detected(data: bytes, name: str = "文件.bin") -> str:
    return detect(io.BytesIO(data), name).code


class ContentDetectionTests(unittest.TestCase):
    def test_pdf_is_recognised_by_its_signature(self):
        self.assertEqual(detected(samples.tiny_pdf(["x"])), "pdf")

    def test_jpeg_and_png_are_recognised(self):
        self.assertEqual(detected(samples.jpeg(32, 32)), "jpg")
        self.assertEqual(detected(samples.png()), "png")

    def test_xlsx_written_by_openpyxl_is_a_spreadsheet(self):
        self.assertEqual(detected(samples.xlsx([["a"]])), "xlsx")

    def test_docx_is_told_apart_from_a_plain_zip(self):
        self.assertEqual(detected(bad.docx()), "docx")
        self.assertEqual(detected(bad.zip_with({"a.txt": b"hello"})), "zip")

    def test_old_office_files_are_told_apart_by_their_ole2_stream_names(self):
        self.assertEqual(detected(bad.ole2("WordDocument")), "doc")
        self.assertEqual(detected(bad.ole2("Workbook")), "xls")
        self.assertEqual(detected(bad.ole2("PowerPoint Document")), "ppt")

    def test_ole2_file_without_a_known_stream_is_refused(self):
        with self.assertRaises(UnacceptableFile) as caught:
            detect(io.BytesIO(bad.ole2("Something")), "x.doc")
        self.assertEqual(caught.exception.message, "无法识别 Office 文件“x.doc”的类型")

    def test_mp4_video_is_recognised_by_its_ftyp_box(self):
        self.assertEqual(detected(samples.mp4_header() + b"\x00" * 100), "mp4")

    def test_rtf_is_a_word_document(self):
        self.assertEqual(TYPES[detected(b"{\\rtf1\\ansi hello}")].family, "word")


class RefusedContentTests(unittest.TestCase):
    def assertRefused(self, data: bytes, name: str, message: str):
        with self.assertRaises(UnacceptableFile) as caught:
            detect(io.BytesIO(data), name)
        self.assertEqual(caught.exception.message, message)

    def test_windows_executable_renamed_pdf_is_refused(self):
        self.assertRefused(bad.EXE, "通知.pdf", "文件“通知.pdf”是可执行程序，不能作为档案上传")

    def test_linux_executable_is_refused(self):
        self.assertRefused(bad.ELF, "a.pdf", "文件“a.pdf”是可执行程序，不能作为档案上传")

    def test_html_page_renamed_pdf_is_refused_despite_bom_and_whitespace(self):
        self.assertRefused(bad.HTML, "通知.pdf", "文件“通知.pdf”的内容是网页（HTML），不能作为档案上传")

    def test_upper_case_html_is_refused(self):
        self.assertRefused(b"<HTML><BODY>x</BODY></HTML>", "a.jpg", "文件“a.jpg”的内容是网页（HTML），不能作为档案上传")

    def test_svg_with_script_is_refused_as_a_web_page(self):
        self.assertRefused(bad.SVG, "图.png", "文件“图.png”的内容是网页（HTML），不能作为档案上传")

    def test_plain_text_is_an_unknown_type(self):
        self.assertRefused(bad.TEXT, "说明.doc", "无法识别文件“说明.doc”的类型")

    def test_empty_file_is_refused(self):
        self.assertRefused(b"", "空.pdf", "文件“空.pdf”是空文件")

    def test_spreadsheet_with_macros_is_refused(self):
        self.assertRefused(bad.xlsm(), "台账.xlsx", "文件“台账.xlsx”含有宏代码，不能作为档案上传")

    def test_truncated_zip_is_refused_as_damaged(self):
        self.assertRefused(samples.xlsx([["a"]])[:200], "台账.xlsx", "文件“台账.xlsx”已损坏，无法读取")


class ExtensionTests(unittest.TestCase):
    def test_jpeg_named_pdf_is_refused(self):
        with self.assertRaises(UnacceptableFile) as caught:
            check_extension("报告.pdf", TYPES["jpg"])
        self.assertEqual(caught.exception.message, "文件“报告.pdf”的扩展名与内容不符（内容是图片（JPEG））")

    def test_png_named_jpg_is_accepted_within_the_image_family(self):
        check_extension("照片.JPG", TYPES["png"])

    def test_a_name_without_extension_is_accepted(self):
        check_extension("照片", TYPES["jpg"])

    def test_wps_name_is_accepted_for_a_word_document(self):
        check_extension("方案.wps", TYPES["doc"])
