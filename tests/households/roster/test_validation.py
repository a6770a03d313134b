import datetime
import unittest
from decimal import Decimal

import pytest
from django.utils import translation

from households.choices import Category, Hardship, Health, Industry, LabourAbility, Relation, Sex
from households.roster import columns, validation
from households.roster.validation import cell_text, parse_household, parse_member
from xixiang.lib.id_numbers import make_id_number
from xixiang.lib.money import to_yuan

TODAY = datetime.date(2026, 11, 26)
HEAD = make_id_number("610724", datetime.date(1968, 5, 4), 123)  # odd sequence: male
WIFE = make_id_number("610724", datetime.date(1970, 2, 1), 124)


def household_cells(**values):
    row = {
        "number": "61072410020101001",
        "head_name": "张三丰",
        "head_id_number": HEAD,
        "phone": "13912345678",
        "resident_count": 3.0,
        "labour_count": 2.0,
        "industries": "茶叶、生猪",
        "has_income_project": "是",
        "hardship": "无",
        "year": 2009.0,
        "total_income": 15000.0,
        "business_expenses": 3000.5,
        "taxes_and_fees": "",
        "depreciation": "",
        "gifts_outside": 100,
        "category": "",
        "is_large_producer": "",
        "large_producer_scale": "",
    }
    row.update(values)
    return [row[column.key] for column in columns.HOUSEHOLD_COLUMNS]


def member_cells(**values):
    row = {
        "number": "61072410020101001",
        "name": "李秀兰",
        "id_number": WIFE,
        "relation": "配偶",
        "sex": "女",
        "labour_ability": "有",
        "health": "健康",
    }
    row.update(values)
    return [row[column.key] for column in columns.MEMBER_COLUMNS]


