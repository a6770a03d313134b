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
from xixiang.core.edit import form_page, post_action, require
from xixiang.lib.pdf import pdf_response
from xixiang.lib.years import parse_year

from .. import cards, selectors, services
from ..forms import PlanForm, VisitForm
from .common import is_helper


def _own_cadre(request):
    require(is_helper(request.user))
    return get_object_or_404(assistance_scope.cadres(request.user))


def my_households(request):
    """My households with their category, plan and last visit, each with a visit form."""
    cadre = _own_cadre(request)
    rows = selectors.cadre_households(assistance_scope.recordable_household_pairings(request.user),
                                      assistance_scope.plans(request.user))
    return render(request, "assistance/my_households.html", {"cadre": cadre, "rows": rows})


@require_POST
def my_visit(request, pk: int):
    """Record a visit on one of my pairings: a date and a line of notes."""
    _own_cadre(request)
    pairings = assistance_scope.recordable_household_pairings(request.user).select_related("cadre")
    pairing = get_object_or_404(pairings, pk=pk)
    form = VisitForm(request.POST)
    return post_action(
        request, form=form,
        act=lambda: services.visit_record(actor=request.user, pairing=pairing, **form.cleaned_data),
        success=_("已登记走访"), redirect_to="assistance:my_households",
    )


def plan_edit(request, number: str, year: int):
    """Create or edit one household's plan for a year (一户一策)."""
    require(assistance_scope.can_record(request.user))
    household = get_object_or_404(assistance_scope.plan_households(request.user), number=number)

    def plan_form(data):
        # a re-based form (after a concurrent edit) is built on the plan as stored now
        return PlanForm(data, instance=selectors.plan_for(household, year), household=household)

    return form_page(
        request, plan_form(request.POST or None),
        save=lambda form: services.plan_save(actor=request.user, plan=form.instance),
        success=_("已保存增收计划"), redirect_to=("households:household_detail", number), rebase=plan_form,
        template="assistance/plan_form.html", context={
            "household": household, "year": year,
            "previous_missing": selectors.previous_plan_without_result(household, year),
        },
    )


@require_POST
def plans_prepare(request):
    """Prepare the year's 一户一策 from last year's plans (administrator, township clerk)."""
    require(assistance_scope.can_manage_pairings(request.user))
    year = parse_year(request.POST.get("year"))
    if year is None:
        raise Http404
    return post_action(
        request,
        act=lambda: services.plans_prepare_year(actor=request.user, year=year),
        success=lambda done: _(
            "已按 %(last)s 年计划准备 %(year)s 年增收计划 %(created)s 户（已有计划 %(kept)s 户未改动）"
        ) % {"last": done.year - 1, "year": done.year, "created": done.created, "kept": done.kept},
        redirect_to="assistance:dashboard",
    )


def household_card(request, number: str, year: int):
    """The A5 income card of one household."""
    household = get_object_or_404(household_scope.households(request.user), number=number)
    households = household_scope.households(request.user).filter(pk=household.pk)
    content = cards.render_cards(cards.cards_for(households, year), title=_("增收明白卡"))
    return pdf_response(content, f"增收明白卡-{household.number}-{year}.pdf")


def village_cards(request, code: str, year: int):
    """The income cards of a village's households in scope, one per page: a background job
    (GET shows the page with the button, POST starts it)."""
    village = get_object_or_404(village_scope.villages(request.user), code=code)
    if parse_year(year) is None:
        raise Http404
    return document_job_page(request, **cards.village_cards_job(village, year))


@require_POST
def card_batch_create(request):
    """Start rendering a village's cards in the background (code and year from the dashboard's form)."""
    code, year = request.POST.get("code", "").strip(), parse_year(request.POST.get("year"))
    if year is None:
        messages.error(request, _("请填写正确的年度"))
        return redirect("assistance:dashboard")
    village = village_scope.villages(request.user).filter(code=code).first()
    if village is None:
        messages.error(request, _("找不到村编码为 %(code)s 的行政村，或该村不在您的管辖范围内") % {"code": code})
        return redirect("assistance:dashboard")
    job = document_job_start(user=request.user, **cards.village_cards_job(village, year))
    return redirect("core:document_job", pk=job.pk)
