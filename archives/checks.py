"""System check: the archive settings name only known file types and a configured storage."""

from django.conf import settings
from django.core.checks import Error, register

from .filetypes import unknown_codes


@register()
def archive_settings_check(app_configs, **kwargs):
    errors = []
    unknown = unknown_codes(settings.ARCHIVE_ALLOWED_TYPES)
    if unknown:
        errors.append(Error(
            f"XIXIANG_ARCHIVE_ALLOWED_TYPES names unknown types: {', '.join(unknown)}",
            hint="See archives/filetypes.py for the known type codes.", id="archives.E001",
        ))
    if "archives" not in settings.STORAGES:
        errors.append(Error("STORAGES has no 'archives' entry", id="archives.E002"))
    return errors
