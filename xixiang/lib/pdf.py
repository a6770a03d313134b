"""PDF helpers around WeasyPrint, shared by every app that prints.

- `StaticOnlyURLFetcher` serves nothing but the application's own static files: the HTML
  refers to them as `/static/...` and they are read from disk through Django's staticfiles
  finders; every other URL (http, file, data…) is refused, so a template can never make the
  renderer reach the network or read arbitrary files.
- `render_pdf(html)` renders one HTML document (one call = fonts and stylesheets loaded once,
  however many pages). Put many cards in one document rather than rendering card by card.
- `render_pdf_limited(html, seconds=...)` renders the same way in a child process and kills it
  when it takes longer than `seconds` (WeasyPrint cannot be interrupted inside a thread), raising
  `RenderTimeout`; the calling process (a task worker) carries on with its next task. Renders
  that can grow with the data (a village's cards, a booklet) go through it.

User data goes only into the document body, as escaped text: never inside `<style>`, a style=
attribute or a CSS `content` string. Running page headers take their text from the body with
`string-set` (see templates/archives/booklet.html).

WeasyPrint (~40 MB, 1 s to import) is imported by the render only, not with this module: a web
or task process that never renders does not carry it, and a limited render's forkserver
(`pdf_preload`) holds it once for all its children.

Fonts: every render declares "Xixiang CJK" (`FONT_FACE_CSS`), Noto Sans CJK SC cut down to GB 2312
and the characters our documents use (static/vendor/noto-sans-cjk-sc-subset/, made by
`manage.py subset_pdf_fonts`, see `font_subset`): ~3 MB per weight where Debian's collection is
19.5 MB, which WeasyPrint holds in memory for every font it embeds. A character outside the
subset falls back to the system's Noto Sans CJK SC (fonts-noto-cjk), so nothing is lost.
Fonts are embedded (subset again) in the PDF; libharfbuzz-subset0 makes that fast. Templates
should set the font on every element, page margin boxes included (see `CJK_FONT_CSS`).
"""

import multiprocessing
import posixpath
import time
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

#: The base URL documents are rendered against: `/static/x.css` resolves under it.
BASE_URL = "https://xixiang.invalid/"
#: The vendored subset first (the name must differ from the system font's, or fontconfig picks the system one).
CJK_FONT_FAMILY = '"Xixiang CJK", "Noto Sans CJK SC", "Noto Sans CJK", sans-serif'
CJK_FONT_CSS = f"* {{ font-family: {CJK_FONT_FAMILY}; }}"


_SUBSET = "/static/vendor/noto-sans-cjk-sc-subset/NotoSansCJKsc-%s-subset.otf"
FONT_FACE_CSS = "".join(
    f'@font-face {{ font-family: "Xixiang CJK"; font-weight: {weight}; src: url("{_SUBSET % name}"); }}'
    for weight, name in (("normal", "Regular"), ("bold", "Bold")))


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


#: Where a document finds the in-memory images handed to the render (`resources`): BASE_URL + this + key.
RESOURCE_PREFIX = "resources/"


def resource_url(key: str) -> str:
    """The URL under which a document refers to `resources[key]` (an image given to the render)."""
    return f"{BASE_URL}{RESOURCE_PREFIX}{key}"


#: An SVG image inside the document (`svg_data_url`); the fetcher accepts no other data: URL.
SVG_DATA_PREFIX = "data:image/svg+xml;base64,"


def svg_data_url(svg: str) -> str:
    """An SVG chart as an image URL for a PDF. As an `<img>` its `<style>` applies inside the
    chart only: inline in the HTML, pygal's ~8 KB of rules per chart were matched against every
    element of the document (the county summary: 3.0-3.7 s of CPU inline, 2.6 s as images)."""
    import base64

    return SVG_DATA_PREFIX + base64.b64encode(svg.encode()).decode("ascii")


def render_pdf(html: str | list[str], *, on_stage=None, resources: dict[str, bytes] | None = None) -> bytes:
    """Render one HTML document to PDF bytes, with our fetcher and one font configuration.

    `html` may be a list of documents: each is laid out on its own (its own "page x of y", its
    own element ids) and their pages are written one after the other into one PDF, with the
    fonts loaded and subset once (WeasyPrint's `Document.copy` of all the pages).
    `on_stage(name)` is called after the layout ("layout") so callers can show progress;
    `resources` are JPEG images the document refers to by `resource_url(key)`.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from .pdf_fetcher import StaticOnlyURLFetcher

    font_config = FontConfiguration()
    fetcher = StaticOnlyURLFetcher(resources=resources)
    fonts = CSS(string=FONT_FACE_CSS, base_url=BASE_URL, url_fetcher=fetcher, font_config=font_config)
    documents = [HTML(string=one, base_url=BASE_URL, url_fetcher=fetcher).render(
                     font_config=font_config, stylesheets=[fonts])
                 for one in ([html] if isinstance(html, str) else html)]
    if on_stage is not None:
        on_stage("layout")
    document = documents[0] if len(documents) == 1 else documents[0].copy(
        [page for one in documents for page in one.pages])
    return document.write_pdf()


class RenderError(Exception):
    """A limited render did not produce a PDF; `message` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RenderTimeout(RenderError):
    """A limited render took longer than its limit and was stopped."""

    def __init__(self, seconds: float):
        super().__init__(_("生成超时（超过 %(seconds)s 秒），请缩小范围后重试") % {"seconds": f"{seconds:g}"})
        self.seconds = seconds


def _render_in_child(sender, html: str | list[str], resources=None) -> None:
    """The child process: render and send the bytes back (Django is set up by the preload, or here)."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    try:
        content = render_pdf(html, on_stage=lambda name: sender.send(("stage", name)), resources=resources)
    except Exception as exc:  # whatever it is, the parent must hear about it rather than wait
        sender.send(("error", f"{type(exc).__name__}: {exc}"[:200]))
    else:
        sender.send(("done", content))
    finally:
        sender.close()


def render_pdf_limited(html: str | list[str], *, seconds: float, on_stage=None,
                       resources: dict[str, bytes] | None = None) -> bytes:
    """`render_pdf` in a child process that is killed after `seconds` (raises RenderTimeout).

    Children are forked from a 'forkserver' process (started on first use, clean: no copy of the
    caller's threads, database connections or locks) that has already imported Django and
    WeasyPrint (`pdf_preload`), so a render starts in ~0.3 s rather than ~2.5 s. The child uses
    the same fetcher and fonts. A child that dies or fails raises RenderError.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["xixiang.lib.pdf_preload"])
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_render_in_child, args=(sender, html, resources), daemon=True, name="xixiang-pdf")
    deadline = time.monotonic() + seconds
    child.start()
    sender.close()  # the child holds the only sending end: its exit means end of file here
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not receiver.poll(remaining):
                raise RenderTimeout(seconds)
            try:
                kind, value = receiver.recv()
            except EOFError:
                child.join(1)
                raise RenderError(_("生成 PDF 的进程意外退出（退出码 %(code)s）") % {"code": child.exitcode}) from None
            if kind == "done":
                return value
            if kind == "error":
                raise RenderError(_("生成 PDF 失败：%(error)s") % {"error": value})
            if on_stage is not None:
                on_stage(value)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()


def pdf_response(content: bytes, filename: str):
    """An inline PDF HTTP response with a (possibly Chinese) file name."""
    from django.http import HttpResponse
    from django.utils.encoding import escape_uri_path

    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{escape_uri_path(filename)}"
    return response
