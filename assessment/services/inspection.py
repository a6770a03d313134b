"""What inspection teams record: adjustments with a reason, ballots, spot checks."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from assessment import scope as assessment_scope
from villages.models import Village
from xixiang.core.errors import DomainError, full_clean_or_raise

from .. import sampling, scoring
from ..choices import CycleStatus, InspectionMethod
from ..models import Adjustment, Ballot, Cycle, CycleIndicator, SpotCheck
from .common import require_state

INSPECTION_STATES = (CycleStatus.SCORING, CycleStatus.VERIFICATION)


def _check_village(actor, village: Village) -> None:
    if not assessment_scope.inspection_villages(actor).filter(pk=village.pk).exists():
        raise DomainError(_("您无权检查该村"))


def _count(raw, label: str) -> int:
    try:
        number = scoring.to_decimal(raw)
    except scoring.ScoringError as exc:
        raise DomainError(_("%(label)s：%(message)s") % {"label": label, "message": exc}) from exc
    if number != number.to_integral_value():
        raise DomainError(_("%(label)s必须是整数") % {"label": label})
    if number < 0:
        raise DomainError(_("票数不能为负数"))
    return int(number)


def _recompute(actor, cycle: Cycle, village: Village) -> None:
    """The village's totals, grade and ranks follow an inspection change at once (engine)."""
    from .engine import village_recompute

    village_recompute(actor=actor, cycle=cycle, village=village)


@transaction.atomic
def ballot_record(*, actor, cycle: Cycle, village: Village, satisfied, basically_satisfied, unsatisfied) -> Ballot:
    """Record (or correct) the democratic evaluation of a village: counts ≥ 0, at least one ballot."""
    require_state(cycle, *INSPECTION_STATES, doing=_("录入民主测评"))
    _check_village(actor, village)
    counts = [
        _count(satisfied, _("满意")),
        _count(basically_satisfied, _("基本满意")),
        _count(unsatisfied, _("不满意")),
    ]
    if sum(counts) == 0:
        raise DomainError(_("民主测评至少要有一张选票"))
    ballot = Ballot.objects.filter(cycle=cycle, village=village).first() or Ballot(cycle=cycle, village=village)
    ballot.satisfied, ballot.basically_satisfied, ballot.unsatisfied = counts
    ballot.recorded_by = actor
    ballot._history_user = actor
    full_clean_or_raise(ballot, validate_unique=False)
    ballot.save()
    _recompute(actor, cycle, village)
    return ballot


SPOT_CHECK_HOUSEHOLDS = 5  # households drawn for 实地随机到户抽查 unless the group asks for another number


def _methods(methods: dict | None) -> dict:
    """The five methods' fields: {method: (done, findings)} → model fields; findings are required
    for a method marked done."""
    methods = methods or {}
    unknown = set(methods) - set(InspectionMethod.values)
    if unknown:
        raise DomainError(_("未知的检查方式：%(names)s") % {"names": "、".join(sorted(unknown))})
    fields = {}
    for method in InspectionMethod:
        done, findings = methods.get(method.value, (False, ""))
        findings = (findings or "").strip()
        if done and not findings:
            message = _("请填写“%(method)s”的发现") % {"method": method.label}
            raise DomainError(message, field=f"{method.value}_findings")
        fields[f"{method.value}_done"], fields[f"{method.value}_findings"] = bool(done), findings
    return fields


@transaction.atomic
def spot_check_add(
    *, actor, cycle: Cycle, village: Village, date: datetime.date, households_visited: int, findings: str,
    methods: dict | None = None, visit_size: int = SPOT_CHECK_HOUSEHOLDS, seed: int | None = None,
) -> SpotCheck:
    """Record a group's check of a village: the households to visit drawn at random from the
    village's frame (stored with its seed, re-derivable) and the five methods done or not with
    their findings (`methods`: {"visit": (done, findings), "site": …}; missing ones not done)."""
    from .survey import frames

    require_state(cycle, *INSPECTION_STATES, doing=_("录入实地抽查"))
    _check_village(actor, village)
    if not (findings or "").strip():
        raise DomainError(_("请填写抽查发现的问题及结论"), field="findings")
    if visit_size < 1:
        raise DomainError(_("抽取户数至少为 1 户"), field="visit_size")
    fields = _methods(methods)
    frame = frames([village.pk]).get(village.pk, [])
    seed = sampling.new_seed() if seed is None else seed
    positions = sampling.visit_positions(len(frame), visit_size, seed)
    check = SpotCheck(
        cycle=cycle,
        village=village,
        date=date,
        households_visited=households_visited,
        findings=findings.strip(),
        frame=frame,
        population=len(frame),
        seed=seed,
        positions=list(positions),
        household_numbers=[frame[p] for p in positions],
        inspector=actor,
        **fields,
    )
    check._history_user = actor
    full_clean_or_raise(check)
    check.save()
    return check


@transaction.atomic
def adjustment_set(
    *, actor, cycle: Cycle, village: Village, indicator: CycleIndicator, points, reason: str
) -> Adjustment:
    """Change one indicator's score with a written reason (only during verification).

    The engine's score before the change is kept beside it (original_points)."""
    from .engine import village_outcomes

    require_state(cycle, CycleStatus.VERIFICATION, doing=_("调整分数"))
    _check_village(actor, village)
    if indicator.cycle_id != cycle.pk:
        raise DomainError(_("该指标不属于本考核周期"), field="indicator")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("调整分数必须写明理由"), field="reason")
    try:
        value = scoring.to_decimal(points)
        scoring.check_points(value, indicator.max_points)
    except scoring.ScoringError as exc:
        raise DomainError(str(exc), field="points") from exc
    original = village_outcomes(cycle, village, adjusted=False)[indicator.code].original
    adjustment = Adjustment.objects.filter(cycle=cycle, village=village, indicator=indicator).first() or Adjustment(
        cycle=cycle, village=village, indicator=indicator
    )
    adjustment.points = scoring.round_points(value)
    adjustment.original_points = original
    adjustment.reason = reason
    adjustment.adjusted_by = actor
    adjustment._history_user = actor
    full_clean_or_raise(adjustment, validate_unique=False)
    adjustment.save()
    _recompute(actor, cycle, village)
    return adjustment


@transaction.atomic
def adjustment_delete(*, actor, adjustment: Adjustment) -> None:
    """Withdraw an adjustment: the department's score counts again."""
    require_state(adjustment.cycle, CycleStatus.VERIFICATION, doing=_("调整分数"))
    _check_village(actor, adjustment.village)
    adjustment._history_user = actor
    adjustment.delete()
    _recompute(actor, adjustment.cycle, adjustment.village)
