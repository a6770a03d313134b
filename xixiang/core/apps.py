from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "xixiang.core"
    label = "core"
    verbose_name = _("公共")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from xixiang.tasks_health import registry as tasks_health_registry

        from . import documents, tasks
        from .middleware import SessionTimeoutMiddleware

        tasks_health_registry.register(tasks.run_document_job, documents.document_job_interrupted)

        # The session's clock starts at login, saved with the login's own session write.
        user_logged_in.connect(SessionTimeoutMiddleware.session_began, dispatch_uid="xixiang-session-began")
