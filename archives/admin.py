"""Django admin: the catalogue is edited here by the county administrator; records, files and
verification runs are shown read-only (deleting and restoring go through the archive pages,
so that deletion stays soft and audited)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from xixiang.core.admin_mixins import ReadOnlyAdminMixin

from .models import ArchiveCategory, ArchiveClass, ArchiveFile, ArchiveMedium, ArchiveRecord, ArchiveVerification


@admin.register(ArchiveClass)
class ArchiveClassAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "position"]
    list_editable = ["position"]


@admin.register(ArchiveCategory)
class ArchiveCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "archive_class", "position", "is_active"]
    list_filter = ["archive_class", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return False  # categories with records are protected; deactivate instead


@admin.register(ArchiveMedium)
class ArchiveMediumAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "position"]


class ReadOnlyAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    pass


@admin.register(ArchiveRecord)
class ArchiveRecordAdmin(ReadOnlyAdmin):
    list_display = ["title", "village", "year", "category", "medium", "uploaded_by", "created_at", "deleted_at"]
    list_filter = ["year", "category", "medium"]
    search_fields = ["title", "village__name", "village__code"]
    list_select_related = ["village", "category", "medium", "uploaded_by"]


@admin.register(ArchiveFile)
class ArchiveFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "record", "content_type", "size", "sha256", "created_at", "deleted_at"]
    search_fields = ["original_name", "sha256", "stored_name"]
    list_select_related = ["record"]


@admin.register(ArchiveVerification)
class ArchiveVerificationAdmin(admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "village", "status", "files_checked", "missing_count",
                    "altered_count"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
