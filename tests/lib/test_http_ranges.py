"""The Range header of downloads (RFC 9110 §14): one byte range served, the rest ignored or 416."""

import unittest

from xixiang.lib.http_ranges import ByteRange, RangeNotSatisfiable, parse_byte_range, unsatisfied_range


class ParseByteRangeTests(unittest.TestCase):
    def test_first_and_last_positions_are_inclusive(self):
        self.assertEqual(parse_byte_range("bytes=0-99", 1000), ByteRange(0, 99))
        self.assertEqual(ByteRange(0, 99).length, 100)

    def test_an_open_range_runs_to_the_end(self):
        self.assertEqual(parse_byte_range("bytes=990-", 1000), ByteRange(990, 999))

    def test_a_last_position_beyond_the_end_is_clipped(self):
        self.assertEqual(parse_byte_range("bytes=990-5000", 1000), ByteRange(990, 999))

    def test_a_suffix_range_is_the_last_bytes_and_at_most_the_whole_file(self):
        self.assertEqual(parse_byte_range("bytes=-100", 1000), ByteRange(900, 999))
        self.assertEqual(parse_byte_range("bytes=-5000", 1000), ByteRange(0, 999))

    def test_the_unit_is_case_insensitive_and_surrounding_blanks_are_ignored(self):
        self.assertEqual(parse_byte_range("  Bytes=0-0 ", 1000), ByteRange(0, 0))

    def test_no_header_several_ranges_other_units_and_garbage_mean_the_whole_file(self):
        for header in ["", None, "bytes=0-1,5-9", "items=0-1", "bytes=-", "bytes=a-b", "bytes 0-1"]:
            with self.subTest(header=header):
                self.assertIsNone(parse_byte_range(header, 1000))

    def test_ranges_outside_the_file_are_not_satisfiable(self):
        for header in ["bytes=1000-", "bytes=1000-1001", "bytes=-0", "bytes=500-100"]:
            with self.subTest(header=header), self.assertRaises(RangeNotSatisfiable):
                parse_byte_range(header, 1000)

    def test_content_range_headers(self):
        self.assertEqual(ByteRange(900, 999).content_range(1000), "bytes 900-999/1000")
        self.assertEqual(unsatisfied_range(1000), "bytes */1000")