class HouseholdRowTests(unittest.TestCase):
    def test_a_valid_row_gives_typed_values(self):
        row, problems = parse_household(household_cells(), TODAY)
        self.assertEqual(problems, [])
        self.assertEqual(
            (row.number, row.head_id_number, row.resident_count, row.labour_count, row.year),
            ("61072410020101001", HEAD, 3, 2, 2009),
        )
        self.assertEqual(row.industries, ("tea", "pigs"))
        self.assertIs(row.has_income_project, True)
        self.assertEqual(row.hardship, "")
        self.assertEqual(
            (row.total_income, row.business_expenses, row.taxes_and_fees, row.gifts_outside),
            (Decimal("15000.00"), Decimal("3000.50"), Decimal("0.00"), Decimal("100.00")),
        )

    def test_full_width_digits_and_trailing_spaces_are_accepted(self):
        row, problems = parse_household(
            household_cells(
                number="６１０７２４１００２０１０１００１ ",
                head_id_number=f" {HEAD}　",
                resident_count="３",
                phone="１３９１２３４５６７８",
                total_income="１５０００．５",
            ),
            TODAY,
        )
        self.assertEqual(problems, [])
        self.assertEqual(
            (row.number, row.head_id_number, row.resident_count, row.phone, row.total_income),
            ("61072410020101001", HEAD, 3, "13912345678", Decimal("15000.50")),
        )

    def test_number_cells_are_rounded_half_up_to_the_cent_the_same_way_every_time(self):
        for _attempt in range(2):  # the second parse of the same values is served from memory
            row, problems = parse_household(household_cells(total_income=1234.565, business_expenses=0.125), TODAY)
            self.assertEqual(problems, [])
            self.assertEqual((row.total_income, row.business_expenses), (Decimal("1234.57"), Decimal("0.13")))

    def test_amounts_too_large_or_negative_in_number_cells_are_rejected(self):
        _row, problems = parse_household(
            household_cells(total_income=1e300, business_expenses=-5.0, depreciation=1e10), TODAY
        )
        self.assertEqual(
            problems,
            [
                ("家庭总收入", "金额过大（不能超过 99 亿元）"),
                ("家庭经营费用支出", "金额不能为负数"),
                ("生产性固定资产折旧", "金额过大（不能超过 99 亿元）"),
            ],
        )

    def test_coded_values_with_spaces_and_unknown_values(self):
        row, problems = parse_household(household_cells(has_income_project=" 否 ", hardship="重病"), TODAY)
        self.assertEqual((problems, row.has_income_project, row.hardship), ([], False, "serious_illness"))
        _row, problems = parse_household(household_cells(has_income_project="有"), TODAY)
        self.assertEqual(problems, [("有增收项目", "“有”不是可选值（是、否）")])

    def test_digits_of_other_scripts_are_not_a_household_number(self):
        _row, problems = parse_household(household_cells(number="٦1072410020101001"), TODAY)
        self.assertEqual(problems, [("户编号", "户编号必须是 17 位数字")])

    def test_id_number_turned_into_a_float_by_excel_is_rejected_with_the_text_format_advice(self):
        _row, problems = parse_household(household_cells(head_id_number=6.10724196805041e17), TODAY)
        self.assertEqual(
            problems,
            [("户主身份证号", "身份证号被 Excel 存成了数字，末尾几位已经丢失；请把该列设为“文本”格式后重新填写")],
        )

    def test_household_number_turned_into_a_float_is_rejected(self):
        _row, problems = parse_household(household_cells(number=6.1072410020101e16), TODAY)
        self.assertEqual(
            problems, [("户编号", "户编号被 Excel 存成了数字，末尾几位已经丢失；请把该列设为“文本”格式后重新填写")]
        )

    def test_every_problem_of_a_row_is_reported_at_once(self):
        _row, problems = parse_household(
            household_cells(
                number="123",
                head_name="",
                resident_count=0,
                labour_count="两",
                industries="茶叶、养蜂",
                has_income_project="有",
                hardship="贫困",
                year=1999,
                total_income=-5,
                business_expenses="",
                category="富裕户",
                phone="12345",
            ),
            TODAY,
        )
        self.assertEqual(
            problems,
            [
                ("户编号", "户编号必须是 17 位数字"),
                ("户主姓名", "不能为空"),
                ("联系电话", "联系电话应为 11 位手机号（1 开头）或带区号的固定电话，如 0916-1234567"),
                ("家庭人口", "家庭人口必须在 1 到 30 人之间"),
                ("劳动力人数", "“两”不是整数"),
                ("主导产业", "“养蜂”不是可选的产业（茶叶、生猪、烤烟、转移就业、其他）"),
                ("有增收项目", "“有”不是可选值（是、否）"),
                ("特殊困难", "“贫困”不是可选值（无劳动能力、重病、残疾、无）"),
                ("年度", "年度必须在 2000 到 2100 之间"),
                ("家庭总收入", "金额不能为负数"),
                ("家庭经营费用支出", "不能为空"),
                ("户类别", "“富裕户”不是可选值（示范户、殷实户、温饱户、帮扶户、关怀户）"),
            ],
        )

    def test_labour_above_residents_is_rejected(self):
        _row, problems = parse_household(household_cells(resident_count=2, labour_count=3), TODAY)
        self.assertEqual(problems, [("劳动力人数", "劳动力人数不能超过家庭人口")])

    def test_name_that_looks_like_a_formula_is_rejected(self):
        _row, problems = parse_household(household_cells(head_name='=HYPERLINK("x")'), TODAY)
        self.assertEqual(problems, [("户主姓名", "不能以 =、+、-、@ 开头（疑似公式）")])

    def test_landline_with_area_code_is_a_valid_phone(self):
        row, problems = parse_household(household_cells(phone="0916-6212345"), TODAY)
        self.assertEqual((problems, row.phone), ([], "0916-6212345"))

    def test_rows_of_one_household_repeat_the_same_household_values(self):
        first, _ = parse_household(household_cells(year=2008, resident_count=4), TODAY)
        second, _ = parse_household(household_cells(year=2009, resident_count=3), TODAY)
        self.assertEqual(first.household_values(), second.household_values())


