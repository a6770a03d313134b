from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    """The 2009–2011 plan: every village's target grade per year, measures, responsible people,
    progress, and the public commitments (目标承诺). Above the registry, archives, assistance and
    assessment."""

    name = "targets"
    verbose_name = _("目标任务")
