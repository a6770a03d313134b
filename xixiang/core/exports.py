"""Every xlsx the application sends has one shape: an exporter in `<app>/exports.py`, sent by
`xlsx_response`, at a URL ending in `.xlsx` (issue 12).

An exporter names its file and declares its sheets (title, header, widths, rows); the rows are
an iterator over the scoped queryset or selector result the view hands it:

    class ResultsExport(Export):
        default_stem = "results"

        def __init__(self, cycle, results):       # results: assessment.scope.results(…), filtered
            self.cycle, self.results = cycle, results
            self.filename = f"{cycle.year}年度考核结果.xlsx"

        def sheets(self):
            yield Sheet(f"{self.cycle.year}考核结果", HEADER, (row(r) for r in self.results.iterator()))

    def results_export(request, year):            # <year>/results/export.xlsx?township=…
        … permission, cycle, the list's scoped and filtered queryset …
        return xlsx_response(ResultsExport(cycle, results))

The view resolves what the page resolves (role check, object lookups, the scoped queryset with
the page's filters from the query string); the exporter never sees the request. A workbook
that is more than sheets of rows (the roster with its drop-down lists) overrides `write(out)`.

The URL of a page's export is the page's URL + `export.xlsx` (the query string carries its
filters); other workbooks are named for what they hold (`template.xlsx`, `errors.xlsx`).

The workbook is written (openpyxl write-only: rows go to temporary files as they come) into a
spooled temporary file, in memory up to SPOOL_BYTES and on disk beyond, which the response then
streams in blocks: neither the rows nor the finished file are held in memory whole. The file
name may be Chinese (RFC 5987 `filename*`, with an ASCII fallback from `default_stem`);
`Cache-Control: no-store` comes from NoStoreMiddleware like every other response.
"""

import tempfile
from collections.abc import Iterable

from django.http import FileResponse

from xixiang.lib.downloads import content_disposition
from xixiang.lib.excel import XLSX_CONTENT_TYPE, Sheet, save_xlsx

SPOOL_BYTES = 1024 * 1024
BLOCK_BYTES = 64 * 1024


class Export:
    """One xlsx download: `filename` (what the browser saves), `default_stem` (the ASCII
    fallback's name when `filename` has no ASCII letters), and `sheets()` or `write(out)`."""

    filename: str = "export.xlsx"
    default_stem: str = "export"

    def sheets(self) -> Iterable[Sheet]:
        raise NotImplementedError

    def write(self, out) -> None:
        """Write the workbook to the binary file `out`."""
        save_xlsx(out, self.sheets())


def xlsx_response(export: Export) -> FileResponse:
    """The export's workbook as a streamed attachment."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    try:
        export.write(out)
        out.seek(0)
    except BaseException:
        out.close()
        raise
    response = FileResponse(out, content_type=XLSX_CONTENT_TYPE)
    response.block_size = BLOCK_BYTES
    response["Content-Disposition"] = content_disposition(export.filename, default_stem=export.default_stem)
    return response
