"""Per-capita net income and the five household categories (分类建档). Pure functions.

domain.md §3: net income = total income − business expenses − taxes and fees − depreciation
of productive fixed assets − gifts to relatives outside the household; divided by the number
of resident members. Categories are tested with 关怀户 first, then top to bottom.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from xixiang.lib.money import round_yuan

DEMONSTRATION = "demonstration"
WELL_OFF = "well_off"
SUBSISTENCE = "subsistence"
NEEDS_HELP = "needs_help"
CARE = "care"

#: The three categories that are the key assistance targets (重点帮扶对象).
KEY_TARGETS = frozenset({SUBSISTENCE, NEEDS_HELP, CARE})


@dataclass(frozen=True)
class Thresholds:
    """Per-capita net income thresholds (yuan/year) of one year; defaults are 2009's."""

    demonstration_min: Decimal = Decimal("5000")
    well_off_min: Decimal = Decimal("3000")
    subsistence_min: Decimal = Decimal("1196")
    care_max: Decimal = Decimal("3000")


DEFAULT_THRESHOLDS = Thresholds()


class IncomeItems(NamedTuple):
    """The income items of one household-year (a tuple: an import computes ~200,000)."""

    total_income: Decimal
    business_expenses: Decimal
    taxes_and_fees: Decimal = Decimal("0")
    depreciation: Decimal = Decimal("0")
    gifts_outside: Decimal = Decimal("0")


def net_income(items: IncomeItems) -> Decimal:
    """Household net income (纯收入) in yuan; may be negative in a bad year."""
    return round_yuan(
        items.total_income
        - items.business_expenses
        - items.taxes_and_fees
        - items.depreciation
        - items.gifts_outside
    )


def per_capita_net_income(items: IncomeItems, resident_members: int) -> Decimal:
    """Net income divided by the resident members, rounded to the cent."""
    return per_capita_of(net_income(items), resident_members)


def per_capita_of(net: Decimal, resident_members: int) -> Decimal:
    """A net income (纯收入, already rounded to the cent) per resident member, rounded to the cent."""
    if resident_members < 1:
        raise ValueError("家庭常住人口至少为 1 人")
    return round_yuan(net / resident_members)


def household_category(
    per_capita: Decimal,
    *,
    has_income_project: bool,
    labour_count: int,
    has_serious_illness_or_disability: bool,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> str:
    """The category code for one household's latest per-capita net income."""
    cannot_work = labour_count == 0
    if (cannot_work or has_serious_illness_or_disability) and per_capita < thresholds.care_max:
        return CARE
    if per_capita >= thresholds.demonstration_min and has_income_project:
        return DEMONSTRATION
    if per_capita >= thresholds.well_off_min:
        return WELL_OFF
    if per_capita >= thresholds.subsistence_min:
        return SUBSISTENCE
    return NEEDS_HELP
