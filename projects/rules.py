"""Pure rules of projects and funds (no models)."""

from decimal import Decimal


def share(part, whole) -> float:
    """part / whole as a fraction 0–1 rounded to 4 places; 0 when there is nothing."""
    if not whole:
        return 0.0
    return round(float(Decimal(part) / Decimal(whole)), 4)


def task_progress(pairs) -> float:
    """Progress of a construction task: the mean over its planned outputs of completed / planned,
    each capped at 1 (one output overbuilt does not make up for another not built); 0 with none."""
    ratios = [min(Decimal(1), Decimal(done) / Decimal(planned)) for done, planned in pairs if planned]
    if not ratios:
        return 0.0
    return round(float(sum(ratios) / len(ratios)), 4)


def over_investment(investment: Decimal, allocated_elsewhere: Decimal, amount: Decimal) -> Decimal:
    """How far an allocation of `amount` would take the project's allocations above its
    investment (0 when it fits)."""
    excess = allocated_elsewhere + amount - investment
    return excess if excess > 0 else Decimal(0)


def quantity_text(value) -> str:
    """A quantity as a decimal string without needless zeros (242.00 → 242, 3.50 → 3.5)."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")
