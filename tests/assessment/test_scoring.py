"""The scoring rules of domain.md §7, with examples worked by hand. No database."""

import unittest
from decimal import Decimal as D

from assessment import scoring
from assessment.scoring import Rule, ScoringError, Thresholds, VillageScores

A1_TIERS = ((D(4500), D(20)), (D(3500), D(16)), (D(2800), D(12)), (D(2000), D(8)), (D(1196), D(4)))
A1 = Rule("A1", D(20), scoring.SURVEY, scoring.TIERS, tiers=A1_TIERS, dimension="A")
B1 = Rule("B1", D(7), scoring.VALUE, scoring.LINEAR, floor=D(50), target=D(100), dimension="B")
C2 = Rule("C2", D(5), scoring.DIRECT, dimension="C")


class DirectScoringTest(unittest.TestCase):
    def test_direct_points_are_taken_as_entered(self):
        self.assertEqual(scoring.score(C2, D("3.5")), D("3.50"))

    def test_direct_points_may_be_exactly_zero_or_the_maximum(self):
        self.assertEqual(scoring.score(C2, D("0")), D("0.00"))
        self.assertEqual(scoring.score(C2, D("5")), D("5.00"))

    def test_direct_points_above_the_maximum_are_refused(self):
        with self.assertRaisesRegex(ScoringError, "^分数必须在 0 到 5 之间$"):
            scoring.score(C2, D("5.01"))

    def test_direct_points_below_zero_are_refused(self):
        with self.assertRaisesRegex(ScoringError, "^分数必须在 0 到 5 之间$"):
            scoring.score(C2, D("-0.1"))

    def test_a_missing_value_scores_zero(self):
        self.assertEqual(scoring.score(C2, None), D("0.00"))
        self.assertEqual(scoring.score(A1, None), D("0.00"))


class LinearScoringTest(unittest.TestCase):
    def test_value_between_floor_and_target_scores_its_share(self):
        # 7 × (80 − 50) / (100 − 50) = 7 × 0.6 = 4.2
        self.assertEqual(scoring.score(B1, D(80)), D("4.20"))

    def test_value_below_the_floor_is_clamped_to_zero(self):
        self.assertEqual(scoring.score(B1, D(30)), D("0.00"))

    def test_value_above_the_target_is_clamped_to_the_maximum(self):
        self.assertEqual(scoring.score(B1, D("100.5")), D("7.00"))

    def test_value_exactly_on_floor_and_target(self):
        self.assertEqual(scoring.score(B1, D(50)), D("0.00"))
        self.assertEqual(scoring.score(B1, D(100)), D("7.00"))

    def test_linear_score_is_rounded_half_up_to_the_cent(self):
        # 7 × (51 − 50) / 50 = 0.14; 7 × 1/3 = 2.333… → 2.33; 5 × 0.0025/… : 0.125 → 0.13
        self.assertEqual(scoring.score_linear(D(51), D(7), D(50), D(100)), D("0.14"))
        self.assertEqual(scoring.score_linear(D(1), D(7), D(0), D(3)), D("2.33"))
        self.assertEqual(scoring.score_linear(D("2.5"), D(5), D(0), D(100)), D("0.13"))


class TierScoringTest(unittest.TestCase):
    def test_a1_default_tiers_worked_by_hand(self):
        cases = {
            D("5200"): D(20),
            D("4500"): D(20),
            D("4499.99"): D(16),
            D("3500"): D(16),
            D("3499.99"): D(12),
            D("2800"): D(12),
            D("2000"): D(8),
            D("1999.99"): D(4),
            D("1196"): D(4),
            D("1195.99"): D(0),
            D("0"): D(0),
        }
        for value, points in cases.items():
            with self.subTest(value=value):
                self.assertEqual(scoring.score(A1, value), points)

    def test_tiers_need_not_be_given_in_order(self):
        self.assertEqual(scoring.score_tiers(D(3000), [(D(1196), D(4)), (D(2800), D(12)), (D(2000), D(8))]), D("12.00"))

    def test_parse_tiers_accepts_chinese_punctuation_and_sorts_highest_first(self):
        self.assertEqual(
            scoring.parse_tiers("2000:8，4500：20, 3500:16"), ((D(4500), D(20)), (D(3500), D(16)), (D(2000), D(8)))
        )

    def test_parse_tiers_refuses_a_part_without_points(self):
        with self.assertRaisesRegex(ScoringError, "^分档“4500”应写成 门槛:得分$"):
            scoring.parse_tiers("4500")


class ValueParsingTest(unittest.TestCase):
    def test_numbers_from_cells_are_parsed_exactly(self):
        self.assertEqual(scoring.to_decimal("85.5"), D("85.5"))
        self.assertEqual(scoring.to_decimal(0.1), D("0.1"))
        self.assertEqual(scoring.to_decimal("12,500"), D("12500"))
        self.assertEqual(scoring.to_decimal("95%"), D("95"))

    def test_text_that_is_not_a_number_is_refused(self):
        with self.assertRaisesRegex(ScoringError, "^“八十”不是数字$"):
            scoring.to_decimal("八十")

    def test_infinity_and_nan_are_refused(self):
        with self.assertRaisesRegex(ScoringError, "^“inf”不是数字$"):
            scoring.to_decimal("inf")
        with self.assertRaisesRegex(ScoringError, "^“NaN”不是数字$"):
            scoring.to_decimal("NaN")


