from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("农户")

    def ready(self):
        from xixiang.accounts import scope
        from xixiang.audit import registry
        from xixiang.lib.id_numbers import mask_id_number

        from .models import Household, IncomeRecord, Member

        def related_history(household):
            return [
                Member.history.filter(household_id=household.pk),
                IncomeRecord.history.filter(household_id=household.pk),
            ]

        # The household page shows ID numbers in full only to whoever may edit the household:
        # its history (the household's, its members' and income records') masks the same way.
        registry.register(Household, scope.households, related=related_history,
                          masked={"head_id_number": mask_id_number, "id_number": mask_id_number},
                          reveals=scope.can_edit_household)

        from xixiang.tasks_health import registry as tasks_health_registry

        from .roster import services as roster_services
        from .roster import tasks as roster_tasks

        tasks_health_registry.register(roster_tasks.check_batch, roster_services.batch_check_interrupted)
        tasks_health_registry.register(roster_tasks.commit_batch, roster_services.batch_commit_interrupted)
