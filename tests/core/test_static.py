"""Static files survive `collectstatic` with the manifest storage (production mode, issue 11)."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static

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



def test_every_page_links_a_favicon_that_is_there(world):
    page = world.client_for("clerk_chengguan").get("/households/").content.decode()
    href = static("img/favicon.svg")
    assert f'<link rel="icon" href="{href}" type="image/svg+xml">' in page
    assert finders.find("img/favicon.svg") is not None
