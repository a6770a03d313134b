import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from villages import scope as village_scope
from xixiang.accounts import roles
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


def limit_villages_to_the_chosen_township(filterset, user, villages: QuerySet[Village], field: str = "village"):
    """List villages of one township only in `filterset`'s village drop-down, so that it stays
    short at county scope (267 options cost more to render than the page's rows).

    A county user sees the villages of the chosen township, or none but a help text until a
    township is chosen; a township-bound user (clerk, village cadre) sees theirs. A village
    already chosen (e.g. from a link) stays a valid choice either way.
    """
    data = filterset.data or {}
    villages = villages.only("code", "name").order_by("code")
    if data.get("township"):
        villages = villages.filter(Q(township__code=data["township"]) | Q(code=data.get(field, "")))
    elif not roles.is_township_bound(user):
        villages = villages.filter(code=data.get(field, ""))
        filterset.filters[field].extra["help_text"] = _("先选择乡镇")
    filterset.filters[field].queryset = villages


class VillageFilter(django_filters.FilterSet):
    township = township_filter()
    terrain = django_filters.ChoiceFilter(choices=Terrain.choices, label=_("地形类型"))
    is_poor = django_filters.BooleanFilter(label=_("贫困村"))
    name = django_filters.CharFilter(lookup_expr="contains", label=_("村名"))

    class Meta:
        form = BootstrapFilterForm
        model = Village
        fields = ["township", "terrain", "is_poor", "name"]
