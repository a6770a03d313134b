"""Shared Django admin pieces."""


class ReadOnlyAdminMixin:
    """Shown in the admin but never added, changed or deleted there: these records are written
    only by their services (uploads, the catalogue page), which check the rules and keep history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
