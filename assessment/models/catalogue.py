"""The indicator catalogue and the default parameters, editable by the county administrator.

A cycle copies both when it opens (cycle.py), so later edits never change a past result.
Departments are named here (not linked): the catalogue is data shipped by a migration
before any department exists; opening a cycle resolves the names to `villages.Department`.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import scoring
from ..choices import Dimension, Mapping, Source

POINTS = {"max_digits": 5, "decimal_places": 1}
PARAM = {"max_digits": 14, "decimal_places": 2}
NAME_SEPARATOR = "、"


def rule_from(obj) -> scoring.Rule:
    """The pure scoring rule of a catalogue or cycle indicator."""
    return scoring.Rule(
        code=obj.code,
        max_points=obj.max_points,
        source=obj.source,
        mapping=obj.mapping,
        floor=obj.floor,
        target=obj.target,
        dimension=obj.dimension,
        tiers=tuple((Decimal(str(t)), Decimal(str(p))) for t, p in (obj.tiers or [])),
    )


class IndicatorFields(models.Model):
    """What a catalogue indicator and its copy in a cycle have in common."""

    code = models.CharField(
        _("编号"), max_length=4, validators=[RegexValidator(r"^[A-E][0-9]{1,2}$", _("编号应为维度字母加序号，如 A1"))]
    )
    dimension = models.CharField(_("维度"), max_length=1, choices=Dimension.choices)
    name = models.CharField(_("指标"), max_length=60)
    unit = models.CharField(_("单位"), max_length=10, blank=True, help_text=_("如 %、元；直接打分留空"))
    max_points = models.DecimalField(
        _("满分"), validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(100)], **POINTS
    )
    source = models.CharField(_("数据来源"), max_length=10, choices=Source.choices)
    mapping = models.CharField(_("计分方法"), max_length=10, choices=Mapping.choices, blank=True)
    floor = models.DecimalField(_("起点值"), null=True, blank=True, help_text=_("线性计分：低于此值得 0 分"), **PARAM)
    target = models.DecimalField(_("目标值"), null=True, blank=True, help_text=_("线性计分：达到此值得满分"), **PARAM)
    tiers = models.JSONField(_("分档"), default=list, blank=True, help_text=_("[[门槛, 得分], …]，从高到低"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.code} {self.name}"

    def rule(self) -> scoring.Rule:
        return rule_from(self)

    @property
    def method_label(self) -> str:
        source = Source(self.source).label
        if self.source == Source.DIRECT:
            return str(source)
        return f"{source} → {Mapping(self.mapping).label}"

    @property
    def parameters_label(self) -> str:
        if self.mapping == Mapping.LINEAR:
            return f"{scoring.format_number(self.floor)} → {scoring.format_number(self.target)}{self.unit}"
        if self.mapping == Mapping.TIERS:
            return scoring.format_tiers(self.tiers)
        return f"0–{scoring.format_number(self.max_points)}"

    @property
    def is_computed(self) -> bool:
        return self.source in scoring.COMPUTED_SOURCES


class Indicator(IndicatorFields):
    """A catalogue indicator (the defaults of domain.md §7, edited by the administrator)."""

    lead_department = models.CharField(_("牵头部门"), max_length=60)
    cooperating_departments = models.CharField(
        _("配合部门"),
        max_length=200,
        blank=True,
        help_text=_("多个部门用顿号“、”分隔"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], name="catalogue_indicator_code_unique", violation_error_message=_("指标编号已存在")
            ),
        ]

    @property
    def cooperating_names(self) -> list[str]:
        return [n.strip() for n in self.cooperating_departments.split(NAME_SEPARATOR) if n.strip()]


class AssessmentSettings(models.Model):
    """Default grade thresholds, survey and reward parameters (one row, pk=1)."""

    grade1_min = models.DecimalField(_("一类村分数线"), default=Decimal("85"), **POINTS)
    grade2_min = models.DecimalField(_("二类村分数线"), default=Decimal("70"), **POINTS)
    grade3_min = models.DecimalField(_("三类村分数线"), default=Decimal("55"), **POINTS)
    sample_rate = models.DecimalField(
        _("抽样比例"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.100"),
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(1)],
    )
    sample_min = models.PositiveSmallIntegerField(_("最少样本户数"), default=10, validators=[MinValueValidator(1)])
    county_reward_amount = models.DecimalField(
        _("县级奖励金额（元/村）"), max_digits=12, decimal_places=2, default=Decimal("29000")
    )
    county_reward_count = models.PositiveSmallIntegerField(_("县级奖励村数"), default=5)
    township_reward_amount = models.DecimalField(
        _("乡镇奖励金额（元/村）"), max_digits=12, decimal_places=2, default=Decimal("23000")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核参数")
        verbose_name_plural = _("考核参数")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    grade3_min__gt=0,
                    grade3_min__lt=models.F("grade2_min"),
                    grade2_min__lt=models.F("grade1_min"),
                    grade1_min__lte=100,
                ),
                name="settings_thresholds_in_order",
                violation_error_message=_("级类分数线必须满足 0 < 三类 < 二类 < 一类 ≤ 100"),
            ),
        ]

    def __str__(self):
        return str(_("考核参数"))

    @classmethod
    def current(cls) -> "AssessmentSettings":
        return cls.objects.get_or_create(pk=1)[0]
