import django_filters
from django.utils.translation import gettext_lazy as _

from villages import scope as village_scope
from xixiang.core.forms import BootstrapFilterForm

from .choices import Terrain
from .models import Village


def _townships(request):
    return village_scope.townships(request.user) if request else village_scope.townships(None)


class VillageFilter(django_filters.FilterSet):
    township = django_filters.ModelChoiceFilter(queryset=_townships, label=_("乡镇"))
    terrain = django_filters.ChoiceFilter(choices=Terrain.choices, label=_("地形类型"))
    is_poor = django_filters.BooleanFilter(label=_("贫困村"))
    name = django_filters.CharFilter(lookup_expr="contains", label=_("村名"))

    class Meta:
        form = BootstrapFilterForm
        model = Village
        fields = ["township", "terrain", "is_poor", "name"]
