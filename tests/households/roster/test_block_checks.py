"""Checking a block of rows column by column gives exactly the row-by-row results."""

import datetime
import unittest

from households.roster import block_checks
from households.roster.block_checks import parse_household_block, parse_member_block
from households.roster.validation import parse_household, parse_member
from tests.households.roster.test_validation import HEAD, TODAY, WIFE, household_cells, member_cells
from xixiang.lib.id_numbers import make_id_number

SON = make_id_number("610724", datetime.date(1995, 7, 9), 125)

HOUSEHOLD_VARIANTS = [
    {},
    {
        "phone": "",
        "industries": "",
        "has_income_project": "",
        "hardship": "",
        "taxes_and_fees": 12.5,
        "depreciation": 0.0,
        "gifts_outside": "",
        "category": "帮扶户",
    },
    {"resident_count": 5, "labour_count": 0.0, "year": 2008, "total_income": 1234.565, "business_expenses": 0},
    {"industries": "生猪,茶叶", "hardship": "重病", "has_income_project": "否"},
    # not in their usual form, still valid
    {"phone": "0916-6212345"},
    {"number": "６１０７２４１００２０１０１００１"},
    {"head_id_number": f" {HEAD.lower()} "},
    {"head_name": " 张三丰 "},
    {"resident_count": "3"},
    {"total_income": "15,000.5"},
    # invalid
    {"head_id_number": 6.10724196805041e17},
    {"number": 6.1072410020101e16},
    {"resident_count": 2, "labour_count": 3},
    {"has_income_project": "有"},
    {"resident_count": True},
    {"total_income": ""},
    {"business_expenses": -1.0},
    {"head_name": "=A1"},
    {"head_name": "王"},
    {"head_id_number": HEAD[:17] + ("0" if HEAD[17] != "0" else "1")},
    {"year": 1999},
    {"industries": "水稻"},
    {"phone": "12345"},
    {"category": 3.0},
]
MEMBER_VARIANTS = [
    {},
    {"sex": ""},
    {"labour_ability": "", "health": ""},
    {"id_number": SON, "relation": "子", "sex": "男", "name": "王"},
    {"relation": "户主", "id_number": HEAD, "sex": ""},
    {"id_number": WIFE.lower() if WIFE.endswith("X") else f"{WIFE} "},
    {"name": " 李秀兰"},
    {"sex": "男"},
    {"relation": ""},
    {"relation": "邻居"},
    {"id_number": ""},
    {"id_number": 6.10724197002e17},
    {"name": ""},
    {"health": "好"},
    {"number": "6107241002010100"},
]


def as_lists(results):
    return [(row, list(problems)) for row, problems in results]


class BlockTests(unittest.TestCase):
    def assert_block_equals_rows(self, parse_block, parse_row, rows):
        """Each row alone and all rows together give what the row-by-row rules give."""
        expected = [parse_row(cells, TODAY) for cells in rows]
        for cells, one in zip(rows, expected, strict=True):
            self.assertEqual(as_lists(parse_block([cells], TODAY)), as_lists([one]))
        self.assertEqual(as_lists(parse_block(rows, TODAY)), as_lists(expected))

    def test_every_household_variant_alone_and_all_together(self):
        self.assert_block_equals_rows(
            parse_household_block, parse_household, [household_cells(**variant) for variant in HOUSEHOLD_VARIANTS]
        )

    def test_every_member_variant_alone_and_all_together(self):
        self.assert_block_equals_rows(
            parse_member_block, parse_member, [member_cells(**variant) for variant in MEMBER_VARIANTS]
        )

    def test_blocks_of_usual_cells_are_confirmed_column_by_column(self):
        households = [household_cells(**variant) for variant in HOUSEHOLD_VARIANTS[:4]]
        members = [member_cells(**variant) for variant in MEMBER_VARIANTS[:5]]
        self.assertIsNotNone(block_checks._household_columns(households, TODAY))
        self.assertIsNotNone(block_checks._member_columns(members, TODAY))
        rows = parse_member_block(members, TODAY)
        self.assertEqual([(row.id_sex, row.birth_date) for row, _problems in rows][3], ("M", datetime.date(1995, 7, 9)))

    def test_one_unusual_cell_sends_its_block_row_by_row(self):
        rows = [household_cells(), household_cells(phone="0916-6212345")]
        self.assertIsNone(block_checks._household_columns(rows, TODAY))
        self.assertEqual(
            as_lists(parse_household_block(rows, TODAY)), as_lists([parse_household(r, TODAY) for r in rows])
        )

    def test_a_birth_date_after_today_is_not_confirmed(self):
        future = make_id_number("610724", datetime.date(2026, 12, 1), 123)
        ((row, problems),) = parse_member_block([member_cells(id_number=future, sex="")], TODAY)
        self.assertEqual(problems, [("身份证号", "身份证号中的出生日期 2026-12-01 晚于今天")])
