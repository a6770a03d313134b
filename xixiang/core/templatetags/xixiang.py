"""Small template helpers used across apps."""

from django import template
from django.urls import reverse

from xixiang.audit.registry import key_for

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    """Link to the change history page of `obj`."""
    return reverse("audit:object_history", args=[key_for(type(obj)), obj.pk])


@register.filter
def yuan(value) -> str:
    """Format a Decimal amount of yuan with thousands separators and two places."""
    if value is None or value == "":
        return "—"
    return f"{value:,.2f}"
