"""The plan's pages: county → township → village with progress, the targets list with its
export and import, edit and approve, and the commitments (sign, PDF)."""

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.models import Cycle
from assessment.models.cycle import OPEN_STATES
from targets import scope as target_scope
from xixiang.core.edit import form_page, post_action, require
from xixiang.core.exports import xlsx_response
from xixiang.core.views_mixins import ScopedTableView
from xixiang.lib.downloads import content_disposition
from xixiang.lib.years import parse_year

from . import exports, filing, import_plan, progress, selectors, services
from .filters import VillageTargetFilter
from .forms import CommitmentForm, ImportForm, TownshipPlanForm, VillagePlanForm
from .models import Plan, TownshipPlan
from .tables import VillageTargetTable


def _plan() -> Plan:
    plan = selectors.current_plan()
    if plan is None:
        raise Http404(_("尚未制定县级升级晋档规划"))
    return plan


def default_year(plan: Plan) -> int:
    """The open cycle's year when it is a plan year, else the plan's first year."""
    open_year = Cycle.objects.filter(status__in=OPEN_STATES, year__in=plan.years).order_by("-year").values_list(
        "year", flat=True).first()
    return open_year or plan.first_year


def _year(request, plan: Plan) -> int:
    year = parse_year(request.GET.get("year"))
    return year if year in plan.years else default_year(plan)


def plan_overview(request):
    """The county page: each plan year's progress, this year's by township, and coverage."""
    require(target_scope.can_read_plan(request.user))
    plan = _plan()
    year = _year(request, plan)
    villages = target_scope.villages(request.user)
    years = progress.plan_years(plan, villages)
    report = next(y for y in years if y.year == year)
    coverage = progress.coverage_by(year, villages, "township_id")
    county = progress.Coverage()
    for entry in coverage.values():
        county.add(entry)
    reached, planned = progress.plan_so_far(years)
    return render(request, "targets/plan.html", {
        "plan": plan, "year": year, "years": years, "report": report,
        "rows": [(t, coverage.get(t.township_id, progress.Coverage())) for t in report.townships],
        "coverage": county, "so_far": (reached, planned, progress.rules.share(reached, planned)),
        "can_propose": target_scope.can_propose(request.user),
    })


def township_detail(request, code: str):
    require(target_scope.can_read_plan(request.user))
    township = get_object_or_404(target_scope.townships(request.user), code=code)
    plan = _plan()
    year = _year(request, plan)
    villages = target_scope.villages(request.user).filter(township=township)
    report = progress.year_progress(year, villages, with_coverage=False)
    coverage = progress.coverage_by(year, villages, "village_id")
    total = progress.Coverage()
    for entry in coverage.values():
        total.add(entry)
    return render(request, "targets/township.html", {
        "plan": plan, "year": year, "township": township, "report": report,
        "summary": report.townships[0] if report.townships else None,
        "township_plan": TownshipPlan.objects.filter(plan=plan, township=township).first(),
        "commitment": selectors.township_commitment_for(township, year),
        "villages": [(v, coverage.get(v.pk, progress.Coverage())) for v in villages.order_by("code")],
        "coverage": total,
        "can_edit": target_scope.editable_townships(request.user).filter(pk=township.pk).exists(),
        "can_approve": target_scope.can_approve(request.user),
        "can_sign": target_scope.signable_townships(request.user).filter(pk=township.pk).exists(),
    })


class VillageTargetListView(ScopedTableView):
    """Every village of the user's scope with its targets in the plan; filters as the export's."""

    table_class = VillageTargetTable
    filterset_class = VillageTargetFilter
    template_name = "targets/village_list.html"

    def dispatch(self, request, *args, **kwargs):
        require(target_scope.can_read_plan(request.user))
        self.plan = _plan()
        self.year = _year(request, self.plan)
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self, user):
        return selectors.target_rows(target_scope.villages(user), self.plan, self.year).select_related("township")

    def get_table_kwargs(self):
        return {"years": self.plan.years}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, year=self.year,
                                        can_propose=target_scope.can_propose(self.request.user), **kwargs)


