"""Inspection teams: their villages, spot checks, democratic evaluation ballots and
adjustments of scores with a written reason (the original stays visible)."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import scope as assessment_scope
from xixiang.core.edit import form_page, require

from .. import selectors, services
from ..forms import AdjustmentForm, BallotForm, SpotCheckForm
from .common import cycle_for


def inspection_list(request, year: int):
    require(assessment_scope.can_inspect(request.user))
    cycle = cycle_for(request, year)
    villages = assessment_scope.inspection_villages(request.user).select_related("township").order_by("code")
    verified = selectors.verified_villages(cycle, villages)
    rows = [(village, has_ballot, has_adjustment, village.pk in verified)
            for village, has_ballot, has_adjustment in selectors.inspection_rows(cycle, villages)]
    return render(request, "assessment/inspection_list.html", {
        "cycle": cycle, "rows": rows, "verified": len(verified), "assigned": len(rows)})


def _village(request, cycle, code):
    return get_object_or_404(assessment_scope.inspection_villages(request.user).select_related("township"), code=code)


def _village_page(request, year: int, code: str):
    require(assessment_scope.can_inspect(request.user))
    cycle = cycle_for(request, year)
    return cycle, _village(request, cycle, code)


def _page_context(cycle, village, forms: dict) -> dict:
    """The village's inspection page: its ballot, spot checks, score sheet and outcomes, and the
    three forms (those given, as posted; the others blank)."""
    page = selectors.village_inspection(cycle, village)
    ballot = page["ballot"]
    return {
        "cycle": cycle, "village": village, **page,
        "ballot_form": forms.get("ballot") or BallotForm(initial={
            "satisfied": ballot.satisfied, "basically_satisfied": ballot.basically_satisfied,
            "unsatisfied": ballot.unsatisfied} if ballot else None),
        "spot_form": forms.get("spot") or SpotCheckForm(),
        "adjust_form": forms.get("adjust") or AdjustmentForm(indicators=page["indicators"]),
    }


def inspection_village(request, year: int, code: str):
    cycle, village = _village_page(request, year, code)
    return render(request, "assessment/inspection_village.html", _page_context(cycle, village, {}))


def _save(request, cycle, village, key: str, form, *, save, success):
    """A form of the village's page posted: saved and back to the page, or the page again with it."""
    return form_page(
        request, form, save=save, success=success,
        redirect_to=("assessment:inspection_village", cycle.year, village.code),
        template="assessment/inspection_village.html", context=lambda form: _page_context(cycle, village, {key: form}),
    )


@require_POST
def ballot_save(request, year: int, code: str):
    cycle, village = _village_page(request, year, code)
    return _save(request, cycle, village, "ballot", BallotForm(request.POST), success=_("已保存民主测评结果"),
                 save=lambda form: services.ballot_record(actor=request.user, cycle=cycle, village=village,
                                                          **form.cleaned_data))


@require_POST
def spot_check_save(request, year: int, code: str):
    cycle, village = _village_page(request, year, code)
    return _save(request, cycle, village, "spot", SpotCheckForm(request.POST), success=_("已记录实地抽查"),
                 save=lambda form: services.spot_check_add(actor=request.user, cycle=cycle, village=village,
                                                           **form.service_arguments()))


@require_POST
def adjustment_save(request, year: int, code: str):
    cycle, village = _village_page(request, year, code)
    indicators = list(cycle.indicators.all())

    def save(form):
        indicator = next(i for i in indicators if i.code == form.cleaned_data["indicator"])
        services.adjustment_set(actor=request.user, cycle=cycle, village=village, indicator=indicator,
                                points=form.cleaned_data["points"], reason=form.cleaned_data["reason"])
        return indicator

    return _save(request, cycle, village, "adjust", AdjustmentForm(request.POST, indicators=indicators), save=save,
                 success=lambda indicator: _("已调整 %(code)s 的得分") % {"code": indicator.code})
