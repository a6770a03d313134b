"""The one reading of a year typed into a query string, a form or a URL."""

from unittest import TestCase

from xixiang.lib.years import parse_year


class ParseYearTests(TestCase):
    def test_four_digits_in_range_are_a_year(self):
        self.assertEqual([parse_year("2000"), parse_year("2010"), parse_year(" 2100 "), parse_year(2009)],
                         [2000, 2010, 2100, 2009])

    def test_years_outside_the_stored_range_are_none(self):
        self.assertEqual([parse_year("1999"), parse_year("2101"), parse_year(0)], [None, None, None])

    def test_what_is_not_plain_digits_is_none(self):
        # "２０１０" (full-width) and "²" are digits to str.isdigit() but not years here
        self.assertEqual([parse_year(v) for v in ["", None, "20x0", "-2010", "2010.0", "２０１０", "²"]], [None] * 7)
