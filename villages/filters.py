import django_filters
from django.utils.translation import gettext_lazy as _

from villages import scope as village_scope
from xixiang.core.forms import BootstrapFilterForm

from .choices import Terrain
from .models import Village


def _townships(request):
    return village_scope.townships(request.user if request else None)


def township_filter(field_name: str = "township") -> django_filters.ModelChoiceFilter:
    """The township drop-down of every list: the user's townships, chosen by code (a string,
    the same in every app's URLs), filtering on `field_name`."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=_townships, to_field_name="code", label=_("乡镇"))


class VillageFilter(django_filters.FilterSet):
    township = township_filter()
    terrain = django_filters.ChoiceFilter(choices=Terrain.choices, label=_("地形类型"))
    is_poor = django_filters.BooleanFilter(label=_("贫困村"))
    name = django_filters.CharFilter(lookup_expr="contains", label=_("村名"))

    class Meta:
        form = BootstrapFilterForm
        model = Village
        fields = ["township", "terrain", "is_poor", "name"]
