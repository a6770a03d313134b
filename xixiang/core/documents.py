"""Documents rendered in the background (DocumentJob): the kinds apps register, starting and running a job.

An app registers each kind of document in its AppConfig.ready():

    documents.register("income_cards", build=cards.job_build, allowed=cards.job_allowed,
                       count_text=lambda n: ngettext("%(n)s 张", "%(n)s 张", n) % {"n": n})

- `build(user, params)` reads the data through `user`'s scope (raising DomainError when the
  object is no longer in it) and returns `Built(html, item_count)`;
- `allowed(user, params)` says whether `user` may still see what the job is about: the job's
  page and file answer 404 when it does not, even to whoever asked;
- `count_text(n)` words the item count for the progress page.

A kind that prints many similar items (a township's notice boards) registers `batch` instead
of `build`: `batch(user, params)` returns a `Batch` (its items, how to make one item's HTML and
how to wrap a few items' HTML into a document). The job then renders the items a chunk at a
time (each chunk its own limited child render), appends each chunk's pages to a temporary
file and merges them with pypdf at the end (`render_batch`): memory is bounded by the chunk,
not by the number of items, and an item whose data or render fails is left out and named in
the job's message while the others are printed (the job still ends done, with that warning).
A batch that names each item's file (`member`) is printed as a zip of one PDF per item instead
(`render_zip`: one item's document in memory at a time), with the same failure report.

The job renders the HTML to PDF in a child process limited to XIXIANG_PDF_RENDER_SECONDS
(xixiang/lib/pdf.py): a render that overruns is killed and the job fails with a message saying
so, while the task worker goes on with its next task. This module imports no app.
"""

import logging
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xixiang.lib.pdf import RenderError, render_pdf_limited
from xixiang.lib.stored_files import store_unavailable

from . import progress
from .choices import JobState
from .errors import DomainError, full_clean_or_raise
from .models import DocumentJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Built:
    """What a kind's `build` returns: the document's HTML and how many items (cards, records) it holds."""

    html: str
    item_count: int


@dataclass(frozen=True)
class Batch:
    """What a batch kind's `batch(user, params)` returns.

    `items` are printed in order; `section(item)` returns one item's HTML (it reads the item's
    data; raising skips the item, which is reported); `document(sections)` wraps a chunk's HTML
    parts into one HTML document; `label(item)` names an item in the failure report; `chunk`
    items are rendered together (the font is loaded once per chunk). A `separate` batch makes
    each item its own document (`document([section])`, its own "page x of y" and element ids),
    still rendered a chunk per render and written into one PDF (xixiang.lib.pdf.render_pdf with a list).
    `renders_at_once` chunks are rendered at the same time, each in its own child (one per core
    at most is useful; each holds a chunk's layout in memory).
    """

    items: list
    section: Callable[[object], str]
    document: Callable[[list[str]], str]
    label: Callable[[object], str]
    chunk: int = 10
    separate: bool = False
    member: Callable[[object], str] | None = None
    resources: Callable[[object], dict[str, bytes]] | None = None
    renders_at_once: int = 1

    @property
    def zipped(self) -> bool:
        """A batch with `member(item)` (the file name of an item's PDF) prints a zip of one PDF per
        item (`render_zip`), each with the images `resources(item)` returns."""
        return self.member is not None


@dataclass
class BatchOutcome:
    """What `render_batch` printed: how many items, and (label, message) of each one left out."""

    printed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def failure_text(self) -> str:
        """'未能生成 2 项：五丰村（原因）；江榜村（原因）' (empty when nothing failed)."""
        if not self.failures:
            return ""
        listed = "；".join(f"{label}（{message}）" for label, message in self.failures)
        return _("未能生成 %(n)s 项：%(items)s") % {"n": len(self.failures), "items": listed}


@dataclass(frozen=True)
class DocumentKind:
    build: Callable[..., Built] | None
    allowed: Callable[..., bool]
    count_text: Callable[[int], str]
    batch: Callable[..., Batch] | None = None
    unit: str = ""


_KINDS: dict[str, DocumentKind] = {}
_UNSAFE_IN_FILENAME = re.compile(r"[\x00-\x1f\x7f/\\]")


def register(kind: str, *, allowed, count_text, build=None, batch=None, unit: str = "") -> None:
    """Register a kind: `build` (one HTML document) or `batch` (items rendered a chunk at a
    time); `unit` words what the progress page counts while a batch runs ("个村")."""
    if (build is None) == (batch is None):
        raise ValueError("a document kind registers exactly one of build and batch")
    _KINDS[kind] = DocumentKind(build, allowed, count_text, batch, unit)


def _failure_message(error: Exception) -> str:
    if isinstance(error, DomainError | RenderError):
        return error.message
    return _("发生内部错误")


