"""Surveyors: the sampled households of their villages and their income items; the
administrator's audited redraw."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import scope as assessment_scope
from xixiang.accounts import roles
from xixiang.core.edit import post_action, require
from xixiang.core.errors import DomainError
from xixiang.core.links import url_per_key

from .. import selectors, services
from ..forms import RedrawForm, SurveyRowForm
from ..survey_html import sample_body, survey_list_body
from .common import cycle_for


def survey_list(request, year: int):
    """A surveyor's villages (links to enter them); read-only, all villages, for the survey
    indicator's departments (the statistics bureau follows the survey that gives its A1)."""
    user = request.user
    require(assessment_scope.can_survey(user) or assessment_scope.can_score(user))
    cycle = cycle_for(request, year)
    require(assessment_scope.can_read_survey(user, cycle))
    villages = assessment_scope.survey_progress_villages(user, cycle)
    village_url = url_per_key("assessment:survey_village", year)  # one reverse() for the 267 links
    rows, can_enter = selectors.survey_overview(cycle, villages), assessment_scope.can_survey(user)
    return render(request, "assessment/survey_list.html", {
        "cycle": cycle, "rows": rows, "body": survey_list_body(rows, can_enter=can_enter, village_url=village_url),
        "progress": selectors.survey_progress(cycle, villages), "can_enter": can_enter,
    })


def survey_village(request, year: int, code: str):
    """The village's sample, one row of income items per household; saving stores the rows
    filled in (the service checks every row: one bad row and nothing is stored)."""
    require(assessment_scope.can_survey(request.user))
    cycle = cycle_for(request, year)
    village = get_object_or_404(assessment_scope.survey_villages(request.user).select_related("township"), code=code)
    sheet = selectors.survey_sheet(cycle, village, assessment_scope.survey_households(request.user))
    data = request.POST if request.method == "POST" else None
    forms = [(row.position, row.number, row.household, row.response,
              SurveyRowForm(data, prefix=row.number, initial=row.initial)) for row in sheet.rows]
    error = None
    if data is not None and sheet.draw is not None:
        rows = [{"household_number": number, **form.cleaned_data} for _p, number, _h, _r, form in forms
                if form.is_valid() and not form.is_blank()]
        try:
            stored = services.survey_responses_bulk_save(actor=request.user, draw=sheet.draw, rows=rows)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("已保存 %(n)s 户调查数据") % {"n": stored})
            return redirect("assessment:survey_village", year=year, code=code)
    return render(request, "assessment/survey_village.html", {
        "cycle": cycle, "village": village, "draw": sheet.draw, "body": sample_body(forms), "error": error,
        "estimate": sheet.estimate, "is_admin": roles.is_admin(request.user), "redraw_form": RedrawForm(),
    })


@require_POST
def survey_redraw(request, year: int, code: str):
    require(roles.is_admin(request.user))
    cycle = cycle_for(request, year)
    village = get_object_or_404(assessment_scope.survey_villages(request.user), code=code)
    form = RedrawForm(request.POST)
    return post_action(
        request, form=form,
        act=lambda: services.sample_redraw(actor=request.user, cycle=cycle, village=village,
                                           reason=form.cleaned_data["reason"], seed=form.cleaned_data["seed"]),
        success=_("已重新抽样，理由已记入修改历史"), redirect_to=("assessment:survey_village", year, code),
    )
