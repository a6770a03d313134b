"""django-tables2 tables of the catalogue and the allocations."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Allocation, Project

RIGHT = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class ProjectTable(tables.Table):
    name = tables.Column(linkify=("projects:project_detail", {"pk": tables.A("pk")}))
    department = tables.Column(accessor="department__name", verbose_name=_("主管部门"))
    direction = tables.Column(accessor="direction__name", verbose_name=_("投资方向"))
    investment = tables.Column(attrs=RIGHT)

    class Meta:
        model = Project
        fields = ["year", "name", "level", "department", "direction", "scale", "investment", "funding_sources"]
        order_by = ("-year", "name")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "project-table"}


class AllocationTable(tables.Table):
    project = tables.Column(accessor="project__name", verbose_name=_("项目"),
                            linkify=("projects:project_detail", {"pk": tables.A("project_id")}))
    township = tables.Column(accessor="township__name", verbose_name=_("乡镇"), order_by=("township__code",))
    village = tables.Column(accessor="village__name", verbose_name=_("行政村"),
                            linkify=("villages:village_detail", {"code": tables.A("village__code")}))
    amount = tables.Column(attrs=RIGHT)

    class Meta:
        model = Allocation
        fields = ["year", "project", "township", "village", "amount", "status", "start_date", "completion_date"]
        order_by = ("-year", "township", "village")
        template_name = "projects/allocation_table.html"  # rows without the per-cell machinery
        attrs = {"class": "table table-sm table-hover align-middle", "id": "allocation-table"}
