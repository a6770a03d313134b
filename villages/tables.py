import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .choices import grade_label
from .models import Village


class VillageTable(tables.Table):
    code = tables.Column(linkify=("villages:village_detail", {"code": tables.A("code")}))
    name = tables.Column(linkify=("villages:village_detail", {"code": tables.A("code")}))
    township = tables.Column(accessor="township__name", verbose_name=_("乡镇"))
    household_count = tables.Column(verbose_name=_("户数"), attrs={"td": {"class": "text-end"}})
    latest_grade = tables.Column(verbose_name=_("最新级类"), orderable=True)

    class Meta:
        model = Village
        fields = ["code", "name", "township", "terrain", "is_poor", "is_key_poverty", "household_count", "latest_grade"]
        order_by = "code"

    def render_latest_grade(self, value):
        return grade_label(value)
