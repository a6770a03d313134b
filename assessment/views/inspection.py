"""Inspection teams: their villages, spot checks, democratic evaluation ballots and
adjustments of scores with a written reason (the original stays visible)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import scope as assessment_scope
from xixiang.core.errors import DomainError
from xixiang.core.forms import add_domain_error

from .. import selectors, services
from ..forms import AdjustmentForm, BallotForm, SpotCheckForm
from ..models import Adjustment, Ballot, VillageResult
from ..services.engine import village_outcomes
from .common import cycle_for, require


def inspection_list(request, year: int):
    require(assessment_scope.can_inspect(request.user))
    cycle = cycle_for(request, year)
    villages = assessment_scope.inspection_villages(request.user).select_related("township").order_by("code")
    ballots = set(Ballot.objects.filter(cycle=cycle, village__in=villages).values_list("village_id", flat=True))
    adjusted = set(Adjustment.objects.filter(cycle=cycle, village__in=villages).values_list("village_id", flat=True))
    rows = [(v, v.pk in ballots, v.pk in adjusted) for v in villages]
    return render(request, "assessment/inspection_list.html", {"cycle": cycle, "rows": rows})


def _village(request, cycle, code):
    return get_object_or_404(assessment_scope.inspection_villages(request.user).select_related("township"), code=code)


def inspection_village(request, year: int, code: str, forms=None):
    require(assessment_scope.can_inspect(request.user))
    cycle = cycle_for(request, year)
    village = _village(request, cycle, code)
    indicators = list(cycle.indicators.all())
    ballot = Ballot.objects.filter(cycle=cycle, village=village).first()
    forms = forms or {}
    ballot_form = forms.get("ballot") or BallotForm(initial={
        "satisfied": ballot.satisfied, "basically_satisfied": ballot.basically_satisfied,
        "unsatisfied": ballot.unsatisfied} if ballot else None)
    outcomes = village_outcomes(cycle, village)
    result = VillageResult.objects.filter(cycle=cycle, village=village).first()
    return render(request, "assessment/inspection_village.html", {
        "cycle": cycle, "village": village, "ballot": ballot, "ballot_form": ballot_form,
        "spot_form": forms.get("spot") or SpotCheckForm(),
        "adjust_form": forms.get("adjust") or AdjustmentForm(indicators=indicators),
        "spot_checks": cycle.spot_checks.filter(village=village).select_related("inspector"),
        "sheet": selectors.score_sheet(cycle, village, result),
        "outcomes": outcomes, "result": result,
    })


@require_POST
def ballot_save(request, year: int, code: str):
    require(assessment_scope.can_inspect(request.user))
    cycle = cycle_for(request, year)
    village = _village(request, cycle, code)
    form = BallotForm(request.POST)
    if form.is_valid():
        try:
            services.ballot_record(actor=request.user, cycle=cycle, village=village, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已保存民主测评结果"))
            return redirect("assessment:inspection_village", year=year, code=code)
    return inspection_village(request, year, code, forms={"ballot": form})


@require_POST
def spot_check_save(request, year: int, code: str):
    require(assessment_scope.can_inspect(request.user))
    cycle = cycle_for(request, year)
    village = _village(request, cycle, code)
    form = SpotCheckForm(request.POST)
    if form.is_valid():
        try:
            services.spot_check_add(actor=request.user, cycle=cycle, village=village, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已记录实地抽查"))
            return redirect("assessment:inspection_village", year=year, code=code)
    return inspection_village(request, year, code, forms={"spot": form})


@require_POST
def adjustment_save(request, year: int, code: str):
    require(assessment_scope.can_inspect(request.user))
    cycle = cycle_for(request, year)
    village = _village(request, cycle, code)
    indicators = list(cycle.indicators.all())
    form = AdjustmentForm(request.POST, indicators=indicators)
    if form.is_valid():
        indicator = next(i for i in indicators if i.code == form.cleaned_data["indicator"])
        try:
            services.adjustment_set(actor=request.user, cycle=cycle, village=village, indicator=indicator,
                                    points=form.cleaned_data["points"], reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已调整 %(code)s 的得分") % {"code": indicator.code})
            return redirect("assessment:inspection_village", year=year, code=code)
    return inspection_village(request, year, code, forms={"adjust": form})
