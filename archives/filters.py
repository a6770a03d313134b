import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from archives import scope as archive_scope
from villages.filters import limit_villages_to_the_chosen_township, township_filter

from .models import ArchiveCategory, ArchiveMedium, ArchiveRecord


def _villages(request):
    return archive_scope.readable_villages(request.user if request else None).only("code", "name")


class ArchiveRecordFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", label=_("题名"),
        widget=forms.TextInput(attrs={"placeholder": _("题名关键词")}),
    )
    township = township_filter("village__township")
    village = django_filters.ModelChoiceFilter(queryset=_villages, to_field_name="code", label=_("行政村"))
    year = django_filters.NumberFilter(label=_("年度"))
    category = django_filters.ModelChoiceFilter(
        queryset=ArchiveCategory.objects.order_by("position"), to_field_name="code", label=_("档案类别"))
    medium = django_filters.ModelChoiceFilter(
        queryset=ArchiveMedium.objects.all(), to_field_name="code", label=_("载体形式"))

    class Meta:
        model = ArchiveRecord
        fields = ["q", "township", "village", "year", "category", "medium"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        user = request.user if request else None
        limit_villages_to_the_chosen_township(self, user, archive_scope.readable_villages(user))
