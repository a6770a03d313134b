"""FilterSets of the project catalogue and the allocations."""

import django_filters
from django.utils.translation import gettext_lazy as _

from villages.filters import township_filter
from villages.models import Department
from xixiang.core import widgets

from .choices import AllocationStatus, Level
from .models import Allocation, Direction, Project


class ProjectFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("年度"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("级别"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("主管部门"),
                                                  widget=widgets.Select)  # ~260 units: options as strings
    direction = django_filters.ModelChoiceFilter(queryset=Direction.objects.all(), label=_("投资方向"))
    name = django_filters.CharFilter(lookup_expr="contains", label=_("项目名称"))

    class Meta:
        model = Project
        fields = ["year", "level", "department", "direction", "name"]


class AllocationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("年度"))
    township = township_filter()
    village = django_filters.CharFilter(field_name="village__code", label=_("村编码"))
    level = django_filters.ChoiceFilter(field_name="project__level", choices=Level.choices, label=_("级别"))
    status = django_filters.ChoiceFilter(choices=AllocationStatus.choices, label=_("状态"))

    class Meta:
        model = Allocation
        fields = ["year", "township", "village", "level", "status"]
