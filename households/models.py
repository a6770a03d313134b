"""Households, their members, yearly income records and the category thresholds.

The household keeps `village` and `township` beside `group` (denormalised, maintained by
households.services) so that scope filters and list filters need no joins.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xixiang.core.choices import FINISHED_STATES, JobState
from xixiang.core.validators import validate_id_number
from xixiang.lib.id_numbers import mask_id_number

from . import categories, rules
from .choices import Category, Hardship, Health, Industry, LabourAbility, Relation, Schooling, Sex

MONEY = {"max_digits": 12, "decimal_places": 2}
INCOME_ITEM_FIELDS = ("total_income", "business_expenses", "taxes_and_fees", "depreciation", "gifts_outside")
ZERO = Decimal("0")

INDUSTRY_FIELDS = {
    Industry.TEA: "industry_tea",
    Industry.PIGS: "industry_pigs",
    Industry.TOBACCO: "industry_tobacco",
    Industry.MIGRATION: "industry_migration",
    Industry.OTHER: "industry_other",
}


def _refuse(problem: str | None) -> None:
    """A field validator's refusal with the rule's message. (Its code is not "invalid": a ModelForm
    would show its form field's own "invalid" message instead.)"""
    if problem is not None:
        raise ValidationError(problem, code="rule")


def validate_household_number(value: str) -> None:
    _refuse(rules.household_number_problem(value))


def validate_phone(value: str) -> None:
    _refuse(rules.phone_problem(value))


def validate_resident_count(value: int) -> None:
    _refuse(rules.resident_count_problem(value))


def validate_income_year(value: int) -> None:
    _refuse(rules.income_year_problem(value))


class Household(models.Model):
    """A rural household (农户): number = group code + 3 digits; head; income; category."""

    number = models.CharField(_("户编号"), max_length=17, unique=True, validators=[validate_household_number])
    group = models.ForeignKey(
        "villages.Group", on_delete=models.PROTECT, related_name="households", verbose_name=_("村民小组")
    )
    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("行政村"),
        editable=False,
    )
    township = models.ForeignKey(
        "villages.Township", on_delete=models.PROTECT, related_name="households", verbose_name=_("乡镇"), editable=False
    )
    head_name = models.CharField(_("户主姓名"), max_length=20)
    head_id_number = models.CharField(_("户主身份证号"), max_length=18, unique=True, validators=[validate_id_number])
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    address = models.CharField(_("住址"), max_length=100, blank=True)
    resident_count = models.PositiveSmallIntegerField(_("家庭人口"), validators=[validate_resident_count])
    labour_count = models.PositiveSmallIntegerField(_("劳动力人数"))  # at most 家庭人口: see clean()
    industry_tea = models.BooleanField(_("茶叶"), default=False)
    industry_pigs = models.BooleanField(_("生猪"), default=False)
    industry_tobacco = models.BooleanField(_("烤烟"), default=False)
    industry_migration = models.BooleanField(_("转移就业"), default=False)
    industry_other = models.BooleanField(_("其他产业"), default=False)
    has_income_project = models.BooleanField(_("有增收项目"), default=False)
    hardship = models.CharField(
        _("特殊困难"), max_length=20, choices=Hardship.choices, blank=True, default=Hardship.NONE
    )
    is_large_producer = models.BooleanField(_("产业大户"), default=False, help_text=_("组有大户：本组的产业大户"))
    large_producer_scale = models.CharField(
        _("大户产业规模"), max_length=rules.LARGE_PRODUCER_SCALE_MAX_LENGTH, blank=True,
        help_text=_("产业和规模，如 茶园 50 亩、年出栏生猪 200 头；产业大户必填"),
    )
    latest_income_year = models.PositiveSmallIntegerField(_("最近收入年度"), null=True, blank=True, editable=False)
    latest_per_capita_income = models.DecimalField(_("人均纯收入"), null=True, blank=True, editable=False, **MONEY)
    computed_category = models.CharField(
        _("计算类别"), max_length=20, choices=Category.choices, blank=True, editable=False
    )
    category_override = models.CharField(
        _("调整类别"),
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text=_("与计算结果不同时填写，并写明理由"),
    )
    category_override_reason = models.CharField(_("调整理由"), max_length=200, blank=True)
    category = models.CharField(
        _("户类别"), max_length=20, choices=Category.choices, blank=True, editable=False, db_index=True
    )
    created_at = models.DateTimeField(_("建档时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("农户")
        verbose_name_plural = _("农户")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{17}$"),
                name="household_number_17_digits",
                violation_error_message=rules.HOUSEHOLD_NUMBER_FORMAT,
            ),
            models.CheckConstraint(
                condition=Q(resident_count__gte=rules.RESIDENTS_MIN, resident_count__lte=rules.RESIDENTS_MAX),
                name="household_has_members",
                violation_error_message=rules.RESIDENTS_OUT_OF_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(labour_count__lte=F("resident_count")),
                name="labour_not_above_residents",
                violation_error_message=rules.LABOUR_ABOVE_RESIDENTS,
            ),
            models.CheckConstraint(
                condition=Q(category_override="") | ~Q(category_override_reason=""),
                name="override_needs_reason",
                violation_error_message=rules.OVERRIDE_WITHOUT_REASON,
            ),
        ]
        indexes = [
            models.Index(fields=["township", "number"]),
            models.Index(fields=["village", "number"]),
            models.Index(fields=["group", "number"]),
        ]

    def __str__(self):
        return f"{self.number} {self.head_name}"

    def clean(self):
        """The household rules over more than one field (households.rules), on their fields."""
        problems = {}
        if self.labour_count is not None and self.resident_count is not None:
            problems["labour_count"] = rules.labour_count_problem(self.labour_count, self.resident_count)
        problems["large_producer_scale"] = rules.large_producer_problem(
            self.is_large_producer, (self.large_producer_scale or "").strip()
        )
        problems["category_override_reason"] = rules.override_reason_problem(
            self.category_override, self.category_override_reason
        )
        problems = {field: problem for field, problem in problems.items() if problem is not None}
        if problems:
            raise ValidationError(problems)

    @property
    def masked_head_id_number(self) -> str:
        return mask_id_number(self.head_id_number)

    @property
    def industries(self) -> list[str]:
        """Industry codes this household runs, in catalogue order."""
        return [code for code, field in INDUSTRY_FIELDS.items() if getattr(self, field)]

    @property
    def industry_labels(self) -> str:
        return "、".join(str(Industry(code).label) for code in self.industries)

    @property
    def is_key_target(self) -> bool:
        return self.category in categories.KEY_TARGETS

    def category_for(self, per_capita: Decimal, thresholds: categories.Thresholds, members=()) -> str:
        """The category this household gets for a per-capita income (the pure rule's inputs)."""
        serious = self.hardship in {Hardship.SERIOUS_ILLNESS, Hardship.DISABILITY} or any(
            m.health in {Health.SERIOUS, Health.DISABLED} for m in members
        )
        return categories.household_category(
            per_capita,
            has_income_project=self.has_income_project,
            labour_count=0 if self.hardship == Hardship.CANNOT_WORK else self.labour_count,
            has_serious_illness_or_disability=serious,
            thresholds=thresholds,
        )


