"""{{ grade|grade_label }}: 一类村 … 四类村 (villages.choices.grade_label, the one place grades get a name);
{{ grade|grade_short }} for a narrow table cell ("Grade 1" in English)."""

from django import template

from villages.choices import grade_label as label_of
from villages.choices import grade_short_label

register = template.Library()


@register.filter
def grade_label(grade) -> str:
    return label_of(grade)


@register.filter
def grade_short(grade) -> str:
    return grade_short_label(grade)
