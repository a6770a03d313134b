from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("结对帮扶")

    def ready(self):
        from xixiang.accounts import scope
        from xixiang.audit import registry
        from xixiang.core import documents

        from . import cards
        from .models import AssistanceRecord, Cadre, HouseholdPairing, HouseholdPlan, LeaderPairing, UnitPairing

        registry.register(Cadre, scope.cadres)
        registry.register(LeaderPairing, scope.leader_pairings)
        registry.register(UnitPairing, scope.unit_pairings)
        registry.register(HouseholdPairing, scope.household_pairings)
        registry.register(AssistanceRecord, scope.assistance_records)
        registry.register(HouseholdPlan, scope.household_plans)
        documents.register("income_cards", build=cards.job_build, allowed=cards.job_allowed,
                           count_text=cards.job_count_text)
