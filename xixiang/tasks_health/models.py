from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One task worker process (`manage.py run_worker`): where it runs and when it last said it
    was alive. The worker's heartbeat thread updates `last_seen` every few seconds; a row whose
    `last_seen` is older than the lease (or with `stopped_at`) belongs to a worker that is gone."""

    worker_id = models.CharField(_("进程编号"), max_length=64, unique=True)
    host = models.CharField(_("主机"), max_length=255)
    pid = models.PositiveIntegerField(_("进程号"))
    started_at = models.DateTimeField(_("启动时间"))
    last_seen = models.DateTimeField(_("最近心跳"), db_index=True)
    stopped_at = models.DateTimeField(_("停止时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("任务进程心跳")
        verbose_name_plural = _("任务进程心跳")
        ordering = ["-last_seen"]

    def __str__(self):
        return f"{self.host}:{self.pid} ({self.worker_id})"
