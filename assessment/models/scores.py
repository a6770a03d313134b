"""What departments and inspection teams enter: scores, adjustments, ballots, spot checks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import sampling
from ..choices import InspectionMethod


class Score(models.Model):
    """A department's entry for one indicator and village: points (direct) or a measured value."""

    cycle = models.ForeignKey(
        "assessment.Cycle", on_delete=models.CASCADE, related_name="scores", verbose_name=_("考核周期")
    )
    village = models.ForeignKey(
        "villages.Village", on_delete=models.CASCADE, related_name="assessment_scores", verbose_name=_("行政村")
    )
    indicator = models.ForeignKey(
        "assessment.CycleIndicator", on_delete=models.CASCADE, related_name="scores", verbose_name=_("指标")
    )
    value = models.DecimalField(_("填报值"), max_digits=14, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("填报人"),
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    entered_at = models.DateTimeField(_("填报时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("部门评分")
        verbose_name_plural = _("部门评分")
        ordering = ["cycle", "village", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "village", "indicator"],
                name="one_score_per_cycle_village_indicator",
                violation_error_message=_("该村该指标已有评分"),
            ),
        ]

    def __str__(self):
        return f"{self.village_id}/{self.indicator_id}: {self.value}"


class Adjustment(models.Model):
    """An inspection team's change of one indicator's score, with the written reason."""

    cycle = models.ForeignKey(
        "assessment.Cycle", on_delete=models.CASCADE, related_name="adjustments", verbose_name=_("考核周期")
    )
    village = models.ForeignKey(
        "villages.Village", on_delete=models.CASCADE, related_name="assessment_adjustments", verbose_name=_("行政村")
    )
    indicator = models.ForeignKey(
        "assessment.CycleIndicator", on_delete=models.CASCADE, related_name="adjustments", verbose_name=_("指标")
    )
    points = models.DecimalField(_("核定得分"), max_digits=5, decimal_places=2)
    original_points = models.DecimalField(_("调整前得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    reason = models.CharField(_("调整理由"), max_length=300)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("调整人"),
    )
    adjusted_at = models.DateTimeField(_("调整时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("分数调整")
        verbose_name_plural = _("分数调整")
        ordering = ["cycle", "village", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "village", "indicator"],
                name="one_adjustment_per_cycle_village_indicator",
                violation_error_message=_("该村该指标已有调整"),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="adjustment_needs_reason",
                violation_error_message=_("调整分数必须写明理由"),
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0), name="adjustment_not_negative", violation_error_message=_("分数不能为负数")
            ),
        ]

    def __str__(self):
        return f"{self.village_id}/{self.indicator_id}: {self.points}"


class Ballot(models.Model):
    """Democratic evaluation (民主测评) of one village in one cycle; feeds E3."""

    cycle = models.ForeignKey(
        "assessment.Cycle", on_delete=models.CASCADE, related_name="ballots", verbose_name=_("考核周期")
    )
    village = models.ForeignKey(
        "villages.Village", on_delete=models.CASCADE, related_name="assessment_ballots", verbose_name=_("行政村")
    )
    satisfied = models.PositiveIntegerField(_("满意"))
    basically_satisfied = models.PositiveIntegerField(_("基本满意"))
    unsatisfied = models.PositiveIntegerField(_("不满意"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    recorded_at = models.DateTimeField(_("录入时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("民主测评")
        verbose_name_plural = _("民主测评")
        ordering = ["cycle", "village"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "village"],
                name="one_ballot_per_cycle_village",
                violation_error_message=_("该村本周期已有民主测评"),
            ),
            models.CheckConstraint(
                condition=Q(satisfied__gte=0, basically_satisfied__gte=0, unsatisfied__gte=0),
                name="ballot_counts_not_negative",
                violation_error_message=_("票数不能为负数"),
            ),
        ]

    def __str__(self):
        return f"{self.village_id}: {self.satisfied}/{self.basically_satisfied}/{self.unsatisfied}"

    @property
    def total(self) -> int:
        return self.satisfied + self.basically_satisfied + self.unsatisfied


class SpotCheck(models.Model):
    """An inspection group's check (检查验收) of one village: the recorded random draw of the
    households to visit (实地随机到户抽查, re-derivable from its seed: sampling.visit_positions) and
    each of the five methods (choices.InspectionMethod) done or not, with its findings."""

    cycle = models.ForeignKey(
        "assessment.Cycle", on_delete=models.CASCADE, related_name="spot_checks", verbose_name=_("考核周期")
    )
    village = models.ForeignKey(
        "villages.Village", on_delete=models.CASCADE, related_name="assessment_spot_checks", verbose_name=_("行政村")
    )
    date = models.DateField(_("抽查日期"))
    households_visited = models.PositiveSmallIntegerField(_("走访农户数"))
    findings = models.TextField(_("发现问题及结论"))
    frame = models.JSONField(_("抽样框（户编号）"), default=list)
    population = models.PositiveIntegerField(_("总户数"), default=0)
    seed = models.BigIntegerField(_("随机种子"), null=True, blank=True)
    positions = models.JSONField(_("入样位置"), default=list)
    household_numbers = models.JSONField(_("抽查户编号"), default=list)
    visit_done = models.BooleanField(_("实地随机到户抽查"), default=False)
    visit_findings = models.TextField(_("实地随机到户抽查发现"), blank=True)
    site_done = models.BooleanField(_("察看现场"), default=False)
    site_findings = models.TextField(_("察看现场发现"), blank=True)
    records_done = models.BooleanField(_("查阅资料"), default=False)
    records_findings = models.TextField(_("查阅资料发现"), blank=True)
    report_done = models.BooleanField(_("听取汇报"), default=False)
    report_findings = models.TextField(_("听取汇报发现"), blank=True)
    evaluation_done = models.BooleanField(_("民主测评"), default=False)
    evaluation_findings = models.TextField(_("民主测评发现"), blank=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("检查人"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("实地抽查")
        verbose_name_plural = _("实地抽查")
        ordering = ["cycle", "village", "-date"]

    def __str__(self):
        return f"{self.village_id} {self.date}"

    def methods(self) -> list[tuple[str, str, bool, str]]:
        """(method, its label, done, findings) for the five methods in their order."""
        return [
            (m.value, str(m.label), getattr(self, f"{m.value}_done"), getattr(self, f"{m.value}_findings"))
            for m in InspectionMethod
        ]

    @property
    def complete(self) -> bool:
        """Every method done: the village counts as verified."""
        return all(getattr(self, f"{m.value}_done") for m in InspectionMethod)

    def rederive(self) -> tuple[int, ...]:
        """The visit draw again from the stored seed (the same positions when nothing was altered)."""
        return sampling.visit_positions(self.population, len(self.positions), self.seed)
