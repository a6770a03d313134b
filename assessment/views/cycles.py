"""Cycle list and page, the administrator's actions on a cycle, and the catalogue."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessment import scope as assessment_scope
from xixiang.accounts import roles
from xixiang.core.errors import DomainError
from xixiang.core.forms import add_domain_error

from .. import selectors, services
from ..forms import CycleOpenForm, IndicatorFormSet, ReasonForm, SettingsForm
from ..models import AssessmentSettings, Indicator
from .common import cycle_for, require


def cycle_list(request):
    require(assessment_scope.can_read_cycles(request.user))
    form = CycleOpenForm(request.POST or None)
    if request.method == "POST":
        require(roles.is_admin(request.user))
        if form.is_valid():
            try:
                cycle = services.cycle_open(actor=request.user, year=form.cleaned_data["year"])
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("已开启 %(year)s 年度考核周期") % {"year": cycle.year})
                return redirect("assessment:cycle_detail", year=cycle.year)
    return render(request, "assessment/cycle_list.html", {
        "cycles": assessment_scope.cycles(request.user).order_by("-year"),
        "form": form, "is_admin": roles.is_admin(request.user),
    })


def cycle_detail(request, year: int):
    cycle = cycle_for(request, year)
    user = request.user
    context = {
        "cycle": cycle, "indicators": cycle.indicators.select_related("lead_department").prefetch_related("cooperating_departments"),
        "is_admin": roles.is_admin(user), "reason_form": ReasonForm(),
        "can_score": assessment_scope.can_score(user), "can_inspect": assessment_scope.can_inspect(user), "can_survey": assessment_scope.can_survey(user),
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
    "finalise": (services.cycle_finalise, gettext_lazy("已定案，级类已写入各村级类历史")),
    "publish": (services.cycle_publish, gettext_lazy("已公布")),
}


@require_POST
def cycle_action(request, year: int):
    require(roles.is_admin(request.user))
    cycle = cycle_for(request, year)
    action = request.POST.get("action", "")
    try:
        if action == "reopen":
            services.cycle_reopen(actor=request.user, cycle=cycle, reason=request.POST.get("reason", ""))
            messages.success(request, _("已重新打开（检查验收阶段），理由已记入修改历史"))
        elif action in ACTIONS:
            service, done = ACTIONS[action]
            service(actor=request.user, cycle=cycle)
            messages.success(request, done)
        else:
            messages.error(request, _("未知操作"))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("assessment:cycle_detail", year=year)


def catalogue(request):
    """The indicator catalogue and default parameters: the administrator edits, the leader reads."""
    user = request.user
    require(assessment_scope.can_read_county_results(user))
    editable = roles.is_admin(user)
    data = request.POST if request.method == "POST" else None
    if data is not None:
        require(editable)
    formset = IndicatorFormSet(data, queryset=Indicator.objects.order_by("order", "code"), prefix="indicators")
    settings_form = SettingsForm(data, instance=AssessmentSettings.current(), prefix="settings")
    error = None
    if data is not None and formset.is_valid() and settings_form.is_valid():
        indicators = [f.instance for f in formset.forms if f.has_changed() or f.instance.pk]
        indicators = [i for i in indicators if i.code]
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk]
        try:
            with transaction.atomic():
                services.catalogue_update(actor=user, indicators=[i for i in indicators if i not in deleted], deleted=deleted)
                services.settings_update(actor=user, settings=settings_form.instance)
        except DomainError as exc:
            error = exc.message
            if exc.field in settings_form.fields:
                add_domain_error(settings_form, exc)
        else:
            messages.success(request, _("已保存考核指标目录和考核参数（只影响以后开启的考核周期）"))
            return redirect("assessment:catalogue")
    total = sum((i.max_points for i in Indicator.objects.all()), 0)
    return render(request, "assessment/catalogue.html", {
        "formset": formset, "settings_form": settings_form, "editable": editable, "error": error, "total": total,
    })
