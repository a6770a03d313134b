"""The income survey: systematic draws (stored, re-derivable, redrawn only by the
administrator with a reason) and the sampled households' responses."""

import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from assessment import scope as assessment_scope
from households import categories
from households.models import Household
from villages.models import Village
from xixiang.core.errors import DomainError, full_clean_or_raise
from xixiang.lib.money import InvalidAmount, to_yuan

from .. import sampling
from ..choices import CycleStatus
from ..models import Cycle, SampleDraw, SurveyResponse
from .common import require_admin, require_state

SURVEY_STATES = (CycleStatus.SCORING, CycleStatus.VERIFICATION)
ITEM_FIELDS = ["total_income", "business_expenses", "taxes_and_fees", "depreciation", "gifts_outside"]


def frames(village_ids=None) -> dict[int, list[str]]:
    """village id → household numbers ordered by group code, then household number (one query)."""
    qs = Household.objects.order_by("village_id", "group__code", "number")
    if village_ids is not None:
        qs = qs.filter(village_id__in=village_ids)
    result = defaultdict(list)
    for village_id, number in qs.values_list("village_id", "number"):
        result[village_id].append(number)
    return result


def _build_draw(cycle: Cycle, village_id: int, frame: list[str], seed: int, actor) -> SampleDraw:
    size = sampling.sample_size(len(frame), cycle.sample_rate, cycle.sample_min)
    drawn = sampling.draw(len(frame), size, seed)
    return SampleDraw(
        cycle=cycle,
        village_id=village_id,
        frame=frame,
        population=drawn.population,
        size=drawn.size,
        interval=drawn.interval_float,
        start=drawn.start_float,
        seed=seed,
        positions=list(drawn.positions),
        household_numbers=[frame[p] for p in drawn.positions],
        drawn_by=actor,
    )


@transaction.atomic
def samples_draw_all(*, actor, cycle: Cycle, rng: random.Random | None = None) -> int:
    """Draw the sample of every village that has households and no draw yet (bulk)."""
    require_state(cycle, *SURVEY_STATES, doing=_("抽样"))
    require_admin(actor)
    done = set(cycle.draws.values_list("village_id", flat=True))
    draws = [
        _build_draw(cycle, village_id, frame, sampling.new_seed(rng), actor)
        for village_id, frame in sorted(frames().items())
        if village_id not in done and frame
    ]
    bulk_create_with_history(draws, SampleDraw, batch_size=2000, default_user=actor)
    return len(draws)


@transaction.atomic
def sample_draw(*, actor, cycle: Cycle, village: Village, seed: int | None = None) -> SampleDraw:
    """Draw one village's sample (when it has none yet), from `seed` or a fresh one."""
    require_state(cycle, *SURVEY_STATES, doing=_("抽样"))
    if not assessment_scope.survey_villages(actor).filter(pk=village.pk).exists():
        raise DomainError(_("您无权为该村抽样"))
    if SampleDraw.objects.filter(cycle=cycle, village=village).exists():
        raise DomainError(_("该村本周期已经抽样；重新抽样需要管理员写明理由"))
    frame = frames([village.pk]).get(village.pk, [])
    if not frame:
        raise DomainError(_("该村没有登记农户，无法抽样"))
    draw = _build_draw(cycle, village.pk, frame, sampling.new_seed() if seed is None else seed, actor)
    draw._history_user = actor
    full_clean_or_raise(draw, validate_unique=False)
    draw.save()
    return draw


