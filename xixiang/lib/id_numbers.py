"""Resident ID numbers (居民身份证号码, GB 11643-1999): checking and normalising.

Pure functions over strings; no Django models. Every rejection raises
`InvalidIdNumber` whose message is shown to the clerk, translated with gettext (the msgids
are the Chinese text) only when a number is rejected.
"""

import datetime
import functools
import operator
import re
from typing import NamedTuple

from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"  # indexed by (weighted sum mod 11)
_ASCII_ZERO_WEIGHT = ord("0") * sum(WEIGHTS)  # the digits' byte values carry this much extra
_CHECK_SYMBOLS = frozenset("0123456789X")

_FULL_WIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")
_FLOAT_LIKE = re.compile(r"^\d+(\.\d*)?[eE][+-]?\d+$|^\d+\.\d+$")
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")  # ASCII digits only (\d would admit other scripts' digits)


class InvalidIdNumber(ValueError):
    """The text is not a valid resident ID number; str(exc) is a message in the active language."""


class IdNumberInfo(NamedTuple):
    """A valid ID number and what it says (a tuple: an import builds ~450,000 of them)."""

    number: str
    region: str
    birth_date: datetime.date
    sex: str  # "男" or "女"


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != len(WEIGHTS):
        raise ValueError("check_character needs exactly 17 digits")
    # Multiplying the ASCII bytes keeps the loop in C (a county roster checks ~450,000 numbers);
    # each byte is its digit plus ord("0"), which _ASCII_ZERO_WEIGHT takes back out.
    try:
        digits = first17.encode("ascii")
    except UnicodeEncodeError:
        raise ValueError("check_character needs ASCII digits") from None
    return CHECK_CHARACTERS[(sum(map(operator.mul, digits, WEIGHTS)) - _ASCII_ZERO_WEIGHT) % 11]


def normalise_id_number(raw: object, *, today: datetime.date | None = None) -> str:
    """Return the canonical 18-character ID number or raise InvalidIdNumber.

    Accepts full-width digits, a lower-case x, and surrounding (also full-width) spaces.
    Rejects numbers that Excel turned into floats, wrong lengths, impossible or future
    birth dates and wrong check characters, each with its own message.
    """
    return parse_id_number(raw, today=today).number


def parse_id_number(raw: object, *, today: datetime.date | None = None) -> IdNumberInfo:
    """Check an ID number and return its parts (region, birth date, sex)."""
    if raw.__class__ is str and len(raw) == 18 and raw.isascii() and raw[:17].isdigit() and raw[17] in _CHECK_SYMBOLS:
        text = raw  # already canonical: the usual case, checked without any rewriting
    else:
        text = _canonical_text(raw)
    birth = _birth_date(text[6:14])
    today = today or datetime.date.today()
    if birth > today:
        raise InvalidIdNumber(_("身份证号中的出生日期 %(date)s 晚于今天") % {"date": birth.isoformat()})
    if birth.year < 1880:
        raise InvalidIdNumber(_("身份证号中的出生年份 %(year)s 不合理") % {"year": birth.year})
    expected = check_character(text[:17])
    if text[17] != expected:
        raise InvalidIdNumber(
            _("身份证号校验码错误：最后一位应为 %(expected)s，而不是 %(given)s")
            % {"expected": expected, "given": text[17]}
        )
    sex = "男" if text[16] in "13579" else "女"
    return IdNumberInfo(text, text[:6], birth, sex)


def _canonical_text(raw: object) -> str:
    """The 18 characters of a typed ID number (full-width digits, spaces and a lower-case x
    tidied), or InvalidIdNumber naming what is wrong with its shape."""
    if isinstance(raw, float):
        raise InvalidIdNumber(_("身份证号被 Excel 存成了数字，末尾几位已经丢失；请把该列设为“文本”格式后重新填写"))
    if isinstance(raw, int):
        raw = str(raw)
    if not isinstance(raw, str):
        raise InvalidIdNumber(_("身份证号必须是文本"))
    text = raw.translate(_FULL_WIDTH).replace("\u3000", " ").strip().replace(" ", "")
    if not text:
        raise InvalidIdNumber(_("身份证号不能为空"))
    if _FLOAT_LIKE.match(text):
        raise InvalidIdNumber(
            _(
                "身份证号“%(number)s”被 Excel 转成了数字（"
                "科学计数法或小数），精度已丢失；请把该列设为“文本”格式后重新填写"
            )
            % {"number": text}
        )
    text = text.upper()
    if len(text) != 18:
        raise InvalidIdNumber(_("身份证号应为 18 位，现在是 %(length)s 位") % {"length": len(text)})
    if not _SHAPE.match(text):
        raise InvalidIdNumber(_("身份证号前 17 位必须是数字，最后一位是数字或 X"))
    return text


def _birth_date(digits: str) -> datetime.date:
    birth = birth_date_or_none(digits)
    if birth is None:
        raise InvalidIdNumber(_("身份证号中的出生日期 %(digits)s 不是真实的日期") % {"digits": digits})
    return birth


@functools.lru_cache(maxsize=65536)  # a county's people share ~35,000 birth dates
def birth_date_or_none(digits: str) -> datetime.date | None:
    """The day of eight digits YYYYMMDD, or None when the calendar has no such day."""
    try:
        return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def has_valid_check_character(number: str) -> bool:
    """Whether 18 ASCII characters (17 digits, then a digit or X) end in their check character."""
    # The weights are 2^17 … 2^1 mod 11, and 13 ≡ 2 (mod 11): so the weighted sum is twice the
    # 17 digits read as a base-13 number, mod 11; int() does that in C (a quarter of the time
    # of summing the products, which matters for 500,000 ID numbers in a county's roster).
    return CHECK_CHARACTERS[2 * int(number[:17], 13) % 11] == number[17]


def mask_id_number(number: str) -> str:
    """Show the region and the last four characters only: 610724********1234."""
    if len(number) != 18:
        return "*" * len(number)
    return f"{number[:6]}********{number[-4:]}"


# 18 characters that look like an ID number (17 digits, then a digit or X/x), not inside a longer
# run of digits; also the percent-encoded and full-width forms are not needed: a URL keeps
# digits as they are, and full-width digits are normalised before anything is stored.
_ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")


def mask_id_numbers_in_text(text: str) -> str:
    """Every ID-number-like run of 18 characters in free text (a log line, a URL) masked as
    `mask_id_number` masks one: region and last four characters kept."""
    return _ID_NUMBER_IN_TEXT.sub(lambda m: f"{m[1]}********{m[2][-4:]}", text)


def make_id_number(region: str, birth_date: datetime.date, sequence: int) -> str:
    """Build a valid ID number (used by demo data and tests)."""
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
