"""The assisting cadre's own page, the one-form visit, household plans and income cards."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xixiang.accounts import scope
from xixiang.core.errors import DomainError
from xixiang.core.forms import add_domain_error
from xixiang.lib.pdf import pdf_response
from xixiang.tasks_health.selectors import no_worker_notice
from xixiang.tasks_health.services import tasks_recover_for_page

from .. import cards, selectors, services, tasks
from ..choices import RecordKind
from ..forms import PlanForm, VisitForm
from ..models import AssistanceRecord, CardBatch, HouseholdPlan
from .common import is_helper, require


def _own_cadre(request):
    require(is_helper(request.user))
    return get_object_or_404(scope.cadres(request.user))


def my_households(request):
    """My households with their category, plan and last visit, each with a visit form."""
    cadre = _own_cadre(request)
    pairings = list(
        scope.recordable_household_pairings(request.user).select_related("household__village").order_by("household__number")[:200]
    )
    ids = [p.household_id for p in pairings]
    plans = {}
    for plan in HouseholdPlan.objects.filter(household_id__in=ids).order_by("year"):
        plans[plan.household_id] = plan  # the latest year wins
    visits = selectors.last_visits(ids)
    rows = [(p, plans.get(p.household_id), visits.get(p.household_id)) for p in pairings]
    return render(request, "assistance/my_households.html", {"cadre": cadre, "rows": rows, "form": VisitForm()})


@require_POST
def my_visit(request, pk: int):
    """Record a visit on one of my pairings: a date and a line of notes."""
    _own_cadre(request)
    pairing = get_object_or_404(scope.recordable_household_pairings(request.user).select_related("cadre"), pk=pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        record = AssistanceRecord(kind=RecordKind.VISIT, date=form.cleaned_data["date"], note=form.cleaned_data["note"])
        try:
            services.record_create(actor=request.user, pairing=pairing, record=record)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已登记走访"))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("assistance:my_households")


def plan_edit(request, number: str, year: int):
    """Create or edit one household's plan for a year (一户一策)."""
    require(scope.can_record_assistance(request.user))
    household = get_object_or_404(scope.plan_households(request.user), number=number)
    plan = HouseholdPlan.objects.filter(household=household, year=year).first() or HouseholdPlan(household=household, year=year)
    form = PlanForm(request.POST or None, instance=plan, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(actor=request.user, plan=form.instance)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已保存增收计划"))
            return redirect("households:household_detail", number=number)
    return render(request, "assistance/plan_form.html", {"form": form, "household": household, "year": year})


def household_card(request, number: str, year: int):
    """The A5 income card of one household."""
    household = get_object_or_404(scope.households(request.user), number=number)
    content = cards.render_cards(cards.cards_for(scope.households(request.user).filter(pk=household.pk), year),
                                 title=_("增收明白卡"))
    return pdf_response(content, f"增收明白卡-{household.number}-{year}.pdf")


def village_cards(request, code: str, year: int):
    """The income cards of a village's households in scope, one per page."""
    village = get_object_or_404(scope.villages(request.user), code=code)
    households = scope.households(request.user).filter(village=village)
    content = cards.render_cards(cards.cards_for(households, year), title=f"{village.name} 增收明白卡")
    return pdf_response(content, f"增收明白卡-{village.code}-{year}.pdf")



@require_POST
def card_batch_create(request):
    """Start rendering a village's cards in the background (code and year from the form)."""
    code, year = request.POST.get("code", "").strip(), request.POST.get("year", "").strip()
    if not year.isdigit() or not 2000 <= int(year) <= 2100:
        messages.error(request, _("请填写正确的年度"))
        return redirect("assistance:dashboard")
    village = scope.villages(request.user).filter(code=code).first()
    if village is None:
        messages.error(request, _("找不到村编码为 %(code)s 的行政村，或该村不在您的管辖范围内") % {"code": code})
        return redirect("assistance:dashboard")
    batch = CardBatch.objects.create(village=village, year=int(year), requested_by=request.user)
    tasks.render_village_cards.enqueue(batch.pk)
    return redirect("assistance:card_batch", pk=batch.pk)


def card_batch(request, pk: int):
    """The progress of a background batch; the page polls itself until the PDF is ready."""
    batch = get_object_or_404(scope.card_batches(request.user).select_related("village"), pk=pk)
    if tasks_recover_for_page(running=not batch.finished):  # its worker died: the batch now says so
        batch.refresh_from_db()
    queued_since = batch.created_at if batch.status == CardBatch.Status.QUEUED else None
    template = "assistance/_card_batch_status.html" if request.headers.get("HX-Request") else "assistance/card_batch.html"
    return render(request, template, {"batch": batch, "no_worker": no_worker_notice(queued_since=queued_since)})


def card_batch_download(request, pk: int):
    batch = get_object_or_404(scope.card_batches(request.user).select_related("village"), pk=pk,
                              status=CardBatch.Status.DONE)
    return FileResponse(batch.file.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"增收明白卡-{batch.village.code}-{batch.year}.pdf")
