"""Demonstration villages (示范村, domain.md §6): a designation per village and year with its type,
plan, contact leader, leadership team and resident cadre; its meetings and their follow-up actions.

一个示范村一个规划、一名县级领导联点、一套领导班子包抓、一名干部驻村. The type catalogue is data
(migration 0002, the article's five types); the county adds types in the admin. Designations,
meetings and actions carry a copy of their village's township so that scope needs no joins.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import MeetingKind

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class DemonstrationType(models.Model):
    """A type of demonstration village (生猪产业支撑型, 乡村旅游型, …)."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("示范村类型")
        verbose_name_plural = _("示范村类型")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Designation(models.Model):
    """A village designated a demonstration village for one year."""

    village = models.ForeignKey(
        "villages.Village", on_delete=models.PROTECT, related_name="demonstrations", verbose_name=_("行政村")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    kind = models.ForeignKey(
        DemonstrationType, on_delete=models.PROTECT, related_name="designations", verbose_name=_("示范类型")
    )
    reason = models.TextField(_("确定理由"), max_length=2000, blank=True,
                              help_text=_("如：两委会班子强、基础好、主导产业明晰、区域特色鲜明"))
    plan = models.ForeignKey(
        "archives.ArchiveRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("示范村规划"), help_text=_("本村档案中的规划（G1 升级晋档规划或 G2 产业发展规划）"),
    )
    contact = models.ForeignKey(
        "assistance.LeaderPairing", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("县级联点领导"), help_text=_("领导联点台账中本村的县级领导"),
    )
    township = models.ForeignKey("villages.Township", on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("示范村")
        verbose_name_plural = _("示范村")
        ordering = ["-year", "village_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year"], name="one_designation_per_village_year",
                violation_error_message=_("该村该年度已确定为示范村"),
            ),
        ]
        indexes = [models.Index(fields=["year", "township"])]

    def __str__(self):
        return f"{self.year} {self.village}"

    def get_absolute_url(self):
        return reverse("demonstration:board", args=[self.village.code, self.year])


class TeamMember(models.Model):
    """One member of the leadership team in charge (包抓班子) of a designation."""

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="team",
                                    verbose_name=_("示范村"))
    name = models.CharField(_("姓名"), max_length=20)
    post = models.CharField(_("职务"), max_length=60, help_text=_("如：县委常委、副县长；镇党委书记"))
    duty = models.CharField(_("包抓分工"), max_length=60, blank=True, help_text=_("如：组长、副组长、成员"))
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("包抓班子成员")
        verbose_name_plural = _("包抓班子成员")
        ordering = ["designation", "position", "id"]

    def __str__(self):
        return f"{self.name}（{self.post}）"


class ResidentCadre(models.Model):
    """A cadre stationed in the village (驻村干部), with dates; `end_date` empty = still there."""

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="resident_cadres",
                                    verbose_name=_("示范村"))
    name = models.CharField(_("姓名"), max_length=20)
    unit = models.CharField(_("所在单位及职务"), max_length=60)
    start_date = models.DateField(_("驻村开始日期"))
    end_date = models.DateField(_("驻村结束日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("驻村干部")
        verbose_name_plural = _("驻村干部")
        ordering = ["designation", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="resident_cadre_dates_in_order", violation_error_message=_("驻村结束日期不能早于开始日期"),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.unit}）"


class Meeting(models.Model):
    """A meeting of a demonstration village: funds coordination, weekly progress, on-site observation.

    A held meeting's minutes are filed as an archive record in category W3 (`minutes`)."""

    designation = models.ForeignKey(Designation, on_delete=models.PROTECT, related_name="meetings",
                                    verbose_name=_("示范村"))
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    date = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=100)
    attendees = models.TextField(_("参会人员"), max_length=2000)
    decisions = models.TextField(_("议定事项"), max_length=4000, blank=True)
    notes = models.TextField(_("会议记录"), max_length=10000, blank=True)
    held = models.BooleanField(_("已召开"), default=True)
    minutes = models.ForeignKey(
        "archives.ArchiveRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("会议纪要档案"),
    )
    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+", editable=False)
    township = models.ForeignKey("villages.Township", on_delete=models.PROTECT, related_name="+", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("示范村会议")
        verbose_name_plural = _("示范村会议")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["designation", "kind", "date"]),
            models.Index(fields=["township", "date"]),
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


class Action(models.Model):
    """A follow-up action decided at a meeting: what, who, by when, done or not."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name=_("会议"))
    designation = models.ForeignKey(Designation, on_delete=models.PROTECT, related_name="actions", editable=False)
    township = models.ForeignKey("villages.Township", on_delete=models.PROTECT, related_name="+", editable=False)
    description = models.CharField(_("落实事项"), max_length=200)
    owner = models.CharField(_("责任人"), max_length=40)
    due_date = models.DateField(_("完成时限"))
    done = models.BooleanField(_("已完成"), default=False)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("落实事项")
        verbose_name_plural = _("落实事项")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["designation", "done", "due_date"]), models.Index(fields=["township", "done"])]

    def __str__(self):
        return self.description
