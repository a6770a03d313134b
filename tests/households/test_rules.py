"""The household rules of households/rules.py, pure: plain values in, the message or None out.
No database. (The same rules through the form, the service and the import: test_rules_everywhere.py.)"""

import ast
import unittest
from decimal import Decimal
from pathlib import Path

from django.utils import translation

from households import rules


class HouseholdNumberTests(unittest.TestCase):
    def test_seventeen_ascii_digits_pass(self):
        self.assertIsNone(rules.household_number_problem("61072410020101001"))

    def test_blank_short_long_lettered_and_other_script_numbers_are_refused(self):
        self.assertEqual(rules.household_number_problem(""), "不能为空")
        for number in ("6107241002010100", "610724100201010011", "6107241002010100A", "٦1072410020101001",
                       "６１０７２４１００２０１０１００１"):
            self.assertEqual(rules.household_number_problem(number), "户编号必须是 17 位数字", number)


class PhoneTests(unittest.TestCase):
    def test_blank_mobile_and_landline_numbers_pass(self):
        for phone in ("", "13912345678", "0916-6212345", "09166212345", "010-12345678"):
            self.assertIsNone(rules.phone_problem(phone), phone)

    def test_other_numbers_are_refused_with_one_message(self):
        for phone in ("12345", "2391234567", "0916-12", "139123456789", "１３９１２３４５６７８"):
            self.assertEqual(rules.phone_problem(phone),
                             "联系电话应为 11 位手机号（1 开头）或带区号的固定电话，如 0916-1234567", phone)


class CountTests(unittest.TestCase):
    def test_a_household_has_1_to_30_residents(self):
        self.assertEqual([rules.resident_count_problem(n) for n in (0, 1, 30, 31)],
                         ["家庭人口必须在 1 到 30 人之间", None, None, "家庭人口必须在 1 到 30 人之间"])

    def test_labour_may_equal_but_not_exceed_the_residents(self):
        self.assertIsNone(rules.labour_count_problem(0, 1))
        self.assertIsNone(rules.labour_count_problem(3, 3))
        self.assertEqual(rules.labour_count_problem(4, 3), "劳动力人数不能超过家庭人口")
        self.assertEqual(rules.labour_count_problem(31, 30), "劳动力人数不能超过家庭人口")

    def test_one_head_at_most(self):
        self.assertEqual([rules.head_count_problem(n) for n in (0, 1)], [None, None])
        self.assertEqual(rules.head_count_problem(3), "登记了 3 名户主，一户只能有一名户主")

    def test_members_may_equal_but_not_outnumber_the_residents(self):
        self.assertIsNone(rules.member_count_problem(3, 3))
        self.assertEqual(rules.member_count_problem(4, 3), "登记的家庭成员（4 人）多于家庭人口（3 人）")


class OverrideTests(unittest.TestCase):
    def test_an_override_needs_a_reason_that_is_not_blank(self):
        self.assertIsNone(rules.override_reason_problem("", ""))
        self.assertIsNone(rules.override_reason_problem("care", "家中突发重大变故"))
        for reason in ("", "  　"):
            self.assertEqual(rules.override_reason_problem("care", reason), "调整户类别必须写明理由")


class IncomeRecordTests(unittest.TestCase):
    def test_amounts_are_not_negative(self):
        self.assertIsNone(rules.amount_problem(Decimal("0.00")))
        self.assertIsNone(rules.amount_problem(Decimal("15000.50")))
        self.assertEqual(rules.amount_problem(Decimal("-0.01")), "金额不能为负数")

    def test_years_from_2000_to_2100(self):
        self.assertEqual([rules.income_year_problem(y) for y in (1999, 2000, 2100, 2101)],
                         ["年度必须在 2000 到 2100 之间", None, None, "年度必须在 2000 到 2100 之间"])


class MessageTests(unittest.TestCase):
    def test_a_message_is_in_the_language_active_when_the_rule_is_broken(self):
        with translation.override("en"):
            self.assertEqual(rules.labour_count_problem(4, 3), "Labour force cannot exceed household size")
            self.assertEqual(rules.head_count_problem(2),
                             "2 heads of household are registered; a household has only one head")
        self.assertEqual(rules.labour_count_problem(4, 3), "劳动力人数不能超过家庭人口")

    def test_every_rule_gives_text_not_a_lazy_translation(self):
        problems = [rules.person_name_problem("", minimum=1), rules.household_number_problem("1"),
                    rules.phone_problem("1"), rules.resident_count_problem(0), rules.labour_count_problem(2, 1),
                    rules.override_reason_problem("care", ""), rules.head_count_problem(2),
                    rules.member_count_problem(2, 1), rules.amount_problem(-1), rules.income_year_problem(1)]
        self.assertEqual({type(problem) for problem in problems}, {str})

    def test_the_rules_import_no_models_only_regular_expressions_and_translation(self):
        tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
        imported = {alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module for node in tree.body if isinstance(node, ast.ImportFrom)}
        self.assertEqual(imported, {"re", "django.utils.translation"})
