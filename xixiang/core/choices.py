"""Choices every app shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    """The state of a background job (a document, a roster check or commit, an archive check),
    worded the same on every progress page (templates/core/_progress.html).

    A job is queued, then running, then ends done, failed (an error stopped it) or interrupted
    (its worker died or lost the database: xixiang/tasks_health). What a finished job came to
    (a check that found errors, files found missing) is the job's own business, shown beside
    the state.
    """

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    INTERRUPTED = "interrupted", _("已中断")


FINISHED_STATES = frozenset({JobState.DONE, JobState.FAILED, JobState.INTERRUPTED})
