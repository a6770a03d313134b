"""Checks of one roster row, pure: cell values in, typed values or messages out.

No models and no database: the rules that need other rows or stored data (duplicates,
scope, households that must exist) live in engine.py. The household rules (names, 户编号,
phone, 家庭人口, labour, amounts, year) are those of households.rules, the web form's too; the
ID-number and money parsing is that of xixiang.lib; the Chinese values of coded columns are
those of columns.py.

Messages are translated (gettext, the language active during the import) only when a
problem is reported; the checks of valid cells never call gettext.
"""

import datetime
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from xixiang.lib.id_numbers import InvalidIdNumber, parse_id_number
from xixiang.lib.money import CENT, InvalidAmount, to_yuan

from .. import rules
from .columns import (
    CATEGORIES,
    HARDSHIPS,
    HEALTHS,
    HOUSEHOLD_COLUMNS,
    INDUSTRIES,
    LABOUR_ABILITIES,
    MEMBER_COLUMNS,
    RELATIONS,
    SEXES,
    YES_NO,
)

Problem = tuple[str, str]  # (header, message in the active language)

DIGITS = str.maketrans("０１２３４５６７８９．，－（）", "0123456789.,-()")
_INDUSTRY_SEPARATORS = re.compile(r"[、,，;；/\s]+")
_INDUSTRY_ORDER = tuple(INDUSTRIES.values())
MONEY_LIMIT = Decimal("10000000000")  # 12 digits with 2 decimals
_ABSENT = object()
#: Parsed amounts and industry lists by cell value: rosters repeat the same few (0, 50, 200 yuan;
#: "茶叶、生猪"), and a county's workbook has ~1,000,000 such cells. Bounded; values are immutable.
_MONEY_SEEN: dict[float, Decimal] = {}
_INDUSTRIES_SEEN: dict[str, tuple[str, ...]] = {}
_SEEN_LIMIT = 4096
_H = [column.header for column in HOUSEHOLD_COLUMNS]
_M = [column.header for column in MEMBER_COLUMNS]


class HouseholdRow(NamedTuple):
    """One valid row of sheet 农户: household values and one year's income items."""

    number: str
    head_name: str
    head_id_number: str
    phone: str
    resident_count: int | None
    labour_count: int | None
    industries: tuple[str, ...]
    has_income_project: bool | None
    hardship: str | None
    year: int | None
    total_income: Decimal | None
    business_expenses: Decimal | None
    taxes_and_fees: Decimal | None
    depreciation: Decimal | None
    gifts_outside: Decimal | None
    category: str | None
    large_producer: bool | None = None  # None: blank, the stored value stays
    large_producer_scale: str = ""

    def household_values(self) -> tuple:
        """What every row of one household must repeat identically (家庭人口 is per year)."""
        return (
            self.head_name,
            self.head_id_number,
            self.phone,
            self.labour_count,
            self.industries,
            self.has_income_project,
            self.hardship,
            self.category,
        )


#: Headers of household_values(), in the same order (for "rows disagree" messages).
HOUSEHOLD_VALUE_HEADERS = (
    "户主姓名",
    "户主身份证号",
    "联系电话",
    "劳动力人数",
    "主导产业",
    "有增收项目",
    "特殊困难",
    "户类别",
)


class MemberRow(NamedTuple):
    """One valid row of sheet 家庭成员. `sex` is "" when not given; `id_sex` and `birth_date`
    come from the ID number (used for new members)."""

    number: str
    name: str
    id_number: str
    relation: str | None
    sex: str | None
    id_sex: str
    birth_date: datetime.date | None
    labour_ability: str | None
    health: str | None


