from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("农户")

    def ready(self):
        from xixiang.accounts import scope
        from xixiang.audit import registry

        from .models import Household, IncomeRecord, Member

        def related_history(household):
            return [
                Member.history.filter(household_id=household.pk),
                IncomeRecord.history.filter(household_id=household.pk),
            ]

        registry.register(Household, scope.households, related=related_history)

        from xixiang.tasks_health import registry as tasks_health_registry

        from .roster import services as roster_services
        from .roster import tasks as roster_tasks

        tasks_health_registry.register(roster_tasks.check_batch, roster_services.batch_check_interrupted)
        tasks_health_registry.register(roster_tasks.commit_batch, roster_services.batch_commit_interrupted)
