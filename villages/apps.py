from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "villages"
    verbose_name = _("村组")

    def ready(self):
        from xixiang.accounts import scope
        from xixiang.audit import registry

        from .models import Group, Village

        registry.register(Village, scope.villages)
        registry.register(Group, scope.groups)
