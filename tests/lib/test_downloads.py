"""The Content-Disposition header of every download (moved here from archives.filenames)."""

import unittest

from xixiang.lib.downloads import content_disposition


class ContentDispositionTests(unittest.TestCase):
    def test_chinese_name_gets_rfc_6266_filename_star_and_an_ascii_fallback(self):
        self.assertEqual(
            content_disposition("会议记录 2009.pdf"),
            "attachment; filename=\"2009.pdf\"; filename*=UTF-8''%E4%BC%9A%E8%AE%AE%E8%AE%B0%E5%BD%95%202009.pdf",
        )

    def test_name_without_ascii_letters_falls_back_to_the_default_stem(self):
        self.assertEqual(
            content_disposition("通知.pdf", inline=True),
            "inline; filename=\"file.pdf\"; filename*=UTF-8''%E9%80%9A%E7%9F%A5.pdf",
        )

    def test_quotes_cannot_break_out_of_the_fallback(self):
        self.assertEqual(content_disposition('a"b.pdf'), "attachment; filename=\"a_b.pdf\"; filename*=UTF-8''a%22b.pdf")
