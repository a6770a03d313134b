import django_filters
from django.utils.translation import gettext_lazy as _

from villages import scope as village_scope

from .choices import GradeChange
from .models import VillageResult

GRADE_CHOICES = [(1, _("一类")), (2, _("二类")), (3, _("三类")), (4, _("四类"))]


class ResultFilter(django_filters.FilterSet):
    township = django_filters.ModelChoiceFilter(field_name="village__township", queryset=lambda request: village_scope.townships(request.user if request else None),
                                                to_field_name="code", label=_("乡镇"))
    grade = django_filters.ChoiceFilter(choices=GRADE_CHOICES, label=_("级类"))
    change = django_filters.ChoiceFilter(choices=GradeChange.choices, label=_("升降"))

    class Meta:
        model = VillageResult
        fields = ["township", "grade", "change"]
