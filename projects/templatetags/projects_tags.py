from django import template

from projects.rules import quantity_text

register = template.Library()


@register.filter
def quantity(value) -> str:
    """{{ q|quantity }}: 242.00 → 242, 3.50 → 3.5."""
    return quantity_text(value)


@register.filter
def index(values, position):
    """{{ list|index:i }}: the i-th item, or None."""
    try:
        return values[position]
    except (IndexError, TypeError):
        return None
