"""Pages of the notice board (documents/board.py): a village's board in HTML and as a PDF, and
batches of a township's or the county's boards (a background document job)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from xixiang.core.documents import document_job_start
from xixiang.core.edit import form_page, require
from xixiang.core.errors import DomainError
from xixiang.lib.pdf import pdf_response, render_pdf
from xixiang.lib.years import parse_year

from . import board, board_batch
from . import scope as board_scope
from .board_forms import BoardBatchForm, BoardPeriodForm


def _village_year(request, code: str, year):
    village = get_object_or_404(board_scope.board_villages(request.user).select_related("township"), code=code)
    year = parse_year(year)
    if year is None:
        raise Http404
    return village, year


def board_page(request, code: str, year: int):
    """A village's board for a year as a web page, with the 公示 period to print and a PDF link."""
    village, year = _village_year(request, code, year)
    form = BoardPeriodForm(request.GET)
    shown, error = None, ""
    if not form.is_valid():
        error = _("请更正公示期后再生成")
    else:
        published, days = form.period()
        try:
            at = board.board_year(year, published=published, days=days)
            shown = board.board_section(board.board_for(village, at))
        except DomainError as refusal:
            error = refusal.message
    pdf_url = reverse("documents:board_pdf", args=[village.code, year])
    if request.GET:
        pdf_url += "?" + urlencode({k: request.GET[k] for k in ("published", "days") if k in request.GET})
    return render(request, "documents/board_page.html", {
        "village": village, "year": year, "form": form, "board_html": shown, "error": error, "pdf_url": pdf_url,
        "title": board.board_title(village, year)})


def board_pdf(request, code: str, year: int):
    """A village's board as an A3 landscape PDF (rendered here: one page)."""
    village, year = _village_year(request, code, year)
    form = BoardPeriodForm(request.GET)
    page = reverse("documents:board_page", args=[village.code, year])
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(page)
    published, days = form.period()
    try:
        at = board.board_year(year, published=published, days=days)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect(page)
    sections = [board.board_section(board.board_for(village, at))]
    html = board.boards_document(sections, title=board.board_title(village, year))
    return pdf_response(render_pdf(html), f"公示牌-{village.code}-{year}.pdf")


def batch_page(request):
    """The boards of a township (or the county) as one PDF, printed in the background."""
    require(board_scope.can_print_boards(request.user))
    initial = {"year": parse_year(request.GET.get("year"))}
    form = BoardBatchForm(request.POST or None, user=request.user, initial=initial)

    def start(form):
        published, days = form.period()
        year, township = form.cleaned_data["year"], form.cleaned_data["township"]
        board.board_year(year, published=published, days=days)  # refuse a year with no cycle before queueing
        job = board_batch.batch_job(township, year=year, published=published, days=days)
        return document_job_start(user=request.user, **job)

    return form_page(request, form, save=start, success=None, redirect_to=lambda job: ("core:document_job", job.pk),
                     template="documents/board_batch.html", context={"title": _("批量打印公示牌")})


def village_section(request, village) -> dict | None:
    """The village page's links to its boards and dossiers, per year (a page section, registered in
    apps.py; the dossier's readers are the board's, documents/scope.py)."""
    if not board_scope.board_villages(request.user).filter(pk=village.pk).exists():
        return None
    from assessment.models import Cycle

    years = list(Cycle.objects.order_by("-year").values_list("year", flat=True)[:3])
    return {"village": village, "years": years}
