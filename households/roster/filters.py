import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import ImportBatch


class ImportBatchFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ImportBatch.Status.choices, label=_("状态"))

    class Meta:
        model = ImportBatch
        fields = ["status"]