def render_batch(batch: Batch, out, *, seconds: float, render=None, on_progress=None) -> BatchOutcome:
    """Print `batch` into the binary file `out`: each chunk of items is made into HTML (one
    document, or a list of one per item for a `separate` batch), rendered
    (by `render(html)`, default a child render limited to `seconds`) and kept in a temporary
    file; the chunks' pages are then merged into `out` in the items' order with pypdf. A chunk
    whose render fails is rendered again item by item, so that only the failing item is left out.
    `batch.renders_at_once` chunks render at the same time (each in its own child; the next
    chunk's data is read meanwhile). `on_progress(done, total)` is called after each chunk.
    Memory: that many chunks' documents while rendering; the merge holds the chunks' PDF
    objects (small: no images)."""
    from concurrent.futures import ThreadPoolExecutor

    from pypdf import PdfWriter

    if render is None:
        def render(html):
            return render_pdf_limited(html, seconds=seconds)
    outcome, total = BatchOutcome(), len(batch.items)
    with tempfile.TemporaryDirectory(prefix="xixiang-batch-") as directory, \
            ThreadPoolExecutor(max_workers=max(1, batch.renders_at_once), thread_name_prefix="xixiang-render") as pool:
        parts: list[str] = []

        def keep(content: bytes) -> None:
            path = f"{directory}/{len(parts):05d}.pdf"
            with open(path, "wb") as handle:
                handle.write(content)
            parts.append(path)

        def collect(end: int, made: list, rendering) -> None:
            try:
                if rendering is not None:
                    keep(rendering.result())
                    outcome.printed += len(made)
            except RenderError:
                for item, html in made:
                    try:
                        keep(render(batch.document([html])))
                        outcome.printed += 1
                    except RenderError as error:
                        outcome.failures.append((batch.label(item), error.message))
            if on_progress is not None:
                on_progress(end, total)

        in_flight: list[tuple[int, list, object]] = []  # in the items' order: collected oldest first
        for start in range(0, total, max(1, batch.chunk)):
            end = min(start + batch.chunk, total)
            made = _chunk_sections(batch, batch.items[start:end], outcome)
            in_flight.append((end, made, pool.submit(render, _chunk_html(batch, made)) if made else None))
            while len(in_flight) >= max(1, batch.renders_at_once):
                collect(*in_flight.pop(0))
        while in_flight:
            collect(*in_flight.pop(0))
        writer = PdfWriter()
        for path in parts:
            writer.append(path)
        writer.write(out)
    return outcome


def _chunk_html(batch: Batch, made: list[tuple[object, str]]) -> str | list[str]:
    """One chunk's HTML: one document, or one per item for a `separate` batch."""
    sections = [html for _item, html in made]
    return [batch.document([html]) for html in sections] if batch.separate else batch.document(sections)


def _chunk_sections(batch: Batch, items: list, outcome: BatchOutcome) -> list[tuple[object, str]]:
    """(item, HTML) of each of `items` whose data could be read; the others go to `outcome.failures`."""
    made = []
    for item in items:
        try:
            made.append((item, batch.section(item)))
        except Exception as error:  # one item's data must not stop the others
            if not isinstance(error, DomainError):
                logger.exception("batch item %s failed", batch.label(item))
            outcome.failures.append((batch.label(item), _failure_message(error)))
    return made


def render_zip(batch: Batch, out, *, seconds: float, render=None, on_progress=None) -> BatchOutcome:
    """Print `batch` into the binary file `out` as a zip of one PDF per item, named `member(item)`:
    each item is made into its HTML and its images (`resources(item)`), rendered alone (by
    `render(html, resources)`, default a child render limited to `seconds`) and written into the
    zip at once, so memory holds one item's document. An item whose data or render fails is left
    out and reported, as in `render_batch`. `on_progress(done, total)` is called after each item."""
    import zipfile

    if render is None:
        def render(html, resources):
            return render_pdf_limited(html, seconds=seconds, resources=resources)
    outcome, total = BatchOutcome(), len(batch.items)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for done, item in enumerate(batch.items, start=1):
            try:
                html = batch.document([batch.section(item)])
                content = render(html, batch.resources(item) if batch.resources else None)
            except Exception as error:  # one item must not stop the others
                if not isinstance(error, DomainError | RenderError):
                    logger.exception("batch item %s failed", batch.label(item))
                outcome.failures.append((batch.label(item), _failure_message(error)))
            else:
                archive.writestr(batch.member(item), content)  # PDFs are compressed already
                outcome.printed += 1
            if on_progress is not None:
                on_progress(done, total)
    return outcome


def kind_for(kind: str) -> DocumentKind:
    return _KINDS[kind]


