from decimal import Decimal
from unittest import TestCase

from django.utils import translation

from assistance.six_to_household import distribute, six_to_household


class SixToHouseholdTests(TestCase):
    def test_a_household_with_everything_in_place_has_six_items_done(self):
        items = six_to_household(
            surveyed_year=2009,
            category_label="帮扶户",
            cadre_names=["张志强"],
            plan_year=2010,
            target_income=Decimal("3450"),
            leader_names=["赵县长"],
            result_income=Decimal("3600"),
            result_note="",
        )
        self.assertEqual([i.key for i in items], ["survey", "record", "pairing", "target", "leader", "assessment"])
        self.assertTrue(all(i.done for i in items))
        self.assertEqual(items[3].detail, "2010 年目标人均纯收入 3,450.00 元")
        self.assertEqual(items[5].detail, "3,600.00 元，达到目标")

    def test_a_household_without_pairing_or_plan_shows_what_is_missing(self):
        items = six_to_household(
            surveyed_year=None,
            category_label="",
            cadre_names=[],
            plan_year=None,
            target_income=None,
            leader_names=[],
            result_income=None,
        )
        self.assertEqual([i.done for i in items], [False] * 6)


class ResultDetailTests(TestCase):
    def detail(self, note, income="3600", year=None):
        items = six_to_household(
            surveyed_year=2009, category_label="帮扶户", cadre_names=[], plan_year=2010,
            target_income=Decimal("3450"), leader_names=[], result_income=Decimal(income),
            result_note=note, result_year=year,
        )
        return items[5].detail

    def test_a_note_that_only_repeats_the_verdict_is_not_shown_twice(self):
        self.assertEqual(self.detail("达到目标"), "3,600.00 元，达到目标")

    def test_a_note_beyond_the_verdict_keeps_only_what_it_adds(self):
        self.assertEqual(self.detail("未达目标，继续帮扶", income="3000", year=2010),
                         "2010 年 3,000.00 元，未达目标（继续帮扶）")

    def test_the_english_detail_has_no_chinese_verdict_in_it(self):
        with translation.override("en"):
            self.assertEqual(self.detail("达到目标", year=2010), "2010: 3,600.00 yuan, target reached")


class DistributeTests(TestCase):
    def test_parts_add_up_exactly_to_the_total(self):
        parts = distribute(Decimal("403200"), [1.0, 2.0, 0.7, 1.3])
        self.assertEqual(sum(parts), Decimal("403200"))
        self.assertEqual(len(parts), 4)

    def test_no_weights_give_no_parts(self):
        self.assertEqual(distribute(Decimal("10"), []), [])
