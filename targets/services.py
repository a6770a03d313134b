"""Writes to the plan and the commitments: atomic, keyword-only, scope-checked, raising
DomainError with a Chinese message naming the field.

Changes after approval need a reason, kept in the history (django-simple-history's change
reason). A clerk's change to an approved village or township plan sends it back to draft, for
the administrator to approve again; the administrator's own change keeps it approved.

Village and township plans are optimistically locked (xixiang.core.concurrency): a save names
the `version` its form was opened with (0: no plan yet) and is refused with a
ConcurrentEditError (已被…修改) when the plan — its targets included — changed since; nothing is
stored then. Every change and every approval claims the next version. `version=None` (the
import, the demo) saves over the plan as it is stored now, still claiming the next version so
that a form opened before is refused after.
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from villages.models import Township, Village, VillageGrade
from xixiang.core.concurrency import concurrent_edit_error, version_claim
from xixiang.core.errors import ConcurrentEditError, DomainError, full_clean_or_raise

from . import filing, rules
from . import scope as target_scope
from .choices import PlanStatus
from .models import Commitment, Plan, TownshipPlan, VillagePlan, VillageTarget

PEOPLE_FIELDS = ("measures", "township_leader", "party_secretary", "contact_leader")
TOWNSHIP_FIELDS = ("measures", "township_leader", "contact_leader")
FIGURE_FIELDS = ("income_per_capita", "road_km", "biogas_digesters", "water_works", "archive_completeness")


def _history(obj, actor, reason: str = "") -> None:
    obj._history_user = actor
    if reason:
        obj._change_reason = reason


def current_grades(villages) -> dict[int, dict[int, int]]:
    """Each village's grade history {village_id: {year: grade}} (one query)."""
    history: dict[int, dict[int, int]] = {}
    for village_id, year, grade in VillageGrade.objects.filter(village__in=villages).values_list(
            "village_id", "year", "grade"):
        history.setdefault(village_id, {})[year] = grade
    return history


def latest_grade_before(grades: dict[int, int], year: int) -> int | None:
    earlier = [y for y in grades if y < year]
    return grades[max(earlier)] if earlier else None


def target_problems(plan: Plan, targets: dict[int, object], grades: dict[int, int]) -> list[tuple[int, str]]:
    """Every (year, message) wrong with a village's targets {year: grade or None} (pure but for
    the plan's years)."""
    problems = []
    earlier = None
    for year in sorted(targets):
        grade = targets[year]
        problem = rules.target_problem(grade, year=year, plan_years=plan.years,
                                       current_grade=latest_grade_before(grades, year), earlier_target=earlier)
        if problem:
            problems.append((year, problem))
        elif grade is not None:
            earlier = grade
    return problems


def _reason_needed(changed: bool, approved: bool, reason: str) -> None:
    if changed and approved and not reason.strip():
        raise DomainError(_("该规划已审定，修改必须填写修改理由"), field="reason")


def _after_change(row, actor, changed: bool) -> None:
    """A clerk's change to an approved plan returns it to draft."""
    if changed and row.is_approved and not target_scope.can_approve(actor):
        row.status = PlanStatus.DRAFT
        row.approved_by = None
        row.approved_at = None


@transaction.atomic
def village_plan_save(*, actor, plan: Plan, village: Village, targets: dict[int, int | None],
                      measures: str = "", township_leader: str = "", party_secretary: str = "",
                      contact_leader: str = "", reason: str = "", version: int | None = None) -> VillagePlan:
    """Create or change a village's part of `plan`: its target grade per year (None: no target
    that year), measures and responsible people. `version`: the plan's version the form was
    opened with (0: opened before the village had a plan); a stale one is refused."""
    if not target_scope.editable_villages(actor).filter(pk=village.pk).exists():
        raise DomainError(_("您无权为“%(village)s”制定目标：该村不在您负责的乡镇") % {"village": village.name},
                          field="village")
    problems = target_problems(plan, targets, current_grades([village.pk]).get(village.pk, {}))
    if problems:
        year, message = problems[0]
        raise DomainError(message, field=f"target_{year}")
    row = VillagePlan.objects.select_for_update().filter(plan=plan, village=village).first()
    created = row is None
    row = row or VillagePlan(plan=plan, village=village)
    values = {"measures": measures.strip(), "township_leader": township_leader.strip(),
              "party_secretary": party_secretary.strip(), "contact_leader": contact_leader.strip()}
    stored = {} if created else dict(row.targets.values_list("year", "grade"))
    wanted = {year: grade for year, grade in targets.items() if grade is not None}
    changed = created or stored != wanted or any(getattr(row, f) != v for f, v in values.items())
    if not changed:
        return row
    lookup = {"plan_id": plan.pk, "village_id": village.pk}
    try:
        _claim(row, lookup, version)
    except ConcurrentEditError as error:
        raise _with_targets(error, lookup) from None
    _reason_needed(changed, row.is_approved, reason)
    for field, value in values.items():
        setattr(row, field, value)
    _after_change(row, actor, changed)
    full_clean_or_raise(row)
    _history(row, actor, reason.strip() or (_("新建") if created else ""))
    _insert_or_save(row, lookup)
    _save_targets(row, stored, wanted, actor, reason.strip())
    return row