def job_allowed(user, job: DocumentJob) -> bool:
    """Whether `user` (already whoever asked, or the administrator) may still see the job's subject."""
    return job.kind in _KINDS and _KINDS[job.kind].allowed(user, job.params)


@transaction.atomic
def document_job_start(*, user, kind: str, params: dict, title: str, filename: str) -> DocumentJob:
    """Queue the rendering of one document for `user`; the task worker carries it out."""
    from .tasks import run_document_job

    if kind not in _KINDS:
        raise DomainError(_("未知的文档类型：%(kind)s") % {"kind": kind})
    filename = " ".join(_UNSAFE_IN_FILENAME.sub(" ", filename).split())  # a name with a newline must not reach a header
    job = DocumentJob(kind=kind, params=params, title=title[:200], filename=filename[:200], requested_by=user)
    full_clean_or_raise(job)
    job.save()
    run_document_job.enqueue(job.pk)
    return job


def document_job_run(job_id: int) -> None:
    """Carry out a queued job (called by the task): build the HTML, render it within the time
    limit, store the file; its stages are reported on the way (xixiang/core/progress.py).

    A job that cannot be done (out of scope, nothing to print, too slow) ends failed with its
    message; an unexpected error ends it failed too and is raised again for the task's record.
    """
    job = DocumentJob.objects.select_related("requested_by").get(pk=job_id)
    if job.finished:
        return
    Stage, Status = DocumentJob.Stage, DocumentJob.Status

    def fail(message: str) -> None:
        DocumentJob.objects.filter(pk=job_id).update(status=Status.FAILED, error=message[:300],
                                                     finished_at=timezone.now())

    with progress.reporting(job) as report:
        try:
            DocumentJob.objects.filter(pk=job_id).update(status=Status.RUNNING)
            report(5, 100, Stage.READING)
            kind = kind_for(job.kind)
            if kind.batch is not None:
                _run_batch(job, kind, report)
                return
            built = kind.build(job.requested_by, job.params)
            DocumentJob.objects.filter(pk=job_id).update(item_count=built.item_count)
            report(20, 100, Stage.LAYOUT)
            content = render_pdf_limited(built.html, seconds=settings.XIXIANG_PDF_RENDER_SECONDS,
                                         on_stage=lambda _name: report(70, 100, Stage.WRITING))
            job.refresh_from_db()
            job.file.save(f"{job.kind}-{job.pk}.pdf", ContentFile(content), save=False)
            job.status, job.finished_at = Status.DONE, timezone.now()
            job.save(update_fields=["file", "status", "finished_at"])
        except (DomainError, RenderError) as error:
            fail(error.message)
        except Exception as error:
            if store_unavailable(error):  # nothing was stored: the row is saved only after the file
                logger.warning("document job %s (%s): the file store is not answering (%s)", job_id, job.kind,
                               type(error).__name__)
                fail(_("生成失败：文件存储暂时无法访问，未保存任何文件，请稍后重试"))
                return
            logger.exception("document job %s (%s) failed", job_id, job.kind)
            fail(progress.failed_message(action=_("生成")))
            raise


def _run_batch(job: DocumentJob, kind: DocumentKind, report) -> None:
    """A batch kind's job: its items rendered a chunk at a time into one file (render_batch)."""
    batch = kind.batch(job.requested_by, job.params)
    if not batch.items:
        raise DomainError(_("没有可打印的内容"))
    report(0, len(batch.items), DocumentJob.Stage.LAYOUT)
    renderer, extension = (render_zip, "zip") if batch.zipped else (render_batch, "pdf")
    with tempfile.TemporaryFile() as out:
        outcome = renderer(batch, out, seconds=settings.XIXIANG_PDF_RENDER_SECONDS,
                           on_progress=lambda done, total: report(done, total, DocumentJob.Stage.LAYOUT))
        if not outcome.printed:
            raise DomainError(outcome.failure_text())
        out.seek(0)
        job.refresh_from_db()
        job.file.save(f"{job.kind}-{job.pk}.{extension}", File(out), save=False)
    job.item_count, job.error = outcome.printed, outcome.failure_text()[:300]
    job.status, job.finished_at = DocumentJob.Status.DONE, timezone.now()
    job.save(update_fields=["file", "item_count", "error", "status", "finished_at"])


def document_job_interrupted(job_id: int, *, cause: str) -> None:
    """Recovery hook (xixiang/tasks_health): the worker rendering the job died or lost the
    database; the job ends interrupted with a message, so the page stops waiting and offers a new try."""
    progress.clear(DocumentJob(pk=job_id))
    DocumentJob.objects.filter(pk=job_id, status__in=(JobState.QUEUED, JobState.RUNNING)).update(
        status=JobState.INTERRUPTED, finished_at=timezone.now(),
        error=progress.interrupted_message(cause, action=_("生成"), retry=_("请重新生成")))
