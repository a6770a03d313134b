from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemonstrationConfig(AppConfig):
    """Demonstration villages (示范村): designations, leadership teams, resident cadres, meetings and follow-up actions. Above projects."""

    name = "demonstration"
    verbose_name = _("示范村")