class Member(models.Model):
    """A member of a household (家庭成员), head included."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("农户"))
    name = models.CharField(_("姓名"), max_length=20)
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True, validators=[validate_id_number])
    relation = models.CharField(_("与户主关系"), max_length=20, choices=Relation.choices)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    labour_ability = models.CharField(_("劳动能力"), max_length=10, choices=LabourAbility.choices, blank=True)
    schooling = models.CharField(_("文化程度"), max_length=10, choices=Schooling.choices, blank=True)
    health = models.CharField(_("健康状况"), max_length=10, choices=Health.choices, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["household", "id"]

    def __str__(self):
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class IncomeRecord(models.Model):
    """One household's income for one year, with the computed net and per-capita figures."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="income_records", verbose_name=_("农户")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[validate_income_year])
    total_income = models.DecimalField(_("家庭总收入"), **MONEY)
    business_expenses = models.DecimalField(_("家庭经营费用支出"), **MONEY)
    taxes_and_fees = models.DecimalField(_("税费支出"), default=ZERO, **MONEY)
    depreciation = models.DecimalField(_("生产性固定资产折旧"), default=ZERO, **MONEY)
    gifts_outside = models.DecimalField(_("赠送农村内部亲友支出"), default=ZERO, **MONEY)
    resident_members = models.PositiveSmallIntegerField(_("常住人口"), validators=[MinValueValidator(1)])
    net_income = models.DecimalField(_("纯收入"), editable=False, **MONEY)
    per_capita_net_income = models.DecimalField(_("人均纯收入"), editable=False, **MONEY)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("收入记录")
        verbose_name_plural = _("收入记录")
        ordering = ["household", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"],
                name="one_income_record_per_household_year",
                violation_error_message=_("该户该年度已有收入记录"),
            ),
            models.CheckConstraint(
                condition=Q(
                    total_income__gte=0,
                    business_expenses__gte=0,
                    taxes_and_fees__gte=0,
                    depreciation__gte=0,
                    gifts_outside__gte=0,
                ),
                name="income_items_not_negative",
                violation_error_message=rules.AMOUNT_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(resident_members__gte=1),
                name="income_record_has_members",
                violation_error_message=_("常住人口至少为 1 人"),
            ),
        ]

    def __str__(self):
        # the household's number, not its internal id (history pages set the household, no query there)
        return f"{self.household.number} {self.year}"

    def clean(self):
        """Each income and expense item is not negative (households.rules), on its field."""
        problems = {}
        for field in INCOME_ITEM_FIELDS:
            value = getattr(self, field)
            problem = rules.amount_problem(value) if value is not None else None
            if problem is not None:
                problems[field] = problem
        if problems:
            raise ValidationError(problems)

    def items(self) -> categories.IncomeItems:
        return categories.IncomeItems(
            total_income=self.total_income,
            business_expenses=self.business_expenses,
            taxes_and_fees=self.taxes_and_fees,
            depreciation=self.depreciation,
            gifts_outside=self.gifts_outside,
        )


