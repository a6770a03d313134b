from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Projects and funds (整合项目，捆绑资金): the 摸底 catalogue, allocations of funds and outputs to villages, the tilt and the three-year construction tasks. Above targets."""

    name = "projects"
    verbose_name = _("项目资金")
