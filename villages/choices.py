from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Terrain(models.TextChoices):
    PLAIN = "plain", _("平川")
    HILL = "hill", _("丘陵")
    MOUNTAIN = "mountain", _("山区")


class DepartmentKind(models.TextChoices):
    COUNTY_DEPARTMENT = "department", _("县直部门")
    ENTERPRISE = "enterprise", _("规上企业")
    STATION = "station", _("乡镇站所")


class Grade(models.IntegerChoices):
    """The four grades (级类) of a village, 1 best: named 一类村 … 四类村 wherever a page shows one."""

    ONE = 1, _("一类村")
    TWO = 2, _("二类村")
    THREE = 3, _("三类村")
    FOUR = 4, _("四类村")


def grade_label(grade) -> str:
    """一类村 … 四类村 for 1–4 (in the active language), "—" for no grade."""
    try:
        return str(Grade(int(grade)).label)
    except (TypeError, ValueError):
        return "—"


#: The same names for a narrow table cell: the same words in Chinese; "Grade 1" … in English,
#: where "Grade 1 village" wrapped every row of the summary's rankings onto two lines.
SHORT_GRADE_LABELS = {
    1: pgettext_lazy("grade in a table cell", "一类村"),
    2: pgettext_lazy("grade in a table cell", "二类村"),
    3: pgettext_lazy("grade in a table cell", "三类村"),
    4: pgettext_lazy("grade in a table cell", "四类村"),
}


def grade_short_label(grade) -> str:
    """`grade_label` for a narrow table cell (shorter in English), "—" for no grade."""
    try:
        return str(SHORT_GRADE_LABELS[int(grade)])
    except (TypeError, ValueError, KeyError):
        return "—"
