import datetime
import unittest

from xixiang.lib.id_numbers import (
    InvalidIdNumber,
    check_character,
    make_id_number,
    mask_id_number,
    normalise_id_number,
    parse_id_number,
)

TODAY = datetime.date(2026, 11, 26)
VALID = "11010519491231002X"  # the standard's own example


class CheckCharacterTests(unittest.TestCase):
    def test_standard_example_has_check_character_x(self):
        self.assertEqual(check_character("11010519491231002"), "X")

    def test_made_numbers_are_accepted_unchanged(self):
        number = make_id_number("610724", datetime.date(1968, 2, 29), 123)
        self.assertEqual(normalise_id_number(number, today=TODAY), number)

    def test_matches_the_weighted_sum_of_the_standard(self):
        for first17 in ("61072419800101123", "00000000000000000", "99999999999999999", "11010519491231002"):
            expected = "10X98765432"[
                sum(
                    int(d) * w
                    for d, w in zip(first17, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), strict=True)
                )
                % 11
            ]
            self.assertEqual(check_character(first17), expected)


class NormaliseTests(unittest.TestCase):
    def test_valid_number_is_returned_as_is(self):
        self.assertEqual(normalise_id_number(VALID, today=TODAY), VALID)

    def test_lower_case_x_becomes_upper_case(self):
        self.assertEqual(normalise_id_number("11010519491231002x", today=TODAY), VALID)

    def test_full_width_digits_and_spaces_are_normalised(self):
        self.assertEqual(normalise_id_number("　１１０１０５１９４９１２３１００２ｘ ", today=TODAY), VALID)

    def test_parse_returns_birth_date_region_and_sex(self):
        info = parse_id_number(VALID, today=TODAY)
        self.assertEqual(info.birth_date, datetime.date(1949, 12, 31))
        self.assertEqual(info.region, "110105")
        self.assertEqual(info.sex, "女")


class RejectionTests(unittest.TestCase):
    def assertRejected(self, value, fragment):
        with self.assertRaises(InvalidIdNumber) as caught:
            normalise_id_number(value, today=TODAY)
        self.assertIn(fragment, str(caught.exception))

    def test_wrong_check_character(self):
        self.assertRejected("110105194912310021", "校验码错误：最后一位应为 X")

    def test_impossible_date(self):
        first17 = "61072419990230123"
        self.assertRejected(first17 + check_character(first17), "不是真实的日期")

    def test_future_date(self):
        first17 = "61072420301201123"
        self.assertRejected(first17 + check_character(first17), "晚于今天")

    def test_too_short(self):
        self.assertRejected("61072419800101", "应为 18 位，现在是 14 位")

    def test_float_from_excel(self):
        self.assertRejected(6.10724198001011e17, "存成了数字")

    def test_scientific_notation_text_from_excel(self):
        self.assertRejected("6.10724E+17", "科学计数法")

    def test_letters_inside(self):
        self.assertRejected("61072419800101A123", "前 17 位必须是数字")

    def test_digits_of_other_scripts_are_refused(self):
        self.assertRejected("٦1072419800101123X", "前 17 位必须是数字")

    def test_empty(self):
        self.assertRejected("  ", "不能为空")


class MaskTests(unittest.TestCase):
    def test_mask_keeps_region_and_last_four(self):
        self.assertEqual(mask_id_number("610724198001011234"), "610724********1234")


def test_the_fast_check_agrees_with_the_weighted_sum_for_every_check_symbol():
    import random

    from xixiang.lib.id_numbers import check_character, has_valid_check_character

    draw = random.Random(2009)
    prefixes = ["0" * 17, "9" * 17, "61072419461104587"] + [
        "".join(draw.choice("0123456789") for _ in range(17)) for _ in range(2000)
    ]
    for prefix in prefixes:
        assert [has_valid_check_character(prefix + symbol) for symbol in "0123456789X"] == [
            check_character(prefix) == symbol for symbol in "0123456789X"
        ]
