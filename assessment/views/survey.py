"""Surveyors: the sampled households of their villages and their income items; the
administrator's audited redraw."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import scope as assessment_scope
from households.models import Household
from xixiang.accounts import roles
from xixiang.core.errors import DomainError

from .. import services
from ..forms import RedrawForm, SurveyRowForm
from ..models import SampleDraw
from ..services.engine import survey_estimates
from ..services.survey import ITEM_FIELDS
from .common import cycle_for, require


def survey_list(request, year: int):
    require(assessment_scope.can_survey(request.user))
    cycle = cycle_for(request, year)
    villages = list(assessment_scope.survey_villages(request.user).select_related("township").order_by("code"))
    draws = {d.village_id: d for d in SampleDraw.objects.filter(cycle=cycle, village__in=[v.pk for v in villages])}
    estimates = survey_estimates(cycle, [v.pk for v in villages])
    rows = [(v, draws.get(v.pk), estimates.get(v.pk)) for v in villages]
    return render(request, "assessment/survey_list.html", {"cycle": cycle, "rows": rows})


def survey_village(request, year: int, code: str):
    require(assessment_scope.can_survey(request.user))
    cycle = cycle_for(request, year)
    village = get_object_or_404(assessment_scope.survey_villages(request.user).select_related("township"), code=code)
    draw = SampleDraw.objects.filter(cycle=cycle, village=village).first()
    responses = {r.household_number: r for r in draw.responses.all()} if draw else {}
    numbers = draw.household_numbers if draw else []
    households = {h.number: h for h in Household.objects.filter(number__in=numbers).select_related("group")}
    data = request.POST if request.method == "POST" else None
    forms = []
    for number in numbers:
        response = responses.get(number)
        initial = {f: getattr(response, f) for f in [*ITEM_FIELDS, "resident_members"]} if response else {
            "resident_members": households[number].resident_count if number in households else ""}
        forms.append((number, households.get(number), response, SurveyRowForm(data, prefix=number, initial=initial)))
    error = None
    if data is not None and draw is not None:
        rows = []
        for number, _h, _r, form in forms:
            if form.is_valid() and not form.is_blank():
                rows.append({"household_number": number, **form.cleaned_data})
        try:
            stored = services.survey_responses_bulk_save(actor=request.user, draw=draw, rows=rows)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("已保存 %(n)s 户调查数据") % {"n": stored})
            return redirect("assessment:survey_village", year=year, code=code)
    estimate = survey_estimates(cycle, [village.pk]).get(village.pk) if draw else None
    return render(request, "assessment/survey_village.html", {
        "cycle": cycle, "village": village, "draw": draw, "forms": forms, "error": error,
        "estimate": estimate, "is_admin": roles.is_admin(request.user), "redraw_form": RedrawForm(),
    })


@require_POST
def survey_redraw(request, year: int, code: str):
    require(roles.is_admin(request.user))
    cycle = cycle_for(request, year)
    village = get_object_or_404(assessment_scope.survey_villages(request.user), code=code)
    form = RedrawForm(request.POST)
    if form.is_valid():
        try:
            services.sample_redraw(actor=request.user, cycle=cycle, village=village,
                                   reason=form.cleaned_data["reason"], seed=form.cleaned_data["seed"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已重新抽样，理由已记入修改历史"))
    else:
        messages.error(request, _("随机种子必须是非负整数"))
    return redirect("assessment:survey_village", year=year, code=code)
