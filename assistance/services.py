"""Writes to the pairing ledgers, assistance records and household plans.

Each service is atomic, checks the actor's scope through assistance/scope.py, calls
full_clean_or_raise() and raises DomainError with a Chinese message. Pairings are never overwritten:
ending sets the end date once, a change ends the old line and adds a new one.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from assistance import scope as assistance_scope
from households import scope as household_scope
from villages import scope as village_scope
from xixiang.core.concurrency import concurrent_edit_error, version_check, version_claim
from xixiang.core.errors import DomainError, full_clean_or_raise

from . import selectors
from .choices import LEADER_LEVELS, Ledger, RecordKind
from .models import AssistanceRecord, Cadre, HouseholdPairing, HouseholdPlan, LeaderPairing, UnitPairing

DUPLICATE_MESSAGES = {
    Ledger.LEADER: "该领导在这段时间已联系该村",
    Ledger.UNIT: "该单位在这段时间已帮扶该村",
    Ledger.HOUSEHOLD: "该干部与该户在这段时间已经结对",
}


def _partner_field(pairing) -> str:
    return {Ledger.LEADER: "leader", Ledger.UNIT: "unit", Ledger.HOUSEHOLD: "cadre"}[pairing.ledger]


def _target_field(pairing) -> str:
    return "household" if pairing.ledger == Ledger.HOUSEHOLD else "village"


def _check_dates(pairing) -> None:
    if pairing.end_date is not None and pairing.end_date < pairing.start_date:
        raise DomainError(_("结束日期不能早于开始日期"), field="end_date")
    if pairing.year is None:
        pairing.year = pairing.start_date.year
    last_year = pairing.end_date.year if pairing.end_date else 2100
    if not pairing.start_date.year <= pairing.year <= last_year:
        raise DomainError(_("年度必须在开始日期和结束日期之间"), field="year")


def _check_overlap(pairing) -> None:
    """The same partner and target may not be paired twice over overlapping dates."""
    model = type(pairing)
    partner, target = _partner_field(pairing), _target_field(pairing)
    overlapping = model.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=pairing.start_date),
        **{partner: getattr(pairing, partner), target: getattr(pairing, target)},
    ).exclude(pk=pairing.pk)
    if pairing.end_date is not None:
        overlapping = overlapping.filter(start_date__lte=pairing.end_date)
    if overlapping.exists():
        raise DomainError(_(DUPLICATE_MESSAGES[pairing.ledger]), field=partner)


def _place(pairing) -> None:
    """Copy the township (and for households the village) from the pairing's target."""
    if pairing.ledger == Ledger.HOUSEHOLD:
        pairing.village_id = pairing.household.village_id
        pairing.township_id = pairing.household.township_id
    else:
        pairing.township_id = pairing.village.township_id


def _check_target_scope(actor, pairing) -> None:
    if pairing.ledger == Ledger.HOUSEHOLD:
        if not household_scope.editable_households(actor).filter(pk=pairing.household_id).exists():
            raise DomainError(_("该农户不在您的管辖范围内"), field="household")
    elif not village_scope.editable_villages(actor).filter(pk=pairing.village_id).exists():
        raise DomainError(_("该村不在您的管辖范围内"), field="village")


def _check_partner(pairing) -> None:
    if pairing.ledger == Ledger.LEADER:
        if pairing.leader.level not in LEADER_LEVELS:
            raise DomainError(_("联点领导必须是县级领导或科级干部"), field="leader")
        pairing.level = pairing.leader.level
    if pairing.ledger == Ledger.UNIT and not pairing.village.is_poor:
        raise DomainError(_("部门联村只结对贫困村"), field="village")
    cadre = getattr(pairing, "cadre", None) or getattr(pairing, "leader", None)
    if cadre is not None and not cadre.is_active:
        raise DomainError(_("该干部已不在岗"), field=_partner_field(pairing))


@transaction.atomic
def pairing_create(*, actor, pairing: LeaderPairing | UnitPairing | HouseholdPairing):
    """Add a line to one of the three ledgers (a new pairing; its year defaults to the start's)."""
    if not assistance_scope.can_manage_pairings(actor):
        raise DomainError(_("您无权登记结对"))
    if pairing.pk:
        raise DomainError(_("结对一经登记不能修改，请结束后另行登记"))
    _check_target_scope(actor, pairing)
    _check_dates(pairing)
    _check_partner(pairing)
    _place(pairing)
    full_clean_or_raise(pairing)
    _check_overlap(pairing)
    pairing.save()
    return pairing


