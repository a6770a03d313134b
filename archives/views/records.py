"""Record list, upload, page, edit and delete. Thin: scope from accounts.scope, writes via services."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from archives import scope as archive_scope
from xixiang.core.errors import ConcurrentEditError, DomainError
from xixiang.core.forms import add_domain_error, versions_rebased
from xixiang.core.views_mixins import ScopedTableView

from .. import selectors, services
from ..filters import ArchiveRecordFilter
from ..forms import ArchiveFilesForm, ArchiveRecordEditForm, ArchiveRecordForm
from ..tables import ArchiveRecordTable
from ..uploads import install_upload_guard


def upload_view(view):
    """Install the upload guard before anything reads the request body (CSRF included)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        guard = install_upload_guard(request) if request.method == "POST" else None
        return protected(request, *args, upload_guard=guard, **kwargs)

    return wrapper


def _posted(request, guard):
    """(POST, FILES, the guard's problems) — reading POST parses the body through the guard."""
    data, files = request.POST, request.FILES
    return data, files, guard.problems() if guard else []


class RecordListView(ScopedTableView):
    table_class = ArchiveRecordTable
    filterset_class = ArchiveRecordFilter
    template_name = "archives/record_list.html"

    def scoped_queryset(self, user):
        return selectors.record_list(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_upload"] = archive_scope.can_upload(self.request.user)
        return context


@upload_view
def record_create(request, upload_guard):
    if not archive_scope.can_upload(request.user):
        raise PermissionDenied
    if request.method == "POST":
        data, files, problems = _posted(request, upload_guard)
        form = ArchiveRecordForm(data, files, user=request.user, upload_problems=problems)
    else:
        initial = {key: request.GET[key] for key in ("village", "year", "category") if request.GET.get(key)}
        initial.setdefault("year", selectors.default_year())
        form = ArchiveRecordForm(initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.archive_record_create(
                actor=request.user, village=data["village"], year=data["year"], category=data["category"],
                medium=data["medium"], title=data["title"], record_date=data["record_date"],
                description=data["description"], files=data["uploads"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已上传档案“%(title)s”（%(n)s 个文件）") % {
                "title": record.title, "n": len(data["uploads"])})
            return redirect("archives:record_detail", pk=record.pk)
    return render(request, "archives/record_form.html", {"form": form})


def _record_page(request, record, files_form=None, status=200):
    can_edit = archive_scope.editable_records(request.user).filter(pk=record.pk).exists()
    return render(request, "archives/record_detail.html", {
        "record": record,
        "files": selectors.record_files(record),
        "can_edit": can_edit,
        "files_form": files_form or (ArchiveFilesForm() if can_edit else None),
    }, status=status)


def record_detail(request, pk: int):
    record = get_object_or_404(
        archive_scope.records(request.user).select_related(
            "village__township", "category__archive_class", "medium", "uploaded_by"), pk=pk)
    return _record_page(request, record)


@upload_view
def record_files_add(request, pk: int, upload_guard):
    record = get_object_or_404(
        archive_scope.records(request.user).select_related(
            "village__township", "category__archive_class", "medium", "uploaded_by"), pk=pk)
    if not archive_scope.editable_records(request.user).filter(pk=record.pk).exists():
        raise PermissionDenied
    if request.method != "POST":
        return redirect("archives:record_detail", pk=pk)
    data, files, problems = _posted(request, upload_guard)
    form = ArchiveFilesForm(data, files, upload_problems=problems)
    if form.is_valid():
        try:
            added = services.archive_files_add(actor=request.user, record=record, files=form.cleaned_data["uploads"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已添加 %(n)s 个文件") % {"n": len(added)})
            return redirect("archives:record_detail", pk=pk)
    return _record_page(request, record, files_form=form)


def record_edit(request, pk: int):
    record = get_object_or_404(archive_scope.records(request.user).select_related("village"), pk=pk)
    if not archive_scope.editable_records(request.user).filter(pk=record.pk).exists():
        raise PermissionDenied
    form = ArchiveRecordEditForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            services.archive_record_update(actor=request.user, record=form.instance)
        except ConcurrentEditError as error:
            # the user's input stays, re-based on the record as stored now
            record = get_object_or_404(archive_scope.records(request.user).select_related("village"), pk=pk)
            form = ArchiveRecordEditForm(versions_rebased(request.POST, [form]), instance=record)
            form.is_valid()
            form.add_error(None, error.message)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已保存档案信息"))
            return redirect("archives:record_detail", pk=pk)
    return render(request, "archives/record_edit.html", {"form": form, "record": record})


@require_POST
def record_delete(request, pk: int):
    record = get_object_or_404(archive_scope.records(request.user).select_related("village"), pk=pk)
    if not archive_scope.editable_records(request.user).filter(pk=record.pk).exists():
        raise PermissionDenied
    services.archive_record_delete(actor=request.user, record=record)
    messages.success(request, _("已删除档案“%(title)s”；如需恢复，请联系县升级晋档办") % {"title": record.title})
    return redirect(reverse("archives:record_list") + f"?village={record.village.code}&year={record.year}")
