"""Projects and funds (domain.md §6): the 摸底 catalogue of projects, their allocations of funds
and outputs to villages, and the three-year construction tasks of 2009–2011.

Directions and output kinds are data the county extends (data migration). An allocation copies
its project's year and its village's township, so that the reports group without joins; every
figure is a sum over allocations, never a stored total.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import AllocationStatus, Level, TaskProgramme

MONEY = {"max_digits": 14, "decimal_places": 2}
QUANTITY = {"max_digits": 12, "decimal_places": 2}
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Direction(models.Model):
    """An investment direction (投资方向): roads, water, energy, industry, housing, training, …"""

    name = models.CharField(_("名称"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("投资方向")
        verbose_name_plural = _("投资方向")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class OutputKind(models.Model):
    """A kind of output with its unit (通村水泥路 公里, 沼气池 口, 安全饮水工程 处, …)."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    unit = models.CharField(_("计量单位"), max_length=10)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("建设内容")
        verbose_name_plural = _("建设内容")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"


class Project(models.Model):
    """A project of the 摸底统计 catalogue."""

    name = models.CharField(_("项目名称"), max_length=100)
    level = models.CharField(_("项目级别"), max_length=10, choices=Level.choices)
    department = models.ForeignKey(
        "villages.Department", on_delete=models.PROTECT, related_name="projects", verbose_name=_("主管部门")
    )
    direction = models.ForeignKey(Direction, on_delete=models.PROTECT, related_name="projects",
                                  verbose_name=_("投资方向"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    scale = models.CharField(_("建设规模"), max_length=200, blank=True)
    requirements = models.TextField(_("项目要求"), max_length=2000, blank=True)
    investment = models.DecimalField(_("总投资（元）"), validators=[MinValueValidator(0)], **MONEY)
    funding_sources = models.CharField(_("资金来源"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(investment__gte=0), name="project_investment_not_negative",
                                   violation_error_message=_("总投资不能为负数")),
            models.UniqueConstraint(fields=["year", "name"], name="project_name_unique_in_year",
                                    violation_error_message=_("该年度已有同名项目")),
        ]
        indexes = [models.Index(fields=["year", "level"]), models.Index(fields=["department", "year"])]

    def __str__(self):
        return f"{self.year} {self.name}"


class Allocation(models.Model):
    """A project's funds and outputs assigned to one village (项目安排)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="allocations",
                                verbose_name=_("项目"))
    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="allocations",
                                verbose_name=_("行政村"))
    township = models.ForeignKey("villages.Township", on_delete=models.PROTECT, related_name="+", editable=False)
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS, editable=False)
    amount = models.DecimalField(_("安排资金（元）"), validators=[MinValueValidator(0)], **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=AllocationStatus.choices,
                              default=AllocationStatus.PLANNED)
    start_date = models.DateField(_("开工日期"), null=True, blank=True)
    completion_date = models.DateField(_("完工日期"), null=True, blank=True)
    evidence = models.ForeignKey("archives.ArchiveRecord", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("佐证档案（G4 项目建设）"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目安排")
        verbose_name_plural = _("项目安排")
        ordering = ["project_id", "village_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_amount_not_negative",
                                   violation_error_message=_("安排资金不能为负数")),
            models.CheckConstraint(
                condition=Q(completion_date__isnull=True) | Q(start_date__isnull=True)
                | Q(completion_date__gte=F("start_date")),
                name="allocation_completed_after_start",
                violation_error_message=_("完工日期不能早于开工日期"),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "township"]),
            models.Index(fields=["village", "year"]),
        ]

    def __str__(self):
        return f"{self.project.name} → {self.village.name}"


class AllocationOutput(models.Model):
    """One output of an allocation: a kind and its quantity (e.g. 3.5 公里 通村水泥路)."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="outputs",
                                   verbose_name=_("项目安排"))
    kind = models.ForeignKey(OutputKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("建设内容"))
    quantity = models.DecimalField(_("数量"), validators=[MinValueValidator(0)], **QUANTITY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("建设产出")
        verbose_name_plural = _("建设产出")
        ordering = ["allocation_id", "kind_id"]
        constraints = [
            models.UniqueConstraint(fields=["allocation", "kind"], name="one_output_per_kind_per_allocation",
                                    violation_error_message=_("同一项目安排中建设内容不能重复")),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="output_quantity_not_negative",
                                   violation_error_message=_("数量不能为负数")),
        ]


class ConstructionTask(models.Model):
    """A village's three-year construction task (三年建设任务, 2009–2011) in one programme."""

    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="construction_tasks",
                                verbose_name=_("行政村"))
    programme = models.CharField(_("类型"), max_length=20, choices=TaskProgramme.choices)
    start_year = models.PositiveSmallIntegerField(_("起始年度"), default=2009, validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("结束年度"), default=2011, validators=YEAR_VALIDATORS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("三年建设任务")
        verbose_name_plural = _("三年建设任务")
        ordering = ["programme", "village_id"]
        constraints = [
            models.UniqueConstraint(fields=["village", "programme", "start_year"], name="one_task_per_village",
                                    violation_error_message=_("该村已有该类型的建设任务")),
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="task_years_in_order",
                                   violation_error_message=_("结束年度不能早于起始年度")),
        ]

    def __str__(self):
        return f"{self.village} {self.get_programme_display()} {self.start_year}–{self.end_year}"


class ConstructionTaskItem(models.Model):
    """A planned output of a construction task (its whole three years)."""

    task = models.ForeignKey(ConstructionTask, on_delete=models.CASCADE, related_name="items",
                             verbose_name=_("三年建设任务"))
    kind = models.ForeignKey(OutputKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("建设内容"))
    planned = models.DecimalField(_("计划数量"), validators=[MinValueValidator(0)], **QUANTITY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("建设任务内容")
        verbose_name_plural = _("建设任务内容")
        ordering = ["task_id", "kind_id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "kind"], name="one_item_per_kind_per_task",
                                    violation_error_message=_("同一建设任务中建设内容不能重复")),
            models.CheckConstraint(condition=Q(planned__gt=0), name="task_planned_positive",
                                   violation_error_message=_("计划数量必须大于零")),
        ]
