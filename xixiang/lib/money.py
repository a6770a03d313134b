"""Money helpers: yuan as Decimal with two places, never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")


class InvalidAmount(ValueError):
    """The value is not an amount of money; str(exc) is a message in the active language."""


def to_yuan(value: object, *, allow_negative: bool = False) -> Decimal:
    """Parse a number of yuan into a Decimal rounded to the cent.

    Floats are accepted only through their shortest decimal repr (what a spreadsheet cell
    shows), so 0.1 becomes Decimal("0.10") and not 0.1000000000000000055….
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidAmount(_("金额不能为空"))
    if isinstance(value, bool):
        raise InvalidAmount(_("金额必须是数字"))
    try:
        if isinstance(value, float):
            amount = Decimal(repr(value))
        else:
            amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except InvalidOperation as exc:
        raise InvalidAmount(_("“%(value)s”不是有效的金额") % {"value": value}) from exc
    if not amount.is_finite():
        raise InvalidAmount(_("“%(value)s”不是有效的金额") % {"value": value})
    if amount < 0 and not allow_negative:
        raise InvalidAmount(_("金额不能为负数"))
    try:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # more digits than a Decimal holds with cents
        raise InvalidAmount(_("“%(value)s”金额过大") % {"value": value}) from exc


def round_yuan(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def figure_text(value) -> str:
    """A figure as printed: thousands separators, two places only when it has cents (400, 1,920,152.50)."""
    return f"{value:,.2f}" if value is not None and value % 1 else f"{int(value or 0):,}"
