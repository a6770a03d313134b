"""Base list view: a django-tables2 table + a django-filter FilterSet over a scoped queryset."""

from django.conf import settings
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .pagination import CachedCountPaginator, DeferredJoinPaginator

#: Query parameters that do not change which rows a list holds.
UNFILTERED = {"page", "per_page", "sort"}


class ScopedTableView(SingleTableMixin, FilterView):
    """Subclasses set `table_class`, `filterset_class`, `template_name` and `scoped_queryset(user)`.

    Pagination goes through the table only (`table_pagination`), so the count query runs once.
    A subclass may set `count_cached_over` (models): the unfiltered list's count is then cached
    until one of them changes (pagination.CachedCountPaginator); a filtered count is not (a
    filter may join models outside the list).
    """

    count_cached_over: tuple = ()

    paginate_by = None
    strict = False
    table_pagination = {"per_page": settings.LIST_PAGE_SIZE}

    def scoped_queryset(self, user):
        raise NotImplementedError

    def get_queryset(self):
        return self.scoped_queryset(self.request.user)

    def get_table_pagination(self, table):
        pagination = {**self.table_pagination, "paginator_class": DeferredJoinPaginator}
        filtering = any(value for key, value in self.request.GET.items() if key not in UNFILTERED)
        if self.count_cached_over and not filtering:
            pagination["paginator_class"] = type("Paginator", (CachedCountPaginator,),
                                                 {"cached_over": tuple(self.count_cached_over)})
        per_page = self.request.GET.get("per_page", "")
        if per_page.isdigit() and 1 <= int(per_page) <= 200:
            pagination["per_page"] = int(per_page)
        return pagination
