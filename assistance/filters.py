"""FilterSets of the ledgers and of the assistance records."""

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from villages.filters import township_filter

from .choices import Ledger, RecordKind
from .models import AssistanceRecord, HouseholdPairing, LeaderPairing, UnitPairing
from .selectors import active_q

STATUS = [("active", _("进行中")), ("ended", _("已结束"))]


class PairingFilterMixin(django_filters.FilterSet):
    # a pairing runs on from year to year until it ends: a year shows every pairing in force in it
    year = django_filters.NumberFilter(method="filter_year", label=_("在帮年度"))
    township = township_filter()
    status = django_filters.ChoiceFilter(choices=STATUS, method="filter_status", label=_("状态"))
    q = django_filters.CharFilter(method="search", label=_("搜索"))

    search_fields: tuple[str, ...] = ()

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(start_date__lte=datetime.date(year, 12, 31)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1))
        )

    def filter_status(self, queryset, name, value):
        return queryset.filter(active_q()) if value == "active" else queryset.exclude(active_q())

    def search(self, queryset, name, value):
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__contains": value.strip()})
        return queryset.filter(condition)


class LeaderPairingFilter(PairingFilterMixin):
    search_fields = ("leader__name", "village__name")

    class Meta:
        model = LeaderPairing
        fields = ["year", "township", "level", "status", "q"]


class UnitPairingFilter(PairingFilterMixin):
    search_fields = ("unit__name", "village__name")

    class Meta:
        model = UnitPairing
        fields = ["year", "township", "status", "q"]


class HouseholdPairingFilter(PairingFilterMixin):
    search_fields = ("cadre__name", "household__head_name")
    village = django_filters.CharFilter(field_name="village__code", label=_("村编码"))

    class Meta:
        model = HouseholdPairing
        fields = ["year", "township", "village", "status", "q"]


class RecordFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("年度"))
    kind = django_filters.ChoiceFilter(choices=RecordKind.choices, label=_("类别"))
    ledger = django_filters.ChoiceFilter(choices=Ledger.choices, label=_("台账"))
    township = township_filter()
    village = django_filters.CharFilter(field_name="village__code", label=_("村编码"))
    household = django_filters.CharFilter(field_name="household__number", label=_("户编号"))
    unit = django_filters.NumberFilter(field_name="unit_id", label=_("单位编号"))
    cadre = django_filters.NumberFilter(field_name="cadre_id", label=_("干部编号"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("起始日期"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("截止日期"))

    class Meta:
        model = AssistanceRecord
        fields = ["year", "kind", "ledger", "township", "village", "household", "unit", "cadre", "date_from", "date_to"]
