"""The household rules, each stated once with its message, pure: plain values in, the problem (a
message in the active language) or None out; no models, no database.

Every entry point calls them: the model (field validators, clean(), the constraints' messages),
the household form, the household service and the roster import (row checks, its fast path and
its last step). So the web form and the import refuse the same household with the same words.

Each message is a gettext_lazy constant (the model's constraints name them as their messages);
a rule turns it into text (gettext, the active language) only when a value breaks it, so the
roster import's checks of its ~1,000,000 valid cells never call gettext, and a rule a fast path
calls per row costs one comparison.
"""

import re

from django.utils.translation import gettext_lazy as _

#: Characters that make a spreadsheet treat typed text as a formula ("formula injection").
FORMULA_PREFIXES = ("=", "+", "-", "@")
NAME_MAX_LENGTH = 20
HEAD_NAME_MIN_LENGTH = 2
MEMBER_NAME_MIN_LENGTH = 1
HOUSEHOLD_NUMBER_LENGTH = 17
RESIDENTS_MIN, RESIDENTS_MAX = 1, 30
YEAR_MIN, YEAR_MAX = 2000, 2100
#: A mobile number (11 digits from 1) or a landline with its area code (0916-6212345), ASCII digits.
PHONE = re.compile(r"^(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8})$")

BLANK = _("不能为空")
NAME_LIKE_FORMULA = _("不能以 =、+、-、@ 开头（疑似公式）")
NAME_LENGTH = _("应为 %(minimum)s–20 个字，现在是 %(length)s 个字")
HOUSEHOLD_NUMBER_FORMAT = _("户编号必须是 17 位数字")
PHONE_FORMAT = _("联系电话应为 11 位手机号（1 开头）或带区号的固定电话，如 0916-1234567")
RESIDENTS_OUT_OF_RANGE = _("家庭人口必须在 1 到 30 人之间")
LABOUR_ABOVE_RESIDENTS = _("劳动力人数不能超过家庭人口")
OVERRIDE_WITHOUT_REASON = _("调整户类别必须写明理由")
MORE_THAN_ONE_HEAD = _("登记了 %(heads)s 名户主，一户只能有一名户主")
MORE_MEMBERS_THAN_RESIDENTS = _("登记的家庭成员（%(m)s 人）多于家庭人口（%(n)s 人）")
AMOUNT_NEGATIVE = _("金额不能为负数")
YEAR_OUT_OF_RANGE = _("年度必须在 2000 到 2100 之间")
LARGE_PRODUCER_WITHOUT_SCALE = _("产业大户必须填写大户产业规模（如 茶园 50 亩）")
LARGE_PRODUCER_SCALE_MAX_LENGTH = 100


def person_name_problem(text: str, *, minimum: int) -> str | None:
    """A person's name (already trimmed): not blank, not starting like a formula, and `minimum`–20
    characters (a head of household at least 2, any member 1)."""
    if not text:
        return str(BLANK)
    if text.startswith(FORMULA_PREFIXES):
        return str(NAME_LIKE_FORMULA)
    if not minimum <= len(text) <= NAME_MAX_LENGTH:
        return NAME_LENGTH % {"minimum": minimum, "length": len(text)}
    return None


def household_number_problem(text: str) -> str | None:
    """A household number (户编号, already trimmed): 17 ASCII digits (group code + 3)."""
    if not text:
        return str(BLANK)
    if len(text) != HOUSEHOLD_NUMBER_LENGTH or not (text.isascii() and text.isdigit()):
        return str(HOUSEHOLD_NUMBER_FORMAT)
    return None


def phone_problem(text: str) -> str | None:
    """A phone number (already trimmed), which may be blank."""
    if text and not PHONE.match(text):
        return str(PHONE_FORMAT)
    return None


def resident_count_problem(residents: int) -> str | None:
    """家庭人口: 1 to 30 people."""
    if not RESIDENTS_MIN <= residents <= RESIDENTS_MAX:
        return str(RESIDENTS_OUT_OF_RANGE)
    return None


def labour_count_problem(labour: int, residents: int) -> str | None:
    """劳动力人数 may not exceed 家庭人口 (so it is at most 30 too)."""
    if labour > residents:
        return str(LABOUR_ABOVE_RESIDENTS)
    return None


def override_reason_problem(override: str, reason: str) -> str | None:
    """A category override (调整类别) needs a reason that is not blank."""
    if override and not reason.strip():
        return str(OVERRIDE_WITHOUT_REASON)
    return None


def large_producer_problem(is_large_producer: bool, scale: str) -> str | None:
    """产业大户 (组有大户, domain.md §6) needs its scale, which names its industry (茶园 50 亩)."""
    if is_large_producer and not scale:
        return str(LARGE_PRODUCER_WITHOUT_SCALE)
    return None


def head_count_problem(heads: int) -> str | None:
    """A household has at most one member whose relation is 户主."""
    if heads > 1:
        return MORE_THAN_ONE_HEAD % {"heads": heads}
    return None


def member_count_problem(members: int, residents: int) -> str | None:
    """The registered members may not outnumber 家庭人口."""
    if members > residents:
        return MORE_MEMBERS_THAN_RESIDENTS % {"m": members, "n": residents}
    return None


def amount_problem(amount) -> str | None:
    """An income or expense item of an income record (yuan) is not negative."""
    if amount < 0:
        return str(AMOUNT_NEGATIVE)
    return None


def income_year_problem(year: int) -> str | None:
    """The year of an income record: 2000 to 2100."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        return str(YEAR_OUT_OF_RANGE)
    return None
