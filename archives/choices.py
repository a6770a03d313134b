from django.db import models
from django.utils.translation import gettext_lazy as _


class VerificationStatus(models.TextChoices):
    RUNNING = "running", _("核验中")
    PASSED = "passed", _("全部完好")
    FAILED = "failed", _("发现问题")
    INTERRUPTED = "aborted", _("核验中断")


class Problem(models.TextChoices):
    """What `verify_archives` found wrong with a stored file."""

    MISSING = "missing", _("文件缺失")
    ALTERED = "altered", _("内容被改动")
