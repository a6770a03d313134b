"""Base list view: a django-tables2 table + a django-filter FilterSet over a scoped queryset."""

from django.conf import settings
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .pagination import DeferredJoinPaginator


class ScopedTableView(SingleTableMixin, FilterView):
    """Subclasses set `table_class`, `filterset_class`, `template_name` and `scoped_queryset(user)`.

    Pagination goes through the table only (`table_pagination`), so the count query runs once.
    """

    paginate_by = None
    strict = False
    table_pagination = {"per_page": settings.LIST_PAGE_SIZE}

    def scoped_queryset(self, user):
        raise NotImplementedError

    def get_queryset(self):
        return self.scoped_queryset(self.request.user)

    def get_table_pagination(self, table):
        pagination = {**self.table_pagination, "paginator_class": DeferredJoinPaginator}
        per_page = self.request.GET.get("per_page", "")
        if per_page.isdigit() and 1 <= int(per_page) <= 200:
            pagination["per_page"] = int(per_page)
        return pagination
