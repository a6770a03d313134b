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