def _claim(row, lookup: dict, opened: int | None) -> None:
    """Claim the plan's next version (a stored plan: as opened, or as stored when `opened` is
    None; a new one: only if none was created since the form was opened)."""
    if row.pk is None:
        if opened:  # opened on a plan that has been deleted since
            raise concurrent_edit_error(type(row), lookup, opened)
        row.version = 1
    else:
        version_claim(row, opened=row.version if opened is None else opened)


def _insert_or_save(row, lookup: dict) -> None:
    """Save; a plan inserted by someone else between the check and this insert is a stale edit."""
    if row.pk is not None:
        row.save()
        return
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise concurrent_edit_error(type(row), lookup, 0) from exc


def _with_targets(error: ConcurrentEditError, lookup: dict) -> ConcurrentEditError:
    """The refusal of a stale village plan, naming the targets stored now (they are rows of
    their own, so the plan's field changes do not list them)."""
    stored = VillageTarget.objects.filter(village_plan__plan_id=lookup["plan_id"],
                                          village_plan__village_id=lookup["village_id"]).order_by("year")
    now = "、".join(_("%(year)s 年 %(grade)s 类") % {"year": t.year, "grade": t.grade} for t in stored)
    summary = error.summary + _("现有目标：%(targets)s。") % {"targets": now or _("无")}
    return ConcurrentEditError(
        summary + _("本次保存未生效：您填写的内容仍在表单中，表单已按最新版本更新，请核对后重新保存。"),
        summary=summary, changes=error.changes, current_version=error.current_version)


def _save_targets(row: VillagePlan, stored: dict[int, int], wanted: dict[int, int], actor, reason: str) -> None:
    existing = {t.year: t for t in row.targets.all()} if stored else {}
    for year, grade in wanted.items():
        target = existing.get(year)
        if target is not None and target.grade == grade:
            continue
        target = target or VillageTarget(village_plan=row, year=year)
        target.grade = grade
        full_clean_or_raise(target)
        _history(target, actor, reason)
        target.save()
    for year, target in existing.items():
        if year not in wanted:
            _history(target, actor, reason)
            target.delete()


def _approve(row, actor) -> None:
    if not target_scope.can_approve(actor):
        raise DomainError(_("只有县升级晋档办可以审定规划"))
    if row.is_approved:
        return
    row.version = type(row).objects.filter(pk=row.pk).values_list("version", flat=True).get()
    version_claim(row)  # a form opened before the approval is refused after it
    row.status = PlanStatus.APPROVED
    row.approved_by = actor
    row.approved_at = timezone.now()
    _history(row, actor, _("审定"))
    row.save()


@transaction.atomic
def village_plan_approve(*, actor, village_plan: VillagePlan) -> VillagePlan:
    """The administrator approves a village's plan (draft → approved)."""
    _approve(village_plan, actor)
    return village_plan


@transaction.atomic
def township_plans_approve(*, actor, plan: Plan, township: Township) -> int:
    """Approve every draft of a township in `plan` (its villages' plans and its own); how many."""
    if not target_scope.can_approve(actor):
        raise DomainError(_("只有县升级晋档办可以审定规划"))
    rows = [*VillagePlan.objects.filter(plan=plan, village__township=township, status=PlanStatus.DRAFT),
            *TownshipPlan.objects.filter(plan=plan, township=township, status=PlanStatus.DRAFT)]
    for row in rows:
        _approve(row, actor)
    return len(rows)


