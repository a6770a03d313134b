from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of domain.md §1. The scope each one has is answered by each app's scope.py,
    on the predicates of roles.py."""

    ADMIN = "admin", _("县升级晋档办（管理员）")
    LEADER = "leader", _("县领导")
    CLERK = "clerk", _("乡镇文书")
    VILLAGE_CADRE = "village_cadre", _("村干部")
    SCORER = "scorer", _("部门考评员")
    INSPECTOR = "inspector", _("检查验收组")
    SURVEYOR = "surveyor", _("统计调查员")
    HELPER = "helper", _("帮扶干部")
