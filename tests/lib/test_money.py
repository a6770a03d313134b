import unittest
from decimal import Decimal

from xixiang.lib.money import InvalidAmount, to_yuan


class ToYuanTests(unittest.TestCase):
    def test_float_goes_through_its_shortest_repr(self):
        self.assertEqual(to_yuan(0.1), Decimal("0.10"))

    def test_text_with_thousands_separators(self):
        self.assertEqual(to_yuan("12,345.675"), Decimal("12345.68"))

    def test_negative_is_refused(self):
        with self.assertRaisesRegex(InvalidAmount, "不能为负数"):
            to_yuan("-1")

    def test_not_a_number_is_refused(self):
        with self.assertRaisesRegex(InvalidAmount, "不是有效的金额"):
            to_yuan("十元")

    def test_amount_too_large_for_cents_is_refused(self):
        with self.assertRaisesRegex(InvalidAmount, "金额过大"):
            to_yuan(1e300)


def test_figure_text_separates_thousands_and_shows_cents_only_when_there_are_some():
    from decimal import Decimal

    from xixiang.lib.money import figure_text

    assert [figure_text(v) for v in (Decimal("79710.00"), Decimal("1920152.5"), 7962, None, 0)] == [
        "79,710", "1,920,152.50", "7,962", "0", "0"]
