"""Systematic sampling with a random start (domain.md §8), worked by hand. No database."""

import unittest
from decimal import Decimal as D
from fractions import Fraction

from assessment import sampling


class SampleSizeTest(unittest.TestCase):
    def test_ten_percent_rounded_up_with_a_minimum_of_ten(self):
        self.assertEqual(sampling.sample_size(237), 24)  # ceil(23.7)
        self.assertEqual(sampling.sample_size(360), 36)
        self.assertEqual(sampling.sample_size(30), 10)  # the minimum
        self.assertEqual(sampling.sample_size(101), 11)  # ceil(10.1), not a float artefact

    def test_sample_is_capped_at_the_frame(self):
        self.assertEqual(sampling.sample_size(4), 4)
        self.assertEqual(sampling.sample_size(0), 0)


class PositionsTest(unittest.TestCase):
    def test_positions_for_237_households_and_24_samples_from_start_3_5(self):
        # k = 237 / 24 = 9.875; positions ⌊3.5 + i × 9.875⌋
        expected = (3, 13, 23, 33, 43, 52, 62, 72, 82, 92, 102, 112, 122, 131, 141, 151, 161, 171, 181,
                    191, 201, 210, 220, 230)
        self.assertEqual(sampling.positions(237, 24, Fraction(7, 2)), expected)

    def test_positions_when_the_sample_is_the_whole_frame(self):
        self.assertEqual(sampling.positions(4, 4, Fraction(9, 10)), (0, 1, 2, 3))

    def test_a_start_outside_the_interval_is_refused(self):
        with self.assertRaisesRegex(ValueError, "随机起点必须在"):
            sampling.positions(237, 24, Fraction(10))

    def test_draw_is_rederived_exactly_from_its_seed(self):
        first = sampling.draw(237, 24, seed=20091231)
        again = sampling.draw(237, 24, seed=20091231)
        self.assertEqual(first, again)
        self.assertEqual(first.interval, Fraction(237, 24))
        self.assertTrue(0 <= first.start < first.interval)
        self.assertEqual(len(set(first.positions)), 24)
        self.assertLessEqual(max(first.positions), 236)
        self.assertEqual(first.positions, sampling.positions(237, 24, first.start))

    def test_draw_of_the_whole_frame_takes_every_household(self):
        self.assertEqual(sampling.draw(4, 4, seed=7).positions, (0, 1, 2, 3))

    def test_positions_are_spaced_by_the_interval(self):
        d = sampling.draw(360, 36, seed=1)
        self.assertEqual({b - a for a, b in zip(d.positions, d.positions[1:], strict=False)}, {10})


class EstimateTest(unittest.TestCase):
    def test_ratio_estimate_and_standard_error_worked_by_hand(self):
        # y (net income) / x (members): 9000/3, 12000/4, 4000/2 → R = 25000 / 9 = 2777.78
        # residuals y − R·x: 9000 − 8333.33 = 666.67; 12000 − 11111.11 = 888.89; 4000 − 5555.56 = −1555.56
        # Σe² = 444444.4 + 790123.5 + 2419753.1 = 3654320.99; s² = Σe²/(n−1) = 1827160.49
        # x̄ = 3; fpc = 1 − 3/30 = 0.9; Var = 0.9 × 1827160.49 / (3 × 9) = 60905.35; SE = 246.79
        estimate = sampling.ratio_estimate([(D(9000), 3), (D(12000), 4), (D(4000), 2)], population=30)
        self.assertEqual(estimate.per_capita, D("2777.78"))
        self.assertEqual(estimate.standard_error, D("246.79"))
        self.assertEqual((estimate.households, estimate.persons), (3, 9))

    def test_a_full_census_has_no_sampling_error(self):
        estimate = sampling.ratio_estimate([(D(9000), 3), (D(4000), 2)], population=2)
        self.assertEqual(estimate.per_capita, D("2600.00"))
        self.assertEqual(estimate.standard_error, D("0.00"))

    def test_one_household_gives_an_estimate_without_standard_error(self):
        estimate = sampling.ratio_estimate([(D(4000), 2)], population=10)
        self.assertEqual((estimate.per_capita, estimate.standard_error), (D("2000.00"), None))

    def test_no_responses_give_no_estimate(self):
        self.assertIsNone(sampling.ratio_estimate([], population=10).per_capita)
