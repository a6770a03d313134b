"""WeasyPrint's URL fetcher for our documents (imported by `pdf.render_pdf` only: it needs
WeasyPrint, which a process that does not render should not load)."""

import base64
import binascii
import mimetypes
import ssl

from weasyprint.urls import URLFetcher, URLFetcherResponse

from .pdf import BASE_URL, RESOURCE_PREFIX, SVG_DATA_PREFIX, RefusedURL, static_path

#: The HTTPS handler's context (never used: nothing is fetched over the network); no certificates loaded.
_UNUSED_SSL_CONTEXT = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class StaticOnlyURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that loads nothing but our own static files, and the in-memory
    `resources` ({key: JPEG bytes}, e.g. archive thumbnails) the caller hands to the render, and
    SVG images written into the document itself as base64 `data:` URLs (our charts in PDFs,
    `pdf.svg_data_url`): such an image reads nothing, and what it refers to comes through here too."""

    def __init__(self, *args, resources: dict[str, bytes] | None = None, **kwargs):
        # URLFetcher builds an HTTPS handler, and without a context Python makes a default one,
        # loading the system's certificates: ~50 ms of every render, for a handler `fetch` never
        # reaches (it refuses every URL but ours). A bare context costs nothing and is never used.
        kwargs.setdefault("ssl_context", _UNUSED_SSL_CONTEXT)
        super().__init__(*args, **kwargs)
        self.resources = resources or {}

    def fetch(self, url, headers=None):
        prefix = BASE_URL + RESOURCE_PREFIX
        if url.startswith(prefix) and url[len(prefix):] in self.resources:
            return URLFetcherResponse(url, self.resources[url[len(prefix):]], {"Content-Type": "image/jpeg"})
        if url.startswith(SVG_DATA_PREFIX):
            try:
                body = base64.b64decode(url[len(SVG_DATA_PREFIX):], validate=True)
            except binascii.Error as exc:
                raise RefusedURL("PDF 渲染：图表数据无效") from exc
            return URLFetcherResponse("about:svg", body, {"Content-Type": "image/svg+xml"})
        path = static_path(url)
        if path is None:
            raise RefusedURL(f"PDF 渲染只允许加载本系统的静态文件：{url}")
        with open(path, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})
