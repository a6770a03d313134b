"""PDF helpers around WeasyPrint, shared by every app that prints.

- `render_pdf(html)` renders one HTML document with the Noto CJK font (Debian fonts-noto-cjk,
  found through fontconfig and embedded as a subset; libharfbuzz-subset0 keeps that fast).
- `StaticOnlyURLFetcher` loads nothing but the application's own static files (`/static/...`
  resolved through Django's staticfiles finders); every other URL (http, file, data…) is
  refused, so a template can never make the renderer reach the network or read other files.

Templates set the font on every element, page margin boxes included (`CJK_FONT_CSS`), so
that no fallback font is embedded.
"""

import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

#: Documents are rendered against this base URL: `/static/x.css` resolves under it.
BASE_URL = "https://xixiang.invalid/"
CJK_FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans CJK", sans-serif'
CJK_FONT_CSS = f"* {{ font-family: {CJK_FONT_FAMILY}; }}"


class RefusedURL(ValueError):
    """A document asked for something that is not one of our static files."""


def static_path(url: str) -> str | None:
    """The file on disk behind `url` if it is one of our static files, else None."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(prefix):
        return None
    relative = posixpath.normpath(path[len(prefix):])
    if relative.startswith(("..", "/")) or relative == ".":
        return None
    return finders.find(relative)


class StaticOnlyURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that loads nothing but our own static files."""

    def fetch(self, url, headers=None):
        path = static_path(url)
        if path is None:
            raise RefusedURL(f"PDF 渲染只允许加载本系统的静态文件：{url}")
        with open(path, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def render_pdf(html: str) -> bytes:
    """Render one HTML document to PDF bytes, with our fetcher and one font configuration."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher())
    return document.write_pdf(font_config=FontConfiguration())
