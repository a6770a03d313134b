import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from villages import scope as village_scope
from villages.filters import limit_villages_to_the_chosen_township, township_filter
from villages.models import Group
from xixiang.core.forms import BootstrapFilterForm

from .choices import Category, Industry
from .models import INDUSTRY_FIELDS, Household, IncomeRecord
from .selectors import household_search, households_of_import_batch


def _villages(request):
    return village_scope.villages(request.user if request else None).only("code", "name")


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("搜索"),
        widget=forms.TextInput(attrs={"placeholder": _("户主姓名、户编号或身份证号")}),
    )
    township = township_filter()
    village = django_filters.ModelChoiceFilter(queryset=_villages, to_field_name="code", label=_("行政村"))
    group = django_filters.ModelChoiceFilter(queryset=Group.objects.none(), to_field_name="code", label=_("村民小组"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("户类别"))
    industry = django_filters.ChoiceFilter(choices=Industry.choices, method="filter_industry", label=_("主导产业"))
    without_income = django_filters.NumberFilter(
        method="filter_without_income", label=_("未登记收入的年度"), min_value=2000, max_value=2100,
    )
    # The households an import batch created or changed (the batch page links here); hidden.
    batch = django_filters.NumberFilter(
        method="filter_batch", label=_("导入批次"), min_value=1, widget=forms.HiddenInput,
    )

    class Meta:
        form = BootstrapFilterForm
        model = Household
        fields = ["q", "township", "village", "group", "category", "industry", "without_income", "batch"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        user = request.user if request else None
        limit_villages_to_the_chosen_township(self, user, village_scope.villages(user))
        self._limit_groups_to_the_chosen_village(request)

    def _limit_groups_to_the_chosen_village(self, request):
        """The groups in scope of the chosen village (a choice, not a code typed in); before a
        village is chosen only a group already chosen (from a link), and no query at all."""
        user = request.user if request else None
        data = self.data or {}
        village, group = data.get("village", ""), data.get("group", "")
        if village or group:
            groups = village_scope.groups(user).only("code", "name").order_by("code")
            groups = groups.filter(Q(village__code=village) | Q(code=group)) if village else groups.filter(code=group)
        else:
            groups = Group.objects.none()
        if not village:
            self.filters["group"].extra["help_text"] = _("先选择行政村")
        self.filters["group"].queryset = groups

    def search(self, queryset, name, value):
        return household_search(queryset, value)

    def filter_without_income(self, queryset, name, value):
        """Households without an income record for the year (the clerk's 待办 links here)."""
        return queryset.exclude(Exists(IncomeRecord.objects.filter(household=OuterRef("pk"), year=value)))

    def filter_batch(self, queryset, name, value):
        return households_of_import_batch(queryset, int(value))

    def filter_industry(self, queryset, name, value):
        return queryset.filter(**{INDUSTRY_FIELDS[value]: True})
