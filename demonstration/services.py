"""Writes to the demonstration villages. Each service is keyword-only and atomic, checks the
actor's scope and raises DomainError with a Chinese message naming the field; nothing is stored
when it refuses. A held meeting's minutes are filed in the village's archive (W3) through the
archives services, in the same transaction: a refused filing stores no meeting either."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archives import services as archive_services
from archives.models import ArchiveCategory, ArchiveRecord
from assistance.choices import CadreLevel
from assistance.models import LeaderPairing
from villages.models import Village
from xixiang.core.errors import DomainError, full_clean_or_raise

from . import minutes, rules
from . import scope as demonstration_scope
from .models import Action, DemonstrationType, Designation, Meeting, ResidentCadre, TeamMember

PLAN_CATEGORIES = ("G1", "G2")
MINUTES_CATEGORY = "W3"


@dataclass(frozen=True)
class ActionInput:
    """A follow-up action as entered with its meeting."""

    description: str
    owner: str
    due_date: datetime.date
    done: bool = False


def _history(obj, actor, reason: str = "") -> None:
    obj._history_user = actor
    if reason:
        obj._change_reason = reason


def _check_plan(village: Village, plan: ArchiveRecord | None) -> None:
    if plan is None:
        return
    if plan.village_id != village.pk or plan.is_deleted:
        raise DomainError(_("规划“%(title)s”不是%(village)s的档案") % {"title": plan.title, "village": village.name},
                          field="plan")
    if plan.category.code not in PLAN_CATEGORIES:
        raise DomainError(_("规划须为本村 G1 升级晋档规划或 G2 产业发展规划档案，“%(title)s”属于 %(code)s") % {
            "title": plan.title, "code": plan.category.code}, field="plan")


def _check_contact(village: Village, contact: LeaderPairing | None) -> None:
    if contact is None:
        return
    if contact.village_id != village.pk:
        raise DomainError(_("%(leader)s 联系的不是%(village)s") % {
            "leader": contact.leader.name, "village": village.name}, field="contact")
    if contact.level != CadreLevel.COUNTY:
        raise DomainError(_("联点领导须为县级领导，%(leader)s 是%(level)s") % {
            "leader": contact.leader.name, "level": contact.get_level_display()}, field="contact")


@transaction.atomic
def designation_create(*, actor, village: Village | None, year: int | None, kind: DemonstrationType | None,
                       reason: str = "", plan: ArchiveRecord | None = None,
                       contact: LeaderPairing | None = None) -> Designation:
    """Designate `village` a demonstration village of `year` with its type (both required)."""
    if not demonstration_scope.can_designate(actor):
        raise DomainError(_("只有县升级晋档办可以确定示范村"))
    if village is None:
        raise DomainError(_("请选择行政村"), field="village")
    problems = rules.designation_problems(year=year, kind=kind)
    if problems:
        field, message = next(iter(problems.items()))
        raise DomainError(message, field=field)
    if not kind.is_active:
        raise DomainError(_("示范村类型“%(name)s”已停用") % {"name": kind.name}, field="kind")
    _check_plan(village, plan)
    _check_contact(village, contact)
    designation = Designation(village=village, township_id=village.township_id, year=year, kind=kind,
                              reason=(reason or "").strip(), plan=plan, contact=contact)
    full_clean_or_raise(designation, exclude=["township"])
    _history(designation, actor, _("确定示范村"))
    designation.save()
    return designation


@transaction.atomic
def designation_update(*, actor, designation: Designation) -> Designation:
    """Save a designation's edited type, reason, plan and contact leader (village and year stay)."""
    stored = demonstration_scope.editable_designations(actor).filter(pk=designation.pk).first()
    if stored is None:
        raise DomainError(_("只有县升级晋档办可以修改示范村"))
    if (stored.village_id, stored.year) != (designation.village_id, designation.year):
        raise DomainError(_("示范村的行政村和年度不能修改"), field="year")
    problems = rules.designation_problems(year=designation.year, kind=designation.kind if designation.kind_id else None)
    if problems:
        field, message = next(iter(problems.items()))
        raise DomainError(message, field=field)
    _check_plan(designation.village, designation.plan)
    _check_contact(designation.village, designation.contact)
    full_clean_or_raise(designation, exclude=["township"])
    _history(designation, actor, _("修改示范村"))
    designation.save()
    return designation


def _editable_designation(actor, designation: Designation) -> None:
    if not demonstration_scope.editable_designations(actor).filter(pk=designation.pk).exists():
        raise DomainError(_("只有县升级晋档办可以修改示范村的包抓班子和驻村干部"))


@transaction.atomic
def team_member_add(*, actor, designation: Designation, name: str, post: str, duty: str = "",
                    position: int = 0) -> TeamMember:
    """Add a member of the leadership team in charge (包抓班子)."""
    _editable_designation(actor, designation)
    if not (name or "").strip():
        raise DomainError(_("请填写包抓班子成员姓名"), field="name")
    if not (post or "").strip():
        raise DomainError(_("请填写包抓班子成员职务"), field="post")
    member = TeamMember(designation=designation, name=name.strip(), post=post.strip(), duty=(duty or "").strip(),
                        position=position)
    full_clean_or_raise(member)
    _history(member, actor)
    member.save()
    return member


