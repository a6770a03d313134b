"""The cycle's life: open (copying the catalogue), scoring, verification, finalised, published,
and the audited reopening of a finalised cycle."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from villages.models import Department
from xixiang.core.errors import DomainError, full_clean_or_raise

from .. import scoring, selectors
from ..choices import CycleStatus
from ..models import AssessmentSettings, Cycle, CycleIndicator, Indicator
from .catalogue import check_rule, missing_departments
from .common import require_admin, require_state
from .engine import cycle_compute, grades_withdraw, grades_write
from .survey import samples_draw_all


def _set_status(cycle: Cycle, status: str, reason: str, actor=None) -> Cycle:
    cycle.status = status
    cycle._history_user = actor
    cycle._change_reason = reason[:100]
    full_clean_or_raise(cycle, validate_unique=False)
    cycle.save()
    return cycle


@transaction.atomic
def cycle_open(*, actor, year: int) -> Cycle:
    """Open the year's cycle (draft) with copies of the catalogue, thresholds and parameters.

    Refuses a second cycle for the year, a catalogue whose maxima do not add up to 100,
    thresholds out of order, and department names that match no department.
    """
    require_admin(actor)
    if Cycle.objects.filter(year=year).exists():
        raise DomainError(_("%(year)s 年度考核周期已存在") % {"year": year}, field="year")
    catalogue = list(Indicator.objects.order_by("order", "code"))
    if not catalogue:
        raise DomainError(_("考核指标目录是空的"))
    try:
        scoring.check_catalogue([i.max_points for i in catalogue])
    except scoring.ScoringError as exc:
        raise DomainError(str(exc)) from exc
    for indicator in catalogue:
        check_rule(indicator.rule())
    defaults = AssessmentSettings.current()
    thresholds = scoring.Thresholds(defaults.grade1_min, defaults.grade2_min, defaults.grade3_min)
    try:
        scoring.check_thresholds(thresholds)
    except scoring.ScoringError as exc:
        raise DomainError(str(exc)) from exc
    names = [n for i in catalogue for n in [i.lead_department, *i.cooperating_names]]
    missing = missing_departments(names)
    if missing:
        raise DomainError(_("找不到部门：%(names)s（请先在部门单位中建立）") % {"names": "、".join(missing)})
    departments = {d.name: d for d in Department.objects.filter(name__in=names)}

    cycle = Cycle(
        year=year,
        status=CycleStatus.DRAFT,
        opened_by=actor,
        grade1_min=defaults.grade1_min,
        grade2_min=defaults.grade2_min,
        grade3_min=defaults.grade3_min,
        sample_rate=defaults.sample_rate,
        sample_min=defaults.sample_min,
        county_reward_amount=defaults.county_reward_amount,
        county_reward_count=defaults.county_reward_count,
        township_reward_amount=defaults.township_reward_amount,
    )
    full_clean_or_raise(cycle)
    cycle._history_user = actor
    cycle.save()
    copied_fields = [
        "code",
        "dimension",
        "name",
        "unit",
        "max_points",
        "source",
        "mapping",
        "floor",
        "target",
        "tiers",
        "order",
    ]
    copies = CycleIndicator.objects.bulk_create(
        [
            CycleIndicator(
                cycle=cycle, lead_department=departments[i.lead_department], **{f: getattr(i, f) for f in copied_fields}
            )
            for i in catalogue
        ]
    )
    through = CycleIndicator.cooperating_departments.through
    through.objects.bulk_create(
        [
            through(cycleindicator_id=copy.pk, department_id=departments[name].pk)
            for copy, source in zip(copies, catalogue, strict=True)
            for name in source.cooperating_names
        ]
    )
    return cycle


@transaction.atomic
def cycle_start_scoring(*, actor, cycle: Cycle, seed_rng=None) -> Cycle:
    """draft → scoring: departments may enter scores; every village gets its income-survey draw."""
    require_admin(actor)
    require_state(cycle, CycleStatus.DRAFT, doing=_("开始部门打分"))
    _set_status(cycle, CycleStatus.SCORING, _("开始部门打分"), actor)
    samples_draw_all(actor=actor, cycle=cycle, rng=seed_rng)
    return cycle


@transaction.atomic
def cycle_start_verification(*, actor, cycle: Cycle) -> Cycle:
    """scoring → verification: department entry closes, inspection teams verify and adjust."""
    require_admin(actor)
    require_state(cycle, CycleStatus.SCORING, doing=_("转入检查验收"))
    return _set_status(cycle, CycleStatus.VERIFICATION, _("转入检查验收"), actor)


@transaction.atomic
def cycle_finalise(*, actor, cycle: Cycle, reason: str = "") -> Cycle:
    """verification → finalised: run the engine once more and write every village's grade.

    Refused while any village lacks a score for a non-computed indicator
    (selectors.missing_scores), unless the administrator writes a reason: the number missing
    and the reason are kept on the cycle and in its history."""
    require_admin(actor)
    require_state(cycle, CycleStatus.VERIFICATION, doing=_("定案"))
    reason = (reason or "").strip()
    missing = len(selectors.missing_scores(cycle))
    if missing and not reason:
        raise DomainError(
            _("还有 %(n)s 项评分未填（村×指标），不能定案；如确需定案，请写明理由") % {"n": missing}, field="reason"
        )
    cycle_compute(actor=actor, cycle=cycle)
    grades_write(actor=actor, cycle=cycle)
    cycle.finalised_at = timezone.now()
    cycle.finalised_by = actor
    cycle.finalise_missing = missing
    cycle.finalise_reason = reason if missing else ""
    note = _("定案")
    if missing:
        note = _("强制定案（%(n)s 项未评分）：%(reason)s") % {"n": missing, "reason": reason}
    return _set_status(cycle, CycleStatus.FINALISED, note, actor)


@transaction.atomic
def cycle_reread_registry(*, actor, cycle: Cycle):
    """Read A2 (share of households with an income project) from today's registry again and
    recompute (open cycles only; every changed value is kept in its history). Otherwise a cycle
    keeps the share read at its first computation, also when reopened later."""
    return cycle_compute(actor=actor, cycle=cycle, reread_registry=True)


@transaction.atomic
def cycle_publish(*, actor, cycle: Cycle) -> Cycle:
    require_admin(actor)
    require_state(cycle, CycleStatus.FINALISED, doing=_("公布"))
    return _set_status(cycle, CycleStatus.PUBLISHED, _("公布结果"), actor)


@transaction.atomic
def cycle_reopen(*, actor, cycle: Cycle, reason: str) -> Cycle:
    """finalised/published → verification, with the administrator's written reason in the
    cycle's history. The grades the cycle wrote are withdrawn from the villages' grade history
    (each deletion in its history, with the reason) until the cycle is finalised again."""
    require_admin(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("重新打开已定案的考核周期必须写明理由"), field="reason")
    if not cycle.is_closed:
        raise DomainError(_("只有已定案或已公布的考核周期可以重新打开"))
    note = (_("重新打开：%(reason)s") % {"reason": reason})[:100]
    grades_withdraw(actor=actor, cycle=cycle, reason=note)
    cycle.status = CycleStatus.VERIFICATION
    cycle._history_user = actor
    cycle._change_reason = note
    full_clean_or_raise(cycle, validate_unique=False)
    cycle.save()
    return cycle
