from django.db import models
from django.utils.translation import gettext_lazy as _


class VerificationOutcome(models.TextChoices):
    """What a finished verification came to (not stored: it follows from the problems found;
    the run's status is the shared JobState of xixiang/core/choices.py)."""

    PASSED = "passed", _("全部完好")
    PROBLEMS = "problems", _("发现问题")


class Problem(models.TextChoices):
    """What `verify_archives` found wrong with a stored file."""

    MISSING = "missing", _("文件缺失")
    ALTERED = "altered", _("内容被改动")
