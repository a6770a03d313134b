from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemonstrationConfig(AppConfig):
    """Demonstration villages (示范村): designations, leadership teams, resident cadres, meetings and
    follow-up actions. Above projects."""

    name = "demonstration"
    verbose_name = _("示范村")

    def ready(self):
        from xixiang.audit import registry
        from xixiang.core import page_sections

        from . import scope as demonstration_scope
        from . import selectors
        from .models import Action, Designation, Meeting, ResidentCadre, TeamMember

        # The village page (households, far below) says the village is a demonstration village.
        page_sections.register(
            "village", template="demonstration/village_section.html",
            context=lambda request, village: selectors.village_section(
                request.user, village, readable=demonstration_scope.designations(request.user)))

        registry.register(Designation, demonstration_scope.designations)
        registry.register(Meeting, demonstration_scope.meetings)
        registry.register(Action, demonstration_scope.actions)
        registry.register(TeamMember, demonstration_scope.team_members)
        registry.register(ResidentCadre, demonstration_scope.resident_cadres)
