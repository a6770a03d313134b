"""Hierarchy pages: townships, villages and groups, each with its household figures. Thin views.

They live with the households (the registry app) rather than in `villages`, because they show
households: `villages` sits below `households` and imports nothing of it. Their URL names keep
the `villages:` namespace (households/hierarchy_urls.py).
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from households import scope as household_scope
from villages import scope as village_scope
from villages import selectors as village_selectors
from villages import services as village_services
from villages.filters import VillageFilter
from villages.forms import GroupForm, VillageForm
from villages.models import Group, Village, VillageGrade
from villages.tables import VillageTable
from xixiang.core import page_sections
from xixiang.core.edit import form_page, require
from xixiang.core.pagination import DeferredJoinPaginator
from xixiang.core.views_mixins import ScopedTableView

from . import selectors
from .models import Household
from .tables import HouseholdTable


def _household_count(outer: str):
    counts = (
        Household.objects.filter(**{outer: OuterRef("pk")}).order_by()
        .values(outer).annotate(n=Count("*")).values("n")  # COUNT(*): an index-only scan
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _latest_grade():
    grades = VillageGrade.objects.filter(village=OuterRef("pk")).order_by("-year").values("grade")[:1]
    return Subquery(grades, output_field=IntegerField())


def _village_count():
    counts = (
        Village.objects.filter(township=OuterRef("pk")).order_by()
        .values("township").annotate(n=Count("*")).values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def township_list(request):
    # Both counts as correlated subqueries, one per township (each an index-only count): joining
    # the villages to count them would run the household subquery once per joined village row.
    townships = (
        village_scope.townships(request.user)
        .annotate(village_count=_village_count(), household_count=_household_count("township"))
        .order_by("code")
    )
    return render(request, "villages/township_list.html", {"townships": townships})


def township_detail(request, code: str):
    township = get_object_or_404(village_scope.townships(request.user), code=code)
    villages = (
        village_scope.villages(request.user).filter(township=township)
        .annotate(household_count=_household_count("village"), latest_grade=_latest_grade())
    )
    households = household_scope.households(request.user).filter(township=township)
    year = village_selectors.latest_grade_year()
    return render(request, "villages/township_detail.html", {
        "township": township,
        "villages": villages,
        "totals": selectors.household_totals(households),
        "grade_year": year,
        "grade_counts": village_selectors.grade_counts(villages, year),
        "category_counts": selectors.category_counts(households),
        "sections": page_sections.collect("township", request, township),
    })


class VillageListView(ScopedTableView):
    table_class = VillageTable
    filterset_class = VillageFilter
    template_name = "villages/village_list.html"

    def scoped_queryset(self, user):
        return (
            village_scope.villages(user).select_related("township")
            .annotate(household_count=_household_count("village"), latest_grade=_latest_grade())
        )


def village_detail(request, code: str):
    # the grades are prefetched: the page lists them and the targets section reads them (one query)
    village = get_object_or_404(village_scope.villages(request.user).select_related("township").prefetch_related(
        Prefetch("grades", queryset=VillageGrade.objects.order_by("-year"))), code=code)
    # both over the one join to households: a correlated COUNT beside the SUM ran once per joined
    # household row (336 times for 五丰村's six groups: 2.7 of the page's ~3 ms of SQL)
    groups = village_scope.groups(request.user).filter(village=village).annotate(
        household_count=Count("households"),
        people=Coalesce(Sum("households__resident_count"), 0),
    )
    totals, category_counts = selectors.totals_and_category_counts(
        household_scope.households(request.user).filter(village=village))
    return render(request, "villages/village_detail.html", {
        "village": village,
        "groups": groups,
        "grades": village.grades.all(),
        "totals": totals,
        "category_counts": category_counts,
        "can_edit": village_scope.can_edit_village(request.user, village),
        "sections": page_sections.collect("village", request, village),
    })


def village_edit(request, code: str):
    village = get_object_or_404(village_scope.villages(request.user), code=code)
    require(village_scope.can_edit_village(request.user, village))
    return form_page(
        request, VillageForm(request.POST or None, instance=village),
        save=lambda form: village_services.village_update(actor=request.user, village=form.instance),
        success=_("已保存村信息"), redirect_to=("villages:village_detail", village.code),
        template="villages/village_form.html", context={"village": village},
    )


def group_detail(request, code: str):
    group = get_object_or_404(village_scope.groups(request.user).select_related("village__township"), code=code)
    households = HouseholdTable.rows(household_scope.households(request.user).filter(group=group))
    table = HouseholdTable(households, user=request.user, request=request)
    table.paginate(paginator_class=DeferredJoinPaginator, page=request.GET.get("page", 1), per_page=50)
    return render(request, "villages/group_detail.html", {
        "group": group,
        "table": table,
        "totals": selectors.household_totals(households),
        "can_edit": village_scope.can_edit_village(request.user, group.village),
    })


def group_create(request, code: str):
    village = get_object_or_404(village_scope.villages(request.user), code=code)
    require(village_scope.can_edit_village(request.user, village))
    return _group_form(request, Group(village=village), village)


def group_edit(request, code: str):
    group = get_object_or_404(village_scope.groups(request.user).select_related("village"), code=code)
    require(village_scope.can_edit_village(request.user, group.village))
    return _group_form(request, group, group.village)


def _group_form(request, group: Group, village):
    return form_page(
        request, GroupForm(request.POST or None, instance=group),
        save=lambda form: village_services.group_save(actor=request.user, group=form.instance),
        success=_("已保存村民小组"), redirect_to=lambda saved: ("villages:group_detail", saved.code),
        template="villages/group_form.html", context={"village": village, "group": group},
    )

