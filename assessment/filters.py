import django_filters
from django.utils.translation import gettext_lazy as _

from villages.choices import Grade
from villages.filters import township_filter

from .choices import GradeChange
from .models import VillageResult

GRADE_CHOICES = Grade.choices


class ResultFilter(django_filters.FilterSet):
    township = township_filter("village__township")
    grade = django_filters.ChoiceFilter(choices=GRADE_CHOICES, label=_("级类"))
    change = django_filters.ChoiceFilter(choices=GradeChange.choices, label=_("升降"))

    class Meta:
        model = VillageResult
        fields = ["township", "grade", "change"]
