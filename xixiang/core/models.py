"""Models every app shares: the background document job."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import FINISHED_STATES, JobState


class DocumentJob(models.Model):
    """A document (a PDF) rendered in the background for one user, with its progress and file.

    `kind` names a renderer an app registered in xixiang/core/documents.py and `params` are
    that renderer's plain JSON parameters (e.g. a village code and a year), so this model
    knows no app. Only whoever asked and the administrator may see the job and its file.
    Its progress while it renders is reported through xixiang/core/progress.py (a stage, below).
    """

    Status = JobState

    class Stage(models.TextChoices):
        """The stages a rendering job reports (xixiang/core/progress.py), worded on its page."""

        READING = "reading", _("读取数据")
        LAYOUT = "layout", _("排版")
        WRITING = "writing", _("写入 PDF")

    kind = models.CharField(_("类型"), max_length=40)
    params = models.JSONField(_("参数"), default=dict)
    title = models.CharField(_("名称"), max_length=200)
    filename = models.CharField(_("下载文件名"), max_length=200)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("提交人"))
    status = models.CharField(_("状态"), max_length=20, choices=JobState.choices, default=JobState.QUEUED)
    item_count = models.PositiveIntegerField(_("条数"), null=True, blank=True)
    file = models.FileField(_("文件"), upload_to="documents/%Y/%m/", blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台生成文档")
        verbose_name_plural = _("后台生成文档")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "kind", "status"], name="document_job_owner_kind")]

    def __str__(self):
        return self.title

    @property
    def item_count_text(self) -> str:
        """'34 张' / '12 条': the count in the unit the kind registered (empty until it is known)."""
        from .documents import kind_for

        if self.item_count is None:
            return ""
        return kind_for(self.kind).count_text(self.item_count)

    @property
    def job_state(self) -> str:
        return self.status

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATES


class FigureGeneration(models.Model):
    """How many committed writes have changed one model's rows: the version that cached figures
    over that model are keyed by (xixiang/core/figures.py). One row per model label."""

    label = models.CharField(max_length=100, primary_key=True)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("统计缓存版本")
        verbose_name_plural = _("统计缓存版本")
