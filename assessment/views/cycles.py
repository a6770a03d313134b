"""Cycle list and page, the administrator's actions on a cycle, and the catalogue."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessment import scope as assessment_scope
from xixiang.accounts import roles
from xixiang.core.edit import form_page, post_action, require
from xixiang.core.errors import DomainError
from xixiang.core.forms import add_domain_error

from .. import completeness, selectors, services
from ..choices import CycleStatus
from ..forms import CycleOpenForm, FinaliseForm, IndicatorFormSet, ReasonForm, SettingsForm
from ..models import AssessmentSettings
from .common import cycle_for


def cycle_list(request):
    require(assessment_scope.can_read_cycles(request.user))
    if request.method == "POST":
        require(roles.is_admin(request.user))
    return form_page(
        request,
        CycleOpenForm(request.POST or None),
        save=lambda form: services.cycle_open(actor=request.user, year=form.cleaned_data["year"]),
        success=lambda cycle: _("已开启 %(year)s 年度考核周期") % {"year": cycle.year},
        redirect_to=lambda cycle: ("assessment:cycle_detail", cycle.year),
        template="assessment/cycle_list.html",
        context=lambda form: {
            "cycles": assessment_scope.cycles(request.user).order_by("-year"),
            "is_admin": roles.is_admin(request.user),
        },
    )


def cycle_detail(request, year: int):
    cycle = cycle_for(request, year)
    user = request.user
    context = {
        "cycle": cycle,
        "indicators": cycle.indicators.select_related("lead_department").prefetch_related("cooperating_departments"),
        "is_admin": roles.is_admin(user),
        "reason_form": ReasonForm(),
        "can_score": assessment_scope.can_score(user),
        "can_inspect": assessment_scope.can_inspect(user),
        "can_survey": assessment_scope.can_survey(user),
        "can_compare_survey": assessment_scope.can_compare_survey(user, cycle),
        "can_read_results": assessment_scope.can_read_results(user),
        "can_read_county": assessment_scope.can_read_county_results(user),
        "summary": selectors.grade_summary(cycle) if cycle.computed_at else None,
    }
    return render(request, "assessment/cycle_detail.html", context)


# Lazy: the message is translated when shown, in the user's language.
ACTIONS = {
    "start_scoring": (services.cycle_start_scoring, gettext_lazy("已开始部门打分，各村已完成收入抽样")),
    "start_verification": (services.cycle_start_verification, gettext_lazy("已转入检查验收")),
    "compute": (services.cycle_compute, gettext_lazy("已重新计算全部结果")),
    "reread_registry": (services.cycle_reread_registry, gettext_lazy("已重新读取农户数据库（A2）并重新计算全部结果")),
    "publish": (services.cycle_publish, gettext_lazy("已公布")),
    "reopen": (services.cycle_reopen, gettext_lazy("已重新打开（检查验收阶段），理由已记入修改历史")),
}
#: What an action takes from the posted form besides the cycle.
ACTION_FIELDS = {"reopen": ("reason",)}


@require_POST
def cycle_action(request, year: int):
    require(roles.is_admin(request.user))
    cycle = cycle_for(request, year)
    name = request.POST.get("action", "")
    if name not in ACTIONS:
        messages.error(request, _("未知操作"))
        return redirect("assessment:cycle_detail", year=year)
    service, done = ACTIONS[name]
    fields = {field: request.POST.get(field, "") for field in ACTION_FIELDS.get(name, ())}
    return post_action(
        request,
        act=lambda: service(actor=request.user, cycle=cycle, **fields),
        success=done,
        redirect_to=("assessment:cycle_detail", year),
    )


def cycle_finalise(request, year: int):
    """The finalise confirmation: the scores still missing (by department), what finalising
    would write (grades, villages up / same / down); the administrator confirms, and gives a
    reason when scores are missing (the service refuses otherwise)."""
    require(roles.is_admin(request.user))
    cycle = cycle_for(request, year)
    form = FinaliseForm(request.POST if request.method == "POST" else None)

    def context(form):
        missing = selectors.missing_scores(cycle)
        can_finalise = cycle.status == CycleStatus.VERIFICATION
        return {
            "cycle": cycle,
            "missing_count": len(missing),
            "groups": completeness.by_department(missing),
            "preview": selectors.finalise_preview(cycle) if can_finalise else None,
            "can_finalise": can_finalise,
        }

    return form_page(
        request, form,
        save=lambda form: services.cycle_finalise(actor=request.user, cycle=cycle, reason=form.cleaned_data["reason"]),
        success=_("已定案，级类已写入各村级类历史"),
        redirect_to=("assessment:cycle_detail", year),
        template="assessment/finalise.html",
        context=context,
    )


def catalogue(request):
    """The indicator catalogue and default parameters: the administrator edits, the leader reads."""
    user = request.user
    require(assessment_scope.can_read_county_results(user))
    editable = roles.is_admin(user)
    data = request.POST if request.method == "POST" else None
    if data is not None:
        require(editable)
    formset = IndicatorFormSet(data, queryset=selectors.catalogue(), prefix="indicators")
    settings_form = SettingsForm(data, instance=AssessmentSettings.current(), prefix="settings")
    error = None
    if data is not None and formset.is_valid() and settings_form.is_valid():
        indicators, deleted = formset.edited()
        try:
            services.catalogue_save(actor=user, indicators=indicators, deleted=deleted, settings=settings_form.instance)
        except DomainError as exc:  # shown at the top; next to the field too when it is a parameter's
            error = exc.message
            if exc.field in settings_form.fields:
                add_domain_error(settings_form, exc)
        else:
            messages.success(request, _("已保存考核指标目录和考核参数（只影响以后开启的考核周期）"))
            return redirect("assessment:catalogue")
    return render(
        request,
        "assessment/catalogue.html",
        {
            "formset": formset,
            "settings_form": settings_form,
            "editable": editable,
            "error": error,
            "total": selectors.catalogue_total(),
        },
    )
