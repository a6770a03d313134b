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


def _bump(obj) -> None:
    stored = type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
    if stored is not None:
        obj.version = stored + 1


class VersionedAdminMixin:
    """Admin changes (and reverts from the history page) of rows with a `version` move it on like
    a service save does (xixiang.core.concurrency), so a form opened before them is refused after;
    a revert never puts an old version number back. Inline rows too."""

    def save_model(self, request, obj, form, change):
        if change:
            _bump(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline in formset.forms:
            if inline.instance.pk is not None and hasattr(inline.instance, "version") and inline.has_changed():
                _bump(inline.instance)
        super().save_formset(request, form, formset, change)
