"""Paired assistance (三联三帮, domain.md §5) and household plans (一户一策, §3).

Three pairing ledgers — leader–village, unit–village, cadre–household — keep history: a change
ends the old line and adds a new one, never overwriting (services.py). Assistance records
belong to exactly one pairing and carry copies of its township, village, household, unit and
cadre, and the year, so that roll-ups need no joins at county scale.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import CadreLevel, Ledger, RecordKind

MONEY = {"max_digits": 14, "decimal_places": 2}
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Cadre(models.Model):
    """An assisting cadre (帮扶干部): a party cadre of a unit, a village cadre or a demonstration
    household. Thousands of them never log in; `user` links the few who do (role helper)."""

    name = models.CharField(_("姓名"), max_length=20)
    level = models.CharField(_("级别"), max_length=20, choices=CadreLevel.choices, default=CadreLevel.STAFF)
    unit = models.ForeignKey(
        "villages.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadres",
        verbose_name=_("所在单位"),
    )
    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadres",
        verbose_name=_("所在村"),
        help_text=_("村干部和示范户填写"),
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadre",
        verbose_name=_("登录用户"),
    )
    is_active = models.BooleanField(_("在岗"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("帮扶干部")
        verbose_name_plural = _("帮扶干部")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["village", "demonstration"]) | Q(unit__isnull=False),
                name="party_cadre_has_unit",
                violation_error_message=_("机关干部必须填写所在单位"),
            ),
            models.CheckConstraint(
                condition=~Q(level__in=["village", "demonstration"]) | Q(village__isnull=False),
                name="cadre_of_village_has_village",
                violation_error_message=_("村干部和示范户必须填写所在村"),
            ),
        ]
        indexes = [models.Index(fields=["level", "is_active"])]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        from xixiang.accounts.choices import Role

        if self.user_id and self.user.role != Role.HELPER:
            raise ValidationError({"user": _("只有角色为帮扶干部的用户可以关联干部")})

    @property
    def label(self) -> str:
        place = self.unit.name if self.unit_id else (self.village.name if self.village_id else "")
        return f"{self.name}（{place}）" if place else self.name


class Pairing(models.Model):
    """What the three ledgers share: the year and the dates. `end_date` empty = still running."""

    ledger: str = ""
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    township = models.ForeignKey("villages.Township", on_delete=models.PROTECT, related_name="+", editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_ended(self) -> bool:
        from django.utils import timezone

        return self.end_date is not None and self.end_date < timezone.localdate()


def _dates_constraint(name: str):
    return models.CheckConstraint(
        condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
        name=name,
        violation_error_message=_("结束日期不能早于开始日期"),
    )


class LeaderPairing(Pairing):
    """领导联点: a county-level or section-level leader adopts a village as a contact point."""

    ledger = Ledger.LEADER
    leader = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="leader_pairings", verbose_name=_("联点领导")
    )
    level = models.CharField(_("领导级别"), max_length=20, choices=CadreLevel.choices[:2], editable=False)
    village = models.ForeignKey(
        "villages.Village", on_delete=models.PROTECT, related_name="leader_pairings", verbose_name=_("联系村")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导联点")
        verbose_name_plural = _("领导联点")
        ordering = ["-year", "village", "id"]
        constraints = [_dates_constraint("leader_pairing_dates_in_order")]
        indexes = [models.Index(fields=["village", "end_date"]), models.Index(fields=["township", "year"])]

    def __str__(self):
        return f"{self.leader} — {self.village}"

    @property
    def target(self):
        return self.village


class UnitPairing(Pairing):
    """部门联村: a county department, enterprise or township station pairs with a poor village."""

    ledger = Ledger.UNIT
    unit = models.ForeignKey(
        "villages.Department", on_delete=models.PROTECT, related_name="unit_pairings", verbose_name=_("帮扶单位")
    )
    village = models.ForeignKey(
        "villages.Village", on_delete=models.PROTECT, related_name="unit_pairings", verbose_name=_("贫困村")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("部门联村")
        verbose_name_plural = _("部门联村")
        ordering = ["-year", "village", "id"]
        constraints = [_dates_constraint("unit_pairing_dates_in_order")]
        indexes = [models.Index(fields=["village", "end_date"]), models.Index(fields=["township", "year"])]

    def __str__(self):
        return f"{self.unit} — {self.village}"

    @property
    def target(self):
        return self.village


class HouseholdPairing(Pairing):
    """干部联户: a cadre pairs with a household."""

    ledger = Ledger.HOUSEHOLD
    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="household_pairings", verbose_name=_("帮扶干部")
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="pairings", verbose_name=_("农户")
    )
    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+", editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("干部联户")
        verbose_name_plural = _("干部联户")
        ordering = ["-year", "household", "id"]
        constraints = [
            _dates_constraint("household_pairing_dates_in_order"),
            models.UniqueConstraint(
                fields=["cadre", "household", "start_date"],
                name="one_pairing_per_cadre_household_start",
                violation_error_message=_("该干部与该户在这段时间已经结对"),
            ),
        ]
        indexes = [
            models.Index(fields=["household", "end_date"]),
            models.Index(fields=["cadre", "end_date"]),
            models.Index(fields=["township", "year"]),
        ]

    def __str__(self):
        return f"{self.cadre} — {self.household.head_name}"

    @property
    def target(self):
        return self.household


class AssistanceRecord(models.Model):
    """帮扶记录: one visit, sum of money, lot of goods, training or funds given on a pairing."""

    leader_pairing = models.ForeignKey(
        LeaderPairing, on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    unit_pairing = models.ForeignKey(
        UnitPairing, on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    household_pairing = models.ForeignKey(
        HouseholdPairing, on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    ledger = models.CharField(_("台账"), max_length=20, choices=Ledger.choices, editable=False)
    date = models.DateField(_("日期"))
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    kind = models.CharField(_("类别"), max_length=20, choices=RecordKind.choices)
    amount = models.DecimalField(_("金额（元）"), default=Decimal("0"), **MONEY)
    quantity = models.DecimalField(_("数量"), max_digits=14, decimal_places=2, null=True, blank=True)
    quantity_unit = models.CharField(_("计量单位"), max_length=10, blank=True, help_text=_("如：株、公斤、张"))
    people_trained = models.PositiveIntegerField(_("培训人次"), default=0)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    # Copies of the pairing's places and people, for roll-ups without joins.
    township = models.ForeignKey("villages.Township", on_delete=models.PROTECT, related_name="+", editable=False)
    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+", editable=False)
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, null=True, blank=True, related_name="+", editable=False
    )
    unit = models.ForeignKey(
        "villages.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = _("帮扶记录")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & (Q(quantity__isnull=True) | Q(quantity__gte=0)),
                name="assistance_amounts_not_negative",
                violation_error_message=_("金额和数量不能为负数"),
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | ~Q(quantity_unit=""),
                name="assistance_quantity_has_unit",
                violation_error_message=_("填写数量时必须填写计量单位"),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        ledger="leader",
                        leader_pairing__isnull=False,
                        unit_pairing__isnull=True,
                        household_pairing__isnull=True,
                    )
                    | Q(
                        ledger="unit",
                        leader_pairing__isnull=True,
                        unit_pairing__isnull=False,
                        household_pairing__isnull=True,
                    )
                    | Q(
                        ledger="household",
                        leader_pairing__isnull=True,
                        unit_pairing__isnull=True,
                        household_pairing__isnull=False,
                    )
                ),
                name="assistance_record_on_one_pairing",
                violation_error_message=_("帮扶记录必须属于一个结对"),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "kind"]),
            models.Index(fields=["township", "year", "kind"]),
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["cadre", "year"]),
            models.Index(fields=["household", "kind", "date"]),
            models.Index(fields=["date", "id"]),
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"

    @property
    def pairing(self):
        return self.household_pairing or self.unit_pairing or self.leader_pairing

    @property
    def quantity_label(self) -> str:
        """The quantity with its unit (“1,200 株”), or "" when there is none."""
        return f"{self.quantity.normalize():,f} {self.quantity_unit}" if self.quantity is not None else ""


class HouseholdPlan(models.Model):
    """一户一策: one household's plan for one year and its result at year end."""

    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="plans", verbose_name=_("农户")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    target_income = models.DecimalField(_("目标人均纯收入（元）"), **MONEY)
    measure_industry = models.CharField(_("产业项目"), max_length=200, blank=True)
    measure_training = models.CharField(_("技能培训"), max_length=200, blank=True)
    measure_migration = models.CharField(_("转移就业"), max_length=200, blank=True)
    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, null=True, blank=True, related_name="plans", verbose_name=_("帮扶责任人")
    )
    leader = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, null=True, blank=True, related_name="led_plans", verbose_name=_("责任领导")
    )
    result_income = models.DecimalField(_("年末实际人均纯收入（元）"), null=True, blank=True, **MONEY)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    result_note = models.CharField(_("年末考核情况"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("一户一策")
        verbose_name_plural = _("一户一策")
        ordering = ["household", "-year"]
        # the latest year with a plan (selectors.card_year) walks this backwards: 0.1 ms, not 67 ms
        indexes = [models.Index(fields=["year"], name="householdplan_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"],
                name="one_plan_per_household_year",
                violation_error_message=_("该户该年度已有增收计划"),
            ),
            models.CheckConstraint(
                condition=Q(target_income__gte=0) & (Q(result_income__isnull=True) | Q(result_income__gte=0)),
                name="plan_incomes_not_negative",
                violation_error_message=_("收入不能为负数"),
            ),
        ]

    def __str__(self):
        # the household's number, not its internal id (history pages set the household, no query there)
        return f"{self.household.number} {self.year}"

    @property
    def measures(self) -> str:
        return "；".join(m for m in (self.measure_industry, self.measure_training, self.measure_migration) if m)

    @property
    def reached(self) -> bool | None:
        if self.result_income is None:
            return None
        return self.result_income >= self.target_income
