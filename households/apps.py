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