def cell_text(value) -> str:
    """A cell as trimmed text: numbers without a trailing .0, blanks as ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def _name(value, header: str, problems: list, *, minimum: int) -> str:
    """A person's name under households.rules (the household form's rule too)."""
    text = value.strip() if value.__class__ is str else cell_text(value)
    problem = rules.person_name_problem(text, minimum=minimum)
    if problem is not None:
        problems.append((header, problem))
    return text


def _household_number(value, header: str, problems: list) -> str:
    if value.__class__ is str and len(value) == 17 and value.isascii() and value.isdigit():
        return value  # already canonical: the usual case
    if isinstance(value, float):
        problems.append((header, _("户编号被 Excel 存成了数字，末尾几位已经丢失；请把该列设为“文本”格式后重新填写")))
        return ""
    text = cell_text(value).translate(DIGITS).replace(" ", "")
    problem = rules.household_number_problem(text)
    if problem is not None:
        problems.append((header, problem))
        return ""
    return text


def _id_number(value, header: str, problems: list, today: datetime.date):
    try:
        return parse_id_number(value, today=today)
    except InvalidIdNumber as exc:
        problems.append((header, str(exc)))
        return None


def _integer(value, header: str, problems: list, *, rule=None, required: bool = True):
    """A whole number that `rule` (of households.rules) accepts, or without a rule one not below 0."""
    if value.__class__ is float and value.is_integer():
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = cell_text(value).translate(DIGITS)
        if not text:
            if required:
                problems.append((header, _("不能为空")))
            return None
        if not text.isdigit():
            problems.append((header, _("“%(value)s”不是整数") % {"value": text}))
            return None
        number = int(text)
    problem = rule(number) if rule is not None else (_("不能小于 %(low)s") % {"low": 0} if number < 0 else None)
    if problem is not None:
        problems.append((header, problem))
        return None
    return number


def _money(value, header: str, problems: list, *, required: bool) -> Decimal | None:
    if value.__class__ is float and 0.0 <= value < math.inf:
        # A number cell, the usual case: to_yuan's rule (shortest repr, half-up to the cent).
        amount = _MONEY_SEEN.get(value)
        if amount is None:
            amount = _float_yuan(value, header, problems)
            if amount is None:
                return None
            if len(_MONEY_SEEN) < _SEEN_LIMIT:
                _MONEY_SEEN[value] = amount
    else:
        amount = _other_money(value, header, problems, required=required)
        if amount is None:
            return None
    if amount >= MONEY_LIMIT:
        problems.append((header, _("金额过大（不能超过 99 亿元）")))
        return None
    return amount


def _float_yuan(value: float, header: str, problems: list) -> Decimal | None:
    text = repr(value)
    if text[-3:-2] == ".":  # already in cents, the usual case: no rounding needed
        return Decimal(text)
    if text[-2:-1] == ".":
        return Decimal(text + "0")
    try:
        return Decimal(text).quantize(CENT, rounding=ROUND_HALF_UP)
    except ArithmeticError:  # too many digits to hold cents
        problems.append((header, _("金额过大（不能超过 99 亿元）")))
        return None


def _other_money(value, header: str, problems: list, *, required: bool) -> Decimal | None:
    """Text, integers, blanks and everything else that is not a plain non-negative float."""
    if isinstance(value, str):
        value = value.strip().translate(DIGITS)
    if value is None or value == "":
        if required:
            problems.append((header, _("不能为空")))
            return None
        return Decimal("0.00")
    try:
        amount = to_yuan(value, allow_negative=True)
    except InvalidAmount as exc:
        problems.append((header, str(exc)))
        return None
    problem = rules.amount_problem(amount)
    if problem is not None:
        problems.append((header, problem))
        return None
    return amount


def _choice(value, header: str, problems: list, mapping: dict, *, blank=""):
    if value.__class__ is str:
        code = mapping.get(value, _ABSENT)
        if code is not _ABSENT:  # exactly one of the values: the usual case
            return code
    text = cell_text(value)
    if not text:
        return blank
    try:
        return mapping[text]
    except KeyError:
        problems.append(
            (header, _("“%(value)s”不是可选值（%(choices)s）") % {"value": text, "choices": "、".join(mapping)})
        )
        return None


def _industries(value, header: str, problems: list) -> tuple[str, ...]:
    text = cell_text(value)
    if not text:
        return ()
    seen = _INDUSTRIES_SEEN.get(text)
    if seen is not None:
        return seen
    codes = set()
    for part in _INDUSTRY_SEPARATORS.split(text):
        if not part:
            continue
        code = INDUSTRIES.get(part)
        if code is None:
            problems.append(
                (
                    header,
                    _("“%(value)s”不是可选的产业（%(choices)s）") % {"value": part, "choices": "、".join(INDUSTRIES)},
                )
            )
            return ()
        codes.add(code)
    result = tuple(code for code in _INDUSTRY_ORDER if code in codes)
    if len(_INDUSTRIES_SEEN) < _SEEN_LIMIT:
        _INDUSTRIES_SEEN[text] = result
    return result


def _phone(value, header: str, problems: list) -> str:
    if value.__class__ is str and len(value) == 11 and value[0] == "1" and value.isascii() and value.isdigit():
        return value  # a mobile number as typed: the usual case
    text = cell_text(value).translate(DIGITS).replace(" ", "")
    problem = rules.phone_problem(text)
    if problem is not None:
        problems.append((header, problem))
    return text


def parse_household(cells, today: datetime.date) -> tuple[HouseholdRow, list[Problem]]:
    """Check one row of sheet 农户 (`cells` in the order of HOUSEHOLD_COLUMNS).

    The row is only usable when the list of problems is empty; its `number` is set whenever
    the 户编号 cell itself is valid.
    """
    (
        number,
        head_name,
        head_id,
        phone,
        residents,
        labour,
        industries,
        project,
        hardship,
        year,
        total,
        expenses,
        taxes,
        depreciation,
        gifts,
        category,
        large_producer,
        scale,
    ) = cells
    problems: list[Problem] = []
    number = _household_number(number, _H[0], problems)
    head_name = _name(head_name, _H[1], problems, minimum=rules.HEAD_NAME_MIN_LENGTH)
    info = _id_number(head_id, _H[2], problems, today)
    phone = _phone(phone, _H[3], problems)
    residents = _integer(residents, _H[4], problems, rule=rules.resident_count_problem)
    labour = _integer(labour, _H[5], problems)
    if residents is not None and labour is not None:
        problem = rules.labour_count_problem(labour, residents)
        if problem is not None:
            problems.append((_H[5], problem))
    row = HouseholdRow(
        number,
        head_name,
        info.number if info else "",
        phone,
        residents,
        labour,
        _industries(industries, _H[6], problems),
        _choice(project, _H[7], problems, YES_NO, blank=False),
        _choice(hardship, _H[8], problems, HARDSHIPS),
        _integer(year, _H[9], problems, rule=rules.income_year_problem),
        _money(total, _H[10], problems, required=True),
        _money(expenses, _H[11], problems, required=True),
        _money(taxes, _H[12], problems, required=False),
        _money(depreciation, _H[13], problems, required=False),
        _money(gifts, _H[14], problems, required=False),
        _choice(category, _H[15], problems, CATEGORIES),
        *_large_producer(large_producer, scale, problems),
    )
    return row, problems


def _large_producer(flag, scale, problems: list) -> tuple[bool | None, str]:
    """产业大户 (是 / 否 / blank: keep) and its scale, required when 是 (households.rules)."""
    producer = _choice(flag, _H[16], problems, YES_NO, blank=None)
    text = cell_text(scale)
    if len(text) > rules.LARGE_PRODUCER_SCALE_MAX_LENGTH:
        problems.append((_H[17], _("不能超过 %(n)s 个字") % {"n": rules.LARGE_PRODUCER_SCALE_MAX_LENGTH}))
    problem = rules.large_producer_problem(bool(producer), text)
    if problem is not None:
        problems.append((_H[17], problem))
    return producer, text if producer else ""


def parse_member(cells, today: datetime.date) -> tuple[MemberRow, list[Problem]]:
    """Check one row of sheet 家庭成员 (`cells` in the order of MEMBER_COLUMNS); usable when
    the list of problems is empty."""
    number, name, id_number, relation, sex, labour, health = cells
    problems: list[Problem] = []
    number = _household_number(number, _M[0], problems)
    name = _name(name, _M[1], problems, minimum=rules.MEMBER_NAME_MIN_LENGTH)
    info = _id_number(id_number, _M[2], problems, today)
    relation_code = _choice(relation, _M[3], problems, RELATIONS, blank=None)
    if relation_code is None and not cell_text(relation):
        problems.append((_M[3], _("不能为空")))
    sex = _choice(sex, _M[4], problems, SEXES)
    id_number, birth_date, id_sex = "", None, ""
    if info is not None:
        id_number, birth_date, id_sex = info.number, info.birth_date, SEXES[info.sex]
        if sex and sex != id_sex:
            problems.append((_M[4], _("性别与身份证号不符（身份证号显示为%(sex)s）") % {"sex": info.sex}))
    row = MemberRow(
        number,
        name,
        id_number,
        relation_code,
        sex,
        id_sex,
        birth_date,
        _choice(labour, _M[5], problems, LABOUR_ABILITIES),
        _choice(health, _M[6], problems, HEALTHS),
    )
    return row, problems


def normalise_header(value) -> str:
    """A header cell as matched against the layout: trimmed of half- and full-width spaces."""
    return cell_text(value) if not isinstance(value, str) else value.strip()