def _editable(actor, pairing):
    querysets = {
        Ledger.LEADER: assistance_scope.editable_leader_pairings,
        Ledger.UNIT: assistance_scope.editable_unit_pairings,
        Ledger.HOUSEHOLD: assistance_scope.editable_household_pairings,
    }
    qs = querysets[pairing.ledger](actor)
    locked = qs.select_for_update().filter(pk=pairing.pk).first()
    if locked is None:
        raise DomainError(_("您无权修改该结对"))
    return locked


@transaction.atomic
def pairing_end(*, actor, pairing, end_date: datetime.date, note: str = "", version: int | None = None):
    """Set the end date of a running pairing (once: an ended line is never reopened).

    `version` is the pairing's version the form was opened with (`pairing.version` when not
    given): a ConcurrentEditError refuses the change when the pairing changed since then."""
    opened = pairing.version if version is None else version
    pairing = _editable(actor, pairing)
    version_claim(pairing, opened=opened)
    if pairing.end_date is not None:
        raise DomainError(_("该结对已于 %(date)s 结束") % {"date": pairing.end_date}, field="end_date")
    if end_date < pairing.start_date:
        raise DomainError(_("结束日期不能早于开始日期"), field="end_date")
    if pairing.records.filter(date__gt=end_date).exists():
        raise DomainError(_("结束日期之后已有帮扶记录"), field="end_date")
    pairing.end_date = end_date
    if note:
        pairing.note = note[:200]
    pairing._history_user = actor
    pairing.save(update_fields=["end_date", "note", "version"])
    return pairing


@transaction.atomic
def pairing_change(*, actor, pairing, partner, change_date: datetime.date, note: str = "", version: int | None = None):
    """Hand a pairing to a new leader, unit or cadre from `change_date`: the old line ends the
    day before, a new line starts that day. Returns the new pairing."""
    if change_date <= pairing.start_date:
        raise DomainError(_("交接日期必须晚于原结对的开始日期"), field="change_date")
    pairing_end(actor=actor, pairing=pairing, end_date=change_date - datetime.timedelta(days=1), version=version)
    model = type(pairing)
    successor = model(
        **{_partner_field(pairing): partner, _target_field(pairing): getattr(pairing, _target_field(pairing))},
        year=change_date.year,
        start_date=change_date,
        note=note,
    )
    return pairing_create(actor=actor, pairing=successor)


# --- assistance records ------------------------------------------------------------------

AMOUNT_FIELDS = ("amount", "quantity")


def _recordable(actor, pairing) -> bool:
    querysets = {
        Ledger.LEADER: assistance_scope.editable_leader_pairings,
        Ledger.UNIT: assistance_scope.editable_unit_pairings,
        Ledger.HOUSEHOLD: assistance_scope.recordable_household_pairings,
    }
    return querysets[pairing.ledger](actor).filter(pk=pairing.pk).exists()


def record_prepare(record: AssistanceRecord, pairing) -> AssistanceRecord:
    """Attach `record` to `pairing`, copy its places and people, and check the rules.

    Used by record_create and by the import (which checks every row before storing any).
    """
    if record.amount is None:
        record.amount = Decimal("0")
    if record.amount < 0:
        raise DomainError(_("金额不能为负数"), field="amount")
    if record.quantity is not None and record.quantity < 0:
        raise DomainError(_("数量不能为负数"), field="quantity")
    record.quantity_unit = (record.quantity_unit or "").strip()
    if record.kind == RecordKind.INCOME_CARD and record.quantity is None:
        record.quantity, record.quantity_unit = Decimal("1"), record.quantity_unit or "张"
    if record.quantity is not None and not record.quantity_unit:
        raise DomainError(_("填写数量时必须填写计量单位"), field="quantity_unit")
    if record.quantity is None and record.quantity_unit:
        raise DomainError(_("填写计量单位时必须填写数量"), field="quantity")
    if record.date < pairing.start_date:
        raise DomainError(_("记录日期早于结对开始日期（%(date)s）") % {"date": pairing.start_date}, field="date")
    if pairing.end_date is not None and record.date > pairing.end_date:
        raise DomainError(
            _("该结对已于 %(date)s 结束，不能登记此后的帮扶记录") % {"date": pairing.end_date}, field="date"
        )
    record.ledger = pairing.ledger
    record.leader_pairing = pairing if pairing.ledger == Ledger.LEADER else None
    record.unit_pairing = pairing if pairing.ledger == Ledger.UNIT else None
    record.household_pairing = pairing if pairing.ledger == Ledger.HOUSEHOLD else None
    record.year = record.date.year
    record.township_id = pairing.township_id
    record.village_id = pairing.village_id
    if pairing.ledger == Ledger.HOUSEHOLD:
        record.household_id, record.cadre = pairing.household_id, pairing.cadre
        record.unit_id = pairing.cadre.unit_id
    elif pairing.ledger == Ledger.UNIT:
        record.unit_id, record.cadre, record.household_id = pairing.unit_id, None, None
    else:
        record.cadre, record.unit_id, record.household_id = pairing.leader, pairing.leader.unit_id, None
    # The copied keys come from a pairing already read from the database: no need to re-check them.
    full_clean_or_raise(
        record,
        exclude=[
            "leader_pairing",
            "unit_pairing",
            "household_pairing",
            "township",
            "village",
            "household",
            "unit",
            "cadre",
            "created_by",
        ],
    )
    return record