@transaction.atomic
def township_plan_save(*, actor, plan: Plan, township: Township, measures: str = "", township_leader: str = "",
                       contact_leader: str = "", reason: str = "", version: int | None = None) -> TownshipPlan:
    """Create or change a township's own plan: measures and responsible people. `version` as in
    `village_plan_save`."""
    if not target_scope.editable_townships(actor).filter(pk=township.pk).exists():
        raise DomainError(_("您无权修改“%(township)s”的规划") % {"township": township.name}, field="township")
    row = TownshipPlan.objects.select_for_update().filter(plan=plan, township=township).first()
    created = row is None
    row = row or TownshipPlan(plan=plan, township=township)
    values = {"measures": measures.strip(), "township_leader": township_leader.strip(),
              "contact_leader": contact_leader.strip()}
    changed = created or any(getattr(row, f) != v for f, v in values.items())
    if not changed:
        return row
    lookup = {"plan_id": plan.pk, "township_id": township.pk}
    _claim(row, lookup, version)
    _reason_needed(changed, row.is_approved, reason)
    for field, value in values.items():
        setattr(row, field, value)
    _after_change(row, actor, changed)
    full_clean_or_raise(row)
    _history(row, actor, reason.strip() or (_("新建") if created else ""))
    _insert_or_save(row, lookup)
    return row


@transaction.atomic
def plan_create(*, actor, name: str, first_year: int, last_year: int) -> Plan:
    if not target_scope.can_approve(actor):
        raise DomainError(_("只有县升级晋档办可以制定县级规划"))
    plan = Plan(name=name.strip(), first_year=first_year, last_year=last_year)
    full_clean_or_raise(plan)
    _history(plan, actor, _("新建"))
    plan.save()
    return plan


def _commitment_checks(actor, *, year: int, township: Township, village: Village | None, target_grade,
                       signer: str, signed_on) -> None:
    if village is not None:
        if not target_scope.signable_villages(actor).filter(pk=village.pk).exists():
            raise DomainError(_("您无权为“%(village)s”签署目标承诺") % {"village": village.name}, field="village")
    elif not target_scope.signable_townships(actor).filter(pk=township.pk).exists():
        raise DomainError(_("您无权为“%(township)s”签署目标承诺") % {"township": township.name}, field="township")
    if not (signer or "").strip():
        raise DomainError(_("请填写承诺人（签名的责任人）"), field="signer")
    if signed_on is None:
        raise DomainError(_("请填写承诺日期"), field="signed_on")
    if not isinstance(signed_on, datetime.date):
        raise DomainError(_("承诺日期无效"), field="signed_on")
    if target_grade is not None:
        if target_grade not in rules.GRADES:
            raise DomainError(_("目标级类必须是 1 到 4"), field="target_grade")
        if village is not None:
            current = latest_grade_before(current_grades([village.pk]).get(village.pk, {}), year)
            if current is not None and target_grade > current:
                raise DomainError(_("目标级类 %(target)s 低于该村现有级类 %(current)s（1 类最好）") % {
                    "target": target_grade, "current": current}, field="target_grade")
    elif village is not None:
        raise DomainError(_("请填写目标级类"), field="target_grade")


@transaction.atomic
def commitment_save(*, actor, year: int, township: Township, village: Village | None = None,
                    target_grade: int | None = None, text: str, signer: str, signed_on: datetime.date | None,
                    income_per_capita: Decimal | None = None, road_km: Decimal | None = None,
                    biogas_digesters: int | None = None, water_works: int | None = None,
                    archive_completeness: Decimal | None = None, file: bool = True) -> Commitment:
    """Record (or change) a township's (village None) or a village's commitment for `year`. A
    village's is then filed as a PDF in its archive category G3 (`file=False` skips the filing,
    for the demo's bulk seeding); a township's is not filed (targets.filing says why) and is
    shown on each of its villages' pages."""
    if village is not None:
        township = village.township
    _commitment_checks(actor, year=year, township=township, village=village, target_grade=target_grade,
                       signer=signer, signed_on=signed_on)
    if not (text or "").strip():
        raise DomainError(_("请填写承诺内容"), field="text")
    locked = Commitment.objects.select_for_update(of=("self",))
    row = locked.filter(year=year, village=village, township=township).first()
    created = row is None
    row = row or Commitment(year=year, township=township, village=village)
    row.target_grade = target_grade
    row.text, row.signer, row.signed_on = text.strip(), signer.strip(), signed_on
    for field, value in zip(FIGURE_FIELDS, (income_per_capita, road_km, biogas_digesters, water_works,
                                            archive_completeness), strict=True):
        setattr(row, field, value)
    row.recorded_by = actor
    full_clean_or_raise(row)
    _history(row, actor, _("签署") if created else _("修改"))
    row.save()
    if village is not None and file:
        filing.file_commitment(actor=actor, commitment=row)
    return row
