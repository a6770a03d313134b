import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from xixiang.accounts import roles

from .models import Household


class HouseholdTable(tables.Table):
    """Households; ID numbers masked unless the viewer edits registry data."""

    number = tables.Column(linkify=("households:household_detail", {"number": tables.A("number")}))
    head_name = tables.Column(linkify=("households:household_detail", {"number": tables.A("number")}))
    head_id_number = tables.Column()
    township = tables.Column(accessor="township__name", verbose_name=_("乡镇"), order_by=("township__code",))
    village = tables.Column(accessor="village__name", verbose_name=_("行政村"), order_by=("village__code",))
    group = tables.Column(accessor="group__name", verbose_name=_("组"), order_by=("group__code",))
    industries = tables.Column(accessor="industry_labels", verbose_name=_("主导产业"), orderable=False)
    latest_per_capita_income = tables.Column(attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Household
        fields = [
            "number", "head_name", "head_id_number", "township", "village", "group",
            "resident_count", "labour_count", "industries", "latest_per_capita_income", "category",
        ]
        order_by = "number"
        template_name = "households/household_table.html"
        attrs = {"class": "table table-sm table-hover align-middle", "id": "household-table"}

    @staticmethod
    def rows(households):
        """`households` with what each row reads (its township, village and group) in the same query:
        the group page once read each row's township on its own (50 queries a page)."""
        return households.select_related("township", "village", "group")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_full_id_numbers = roles.sees_full_id_numbers(user) if user is not None else False

    def render_head_id_number(self, record):
        return record.head_id_number if self.show_full_id_numbers else record.masked_head_id_number
