"""FilterSets of the demonstration-village list."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from villages.filters import township_filter

from .models import DemonstrationType, Designation

FLAGS = [("overdue", _("有逾期落实事项")), ("open", _("有未完成落实事项"))]


class DesignationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("年度"))
    township = township_filter()
    kind = django_filters.ModelChoiceFilter(queryset=DemonstrationType.objects.all(), label=_("示范类型"))
    flag = django_filters.ChoiceFilter(choices=FLAGS, method="filter_flag", label=_("提示"))

    class Meta:
        model = Designation
        fields = ["year", "township", "kind", "flag"]

    def filter_flag(self, queryset, name, value):
        condition = Q(done=False)
        if value == "overdue":
            condition &= Q(due_date__lt=timezone.localdate())
        from .models import Action

        return queryset.filter(pk__in=Action.objects.filter(condition).values("designation_id"))


class MeetingFilter(django_filters.FilterSet):
    class Meta:
        from .models import Meeting

        model = Meeting
        fields = ["kind", "held"]
