from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Projects and funds (整合项目，捆绑资金): the 摸底 catalogue, allocations of funds and
    outputs to villages, the tilt and the three-year construction tasks. Above targets."""

    name = "projects"
    verbose_name = _("项目资金")

    def ready(self):
        from xixiang.audit import registry
        from xixiang.core import figures, page_sections

        from . import scope, sections
        from .models import Allocation, AllocationOutput, ConstructionTask, ConstructionTaskItem, OutputKind, Project

        registry.register(Project, scope.projects)
        registry.register(Allocation, scope.allocations)
        page_sections.register("village", template="projects/village_section.html", context=sections.village_section)
        page_sections.register("township", template="projects/area_section.html", context=sections.township_section)
        page_sections.register("county", template="projects/area_section.html", context=sections.county_section)
        # selectors.cached_programme_figures reads these; the workbook import and the project's
        # year change write in bulk and bump them themselves.
        figures.depends_on(Project, Allocation, AllocationOutput, ConstructionTask, ConstructionTaskItem, OutputKind)
