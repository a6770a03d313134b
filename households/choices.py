from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import categories


class Category(models.TextChoices):
    """The five household categories (分类建档); codes shared with categories.py."""

    DEMONSTRATION = categories.DEMONSTRATION, _("示范户")
    WELL_OFF = categories.WELL_OFF, _("殷实户")
    SUBSISTENCE = categories.SUBSISTENCE, _("温饱户")
    NEEDS_HELP = categories.NEEDS_HELP, _("帮扶户")
    CARE = categories.CARE, _("关怀户")


class Industry(models.TextChoices):
    TEA = "tea", _("茶叶")
    PIGS = "pigs", _("生猪")
    TOBACCO = "tobacco", _("烤烟")
    MIGRATION = "migration", _("转移就业")
    OTHER = "other", _("其他")


class Hardship(models.TextChoices):
    NONE = "", _("无")
    CANNOT_WORK = "cannot_work", _("无劳动能力")
    SERIOUS_ILLNESS = "serious_illness", _("重病")
    DISABILITY = "disability", _("残疾")


class Relation(models.TextChoices):
    HEAD = "head", _("户主")
    SPOUSE = "spouse", _("配偶")
    SON = "son", _("子")
    DAUGHTER = "daughter", pgettext_lazy("relation to the head", "女")
    FATHER = "father", _("父")
    MOTHER = "mother", _("母")
    GRANDSON = "grandson", _("孙子")
    GRANDDAUGHTER = "granddaughter", _("孙女")
    OTHER = "other", _("其他")


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", pgettext_lazy("sex", "女")


class LabourAbility(models.TextChoices):
    FULL = "full", _("有")
    WEAK = "weak", _("弱")
    NONE = "none", pgettext_lazy("labour ability", "无")  # not the hardship 无 (None)


class Health(models.TextChoices):
    HEALTHY = "healthy", _("健康")
    CHRONIC = "chronic", _("慢性病")
    SERIOUS = "serious", _("重病")
    DISABLED = "disabled", _("残疾")


class Schooling(models.TextChoices):
    NONE = "none", _("文盲或半文盲")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中或中专")
    COLLEGE = "college", _("大专及以上")
