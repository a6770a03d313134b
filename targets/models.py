"""The county plan 2009–2011 (实施方案和总体规划), its village and township plans with their
yearly target grades, measures (工作措施) and responsible people (责任人), and the public
commitments (目标承诺) of townships and villages (domain.md §6).

Township and county targets are never stored: they are roll-ups of the village targets
(selectors.py). Progress is computed from the villages' grade history, never stored either.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import PlanStatus

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
GRADE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class Plan(models.Model):
    """The county's plan for a span of years (西乡县升级晋档实施方案和总体规划 2009—2011)."""

    name = models.CharField(_("名称"), max_length=100)
    first_year = models.PositiveSmallIntegerField(_("起始年度"), validators=YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField(_("截止年度"), validators=YEAR_VALIDATORS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("升级晋档规划")
        verbose_name_plural = _("升级晋档规划")
        ordering = ["-first_year"]
        constraints = [
            models.UniqueConstraint(fields=["first_year"], name="one_plan_per_first_year",
                                    violation_error_message=_("该起始年度已有规划")),
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")), name="plan_years_in_order",
                                   violation_error_message=_("截止年度不能早于起始年度")),
        ]

    def __str__(self):
        return self.name

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class Responsibility(models.Model):
    """What a village's or township's plan names besides its targets: measures and the people."""

    measures = models.TextField(_("工作措施"), blank=True, max_length=2000)
    township_leader = models.CharField(_("乡镇包抓领导"), max_length=40, blank=True)
    contact_leader = models.CharField(_("联系领导"), max_length=40, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("审定人"))
    approved_at = models.DateTimeField(_("审定时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    #: Optimistic locking (xixiang.core.concurrency): every save of the plan, of its targets and its
    #: approval claims the next version; a form opened at an older one is refused.
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED


class VillagePlan(Responsibility):
    """One village's part of the plan: its target grade per year (VillageTarget rows; a year
    without a row has no target), measures and responsible people."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="village_plans", verbose_name=_("规划"))
    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="target_plans",
                                verbose_name=_("行政村"))
    party_secretary = models.CharField(_("村党支部书记"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("村规划")
        verbose_name_plural = _("村规划")
        ordering = ["village__code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "village"], name="one_village_plan_per_plan",
                                    violation_error_message=_("该村在本规划中已有目标")),
        ]

    def __str__(self):
        return f"{self.village} {self.plan}"


class VillageTarget(models.Model):
    """The grade (1 best – 4) a village is to reach in one year of the plan."""

    village_plan = models.ForeignKey(VillagePlan, on_delete=models.CASCADE, related_name="targets",
                                     verbose_name=_("村规划"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    grade = models.PositiveSmallIntegerField(_("目标级类"), validators=GRADE_VALIDATORS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["village_plan", "year"]
        constraints = [
            models.UniqueConstraint(fields=["village_plan", "year"], name="one_target_per_village_year",
                                    violation_error_message=_("该村该年度已有目标")),
            models.CheckConstraint(condition=Q(grade__gte=1, grade__lte=4), name="target_grade_between_1_and_4",
                                   violation_error_message=_("目标级类必须是 1 到 4")),
        ]
        indexes = [models.Index(fields=["year", "grade"])]

    def __str__(self):
        return f"{self.village_plan_id} {self.year}: {self.grade}"


class TownshipPlan(Responsibility):
    """A township's part of the plan: its measures and responsible people (its targets are the
    roll-up of its villages')."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="township_plans", verbose_name=_("规划"))
    township = models.ForeignKey("villages.Township", on_delete=models.PROTECT, related_name="target_plans",
                                 verbose_name=_("乡镇"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("乡镇规划")
        verbose_name_plural = _("乡镇规划")
        ordering = ["township__code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "township"], name="one_township_plan_per_plan",
                                    violation_error_message=_("该乡镇在本规划中已有规划")),
        ]

    def __str__(self):
        return f"{self.township} {self.plan}"


class Commitment(models.Model):
    """A public commitment (目标承诺) of a township (village empty) or a village for one year:
    target grade, promised figures, text, signer and date. A village's is filed as a PDF in its
    archive category G3 (`archive_record`)."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    township = models.ForeignKey("villages.Township", on_delete=models.PROTECT, related_name="commitments",
                                 verbose_name=_("乡镇"))
    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="commitments",
                                null=True, blank=True, verbose_name=_("行政村"))
    target_grade = models.PositiveSmallIntegerField(_("目标级类"), null=True, blank=True,
                                                    validators=GRADE_VALIDATORS)
    income_per_capita = models.DecimalField(_("农民人均纯收入（元）"), max_digits=10, decimal_places=2,
                                            null=True, blank=True, validators=[MinValueValidator(0)])
    road_km = models.DecimalField(_("通村水泥路（公里）"), max_digits=8, decimal_places=2, null=True, blank=True,
                                  validators=[MinValueValidator(0)])
    biogas_digesters = models.PositiveIntegerField(_("沼气池（口）"), null=True, blank=True)
    water_works = models.PositiveIntegerField(_("安全饮水工程（处）"), null=True, blank=True)
    archive_completeness = models.DecimalField(_("档案完整率（%）"), max_digits=5, decimal_places=1, null=True,
                                               blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)])
    text = models.TextField(_("承诺内容"), max_length=4000)
    signer = models.CharField(_("承诺人"), max_length=40)
    signed_on = models.DateField(_("承诺日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("录入人"))
    archive_record = models.ForeignKey("archives.ArchiveRecord", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("档案记录"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("目标承诺")
        verbose_name_plural = _("目标承诺")
        ordering = ["-year", "township__code", "village__code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "village"], condition=Q(village__isnull=False),
                                    name="one_village_commitment_per_year",
                                    violation_error_message=_("该村该年度已有目标承诺")),
            models.UniqueConstraint(fields=["year", "township"], condition=Q(village__isnull=True),
                                    name="one_township_commitment_per_year",
                                    violation_error_message=_("该乡镇该年度已有目标承诺")),
            models.CheckConstraint(condition=Q(target_grade__isnull=True) | Q(target_grade__gte=1, target_grade__lte=4),
                                   name="commitment_grade_between_1_and_4",
                                   violation_error_message=_("目标级类必须是 1 到 4")),
        ]

    def __str__(self):
        return f"{self.village or self.township} {self.year}"

    @property
    def is_township(self) -> bool:
        return self.village_id is None