class CategoryThresholds(models.Model):
    """Per-capita income thresholds of the five categories, per year (data, editable)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    demonstration_min = models.DecimalField(_("示范户下限"), default=Decimal("5000"), **MONEY)
    well_off_min = models.DecimalField(_("殷实户下限"), default=Decimal("3000"), **MONEY)
    subsistence_min = models.DecimalField(_("温饱户下限（贫困线）"), default=Decimal("1196"), **MONEY)
    care_max = models.DecimalField(_("关怀户上限"), default=Decimal("3000"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("分类标准")
        verbose_name_plural = _("分类标准")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subsistence_min__lte=F("well_off_min"), well_off_min__lte=F("demonstration_min")),
                name="category_thresholds_in_order",
                violation_error_message=_("分类标准必须满足：温饱户下限 ≤ 殷实户下限 ≤ 示范户下限"),
            ),
        ]

    def __str__(self):
        return str(self.year)

    def as_thresholds(self) -> categories.Thresholds:
        return categories.Thresholds(
            demonstration_min=self.demonstration_min,
            well_off_min=self.well_off_min,
            subsistence_min=self.subsistence_min,
            care_max=self.care_max,
        )


class ImportBatch(models.Model):
    """One roster workbook handed in (农户信息表导入): who, when, the kept file, the dry run's or
    the commit's counts and errors, and the progress of the background task.

    `status` is where the batch stands in upload → check → commit; each status is also the
    state of the batch's current background job (JOB_STATES: a JobState, the same on every
    progress page). A commit whose worker died stored nothing, so the batch is checked again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队等待检查")
        CHECKING = "checking", _("正在检查")
        CHECKED = "checked", _("检查通过，等待确认导入")
        INVALID = "invalid", _("有错误，未导入")
        COMMIT_QUEUED = "commit_queued", _("排队等待导入")
        IMPORTING = "importing", _("正在导入")
        IMPORTED = "imported", _("已导入")
        FAILED = "failed", _("导入失败，未导入")
        INTERRUPTED = "interrupted", _("检查中断，未导入")

    JOB_STATES = {
        Status.QUEUED: JobState.QUEUED,
        Status.CHECKING: JobState.RUNNING,
        Status.CHECKED: JobState.DONE,
        Status.INVALID: JobState.DONE,
        Status.COMMIT_QUEUED: JobState.QUEUED,
        Status.IMPORTING: JobState.RUNNING,
        Status.IMPORTED: JobState.DONE,
        Status.FAILED: JobState.FAILED,
        Status.INTERRUPTED: JobState.INTERRUPTED,
    }
    RUNNING = tuple(status for status, state in JOB_STATES.items() if state not in FINISHED_STATES)

    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_batches",
        verbose_name=_("导入人"),
    )
    township = models.ForeignKey(
        "villages.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_batches",
        verbose_name=_("乡镇"),
        help_text=_("乡镇文书导入时为其乡镇；全县导入为空"),
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    file = models.FileField(_("文件"), upload_to="roster/%Y/%m/", max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    file_size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    source = models.CharField(
        _("来源"), max_length=10, default="web", choices=[("web", _("网页")), ("command", _("命令行"))]
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    counts = models.JSONField(_("数量"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    warnings = models.JSONField(_("提示"), default=list, blank=True)
    warning_count = models.PositiveIntegerField(_("提示数"), default=0)
    message = models.TextField(_("说明"), blank=True)
    phase = models.CharField(_("进度阶段"), max_length=40, blank=True)
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["township", "-created_at"])]

    def __str__(self):
        return f"#{self.pk} {self.original_name}"

    @property
    def job_state(self) -> str:
        return self.JOB_STATES[self.status]

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def can_commit(self) -> bool:
        return self.status == self.Status.CHECKED
