from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Above every app: each user's first page (the dashboard) and the demo county."""

    name = "home"
    verbose_name = _("首页")
