import unittest

from archives.filenames import BadFileName, check_original_name, format_size

BAD_NAME = "文件名“{}”不合法：不能包含路径（如 ../）、盘符（如 C:）、控制字符或 <>:\"|?* 等字符"


class OriginalNameTests(unittest.TestCase):
    def assertBad(self, name: str, shown: str):
        with self.assertRaises(BadFileName) as caught:
            check_original_name(name)
        self.assertEqual(caught.exception.message, BAD_NAME.format(shown))

    def test_chinese_name_is_kept(self):
        self.assertEqual(check_original_name("五丰村2009年会议记录（定稿）.pdf"), "五丰村2009年会议记录（定稿）.pdf")

    def test_parent_directory_is_refused(self):
        self.assertBad("../../etc/passwd.pdf", "../../etc/passwd.pdf")

    def test_windows_path_and_drive_prefix_are_refused(self):
        self.assertBad("C:\\Users\\文书\\通知.pdf", "C:\\Users\\文书\\通知.pdf")
        self.assertBad("C:通知.pdf", "C:通知.pdf")

    def test_control_characters_are_refused_and_shown_escaped(self):
        self.assertBad("通知\x00.pdf", "通知\\x00.pdf")
        self.assertBad("通知\n.pdf", "通知\\n.pdf")

    def test_empty_name_is_refused(self):
        with self.assertRaises(BadFileName) as caught:
            check_original_name("  ")
        self.assertEqual(caught.exception.message, "文件名不能为空")


class FormatSizeTests(unittest.TestCase):
    def test_sizes_read_naturally(self):
        self.assertEqual(format_size(0), "0 字节")
        self.assertEqual(format_size(1536), "1.5 KB")
        self.assertEqual(format_size(200 * 1024 * 1024), "200 MB")
