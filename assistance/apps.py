from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("结对帮扶")

    def ready(self):
        from xixiang.accounts import scope
        from xixiang.audit import registry

        from .models import AssistanceRecord, Cadre, HouseholdPairing, HouseholdPlan, LeaderPairing, UnitPairing

        registry.register(Cadre, scope.cadres)
        registry.register(LeaderPairing, scope.leader_pairings)
        registry.register(UnitPairing, scope.unit_pairings)
        registry.register(HouseholdPairing, scope.household_pairings)
        registry.register(AssistanceRecord, scope.assistance_records)
        registry.register(HouseholdPlan, scope.household_plans)

        from xixiang.tasks_health import registry as tasks_health_registry

        from . import tasks

        tasks_health_registry.register(tasks.render_village_cards, tasks.render_village_cards_interrupted)
