from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    """The meetings of a demonstration village (domain.md §6)."""

    FUNDS = "funds", _("项目资金协调会")
    PROGRESS = "progress", _("推进会")
    SITE = "site", _("现场观摩会")
