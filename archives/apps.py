from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "archives"
    verbose_name = _("村级档案")

    def ready(self):
        from archives import scope as archive_scope
        from xixiang.audit import registry
        from xixiang.core import documents, figures, page_sections
        from xixiang.tasks_health import registry as tasks_health_registry

        from . import (  # noqa: F401  (checks registers the settings check)
            booklet,
            checks,
            selectors,
            tasks,
            verification,
        )
        from .models import ArchiveCategory, ArchiveClass, ArchiveFile, ArchiveRecord

        # selectors.cached_completeness reads these (services.archive_documents_file bumps its bulk rows).
        # Records are deleted by a save (soft delete); only the demo reset deletes rows, and bumps all.
        figures.depends_on(ArchiveCategory, ArchiveClass)
        figures.depends_on(ArchiveRecord, deletes=False)

        def record_related_history(record):
            return [ArchiveFile.history.filter(record_id=record.pk)]

        registry.register(ArchiveRecord, archive_scope.records_with_deleted, related=record_related_history)
        registry.register(ArchiveFile, archive_scope.files_with_deleted)
        documents.register(
            "booklet", build=booklet.job_build, allowed=booklet.job_allowed, count_text=booklet.job_count_text
        )
        tasks_health_registry.register(tasks.verify_archives_task, verification.verify_archives_interrupted)
        page_sections.register(
            "village",
            template="archives/village_panel.html",
            context=lambda request, village: selectors.village_panel(request.user, village, request.GET),
        )
