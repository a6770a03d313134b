"""Assessment cycles (one per year) and the indicators copied into each when it opens."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import scoring
from ..choices import CycleStatus
from .catalogue import POINTS, IndicatorFields

OPEN_STATES = (CycleStatus.DRAFT, CycleStatus.SCORING, CycleStatus.VERIFICATION)
CLOSED_STATES = (CycleStatus.FINALISED, CycleStatus.PUBLISHED)


class Cycle(models.Model):
    """A year's assessment: draft → scoring → verification → finalised → published.

    Holds copies of the grade thresholds, survey and reward parameters in force when it
    opened; its indicators are copies of the catalogue (CycleIndicator).
    """

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(_("状态"), max_length=20, choices=CycleStatus.choices, default=CycleStatus.DRAFT)
    grade1_min = models.DecimalField(_("一类村分数线"), **POINTS)
    grade2_min = models.DecimalField(_("二类村分数线"), **POINTS)
    grade3_min = models.DecimalField(_("三类村分数线"), **POINTS)
    sample_rate = models.DecimalField(_("抽样比例"), max_digits=4, decimal_places=3)
    sample_min = models.PositiveSmallIntegerField(_("最少样本户数"))
    county_reward_amount = models.DecimalField(_("县级奖励金额（元/村）"), max_digits=12, decimal_places=2)
    county_reward_count = models.PositiveSmallIntegerField(_("县级奖励村数"))
    township_reward_amount = models.DecimalField(_("乡镇奖励金额（元/村）"), max_digits=12, decimal_places=2)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("开启人"),
    )
    opened_at = models.DateTimeField(_("开启时间"), auto_now_add=True)
    computed_at = models.DateTimeField(_("最近计算时间"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("定案时间"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("定案人"),
    )
    finalise_missing = models.PositiveIntegerField(
        _("定案时未评分项数"), default=0, help_text=_("定案时尚未评分的村×指标数；大于 0 表示管理员写明理由后强制定案")
    )
    finalise_reason = models.TextField(_("强制定案理由"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核周期")
        verbose_name_plural = _("考核周期")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    grade3_min__gt=0,
                    grade3_min__lt=models.F("grade2_min"),
                    grade2_min__lt=models.F("grade1_min"),
                    grade1_min__lte=100,
                ),
                name="cycle_thresholds_in_order",
                violation_error_message=_("级类分数线必须满足 0 < 三类 < 二类 < 一类 ≤ 100"),
            ),
        ]

    def __str__(self):
        return f"{self.year} 年度考核"

    @property
    def source_label(self) -> str:
        """How grade history names this cycle (VillageGrade.source)."""
        return f"{self.year} 年度考核"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATES

    def thresholds(self) -> scoring.Thresholds:
        return scoring.Thresholds(self.grade1_min, self.grade2_min, self.grade3_min)

    def rules(self) -> list[scoring.Rule]:
        return [indicator.rule() for indicator in self.indicators.all()]

    @property
    def sample_rate_percent(self) -> Decimal:
        return (self.sample_rate * 100).normalize()


class CycleIndicator(IndicatorFields):
    """An indicator as copied into a cycle, with its departments resolved."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("考核周期"))
    lead_department = models.ForeignKey(
        "villages.Department", on_delete=models.PROTECT, related_name="lead_indicators", verbose_name=_("牵头部门")
    )
    cooperating_departments = models.ManyToManyField(
        "villages.Department", blank=True, related_name="cooperating_indicators", verbose_name=_("配合部门")
    )

    class Meta:
        verbose_name = _("周期指标")
        verbose_name_plural = _("周期指标")
        ordering = ["cycle", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "code"],
                name="cycle_indicator_code_unique",
                violation_error_message=_("本周期已有该指标"),
            ),
        ]