def plan_export(request):
    require(target_scope.can_read_plan(request.user))
    plan = _plan()
    year = _year(request, plan)
    rows = selectors.target_rows(target_scope.villages(request.user), plan, year)
    villages = VillageTargetFilter(request.GET, queryset=rows, request=request).qs
    return xlsx_response(exports.PlanExport(plan, villages))


def plan_template(request):
    require(target_scope.can_propose(request.user))
    return xlsx_response(exports.PlanTemplateExport(_plan()))


def plan_import(request):
    require(target_scope.can_propose(request.user))
    plan = _plan()
    form = ImportForm(request.POST or None, request.FILES or None)

    def save(form):
        try:
            return import_plan.plan_import(actor=request.user, plan=plan, data=form.cleaned_data["file"],
                                           reason=form.cleaned_data["reason"])
        except import_plan.ImportFailed as failure:
            form.row_errors = failure.errors
            raise

    return form_page(
        request, form, save=save, success=lambda n: _("已导入：%(n)s 个村的目标有变化") % {"n": n},
        redirect_to="targets:village_list", template="targets/import.html",
        context={"columns": import_plan.columns(plan), "plan": plan},
    )


def _village(request, code: str):
    require(target_scope.can_read_plan(request.user))
    return get_object_or_404(target_scope.villages(request.user).select_related("township"), code=code)


def village_detail(request, code: str):
    village = _village(request, code)
    context = {"village": village, **village_context(request, village, _plan())}
    return render(request, "targets/village.html", {**context, "section": context})


def village_context(request, village, plan: Plan | None) -> dict:
    """What the village's targets page and its section on the village page show."""
    user = request.user
    grades = {g.year: g.grade for g in village.grades.all()}  # the village page prefetches them
    targets, village_plan = selectors.village_targets_and_plan(village, plan, grades=grades)
    years = plan.years if plan else sorted(targets)
    # the township's own commitment is kept on the township, not filed in the village (targets.filing)
    commitments, township_commitments = {}, {}
    for c in target_scope.commitments(user).filter(
            Q(village=village) | Q(village__isnull=True, township_id=village.township_id)):
        (commitments if c.village_id is not None else township_commitments)[c.year] = c
    rows = []
    for year in years:
        target = targets.get(year)
        rows.append({"year": year, "target": target, "grade": grades.get(year),
                     "reached": progress.rules.is_reached(target.grade, grades.get(year)) if target else None,
                     "commitment": commitments.get(year), "township_commitment": township_commitments.get(year)})
    return {
        "plan": plan, "rows": rows, "village_plan": village_plan,
        "can_edit": plan is not None and target_scope.can_edit_village_plan(user, village),
        "can_approve": target_scope.can_approve(user),
        "can_sign": target_scope.can_sign_for(user, village),
    }


def village_section(request, village) -> dict | None:
    """The village page's section (registered in apps.py): targets and commitments."""
    if not target_scope.can_read_plan(request.user):
        return None
    return {"village": village, **village_context(request, village, selectors.current_plan())}


def village_edit(request, code: str):
    village = _village(request, code)
    require(target_scope.can_propose(request.user))
    if not target_scope.can_edit_village_plan(request.user, village):
        raise Http404
    plan = _plan()
    stored = selectors.village_plan(village, plan)
    initial = {f"target_{t.year}": t.grade for t in stored.targets.all()} if stored else {}
    if stored:
        initial |= {f: getattr(stored, f) for f in ("measures", "township_leader", "party_secretary",
                                                     "contact_leader")}

    def plan_form(data):
        return VillagePlanForm(data, initial=initial, years=plan.years, stored=stored)

    return form_page(
        request, plan_form(request.POST or None),
        save=lambda form: services.village_plan_save(actor=request.user, plan=plan, village=village,
                                                     targets=form.targets(), reason=form.cleaned_data["reason"],
                                                     version=form.cleaned_data["version"], **form.people()),
        success=_("已保存目标任务"), redirect_to=("targets:village", village.code), rebase=plan_form,
        template="targets/form.html",
        context={"title": _("%(village)s 目标任务") % {"village": village.name}, "stored": stored,
                 "back": reverse("targets:village", args=[village.code])},
    )


