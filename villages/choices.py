from django.db import models
from django.utils.translation import gettext_lazy as _


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
