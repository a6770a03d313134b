import unittest
from decimal import Decimal

from households import categories
from households.categories import IncomeItems, Thresholds, household_category, net_income, per_capita_net_income


def category(per_capita, *, project=False, labour=2, serious=False, thresholds=categories.DEFAULT_THRESHOLDS):
    return household_category(
        Decimal(per_capita),
        has_income_project=project,
        labour_count=labour,
        has_serious_illness_or_disability=serious,
        thresholds=thresholds,
    )


class NetIncomeTests(unittest.TestCase):
    def test_net_income_subtracts_the_four_deductions(self):
        items = IncomeItems(Decimal("20000"), Decimal("5000"), Decimal("100"), Decimal("400"), Decimal("500"))
        self.assertEqual(net_income(items), Decimal("14000.00"))

    def test_per_capita_divides_by_resident_members_and_rounds_to_the_cent(self):
        items = IncomeItems(Decimal("10000"), Decimal("0"))
        self.assertEqual(per_capita_net_income(items, 3), Decimal("3333.33"))

    def test_per_capita_refuses_zero_members(self):
        with self.assertRaisesRegex(ValueError, "至少为 1 人"):
            per_capita_net_income(IncomeItems(Decimal("1"), Decimal("0")), 0)


class CategoryTests(unittest.TestCase):
    def test_demonstration_needs_5000_and_a_project(self):
        self.assertEqual(category("5000", project=True), categories.DEMONSTRATION)
        self.assertEqual(category("5000", project=False), categories.WELL_OFF)

    def test_well_off_from_3000(self):
        self.assertEqual(category("3000"), categories.WELL_OFF)
        self.assertEqual(category("2999.99"), categories.SUBSISTENCE)

    def test_subsistence_from_the_2009_poverty_line(self):
        self.assertEqual(category("1196"), categories.SUBSISTENCE)
        self.assertEqual(category("1195.99"), categories.NEEDS_HELP)

    def test_care_is_tested_first_for_households_without_labour(self):
        self.assertEqual(category("1000", labour=0), categories.CARE)
        self.assertEqual(category("2999.99", serious=True), categories.CARE)

    def test_care_stops_at_3000(self):
        self.assertEqual(category("3000", labour=0), categories.WELL_OFF)

    def test_thresholds_of_another_year_apply(self):
        self.assertEqual(
            category("1300", thresholds=Thresholds(subsistence_min=Decimal("1400"))), categories.NEEDS_HELP
        )

    def test_key_targets_are_the_last_three(self):
        self.assertEqual(categories.KEY_TARGETS, {categories.SUBSISTENCE, categories.NEEDS_HELP, categories.CARE})