@require_POST
def village_approve(request, code: str):
    village = _village(request, code)
    require(target_scope.can_approve(request.user))
    village_plan = selectors.village_plan(village, _plan())
    if village_plan is None:
        raise Http404
    return post_action(request, act=lambda: services.village_plan_approve(actor=request.user,
                                                                         village_plan=village_plan),
                       success=_("已审定"), redirect_to=("targets:village", village.code))


def township_edit(request, code: str):
    require(target_scope.can_propose(request.user))
    township = get_object_or_404(target_scope.editable_townships(request.user), code=code)
    plan = _plan()
    stored = TownshipPlan.objects.filter(plan=plan, township=township).first()
    initial = {f: getattr(stored, f) for f in ("measures", "township_leader", "contact_leader")} if stored else {}

    def plan_form(data):
        return TownshipPlanForm(data, initial=initial, stored=stored)

    return form_page(
        request, plan_form(request.POST or None),
        save=lambda form: services.township_plan_save(actor=request.user, plan=plan, township=township,
                                                      **form.cleaned_data),
        success=_("已保存乡镇规划"), redirect_to=("targets:township", township.code), rebase=plan_form,
        template="targets/form.html",
        context={"title": _("%(township)s 规划") % {"township": township.name}, "stored": stored,
                 "back": reverse("targets:township", args=[township.code])},
    )


@require_POST
def township_approve(request, code: str):
    require(target_scope.can_approve(request.user))
    township = get_object_or_404(target_scope.townships(request.user), code=code)
    plan = _plan()
    return post_action(request, act=lambda: services.township_plans_approve(actor=request.user, plan=plan,
                                                                           township=township),
                       success=lambda n: _("已审定 %(n)s 份规划") % {"n": n},
                       redirect_to=("targets:township", township.code))


def _commitment_page(request, *, year: int, township, village):
    plan = _plan()
    if year not in plan.years:
        raise Http404
    stored = (selectors.commitment_for(village, year) if village is not None
              else selectors.township_commitment_for(township, year))
    initial = {}
    if stored is None and village is not None:
        target = selectors.village_target(village, year)
        initial = {"target_grade": target.grade if target else None,
                   "signer": target.party_secretary if target else ""}
    form = CommitmentForm(request.POST or None, instance=stored, initial=initial)
    name = village.name if village is not None else township.name
    back = reverse("targets:village", args=[village.code]) if village is not None else reverse(
        "targets:township", args=[township.code])
    return form_page(
        request, form,
        save=lambda form: services.commitment_save(actor=request.user, year=year, township=township,
                                                   village=village, **form.values()),
        success=(_("已保存目标承诺，并归入村级档案 G3") if village is not None else _("已保存目标承诺")),
        redirect_to=back, template="targets/form.html",
        context={"title": _("%(name)s %(year)s 年度目标承诺") % {"name": name, "year": year}, "stored": stored,
                 "back": back},
    )


def village_commitment_edit(request, year: int, code: str):
    require(target_scope.can_sign(request.user))
    village = get_object_or_404(target_scope.signable_villages(request.user).select_related("township"), code=code)
    return _commitment_page(request, year=year, township=village.township, village=village)


def township_commitment_edit(request, year: int, code: str):
    require(target_scope.can_sign(request.user))
    township = get_object_or_404(target_scope.signable_townships(request.user), code=code)
    return _commitment_page(request, year=year, township=township, village=None)


def commitment_pdf(request, pk: int):
    require(target_scope.can_read_plan(request.user))
    commitment = get_object_or_404(target_scope.commitments(request.user).select_related("township", "village"),
                                   pk=pk)
    response = HttpResponse(filing.commitment_pdf(commitment), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"{filing.commitment_title(commitment)}.pdf",
                                                          default_stem="commitment", inline=True)
    return response
