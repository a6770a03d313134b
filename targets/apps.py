from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    """The 2009–2011 plan: every village's target grade per year, measures, responsible people,
    progress, and the public commitments (目标承诺). Above the registry, archives, assistance and
    assessment."""

    name = "targets"
    verbose_name = _("目标任务")

    def ready(self):
        from targets import scope as target_scope
        from xixiang.audit import registry
        from xixiang.core import page_sections

        from . import views
        from .models import Commitment, TownshipPlan, VillagePlan

        def village_plan_related(village_plan):
            from .models import VillageTarget

            return [VillageTarget.history.filter(village_plan_id=village_plan.pk)]

        registry.register(VillagePlan, target_scope.village_plans, related=village_plan_related)
        registry.register(TownshipPlan, target_scope.township_plans)
        registry.register(Commitment, target_scope.commitments)
        page_sections.register("village", template="targets/village_section.html", context=views.village_section)
