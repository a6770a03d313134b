"""Public notices (公示): the list, publishing one, and each notice as a page and an A4 PDF."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from assessment.models import Cycle
from xixiang.core.edit import form_page, require

from . import scope
from .notice_forms import NoticeForm
from .notices import notice_content
from .official import official_context, official_pdf_response
from .services.notices import notice_publish


def notice_list(request):
    require(scope.can_read_notices(request.user))
    user = request.user
    form = None
    if scope.can_publish_notices(user):
        form = NoticeForm(
            request.POST or None,
            townships=scope.publishable_townships(user),
            county_allowed=scope.can_publish_county_notices(user),
        )
        if request.method == "POST":
            return form_page(
                request,
                form,
                save=lambda f: notice_publish(actor=user, **f.cleaned_data),
                success=_("公示已发布"),
                redirect_to=lambda notice: ("documents:notice_page", notice.pk),
                template="documents/notice_list.html",
                context=lambda f: {"notices": _rows(user)},
            )
    else:
        require(request.method != "POST")
    return render(request, "documents/notice_list.html", {"form": form, "notices": _rows(user)})


def _rows(user):
    return list(scope.notices(user).select_related("township", "issued_by")[:200])


def _content(request, pk: int):
    require(scope.can_read_notices(request.user))
    notice = get_object_or_404(scope.notices(request.user).select_related("township"), pk=pk)
    cycle = get_object_or_404(Cycle, year=notice.year)
    return notice_content(notice, cycle)


def notice_page(request, pk: int):
    return render(request, "documents/notice.html", official_context({"doc": _content(request, pk)}))


def notice_pdf(request, pk: int):
    doc = _content(request, pk)
    return official_pdf_response("documents/notice_pdf.html", {"doc": doc}, doc.filename)