class MemberRowTests(unittest.TestCase):
    def test_a_valid_member_carries_the_sex_and_birth_date_of_the_id_number(self):
        row, problems = parse_member(member_cells(sex=""), TODAY)
        self.assertEqual(problems, [])
        self.assertEqual(
            (row.relation, row.sex, row.id_sex, row.birth_date, row.labour_ability, row.health),
            ("spouse", "", "F", datetime.date(1970, 2, 1), "full", "healthy"),
        )

    def test_sex_that_contradicts_the_id_number_is_rejected(self):
        _row, problems = parse_member(member_cells(sex="男"), TODAY)
        self.assertEqual(problems, [("性别", "性别与身份证号不符（身份证号显示为女）")])

    def test_missing_relation_and_bad_id_number_are_reported(self):
        _row, problems = parse_member(
            member_cells(relation="", id_number=WIFE[:-1] + ("0" if WIFE[-1] != "0" else "1")), TODAY
        )
        self.assertEqual([header for header, _ in problems], ["身份证号", "与户主关系"])
        self.assertTrue(problems[0][1].startswith("身份证号校验码错误"))


class CellTextTests(unittest.TestCase):
    def test_numbers_lose_a_trailing_point_zero_and_text_is_trimmed(self):
        self.assertEqual(
            [cell_text(3.0), cell_text(2.5), cell_text(" 王 "), cell_text(None), cell_text(True)],
            ["3", "2.5", "王", "", "是"],
        )


class LayoutTests(unittest.TestCase):
    def test_the_chinese_values_of_coded_columns_are_the_labels_of_the_choices(self):
        with translation.override("zh-hans"):

            def labels(choices):
                return {str(label): value for value, label in choices.choices}

            self.assertEqual(columns.CATEGORIES, labels(Category))
            self.assertEqual(columns.INDUSTRIES, labels(Industry))
            self.assertEqual(columns.HARDSHIPS, labels(Hardship))
            self.assertEqual(columns.RELATIONS, labels(Relation))
            self.assertEqual(columns.SEXES, labels(Sex))
            self.assertEqual(columns.LABOUR_ABILITIES, labels(LabourAbility))
            self.assertEqual(columns.HEALTHS, labels(Health))

    def test_headers_are_those_of_the_spec_in_order(self):
        self.assertEqual(
            [c.header for c in columns.HOUSEHOLD_COLUMNS],
            [
                "户编号",
                "户主姓名",
                "户主身份证号",
                "联系电话",
                "家庭人口",
                "劳动力人数",
                "主导产业",
                "有增收项目",
                "特殊困难",
                "年度",
                "家庭总收入",
                "家庭经营费用支出",
                "税费支出",
                "生产性固定资产折旧",
                "赠送农村内部亲友支出",
                "户类别",
                "产业大户",
                "大户产业规模",
            ],
        )
        self.assertEqual(
            [c.header for c in columns.MEMBER_COLUMNS],
            ["户编号", "姓名", "身份证号", "与户主关系", "性别", "劳动能力", "健康状况"],
        )
        self.assertEqual(
            [c.header for c in columns.HOUSEHOLD_COLUMNS if c.required],
            ["户编号", "户主姓名", "户主身份证号", "家庭人口", "劳动力人数", "年度", "家庭总收入", "家庭经营费用支出"],
        )


@pytest.mark.parametrize(
    "value",
    [0.0, 0.1, 78.0, 11824.75, 3829.33, 1.005, 2.675, 0.125, 123.456, 9999999999.99, 1e15, 1e16, 1.5e-05, 5e-324],
)
def test_a_number_cell_gives_to_yuans_amount_with_its_places(value):
    problems = []
    amount = validation._money(value, "家庭总收入", problems, required=True)
    expected = to_yuan(value)
    if expected >= Decimal("10000000000"):
        assert amount is None and problems == [("家庭总收入", "金额过大（不能超过 99 亿元）")]
    else:
        assert (str(amount), problems) == (str(expected), [])