class TotalsAndGradesTest(unittest.TestCase):
    def test_total_is_the_sum_of_final_scores_rounded_half_up_to_a_tenth(self):
        self.assertEqual(scoring.total([D("4.20"), D("2.33"), D("16.00")]), D("22.5"))  # 22.53
        self.assertEqual(scoring.total([D("0.05")]), D("0.1"))
        self.assertEqual(scoring.total([D("84.94")]), D("84.9"))

    def test_grade_boundaries_exactly_on_a_threshold_reach_the_grade(self):
        t = Thresholds()
        self.assertEqual(scoring.grade(D("85.0"), t), 1)
        self.assertEqual(scoring.grade(D("84.9"), t), 2)
        self.assertEqual(scoring.grade(D("70.0"), t), 2)
        self.assertEqual(scoring.grade(D("69.9"), t), 3)
        self.assertEqual(scoring.grade(D("55.0"), t), 3)
        self.assertEqual(scoring.grade(D("54.9"), t), 4)
        self.assertEqual(scoring.grade(D("0"), t), 4)

    def test_grade_change_against_last_year(self):
        self.assertEqual(scoring.grade_change(4, 2), scoring.UP_TWO)
        self.assertEqual(scoring.grade_change(4, 1), scoring.UP_TWO)
        self.assertEqual(scoring.grade_change(3, 2), scoring.UP_ONE)
        self.assertEqual(scoring.grade_change(3, 3), scoring.SAME)
        self.assertEqual(scoring.grade_change(2, 4), scoring.DOWN)
        self.assertEqual(scoring.grade_change(None, 3), scoring.NEW)

    def test_thresholds_out_of_order_are_refused(self):
        message = "^级类分数线必须满足 0 < 三类 < 二类 < 一类 ≤ 100$"
        for bad in [
            Thresholds(D(70), D(85), D(55)),
            Thresholds(D(85), D(55), D(55)),
            Thresholds(D(101), D(70), D(55)),
            Thresholds(D(85), D(70), D(0)),
        ]:
            with self.subTest(thresholds=bad), self.assertRaisesRegex(ScoringError, message):
                scoring.check_thresholds(bad)
        scoring.check_thresholds(Thresholds())

    def test_catalogue_maxima_must_add_up_to_one_hundred(self):
        scoring.check_catalogue([D(20), D(8), D(72)])
        with self.assertRaisesRegex(ScoringError, "^各指标满分合计为 99.5 分，应为 100 分$"):
            scoring.check_catalogue([D(20), D(8), D("71.5")])


class RankingTest(unittest.TestCase):
    def test_ties_share_a_rank_and_the_next_rank_skips(self):
        ranks = scoring.competition_ranks({"a": D("80.1"), "b": D("90.0"), "c": D("80.1"), "d": D("70")})
        self.assertEqual(ranks, {"b": 1, "a": 2, "c": 2, "d": 4})


class VillageScoringTest(unittest.TestCase):
    def test_a_village_scores_with_adjustments_and_subtotals(self):
        inputs = VillageScores(values={"A1": D("3600.00"), "B1": D(80), "C2": D(4)}, adjusted={"C2": D("3.5")})
        outcomes, total, subtotals = scoring.score_village([A1, B1, C2], inputs)
        self.assertEqual(outcomes["A1"].final, D("16.00"))
        self.assertEqual(outcomes["C2"].original, D("4.00"))
        self.assertEqual(outcomes["C2"].final, D("3.5"))
        self.assertEqual(total, D("23.7"))  # 16 + 4.2 + 3.5
        self.assertEqual(subtotals, {"A": D("16.00"), "B": D("4.20"), "C": D("3.5")})

    def test_whatif_scales_scores_by_the_new_maximum_and_applies_new_thresholds(self):
        rows = [{"code": "v", "grade": 2, "points": {"A1": "16.00", "B1": "4.20", "C2": "5.00"}}]
        result = scoring.whatif_grades(rows, [A1, B1, C2], {"A1": D(10)}, Thresholds(D(20), D(15), D(10)))
        self.assertEqual(result[0]["new_total"], D("17.2"))  # 8 + 4.2 + 5
        self.assertEqual(result[0]["new_grade"], 2)


class RuleCheckTest(unittest.TestCase):
    def test_linear_rule_without_target_is_refused(self):
        with self.assertRaisesRegex(ScoringError, "^指标 B1 线性计分需要起点值和目标值$"):
            scoring.check_rule(Rule("B1", D(7), scoring.VALUE, scoring.LINEAR, floor=D(50)))

    def test_tier_points_above_the_maximum_are_refused(self):
        with self.assertRaisesRegex(ScoringError, "^指标 A1 每档得分必须在 0 到满分之间$"):
            scoring.check_rule(Rule("A1", D(10), scoring.SURVEY, scoring.TIERS, tiers=A1_TIERS))
