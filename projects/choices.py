from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Who funds a project (中央/省/市/县 涉农项目)."""

    CENTRAL = "central", _("中央")
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县")


class AllocationStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    UNDER_WAY = "under_way", _("在建")
    COMPLETED = "completed", _("已完成")


class TaskProgramme(models.TextChoices):
    """The two programmes whose villages have a three-year construction task (2009–2011)."""

    NEW_COUNTRYSIDE = "new_countryside", _("新农村建设示范村")
    KEY_POVERTY = "key_poverty", _("扶贫重点村")
