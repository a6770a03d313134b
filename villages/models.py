"""The hierarchy county → township → village → group, departments and village grades.

Codes are the national statistical division codes (domain.md §2), stored as strings and
immutable once created (services refuse to change them; forms show them read-only).
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import DepartmentKind, Terrain


def code_validator(length: int) -> RegexValidator:
    return RegexValidator(rf"^\d{{{length}}}$", _("编码必须是 %(n)s 位数字") % {"n": length})


class County(models.Model):
    """The county (县). One row in practice: 西乡县 610724."""

    code = models.CharField(_("编码"), max_length=6, unique=True, validators=[code_validator(6)])
    name = models.CharField(_("名称"), max_length=40)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("县")
        verbose_name_plural = _("县")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"),
                name="county_code_6_digits",
                violation_error_message=_("县编码必须是 6 位数字"),
            )
        ]

    def __str__(self):
        return self.name


class Township(models.Model):
    """A township (乡镇): county code + 3 digits."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="townships", verbose_name=_("县"))
    code = models.CharField(_("编码"), max_length=9, unique=True, validators=[code_validator(9)])
    name = models.CharField(_("名称"), max_length=40)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("乡镇")
        verbose_name_plural = _("乡镇")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{9}$"),
                name="township_code_9_digits",
                violation_error_message=_("乡镇编码必须是 9 位数字"),
            ),
            models.UniqueConstraint(
                fields=["county", "name"],
                name="township_name_unique_in_county",
                violation_error_message=_("本县已有同名乡镇"),
            ),
        ]

    def __str__(self):
        return self.name


class Village(models.Model):
    """An administrative village (行政村): township code + 3 digits."""

    township = models.ForeignKey(Township, on_delete=models.PROTECT, related_name="villages", verbose_name=_("乡镇"))
    code = models.CharField(_("编码"), max_length=12, unique=True, validators=[code_validator(12)])
    name = models.CharField(_("村名"), max_length=40)
    terrain = models.CharField(_("地形类型"), max_length=10, choices=Terrain.choices, default=Terrain.HILL)
    is_poor = models.BooleanField(_("贫困村"), default=False)
    is_key_poverty = models.BooleanField(_("扶贫重点村"), default=False)
    leading_industries = models.CharField(
        _("主导产业"), max_length=100, blank=True, help_text=_("多个产业用顿号“、”分隔")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("行政村")
        verbose_name_plural = _("行政村")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{12}$"),
                name="village_code_12_digits",
                violation_error_message=_("村编码必须是 12 位数字"),
            ),
            models.UniqueConstraint(
                fields=["township", "name"],
                name="village_name_unique_in_township",
                violation_error_message=_("本乡镇已有同名村"),
            ),
        ]

    def __str__(self):
        return self.name


class Group(models.Model):
    """A villager group (村民小组): village code + 2 digits."""

    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="groups", verbose_name=_("行政村"))
    code = models.CharField(_("编码"), max_length=14, unique=True, validators=[code_validator(14)])
    name = models.CharField(_("组名"), max_length=40)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("村民小组")
        verbose_name_plural = _("村民小组")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{14}$"),
                name="group_code_14_digits",
                violation_error_message=_("组编码必须是 14 位数字"),
            ),
            models.UniqueConstraint(
                fields=["village", "name"],
                name="group_name_unique_in_village",
                violation_error_message=_("本村已有同名小组"),
            ),
        ]

    def __str__(self):
        return self.name


class VillageGrade(models.Model):
    """The grade (级类, 1 best – 4) of a village in one year; one per village and year."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="grades", verbose_name=_("行政村"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    grade = models.PositiveSmallIntegerField(_("级类"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    source = models.CharField(_("来源"), max_length=40, blank=True, help_text=_("如“2008 年摸底评定”或考核周期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("村级类")
        verbose_name_plural = _("村级类")
        ordering = ["village", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year"],
                name="one_grade_per_village_year",
                violation_error_message=_("该村该年度已有级类"),
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=1, grade__lte=4),
                name="grade_between_1_and_4",
                violation_error_message=_("级类必须是 1 到 4"),
            ),
        ]
        indexes = [models.Index(fields=["year", "grade"])]

    def __str__(self):
        return f"{self.village} {self.year}: {self.grade}"


class Department(models.Model):
    """A county department, enterprise or township station (部门/企业/站所).

    Departments score indicators (assessment) and pair with villages (assistance).
    """

    code = models.CharField(_("编码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    kind = models.CharField(
        _("类型"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.COUNTY_DEPARTMENT
    )
    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        verbose_name=_("所在乡镇"),
        help_text=_("乡镇站所填写"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("部门单位")
        verbose_name_plural = _("部门单位")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="station") | Q(township__isnull=False),
                name="station_has_township",
                violation_error_message=_("乡镇站所必须指定所在乡镇"),
            ),
        ]

    def __str__(self):
        return self.name
