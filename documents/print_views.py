"""Printing many at once: the page that starts a batch (documents:print_new) and “我的打印”
(documents:my_prints), the user's own background documents with their state and download."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from xixiang.accounts.roles import role_of
from xixiang.core.documents import document_job_start
from xixiang.core.edit import form_page, require
from xixiang.core.models import DocumentJob
from xixiang.lib.years import parse_year

from . import board, board_batch, print_kinds, scope
from .print_forms import PrintForm

PER_PAGE = 20


def print_new(request):
    """Choose a kind, a year and a township (or the county): one background job, then its progress page."""
    require(scope.can_print_many(request.user))
    initial = {"year": parse_year(request.GET.get("year")) or timezone.localdate().year - 1}
    form = PrintForm(request.POST or None, user=request.user, initial=initial)

    def start(form):
        kind, year, township = (form.cleaned_data[k] for k in ("kind", "year", "township"))
        if kind == board_batch.KIND:
            published = timezone.localdate()
            board.board_year(year, published=published)  # refuse a year with no cycle before queueing
            job = board_batch.batch_job(township, year=year, published=published, days=board.DEFAULT_PUBLIC_DAYS)
        else:
            if kind in ("score_sheets", "results_list"):
                print_kinds.cycle_of(year)  # refuse a year with no cycle before queueing
            job = print_kinds.print_job(kind, township, year)
        return document_job_start(user=request.user, **job)

    return form_page(request, form, save=start, success=None, redirect_to=lambda job: ("core:document_job", job.pk),
                     template="documents/print_new.html", context={"title": _("批量打印")})


def my_prints(request):
    """The user's own background documents, newest first (20 a page: two queries)."""
    require(role_of(request.user) is not None)
    jobs = DocumentJob.objects.filter(requested_by=request.user).order_by("-created_at", "-id")
    page = Paginator(jobs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "documents/print_list.html",
                  {"page": page, "title": _("我的打印"), "can_print": scope.can_print_many(request.user)})
