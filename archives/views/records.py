"""Record list, upload, page, edit and delete. Thin: scope from archives.scope, writes via services."""

from functools import wraps

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from archives import scope as archive_scope
from xixiang.core import working_year
from xixiang.core.edit import form_page, post_action, require
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
    require(archive_scope.can_upload(request.user))
    if request.method == "POST":
        data, files, problems = _posted(request, upload_guard)
        form = ArchiveRecordForm(data, files, user=request.user, upload_problems=problems)
    else:
        initial = {key: request.GET[key] for key in ("village", "year", "category") if request.GET.get(key)}
        initial.setdefault("year", working_year.current())  # the open cycle's year: the archives being gathered
        form = ArchiveRecordForm(initial=initial, user=request.user)
    return form_page(
        request, form, save=lambda form: _record_create(request.user, form.cleaned_data),
        success=lambda record: _("已上传档案“%(title)s”（%(n)s 个文件）") % {
            "title": record.title, "n": len(form.cleaned_data["uploads"])},
        redirect_to=lambda record: ("archives:record_detail", record.pk), template="archives/record_form.html",
    )


def _record_create(actor, data: dict):
    return services.archive_record_create(
        actor=actor, village=data["village"], year=data["year"], category=data["category"],
        medium=data["medium"], title=data["title"], record_date=data["record_date"],
        description=data["description"], files=data["uploads"],
    )


def _record_page_context(request, record, files_form=None) -> dict:
    can_edit = archive_scope.editable_records(request.user).filter(pk=record.pk).exists()
    return {
        "record": record,
        "files": selectors.record_files(record),
        "can_edit": can_edit,
        "files_form": files_form or (ArchiveFilesForm() if can_edit else None),
    }


def _record(request, pk: int):
    return get_object_or_404(
        archive_scope.records(request.user).select_related(
            "village__township", "category__archive_class", "medium", "uploaded_by"), pk=pk)


def record_detail(request, pk: int):
    return render(request, "archives/record_detail.html", _record_page_context(request, _record(request, pk)))


@upload_view
def record_files_add(request, pk: int, upload_guard):
    """Files added from the record page; refused files show on that page, under the upload field."""
    record = _record(request, pk)
    require(archive_scope.editable_records(request.user).filter(pk=record.pk).exists())
    if request.method != "POST":
        return redirect("archives:record_detail", pk=pk)
    data, files, problems = _posted(request, upload_guard)
    return form_page(
        request, ArchiveFilesForm(data, files, upload_problems=problems),
        save=lambda form: services.archive_files_add(actor=request.user, record=record,
                                                     files=form.cleaned_data["uploads"]),
        success=lambda added: _("已添加 %(n)s 个文件") % {"n": len(added)},
        redirect_to=("archives:record_detail", pk), template="archives/record_detail.html",
        context=lambda form: _record_page_context(request, record, files_form=form),
    )


def _editable_record(request, pk: int):
    record = get_object_or_404(archive_scope.records(request.user).select_related("village"), pk=pk)
    require(archive_scope.editable_records(request.user).filter(pk=record.pk).exists())
    return record


def record_edit(request, pk: int):
    record = _editable_record(request, pk)
    return form_page(
        request, ArchiveRecordEditForm(request.POST or None, instance=record),
        save=lambda form: services.archive_record_update(actor=request.user, record=form.instance),
        success=_("已保存档案信息"), redirect_to=("archives:record_detail", pk),
        template="archives/record_edit.html", context=lambda form: {"record": form.instance},
        # the user's input stays, re-based on the record as stored now
        rebase=lambda data: ArchiveRecordEditForm(data, instance=get_object_or_404(
            archive_scope.records(request.user).select_related("village"), pk=pk)),
    )


@require_POST
def record_delete(request, pk: int):
    record = _editable_record(request, pk)
    return post_action(
        request, act=lambda: services.archive_record_delete(actor=request.user, record=record),
        success=_("已删除档案“%(title)s”；如需恢复，请联系县升级晋档办") % {"title": record.title},
        redirect_to=reverse("archives:record_list") + f"?village={record.village.code}&year={record.year}",
        refused_to=("archives:record_detail", pk),
    )
