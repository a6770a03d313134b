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

        from assessment.models import Cycle, VillageResult
        from villages.models import Township, VillageGrade
        from xixiang.core import figures

        from .models import Plan, VillageTarget

        # The cached progress (progress.PROGRESS_MODELS) reads these. The engine writes results and
        # grades in bulk and bumps them itself; it replaces a cycle's results with one DELETE, which a
        # post_delete receiver would turn into a fetch and a bump per row: saves only for results.
        figures.depends_on(Township, Plan, VillagePlan, VillageTarget, VillageGrade, Cycle)
        figures.depends_on(VillageResult, deletes=False)
