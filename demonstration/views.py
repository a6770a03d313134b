"""Pages of the demonstration villages: the county list with its flags, a village's board (and
its PDF), its meetings, and the forms to designate, to add team members and resident cadres,
to record a meeting and to mark an action done. Rows come from demonstration/scope.py."""

from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from villages import scope as village_scope
from xixiang.core.edit import form_page, post_action, require
from xixiang.core.exports import xlsx_response
from xixiang.core.views_mixins import ScopedTableView
from xixiang.lib.pdf import CJK_FONT_FAMILY, pdf_response, render_pdf

from . import exports, selectors, services
from . import scope as demonstration_scope
from .filters import DesignationFilter, MeetingFilter
from .forms import DesignationEditForm, DesignationForm, MeetingForm, ResidentCadreForm, TeamMemberForm
from .tables import DesignationTable, MeetingTable


class DesignationListView(ScopedTableView):
    """The county list (a clerk's: their township): every designation with its flags."""

    template_name = "demonstration/designation_list.html"
    table_class = DesignationTable
    filterset_class = DesignationFilter

    def dispatch(self, request, *args, **kwargs):
        require(demonstration_scope.can_read(request.user))
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self, user):
        return selectors.with_flags(demonstration_scope.designations(user), meetings=False)  # the table reads them

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_designate=demonstration_scope.can_designate(self.request.user), **kwargs)


def designation_export(request):
    """The county list as xlsx, with the list's filters."""
    require(demonstration_scope.can_read(request.user))
    rows = DesignationFilter(request.GET, queryset=selectors.with_flags(demonstration_scope.designations(request.user)),
                             request=request).qs
    return xlsx_response(exports.DesignationsExport(rows))


def _designation(request, code: str, year: int, scope=demonstration_scope.designations):
    require(demonstration_scope.can_read(request.user))
    return get_object_or_404(scope(request.user).select_related("village__township", "kind"),
                             village__code=code, year=year)


def board(request, code: str, year: int):
    designation = _designation(request, code, year)
    user = request.user
    return render(request, "demonstration/board.html", {
        "board": selectors.board(designation),
        "can_designate": demonstration_scope.can_designate(user),
        "can_record": demonstration_scope.meeting_designations(user).filter(pk=designation.pk).exists(),
    })


def board_pdf(request, code: str, year: int):
    """The board as an A4 PDF for posting (村公开): village-level figures and officials only."""
    designation = _designation(request, code, year)
    html = render_to_string("demonstration/board_pdf.html", {
        "board": selectors.board(designation), "font_family": CJK_FONT_FAMILY})
    village = designation.village
    return pdf_response(render_pdf(html), f"示范村公示牌-{village.name}-{year}.pdf")


class MeetingListView(ScopedTableView):
    template_name = "demonstration/meeting_list.html"
    table_class = MeetingTable
    filterset_class = MeetingFilter

    def dispatch(self, request, *args, **kwargs):
        self.designation = _designation(request, kwargs["code"], kwargs["year"])
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self, user):
        from django.db.models import Count

        return (demonstration_scope.meetings(user).filter(designation=self.designation)
                .select_related("minutes").annotate(action_count=Count("actions")))

    def get_context_data(self, **kwargs):
        user = self.request.user
        can_hold = (demonstration_scope.can_record_meetings(user)
                    and demonstration_scope.meeting_designations(user).filter(pk=self.designation.pk).exists())
        return super().get_context_data(designation=self.designation, can_hold=can_hold, **kwargs)


def designation_create(request):
    require(demonstration_scope.can_designate(request.user))
    village = None
    code = request.POST.get("village") or request.GET.get("village")
    if code:
        village = village_scope.villages(request.user).filter(code=code).first()
    form = DesignationForm(request.POST or None, user=request.user, village=village,
                           initial={"village": code} if code else None)
    return form_page(
        request, form,
        save=lambda form: services.designation_create(actor=request.user, **form.cleaned_data),
        success=lambda d: _("已确定 %(village)s 为 %(year)s 年示范村") % {"village": d.village.name, "year": d.year},
        redirect_to=lambda d: d,
        template="demonstration/form.html",
        context={"title": _("确定示范村")},
    )


