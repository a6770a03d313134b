"""The village targets list's filters (township, plan status, upgrade planned, reached, name)."""

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from villages.filters import township_filter
from villages.models import Village
from xixiang.core.forms import BootstrapFilterForm

from .choices import PlanStatus

STATUS = [*PlanStatus.choices, ("none", _("未制定"))]
YES_NO = [("yes", _("是")), ("no", _("否"))]


class VillageTargetFilter(django_filters.FilterSet):
    """Over `selectors.target_rows(...)` (annotated plan_status, target_<year>s, year_grade, is_upgrade)."""

    township = township_filter()
    status = django_filters.ChoiceFilter(choices=STATUS, method="filter_status", label=_("状态"))
    upgrade = django_filters.ChoiceFilter(choices=YES_NO, method="filter_upgrade", label=_("当年计划升级"))
    reached = django_filters.ChoiceFilter(choices=YES_NO, method="filter_reached", label=_("已达到目标"))
    q = django_filters.CharFilter(method="search", label=_("村名或编码"))

    class Meta:
        form = BootstrapFilterForm
        model = Village
        fields = ["township", "status", "upgrade", "reached", "q"]

    def filter_status(self, queryset, name, value):
        if value == "none":
            return queryset.filter(plan_status__isnull=True)
        return queryset.filter(plan_status=value)

    def filter_upgrade(self, queryset, name, value):
        return queryset.filter(is_upgrade=value == "yes")

    def filter_reached(self, queryset, name, value):
        reached = Q(is_upgrade=True, year_grade__isnull=False, year_grade__lte=F("year_target"))
        return queryset.filter(reached) if value == "yes" else queryset.filter(is_upgrade=True).exclude(reached)

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__contains=value) | Q(code__startswith=value))
