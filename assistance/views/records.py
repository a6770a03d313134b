"""Assistance records: list, export, import, and one record on a pairing."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from assistance import scope as assistance_scope
from xixiang.core.errors import DomainError
from xixiang.core.exports import xlsx_response
from xixiang.core.forms import add_domain_error
from xixiang.core.views_mixins import ScopedTableView
from xixiang.lib.excel import UnreadableWorkbook

from .. import exports, import_records, services
from ..filters import RecordFilter
from ..forms import ImportForm, RecordForm
from ..tables import RecordTable
from .common import ledger_or_404, may_read_records, require

RECORDABLE = {
    "leader": assistance_scope.editable_leader_pairings, "unit": assistance_scope.editable_unit_pairings,
    "household": assistance_scope.recordable_household_pairings,
}


class RecordListView(ScopedTableView):
    table_class = RecordTable
    filterset_class = RecordFilter
    template_name = "assistance/record_list.html"

    def dispatch(self, request, *args, **kwargs):
        require(may_read_records(request.user))
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self, user):
        return assistance_scope.records(user).select_related("township", "village", "household", "unit", "cadre")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_record=assistance_scope.can_record(self.request.user), **kwargs)


def record_export(request):
    require(may_read_records(request.user))
    records = RecordFilter(request.GET, queryset=assistance_scope.records(request.user), request=request).qs
    return xlsx_response(exports.RecordsExport(records))


def record_import_template(request):
    require(assistance_scope.can_record(request.user))
    return xlsx_response(exports.RecordTemplateExport())


def record_import(request):
    require(assistance_scope.can_record(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count = import_records.records_import(actor=request.user, data=form.cleaned_data["file"])
        except import_records.ImportFailed as failure:
            form.add_error(None, failure.message)
            errors = failure.errors
        except (UnreadableWorkbook, DomainError) as error:
            form.add_error("file", str(getattr(error, "message", error)))
        else:
            messages.success(request, _("已导入 %(n)s 条帮扶记录") % {"n": count})
            return redirect("assistance:record_list")
    return render(request, "assistance/record_import.html", {"form": form, "errors": errors, "columns": import_records.COLUMNS})


def record_create(request, ledger: str, pk: int):
    config = ledger_or_404(ledger)
    require(assistance_scope.can_record(request.user))
    pairing = get_object_or_404(RECORDABLE[ledger](request.user).select_related(*config.related), pk=pk)
    form = RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_create(actor=request.user, pairing=pairing, record=form.instance)
        except DomainError as error:
            form.instance.pk = None
            add_domain_error(form, error)
        else:
            messages.success(request, _("已登记帮扶记录"))
            return redirect("assistance:record_list")
    return render(request, "assistance/pairing_form.html", {
        "form": form, "ledger": config, "pairing": pairing, "title": _("登记帮扶记录"),
    })