def designation_update(request, code: str, year: int):
    """Edit a designation's type, reason, plan and contact leader: the administrator's (404
    outside the reader's scope first, then 403 for a role that does not designate)."""
    designation = _designation(request, code, year)
    require(demonstration_scope.can_designate(request.user))
    form = DesignationEditForm(request.POST or None, user=request.user, designation=designation)

    def save(form):
        for field in ("kind", "reason", "plan", "contact"):
            setattr(designation, field, form.cleaned_data[field])
        designation.reason = (designation.reason or "").strip()
        return services.designation_update(actor=request.user, designation=designation)

    return form_page(
        request, form, save=save,
        success=lambda d: _("已修改 %(village)s %(year)s 年示范村") % {"village": d.village.name, "year": d.year},
        redirect_to=lambda d: d, template="demonstration/form.html",
        context={"title": _("修改示范村"), "designation": designation},
    )


def team_member_add(request, code: str, year: int):
    designation = _designation(request, code, year)
    require(demonstration_scope.can_designate(request.user))
    form = TeamMemberForm(request.POST or None)
    return form_page(
        request, form,
        save=lambda form: services.team_member_add(actor=request.user, designation=designation,
                                                   position=designation.team.count() + 1, **form.cleaned_data),
        success=_("已添加包抓班子成员"), redirect_to=designation, template="demonstration/form.html",
        context={"title": _("添加包抓班子成员"), "designation": designation},
    )


def resident_cadre_add(request, code: str, year: int):
    designation = _designation(request, code, year)
    require(demonstration_scope.can_designate(request.user))
    form = ResidentCadreForm(request.POST or None)
    return form_page(
        request, form,
        save=lambda form: services.resident_cadre_add(actor=request.user, designation=designation,
                                                      **form.cleaned_data),
        success=_("已登记驻村干部"), redirect_to=designation, template="demonstration/form.html",
        context={"title": _("登记驻村干部"), "designation": designation},
    )


def meeting_create(request, code: str, year: int):
    designation = _designation(request, code, year)
    require(demonstration_scope.can_record_meetings(request.user))
    designation = get_object_or_404(demonstration_scope.meeting_designations(request.user), pk=designation.pk)
    form = MeetingForm(request.POST or None)
    return form_page(
        request, form,
        save=lambda form: services.meeting_record(actor=request.user, designation=designation, **form.cleaned_data),
        success=lambda m: (_("已登记会议，会议纪要已归入本村档案 W3") if m.minutes_id else _("已登记会议")),
        redirect_to=designation, template="demonstration/form.html",
        context={"title": _("登记示范村会议"), "designation": designation},
    )


@require_POST
def meeting_hold(request, pk: int):
    """Mark a planned meeting held (and file its minutes in W3): whoever records meetings, in
    their scope; a meeting dated after today is refused with the service's message."""
    require(demonstration_scope.can_record_meetings(request.user))
    meetings = demonstration_scope.editable_meetings(request.user).select_related("designation__village")
    meeting = get_object_or_404(meetings, pk=pk)
    return post_action(request, act=lambda: services.meeting_hold(actor=request.user, meeting=meeting),
                       success=lambda m: (_("已标记为已召开，会议纪要已归入本村档案 W3") if m.minutes_id
                                          else _("已标记为已召开")),
                       redirect_to=("demonstration:meeting_list", meeting.designation.village.code,
                                    meeting.designation.year))


@require_POST
def action_done(request, pk: int):
    require(demonstration_scope.can_record_meetings(request.user))
    actions = demonstration_scope.editable_actions(request.user).select_related("designation__village")
    action = get_object_or_404(actions, pk=pk)
    return post_action(request, act=lambda: services.action_done(actor=request.user, action=action),
                       success=_("已标记完成"), redirect_to=action.designation)
