"""Documents rendered in the background (DocumentJob): the kinds apps register, starting and running a job.

An app registers each kind of document in its AppConfig.ready():

    documents.register("income_cards", build=cards.job_build, allowed=cards.job_allowed,
                       count_text=lambda n: ngettext("%(n)s 张", "%(n)s 张", n) % {"n": n})

- `build(user, params)` reads the data through `user`'s scope (raising DomainError when the
  object is no longer in it) and returns `Built(html, item_count)`;
- `allowed(user, params)` says whether `user` may still see what the job is about: the job's
  page and file answer 404 when it does not, even to whoever asked;
- `count_text(n)` words the item count for the progress page.

The job renders the HTML to PDF in a child process limited to XIXIANG_PDF_RENDER_SECONDS
(xixiang/lib/pdf.py): a render that overruns is killed and the job fails with a message saying
so, while the task worker goes on with its next task. This module imports no app.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xixiang.lib.pdf import RenderError, render_pdf_limited

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
class DocumentKind:
    build: Callable[..., Built]
    allowed: Callable[..., bool]
    count_text: Callable[[int], str]


_KINDS: dict[str, DocumentKind] = {}
_UNSAFE_IN_FILENAME = re.compile(r"[\x00-\x1f\x7f/\\]")


def register(kind: str, *, build, allowed, count_text) -> None:
    _KINDS[kind] = DocumentKind(build, allowed, count_text)


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
            built = kind_for(job.kind).build(job.requested_by, job.params)
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
        except Exception:
            logger.exception("document job %s (%s) failed", job_id, job.kind)
            fail(progress.failed_message(action=_("生成")))
            raise


def document_job_interrupted(job_id: int, *, cause: str) -> None:
    """Recovery hook (xixiang/tasks_health): the worker rendering the job died or lost the
    database; the job ends interrupted with a message, so the page stops waiting and offers a new try."""
    progress.clear(DocumentJob(pk=job_id))
    DocumentJob.objects.filter(pk=job_id, status__in=(JobState.QUEUED, JobState.RUNNING)).update(
        status=JobState.INTERRUPTED, finished_at=timezone.now(),
        error=progress.interrupted_message(cause, action=_("生成"), retry=_("请重新生成")))
