from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "villages"
    verbose_name = _("村组")

    def ready(self):
        from villages import scope as village_scope
        from xixiang.audit import registry

        from .models import Group, Village

        registry.register(Village, village_scope.villages)
        registry.register(Group, village_scope.groups)
