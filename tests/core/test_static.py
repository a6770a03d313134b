"""Static files survive `collectstatic` with the manifest storage (production mode, issue 11)."""

import re
from pathlib import Path

from django.conf import settings

SOURCE_MAP = re.compile(rb"sourceMappingURL=([^\s*]+)")


def test_no_static_file_refers_to_a_source_map_that_is_not_there():
    missing = []
    for folder in settings.STATICFILES_DIRS:
        for path in Path(folder).rglob("*"):
            if path.suffix not in {".js", ".css"}:
                continue
            for reference in SOURCE_MAP.findall(path.read_bytes()):
                if not (path.parent / reference.decode()).exists():
                    missing.append(f"{path.relative_to(folder)} → {reference.decode()}")
    assert missing == []

