from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    """A village's or township's plan: proposed by the township (draft), approved by the county."""

    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已审定")
