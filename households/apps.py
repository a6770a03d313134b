from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("农户")

    def ready(self):
        from households import scope as household_scope
        from villages import scope as village_scope
        from xixiang.accounts.choices import Role
        from xixiang.audit import registry
        from xixiang.lib.id_numbers import mask_id_number

        from .models import Household, IncomeRecord, Member

        def related_history(household):
            return [
                Member.history.filter(household_id=household.pk),
                IncomeRecord.history.filter(household_id=household.pk),
            ]

        # An assisting cadre reaches groups, villages and townships through their households.
        village_scope.household_reach.register(Role.HELPER, household_scope.households)

        # The household page shows ID numbers in full only to whoever may edit the household:
        # its history (the household's, its members' and income records') masks the same way.
        registry.register(Household, household_scope.households, related=related_history,
                          masked={"head_id_number": mask_id_number, "id_number": mask_id_number},
                          reveals=household_scope.can_edit_household)

        from villages.models import Group, Village
        from xixiang.core import figures

        # Cached county figures (home.selectors.township_part, targets.progress.coverage_by, the
        # assistance checks) read these; the roster import's bulk writes bump them explicitly.
        figures.depends_on(Household, IncomeRecord, Village, Group)

        from xixiang.tasks_health import registry as tasks_health_registry

        from .roster import services as roster_services
        from .roster import tasks as roster_tasks

        tasks_health_registry.register(roster_tasks.check_batch, roster_services.batch_check_interrupted)
        tasks_health_registry.register(roster_tasks.commit_batch, roster_services.batch_commit_interrupted)