@transaction.atomic
def resident_cadre_add(*, actor, designation: Designation, name: str, unit: str, start_date: datetime.date | None,
                       end_date: datetime.date | None = None) -> ResidentCadre:
    """Station a cadre in the village (驻村干部) from `start_date` (to `end_date`, if known)."""
    _editable_designation(actor, designation)
    if not (name or "").strip():
        raise DomainError(_("请填写驻村干部姓名"), field="name")
    if start_date is None:
        raise DomainError(_("请填写驻村开始日期"), field="start_date")
    cadre = ResidentCadre(designation=designation, name=name.strip(), unit=(unit or "").strip(),
                          start_date=start_date, end_date=end_date)
    full_clean_or_raise(cadre)
    _history(cadre, actor)
    cadre.save()
    return cadre


def _file_minutes(actor, meeting: Meeting, actions: Sequence[Action]) -> ArchiveRecord:
    """The minutes rendered by WeasyPrint (demonstration/minutes.py, CJK font embedded), filed in W3."""
    category = ArchiveCategory.objects.filter(code=MINUTES_CATEGORY).first()
    content = minutes.minutes_pdf(meeting, actions)
    upload = ContentFile(content, name=f"{meeting.village.name}_{meeting.date.isoformat()}_{meeting.kind}.pdf")
    return archive_services.archive_record_create(
        actor=actor, village=meeting.village, year=meeting.date.year, category=category, medium=None,
        title=minutes.minutes_title(meeting), record_date=meeting.date,
        description=_("示范村会议纪要，登记会议时自动归档"), files=[upload])


def _check_actions(actions: Sequence[ActionInput]) -> None:
    for number, item in enumerate(actions, start=1):
        if not (item.description or "").strip():
            raise DomainError(_("第 %(n)s 项落实事项：请填写事项内容") % {"n": number}, field="actions")
        if not (item.owner or "").strip():
            raise DomainError(_("第 %(n)s 项落实事项：请填写责任人") % {"n": number}, field="actions")
        if item.due_date is None:
            raise DomainError(_("第 %(n)s 项落实事项：请填写完成时限") % {"n": number}, field="actions")


@transaction.atomic
def meeting_record(*, actor, designation: Designation, kind: str, date: datetime.date | None, place: str,
                   attendees: str, decisions: str = "", notes: str = "", held: bool = True,
                   actions: Sequence[ActionInput] = (), today: datetime.date | None = None) -> Meeting:
    """Record a meeting of a demonstration village with its follow-up actions; a held meeting's
    minutes are filed as a PDF record in the village's archive category W3."""
    if not demonstration_scope.meeting_designations(actor).filter(pk=designation.pk).exists():
        raise DomainError(_("您无权登记%(village)s的会议") % {"village": designation.village.name})
    if date is None:
        raise DomainError(_("请填写会议日期"), field="date")
    problem = rules.meeting_held_problem(date=date, held=held, today=today or timezone.localdate())
    if problem:
        raise DomainError(problem, field="held")
    _check_actions(actions)
    meeting = Meeting(designation=designation, village_id=designation.village_id, township_id=designation.township_id,
                      kind=kind, date=date, place=(place or "").strip(), attendees=(attendees or "").strip(),
                      decisions=(decisions or "").strip(), notes=(notes or "").strip(), held=held, created_by=actor)
    full_clean_or_raise(meeting, exclude=["designation", "village", "township"])
    _history(meeting, actor, _("登记会议"))
    meeting.save()
    rows = [Action(meeting=meeting, designation=designation, township_id=designation.township_id,
                   description=item.description.strip(), owner=item.owner.strip(), due_date=item.due_date,
                   done=item.done, done_on=item.due_date if item.done else None) for item in actions]
    for row in rows:
        full_clean_or_raise(row, exclude=["meeting", "designation", "township"])
        _history(row, actor)
        row.save()
    if held:
        meeting.minutes = _file_minutes(actor, meeting, rows)
        meeting.save(update_fields=["minutes"])
    return meeting


@transaction.atomic
def meeting_hold(*, actor, meeting: Meeting, today: datetime.date | None = None) -> Meeting:
    """Mark a planned meeting held (not before its date) and file its minutes."""
    if not demonstration_scope.editable_meetings(actor).filter(pk=meeting.pk).exists():
        raise DomainError(_("您无权修改该会议"))
    if meeting.held:
        raise DomainError(_("该会议已标记为已召开"), field="held")
    problem = rules.meeting_held_problem(date=meeting.date, held=True, today=today or timezone.localdate())
    if problem:
        raise DomainError(problem, field="held")
    meeting.held = True
    _history(meeting, actor, _("标记已召开"))
    meeting.minutes = _file_minutes(actor, meeting, list(meeting.actions.all()))
    meeting.save()
    return meeting


@transaction.atomic
def action_done(*, actor, action: Action, done_on: datetime.date | None = None,
                today: datetime.date | None = None) -> Action:
    """Mark a follow-up action done (on `done_on`, default today; never in the future)."""
    if not demonstration_scope.editable_actions(actor).filter(pk=action.pk).exists():
        raise DomainError(_("您无权修改该落实事项"))
    if action.done:
        raise DomainError(_("落实事项“%(what)s”已完成") % {"what": action.description})
    today = today or timezone.localdate()
    done_on = done_on or today
    if done_on > today:
        raise DomainError(_("完成日期不能晚于今天"), field="done_on")
    action.done, action.done_on = True, done_on
    _history(action, actor, _("标记完成"))
    action.save()
    return action

