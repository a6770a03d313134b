from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("结对帮扶")

    def ready(self):
        from assistance import scope as assistance_scope
        from households import scope as household_scope
        from villages.models import Department, Township
        from xixiang.accounts.choices import Role
        from xixiang.audit import registry
        from xixiang.core import documents, figures, page_sections

        from . import cards, selectors
        from .models import AssistanceRecord, Cadre, HouseholdPairing, HouseholdPlan, LeaderPairing, UnitPairing

        # An assisting cadre sees the households of their own active pairings.
        household_scope.assigned_households.register(Role.HELPER, assistance_scope.helper_household_ids)

        # The household page (households, below this app) shows 六到户, pairings and plans.
        page_sections.register("household", template="assistance/household_section.html",
                               context=lambda request, household: selectors.household_section(
                                   household, can_plan=assistance_scope.can_plan(request.user, household)))

        # The village page and the household list filtered to a village get the village's income cards' button.
        page_sections.register("village", template="assistance/village_cards_button.html",
                               context=lambda request, village: selectors.village_cards_section(village))
        page_sections.register("household_list", template="assistance/village_cards_button.html",
                               context=lambda request, village: selectors.village_cards_section(village))

        registry.register(Cadre, assistance_scope.cadres)
        registry.register(LeaderPairing, assistance_scope.leader_pairings)
        registry.register(UnitPairing, assistance_scope.unit_pairings)
        registry.register(HouseholdPairing, assistance_scope.household_pairings)
        registry.register(AssistanceRecord, assistance_scope.records)
        registry.register(HouseholdPlan, assistance_scope.plans)
        # The dashboard's cached figures (selectors.cached_rollup, paired_household_count, the rule
        # check counts of views.dashboard.CHECKS) read these, and the roll-ups' names (ROLLUP_MODELS).
        figures.depends_on(AssistanceRecord, HouseholdPairing, Cadre, Department, Township)
        documents.register("income_cards", build=cards.job_build, allowed=cards.job_allowed,
                           count_text=cards.job_count_text)
