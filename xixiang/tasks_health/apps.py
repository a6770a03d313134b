from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksHealthConfig(AppConfig):
    name = "xixiang.tasks_health"
    label = "tasks_health"
    verbose_name = _("后台任务进程")
