"""The user model: a Django user with a role and the scope that role needs."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Role


class User(AbstractUser):
    """A person who logs in. `role` decides what they may do, the FKs where.

    - clerk: `township` is required;
    - village cadre: `village` is required;
    - scorer: `department` is required;
    - inspector and surveyor: `assigned_villages`;
    - helper (assisting cadre): their own pairings (assistance app).
    """

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.LEADER)
    township = models.ForeignKey(
        "villages.Township", verbose_name=_("所属乡镇"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    village = models.ForeignKey(
        "villages.Village", verbose_name=_("所属村"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="cadre_users",
    )
    department = models.ForeignKey(
        "villages.Department", verbose_name=_("所属部门"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    assigned_villages = models.ManyToManyField(
        "villages.Village", verbose_name=_("负责的村"), blank=True, related_name="assigned_users",
        help_text=_("检查验收组和统计调查员负责的村"),
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.CLERK) | Q(township__isnull=False),
                name="clerk_has_township",
                violation_error_message=_("乡镇文书必须指定所属乡镇"),
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.VILLAGE_CADRE) | Q(village__isnull=False),
                name="village_cadre_has_village",
                violation_error_message=_("村干部必须指定所属村"),
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.SCORER) | Q(department__isnull=False),
                name="scorer_has_department",
                violation_error_message=_("部门考评员必须指定所属部门"),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def name_with_role(self) -> str:
        """The name and role the navigation shows: "张志强（乡镇文书）", or the role alone when it
        already begins with the name (县升级晋档办's account, not "县升级晋档办（县升级晋档办（管理员））")."""
        name, role = str(self), str(self.get_role_display())
        return role if role.startswith(name) else f"{name}（{role}）"

    @property
    def is_county_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN
