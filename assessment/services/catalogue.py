"""Editing the indicator catalogue and the default parameters (administrator only)."""

from django.db import transaction
from django.utils.translation import gettext as _

from villages.models import Department
from xixiang.core.errors import DomainError, full_clean_or_raise

from .. import scoring
from ..models import AssessmentSettings, Indicator
from .common import require_admin


def check_rule(rule: scoring.Rule, field: str | None = None) -> None:
    try:
        scoring.check_rule(rule)
    except scoring.ScoringError as exc:
        raise DomainError(str(exc), field=field) from exc


def missing_departments(names) -> list[str]:
    names = [n for n in dict.fromkeys(names) if n]
    known = set(Department.objects.filter(name__in=names).values_list("name", flat=True))
    return [n for n in names if n not in known]


@transaction.atomic
def catalogue_update(*, actor, indicators: list[Indicator], deleted: list[Indicator] = ()) -> list[Indicator]:
    """Save the edited catalogue as a whole: every rule valid, every department known,
    codes unique, and the maxima of the remaining indicators adding up to exactly 100."""
    require_admin(actor)
    deleted_pks = {i.pk for i in deleted if i.pk}
    kept = [i for i in indicators if i.pk not in deleted_pks or i.pk is None]
    codes = [i.code for i in kept]
    if len(set(codes)) != len(codes):
        raise DomainError(_("指标编号不能重复"), field="code")
    try:
        scoring.check_catalogue([i.max_points for i in kept])
    except scoring.ScoringError as exc:
        raise DomainError(str(exc), field="max_points") from exc
    missing = missing_departments([n for i in kept for n in [i.lead_department, *i.cooperating_names]])
    if missing:
        raise DomainError(_("找不到部门：%(names)s（请先在部门单位中建立）") % {"names": "、".join(missing)})
    for indicator in kept:
        check_rule(indicator.rule())
        if indicator.source == scoring.DIRECT:
            indicator.mapping, indicator.floor, indicator.target, indicator.tiers = "", None, None, []
        full_clean_or_raise(indicator, validate_unique=False, validate_constraints=False)
    for indicator in Indicator.objects.filter(pk__in=deleted_pks):
        indicator._history_user = actor
        indicator.delete()
    for indicator in kept:
        indicator._history_user = actor
        indicator.save()
    return kept


@transaction.atomic
def settings_update(*, actor, settings: AssessmentSettings) -> AssessmentSettings:
    """Save the default thresholds, survey and reward parameters (for cycles opened later)."""
    require_admin(actor)
    try:
        scoring.check_thresholds(scoring.Thresholds(settings.grade1_min, settings.grade2_min, settings.grade3_min))
    except scoring.ScoringError as exc:
        raise DomainError(str(exc), field="grade1_min") from exc
    full_clean_or_raise(settings)
    settings._history_user = actor
    settings.save()
    return settings


@transaction.atomic
def catalogue_save(*, actor, indicators: list[Indicator], deleted: list[Indicator],
                   settings: AssessmentSettings) -> AssessmentSettings:
    """The catalogue page's one save: the catalogue and the default parameters, both or neither."""
    catalogue_update(actor=actor, indicators=[i for i in indicators if i not in deleted], deleted=deleted)
    return settings_update(actor=actor, settings=settings)
