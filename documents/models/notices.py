"""Public notices (公示) of a year's results and reward lists (domain.md §10)."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: domain.md §10: a notice is posted for at least five days.
MIN_POSTING_DAYS = 5


class NoticeKind(models.TextChoices):
    RESULTS = "results", _("考核结果公示")
    REWARDS = "rewards", _("奖励名单公示")


class PublicNotice(models.Model):
    """A notice as published: kind, year, county or one township, publication date and posting period.

    The list it posts is read from the cycle's results when it is printed (village-level only)."""

    kind = models.CharField(_("公示类别"), max_length=20, choices=NoticeKind.choices)
    year = models.PositiveIntegerField(_("考核年度"))
    township = models.ForeignKey(
        "villages.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="public_notices",
        verbose_name=_("乡镇"),
        help_text=_("留空为全县公示"),
    )
    published_on = models.DateField(_("公示日期"))
    posting_days = models.PositiveSmallIntegerField(
        _("公示期（天）"), default=7, validators=[MinValueValidator(MIN_POSTING_DAYS)]
    )
    contact_phone = models.CharField(_("监督电话"), max_length=30, blank=True, help_text=_("办公电话，不填个人电话"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("发布人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(posting_days__gte=MIN_POSTING_DAYS),
                name="notice_posted_at_least_five_days",
                violation_error_message=_("公示期不得少于 5 天"),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()}"

    @property
    def posted_until(self) -> datetime.date:
        """The last day of the posting period (the publication day counts as the first)."""
        return self.published_on + datetime.timedelta(days=self.posting_days - 1)
