"""The assisting cadre's own page, the one-form visit, household plans and income cards."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistance import scope as assistance_scope
from households import scope as household_scope
from villages import scope as village_scope
from xixiang.core.document_views import document_job_page
from xixiang.core.documents import document_job_start
from xixiang.core.errors import ConcurrentEditError, DomainError
from xixiang.core.forms import add_domain_error, rebased
from xixiang.lib.pdf import pdf_response

from .. import cards, selectors, services
from ..choices import RecordKind
from ..forms import PlanForm, VisitForm
from ..models import AssistanceRecord, HouseholdPlan
from .common import is_helper, require


def _own_cadre(request):
    require(is_helper(request.user))
    return get_object_or_404(assistance_scope.cadres(request.user))


def my_households(request):
    """My households with their category, plan and last visit, each with a visit form."""
    cadre = _own_cadre(request)
    pairings = list(
        assistance_scope.recordable_household_pairings(request.user).select_related("household__village").order_by("household__number")[:200]
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
    pairing = get_object_or_404(assistance_scope.recordable_household_pairings(request.user).select_related("cadre"), pk=pk)
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
    require(assistance_scope.can_record(request.user))
    household = get_object_or_404(assistance_scope.plan_households(request.user), number=number)
    plan = HouseholdPlan.objects.filter(household=household, year=year).first() or HouseholdPlan(household=household, year=year)
    form = PlanForm(request.POST or None, instance=plan, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(actor=request.user, plan=form.instance)
        except ConcurrentEditError as error:
            # the user's input stays, re-based on the plan as stored now
            plan = HouseholdPlan.objects.get(household=household, year=year)
            form = PlanForm(rebased(request.POST, error), instance=plan, household=household)
            form.is_valid()
            form.add_error(None, error.message)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已保存增收计划"))
            return redirect("households:household_detail", number=number)
    return render(request, "assistance/plan_form.html", {"form": form, "household": household, "year": year})


def household_card(request, number: str, year: int):
    """The A5 income card of one household."""
    household = get_object_or_404(household_scope.households(request.user), number=number)
    content = cards.render_cards(cards.cards_for(household_scope.households(request.user).filter(pk=household.pk), year),
                                 title=_("增收明白卡"))
    return pdf_response(content, f"增收明白卡-{household.number}-{year}.pdf")


def village_cards(request, code: str, year: int):
    """The income cards of a village's households in scope, one per page: a background job
    (GET shows the page with the button, POST starts it)."""
    village = get_object_or_404(village_scope.villages(request.user), code=code)
    if not 2000 <= year <= 2100:
        raise Http404
    return document_job_page(request, **cards.village_cards_job(village, year))


@require_POST
def card_batch_create(request):
    """Start rendering a village's cards in the background (code and year from the dashboard's form)."""
    code, year = request.POST.get("code", "").strip(), request.POST.get("year", "").strip()
    if not year.isdigit() or not 2000 <= int(year) <= 2100:
        messages.error(request, _("请填写正确的年度"))
        return redirect("assistance:dashboard")
    village = village_scope.villages(request.user).filter(code=code).first()
    if village is None:
        messages.error(request, _("找不到村编码为 %(code)s 的行政村，或该村不在您的管辖范围内") % {"code": code})
        return redirect("assistance:dashboard")
    job = document_job_start(user=request.user, **cards.village_cards_job(village, int(year)))
    return redirect("core:document_job", pk=job.pk)
