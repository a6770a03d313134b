import unittest
from decimal import Decimal

from archives.completeness import CategoryColumn, VillageInfo, build_matrix, class_spans, rate

COLUMNS = [CategoryColumn(1, "W1", "上级文件", "文件"), CategoryColumn(2, "W2", "本级文件", "文件"),
           CategoryColumn(3, "J1", "村情概况", "建档")]
VILLAGES = [VillageInfo(10, "610724100201", "五丰村", "610724100", "城关镇"),
            VillageInfo(11, "610724100202", "余家山村", "610724100", "城关镇"),
            VillageInfo(20, "610724108201", "江榜村", "610724108", "峡口镇")]


class MatrixTests(unittest.TestCase):
    def setUp(self):
        counts = {(10, 1): 2, (10, 2): 1, (10, 3): 4, (11, 1): 1, (20, 3): 3}
        self.matrix = build_matrix(2009, COLUMNS, VILLAGES, counts, total_name="合计")

    def test_cells_hold_record_counts_and_zero_where_missing(self):
        self.assertEqual([row.counts for row in self.matrix.rows], [[2, 1, 4], [1, 0, 0], [0, 0, 3]])

    def test_village_rate_is_present_categories_over_all(self):
        self.assertEqual([row.rate for row in self.matrix.rows], [Decimal("100.0"), Decimal("33.3"), Decimal("33.3")])

    def test_township_rates_pool_their_villages_cells(self):
        summary = {(s.name, s.villages, s.present, s.cells, s.complete_villages, s.rate) for s in self.matrix.townships}
        self.assertEqual(summary, {("城关镇", 2, 4, 6, 1, Decimal("66.7")), ("峡口镇", 1, 1, 3, 0, Decimal("33.3"))})

    def test_county_total_covers_every_village(self):
        total = self.matrix.total
        self.assertEqual((total.name, total.villages, total.present, total.cells, total.rate),
                         ("合计", 3, 5, 9, Decimal("55.6")))

    def test_header_groups_categories_by_class(self):
        self.assertEqual(class_spans(COLUMNS), [("文件", 2), ("建档", 1)])

    def test_rate_of_nothing_is_none(self):
        self.assertIsNone(rate(0, 0))