@transaction.atomic
def sample_redraw(*, actor, cycle: Cycle, village: Village, reason: str, seed: int | None = None) -> SampleDraw:
    """Redraw a village's sample from the current frame (administrator, written reason).

    The responses of the old sample are deleted (their history keeps them)."""
    require_admin(actor)
    require_state(cycle, *SURVEY_STATES, doing=_("重新抽样"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("重新抽样必须写明理由"), field="reason")
    draw = SampleDraw.objects.filter(cycle=cycle, village=village).first()
    if draw is None:
        return sample_draw(actor=actor, cycle=cycle, village=village, seed=seed)
    frame = frames([village.pk]).get(village.pk, [])
    if not frame:
        raise DomainError(_("该村没有登记农户，无法抽样"))
    for response in draw.responses.all():
        response._change_reason = reason[:100]
        response._history_user = actor
        response.delete()
    fresh = _build_draw(cycle, village.pk, frame, sampling.new_seed() if seed is None else seed, actor)
    for field in [
        "frame",
        "population",
        "size",
        "interval",
        "start",
        "seed",
        "positions",
        "household_numbers",
        "drawn_by",
    ]:
        setattr(draw, field, getattr(fresh, field))
    draw._history_user = actor
    draw._change_reason = (_("重新抽样：%(reason)s") % {"reason": reason})[:100]
    full_clean_or_raise(draw, validate_unique=False)
    draw.save()
    return draw


def _response_values(row: dict) -> dict:
    values = {}
    for field in ITEM_FIELDS:
        raw = row.get(field)
        if field != "total_income" and field != "business_expenses" and (raw is None or str(raw).strip() == ""):
            raw = "0"
        try:
            values[field] = to_yuan(raw)
        except InvalidAmount as exc:
            raise DomainError(str(exc), field=field) from exc
    try:
        members = int(str(row.get("resident_members", "")).strip())
    except ValueError as exc:
        raise DomainError(_("常住人口必须是整数"), field="resident_members") from exc
    if members < 1:
        raise DomainError(_("常住人口至少为 1 人"), field="resident_members")
    values["resident_members"] = members
    values["net_income"] = categories.net_income(categories.IncomeItems(**{f: values[f] for f in ITEM_FIELDS}))
    return values


@transaction.atomic
def survey_responses_bulk_save(*, actor, draw: SampleDraw, rows: list[dict]) -> int:
    """Save the income items of sampled households, all or nothing.

    Each row: household_number, the five income items (yuan) and resident_members. A row
    for a household outside the sample is refused. Returns the number of rows stored.
    """
    require_state(draw.cycle, *SURVEY_STATES, doing=_("录入调查数据"))
    if not assessment_scope.survey_villages(actor).filter(pk=draw.village_id).exists():
        raise DomainError(_("您无权录入该村的调查数据"))
    sampled = set(draw.household_numbers)
    parsed = {}
    for row in rows:
        number = str(row.get("household_number", "")).strip()
        if number not in sampled:
            raise DomainError(
                _("户 %(number)s 不是本村的样本户，不能录入调查数据") % {"number": number}, field="household_number"
            )
        try:
            parsed[number] = _response_values(row)
        except DomainError as exc:
            raise DomainError(
                _("户 %(number)s：%(message)s") % {"number": number, "message": exc.message}, field=exc.field
            ) from exc
    household_ids = dict(Household.objects.filter(number__in=parsed).values_list("number", "pk"))
    existing = {r.household_number: r for r in draw.responses.filter(household_number__in=parsed)}
    now = timezone.now()
    to_create, to_update = [], []
    for number, values in parsed.items():
        response = existing.get(number)
        if response is None:
            to_create.append(
                SurveyResponse(
                    draw=draw,
                    household_id=household_ids.get(number),
                    household_number=number,
                    entered_by=actor,
                    entered_at=now,
                    **values,
                )
            )
            continue
        if any(getattr(response, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(response, field, value)
            response.entered_by, response.entered_at = actor, now
            to_update.append(response)
    for response in to_create + to_update:
        full_clean_or_raise(
            response, exclude=["draw", "household", "entered_by"], validate_unique=False, validate_constraints=False
        )
    if to_create:
        bulk_create_with_history(to_create, SurveyResponse, batch_size=2000, default_user=actor)
    if to_update:
        bulk_update_with_history(
            to_update,
            SurveyResponse,
            [*ITEM_FIELDS, "resident_members", "net_income", "entered_by", "entered_at"],
            batch_size=2000,
            default_user=actor,
        )
    return len(to_create) + len(to_update)


def survey_response_save(*, actor, draw: SampleDraw, household_number: str, **items) -> SurveyResponse:
    """Save one sampled household's income items (see survey_responses_bulk_save)."""
    survey_responses_bulk_save(actor=actor, draw=draw, rows=[{"household_number": household_number, **items}])
    return draw.responses.get(household_number=household_number)
