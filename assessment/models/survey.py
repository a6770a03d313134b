"""The income survey: one systematic draw per cycle and village, and the sampled households'
income responses (domain.md §8)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xixiang.lib.money import round_yuan

from .. import sampling

MONEY = {"max_digits": 12, "decimal_places": 2}


class SampleDraw(models.Model):
    """The stored draw: frame snapshot, N, n, k, r, seed, positions and household numbers.

    Re-derivable: sampling.draw(N, n, seed) gives the same r and positions.
    """

    cycle = models.ForeignKey(
        "assessment.Cycle", on_delete=models.CASCADE, related_name="draws", verbose_name=_("考核周期")
    )
    village = models.ForeignKey(
        "villages.Village", on_delete=models.CASCADE, related_name="sample_draws", verbose_name=_("行政村")
    )
    frame = models.JSONField(_("抽样框（户编号）"), default=list)
    population = models.PositiveIntegerField(_("总户数 N"))
    size = models.PositiveIntegerField(_("样本量 n"))
    interval = models.FloatField(_("抽样间隔 k"))
    start = models.FloatField(_("随机起点 r"))
    seed = models.BigIntegerField(_("随机种子"))
    positions = models.JSONField(_("入样位置"), default=list)
    household_numbers = models.JSONField(_("样本户编号"), default=list)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("抽样人"),
    )
    drawn_at = models.DateTimeField(_("抽样时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("抽样")
        verbose_name_plural = _("抽样")
        ordering = ["cycle", "village"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "village"],
                name="one_draw_per_cycle_village",
                violation_error_message=_("该村本周期已经抽样"),
            ),
            models.CheckConstraint(
                condition=Q(size__lte=models.F("population")),
                name="sample_not_above_population",
                violation_error_message=_("样本量不能大于总户数"),
            ),
        ]

    def __str__(self):
        return f"{self.village_id} N={self.population} n={self.size}"

    def rederive(self) -> sampling.Draw:
        return sampling.draw(self.population, self.size, self.seed)

    def as_dict(self) -> dict:
        return {
            "N": self.population,
            "n": self.size,
            "k": self.interval,
            "r": self.start,
            "seed": self.seed,
            "positions": list(self.positions),
            "households": list(self.household_numbers),
        }


class SurveyResponse(models.Model):
    """One sampled household's income items for the survey year (statistical definition)."""

    draw = models.ForeignKey(SampleDraw, on_delete=models.CASCADE, related_name="responses", verbose_name=_("抽样"))
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("农户"),
    )
    household_number = models.CharField(_("户编号"), max_length=17)
    total_income = models.DecimalField(_("家庭总收入"), **MONEY)
    business_expenses = models.DecimalField(_("家庭经营费用支出"), **MONEY)
    taxes_and_fees = models.DecimalField(_("税费支出"), default=0, **MONEY)
    depreciation = models.DecimalField(_("生产性固定资产折旧"), default=0, **MONEY)
    gifts_outside = models.DecimalField(_("赠送农村内部亲友支出"), default=0, **MONEY)
    resident_members = models.PositiveSmallIntegerField(_("常住人口"))
    net_income = models.DecimalField(_("纯收入"), editable=False, **MONEY)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("调查户收入")
        verbose_name_plural = _("调查户收入")
        ordering = ["draw", "household_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "household_number"],
                name="one_response_per_sampled_household",
                violation_error_message=_("该样本户已有调查数据"),
            ),
            models.CheckConstraint(
                condition=Q(
                    total_income__gte=0,
                    business_expenses__gte=0,
                    taxes_and_fees__gte=0,
                    depreciation__gte=0,
                    gifts_outside__gte=0,
                ),
                name="survey_items_not_negative",
                violation_error_message=_("收入和支出金额不能为负数"),
            ),
            models.CheckConstraint(
                condition=Q(resident_members__gte=1),
                name="survey_response_has_members",
                violation_error_message=_("常住人口至少为 1 人"),
            ),
        ]

    def __str__(self):
        return self.household_number

    @property
    def per_capita(self) -> Decimal:
        return round_yuan(self.net_income / self.resident_members)
