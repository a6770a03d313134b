from decimal import Decimal
from unittest import TestCase

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


class DistributeTests(TestCase):
    def test_parts_add_up_exactly_to_the_total(self):
        parts = distribute(Decimal("403200"), [1.0, 2.0, 0.7, 1.3])
        self.assertEqual(sum(parts), Decimal("403200"))
        self.assertEqual(len(parts), 4)

    def test_no_weights_give_no_parts(self):
        self.assertEqual(distribute(Decimal("10"), []), [])