@transaction.atomic
def record_create(*, actor, pairing, record: AssistanceRecord) -> AssistanceRecord:
    """Record one visit, sum of money, lot of goods, training, project funds or income card."""
    if not assistance_scope.can_record(actor) or not _recordable(actor, pairing):
        raise DomainError(_("您无权在该结对上登记帮扶记录"))
    record_prepare(record, pairing)
    record.created_by = actor
    record.save()
    return record


@transaction.atomic
def visit_record(*, actor, pairing: HouseholdPairing, date: datetime.date, note: str = "") -> AssistanceRecord:
    """Record a visit on a household pairing: the one short form of the cadre's own page."""
    return record_create(
        actor=actor, pairing=pairing, record=AssistanceRecord(kind=RecordKind.VISIT, date=date, note=note)
    )


# --- household plans ---------------------------------------------------------------------


@transaction.atomic
def plan_save(*, actor, plan: HouseholdPlan) -> HouseholdPlan:
    """Create or update a household's plan for one year (一户一策).

    A stored plan is saved only as the version its form was opened with (`plan.version`); a new
    one only if no plan was entered for that household and year meanwhile: otherwise a
    ConcurrentEditError (xixiang.core.concurrency)."""
    if not assistance_scope.plan_households(actor).filter(pk=plan.household_id).exists():
        raise DomainError(_("该农户不在您的管辖范围内"))
    for field in ("target_income", "result_income"):
        value = getattr(plan, field)
        if value is not None and value < 0:
            raise DomainError(_("收入不能为负数"), field=field)
    if plan.leader_id and plan.leader.level not in LEADER_LEVELS:
        raise DomainError(_("责任领导必须是县级领导或科级干部"), field="leader")
    lookup = {"household_id": plan.household_id, "year": plan.year}
    if plan.pk:
        version_claim(plan)
    else:
        existing = HouseholdPlan.objects.select_for_update().filter(**lookup).first()
        version_check(HouseholdPlan, lookup, 0, current=existing)
        plan.version = 1
    full_clean_or_raise(plan)
    plan._history_user = actor
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # entered by someone else between the check and the insert
        raise concurrent_edit_error(HouseholdPlan, lookup, 0) from exc
    return plan


def cadre_link_user(*, cadre: Cadre, user) -> Cadre:
    """Link a cadre to a login of role helper (used by the admin and the demo)."""
    from xixiang.accounts.choices import Role

    if user is not None and user.role != Role.HELPER:
        raise DomainError(_("只有角色为帮扶干部的用户可以关联干部"), field="user")
    cadre.user = user
    full_clean_or_raise(cadre)
    cadre.save()
    return cadre


@dataclass(frozen=True)
class PlansPrepared:
    year: int
    created: int  # plans written for `year` from last year's
    kept: int  # households that already had a plan for `year`


@transaction.atomic
def plans_prepare_year(*, actor, year: int) -> PlansPrepared:
    """Prepare the new year's 一户一策: every household the actor may plan for that has a plan for
    `year - 1` and none for `year` gets one starting from last year's target and measures, with
    its result to be filled in at year end. Plans already entered for `year` are left alone."""
    if not assistance_scope.can_manage_pairings(actor):
        raise DomainError(_("您无权批量准备增收计划"))
    households = assistance_scope.plan_households(actor)
    previous = HouseholdPlan.objects.filter(year=year - 1, household__in=households)
    existing = set(
        HouseholdPlan.objects.filter(year=year, household__in=households).values_list("household_id", flat=True)
    )
    plans = [
        selectors.carried_plan(p, year) for p in previous.order_by("household_id") if p.household_id not in existing
    ]
    for plan in plans:
        plan.version = 1
        plan._history_user = actor
    bulk_create_with_history(plans, HouseholdPlan, batch_size=1000, default_user=actor)
    return PlansPrepared(year, len(plans), len(existing))
