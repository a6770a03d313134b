"""The engine's output per cycle and village (rewritten whole by every run; no history)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import scoring
from ..choices import GradeChange


class VillageResult(models.Model):
    """Total, dimension subtotals, ranks, grade and change of one village in one cycle.

    `scores` holds, per indicator code, [value, original points, final points] as strings
    (value null when missing), so a score sheet needs one row.
    """

    cycle = models.ForeignKey(
        "assessment.Cycle", on_delete=models.CASCADE, related_name="results", verbose_name=_("考核周期")
    )
    village = models.ForeignKey(
        "villages.Village", on_delete=models.CASCADE, related_name="assessment_results", verbose_name=_("行政村")
    )
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=1)
    subtotals = models.JSONField(_("维度得分"), default=dict)
    scores = models.JSONField(_("指标得分"), default=dict)
    rank_county = models.PositiveIntegerField(_("全县排名"))
    rank_township = models.PositiveIntegerField(_("乡镇内排名"))
    grade = models.PositiveSmallIntegerField(_("级类"))
    previous_grade = models.PositiveSmallIntegerField(_("上年级类"), null=True, blank=True)
    change = models.CharField(_("升降"), max_length=10, choices=GradeChange.choices)

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["cycle", "rank_county", "village"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "village"],
                name="one_result_per_cycle_village",
                violation_error_message=_("该村本周期已有结果"),
            ),
        ]
        indexes = [models.Index(fields=["cycle", "grade"]), models.Index(fields=["cycle", "rank_county"])]

    def __str__(self):
        return f"{self.village_id}: {self.total}"

    @property
    def original_total(self) -> Decimal:
        """The total before inspection adjustments (the original scores added up, to 0.1)."""
        return scoring.total(Decimal(points[1]) for points in self.scores.values())

    @property
    def is_adjusted(self) -> bool:
        return any(points[1] != points[2] for points in self.scores.values())
