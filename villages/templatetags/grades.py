"""{{ grade|grade_label }}: 一类村 … 四类村 (villages.choices.grade_label, the one place grades get a name)."""

from django import template

from villages.choices import grade_label as label_of

register = template.Library()


@register.filter
def grade_label(grade) -> str:
    return label_of(grade)
