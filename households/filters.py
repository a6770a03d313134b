import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from villages import scope as village_scope
from villages.filters import township_filter
from xixiang.accounts import roles
from xixiang.core.forms import BootstrapFilterForm

from .choices import Category, Industry
from .models import INDUSTRY_FIELDS, Household, IncomeRecord
from .selectors import household_search


def _villages(request):
    return village_scope.villages(request.user if request else None).only("code", "name")


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("搜索"),
        widget=forms.TextInput(attrs={"placeholder": _("户主姓名、户编号或身份证号")}),
    )
    township = township_filter()
    village = django_filters.ModelChoiceFilter(queryset=_villages, to_field_name="code", label=_("行政村"))
    group = django_filters.CharFilter(field_name="group__code", label=_("组编码"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("户类别"))
    industry = django_filters.ChoiceFilter(choices=Industry.choices, method="filter_industry", label=_("主导产业"))
    without_income = django_filters.NumberFilter(
        method="filter_without_income", label=_("未登记收入的年度"), min_value=2000, max_value=2100,
    )

    class Meta:
        form = BootstrapFilterForm
        model = Household
        fields = ["q", "township", "village", "group", "category", "industry", "without_income"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        self._limit_villages_to_the_chosen_township(request)

    def _limit_villages_to_the_chosen_township(self, request):
        """List villages of one township only, so the drop-down stays short at county scope.

        A village already chosen (e.g. from a link) stays a valid choice.
        """
        user = request.user if request else None
        data = self.data or {}
        villages = village_scope.villages(user).only("code", "name").order_by("code")
        if data.get("township"):
            villages = villages.filter(Q(township__code=data["township"]) | Q(code=data.get("village", "")))
        elif not roles.is_township_bound(user):
            villages = villages.filter(code=data.get("village", ""))
            self.filters["village"].extra["help_text"] = _("先选择乡镇")
        self.filters["village"].queryset = villages

    def search(self, queryset, name, value):
        return household_search(queryset, value)

    def filter_without_income(self, queryset, name, value):
        """Households without an income record for the year (the clerk's 待办 links here)."""
        return queryset.exclude(Exists(IncomeRecord.objects.filter(household=OuterRef("pk"), year=value)))

    def filter_industry(self, queryset, name, value):
        return queryset.filter(**{INDUSTRY_FIELDS[value]: True})
