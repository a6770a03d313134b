"""What the engine read for the computed indicators (domain.md §7, "what the engine reads is kept")."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ComputedValue(models.Model):
    """The value the system computed for one computed indicator of one village in one cycle:
    A1 the survey estimate (yuan per person), A2 the share (%) of households with an income
    project, E3 the share (%) of 满意 + 基本满意 ballots; `basis` what it came from.

    Stored by every computation. The registry share is read once per cycle and village (the
    first computation, or the administrator's explicit re-read); later computations, also of a
    reopened cycle, use the stored share, never today's registry. The survey estimate and the
    ballot share are the cycle's own data and are derived again each time.
    """

    cycle = models.ForeignKey(
        "assessment.Cycle", on_delete=models.CASCADE, related_name="computed_values", verbose_name=_("考核周期")
    )
    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.CASCADE,
        related_name="assessment_computed_values",
        verbose_name=_("行政村"),
    )
    indicator = models.ForeignKey(
        "assessment.CycleIndicator", on_delete=models.CASCADE, related_name="computed_values", verbose_name=_("指标")
    )
    value = models.DecimalField(_("计算值"), max_digits=14, decimal_places=2, null=True, blank=True)
    basis = models.JSONField(_("计算依据"), default=dict, blank=True)
    read_at = models.DateTimeField(_("读取时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("系统计算值")
        verbose_name_plural = _("系统计算值")
        ordering = ["cycle", "village", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "village", "indicator"],
                name="one_computed_value_per_cycle_village_indicator",
                violation_error_message=_("该村该指标已有系统计算值"),
            ),
        ]

    def __str__(self):
        return f"{self.village_id}/{self.indicator_id}: {self.value}"
