"""Department scores: one cell at a time (the grid) or many at once (xlsx upload, demo)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from assessment import scope as assessment_scope
from villages.models import Village
from xixiang.core.concurrency import concurrent_edit_error, next_version, version_check, version_claim
from xixiang.core.errors import DomainError, full_clean_or_raise
from xixiang.lib.excel import read_rows
from xixiang.lib.xlsx_container import UnreadableWorkbook

from .. import scoring
from ..choices import CycleStatus
from ..models import Cycle, CycleIndicator, Score
from .common import require_state

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


class BulkEntryError(DomainError):
    """An upload refused as a whole; `errors` lists every bad row ("第 n 行 …")."""

    def __init__(self, errors: list[str]):
        super().__init__(_("上传的表格有 %(n)s 处错误，未保存任何数据") % {"n": len(errors)})
        self.errors = errors


def parse_entry(indicator: CycleIndicator, raw) -> Decimal | None:
    """The number a department typed for an indicator, checked against its kind.

    Blank → None. Direct: points 0..max. Percentages: 0..100. Other values: ≥ 0.
    Kept to 0.01.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        number = scoring.to_decimal(raw)
        if indicator.source == scoring.DIRECT:
            scoring.check_points(number, indicator.max_points)
    except scoring.ScoringError as exc:
        raise DomainError(str(exc), field="value") from exc
    if indicator.source != scoring.DIRECT:
        if indicator.unit == "%" and not (0 <= number <= HUNDRED):
            raise DomainError(_("百分比必须在 0 到 100 之间"), field="value")
        if number < 0:
            raise DomainError(_("数值不能为负数"), field="value")
    if abs(number) >= Decimal("1e12"):
        raise DomainError(_("数值过大"), field="value")
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def _check_indicator(actor, cycle: Cycle, indicator: CycleIndicator) -> None:
    if (
        indicator.cycle_id != cycle.pk
        or not assessment_scope.scorable_indicators(actor, cycle).filter(pk=indicator.pk).exists()
    ):
        raise DomainError(_("您无权填报指标 %(code)s") % {"code": indicator.code})


@transaction.atomic
def score_set(
    *, actor, cycle: Cycle, village: Village, indicator: CycleIndicator, raw, version: int | None = None
) -> Score | None:
    """Enter (or clear, when blank) one department cell. Only while the cycle is scoring.

    `version` is the cell's version when the grid showed it (0: no score yet): if the cell
    changed since, a ConcurrentEditError refuses the entry (xixiang.core.concurrency). Without
    it (scripts, the demo) the entry is written over whatever is stored.
    """
    require_state(cycle, CycleStatus.SCORING, doing=_("录入部门评分"))
    _check_indicator(actor, cycle, indicator)
    if not assessment_scope.grid_villages(actor).filter(pk=village.pk).exists():
        raise DomainError(_("您无权为该村评分"))
    value = parse_entry(indicator, raw)
    lookup = {"cycle_id": cycle.pk, "village_id": village.pk, "indicator_id": indicator.pk}
    existing = Score.objects.select_for_update().filter(**lookup).first()
    if existing is not None:
        version_claim(existing, opened=existing.version if version is None else version)
    elif version is not None:
        version_check(Score, lookup, version, current=None)
    if value is None:
        if existing:
            existing._history_user = actor
            existing.delete()
        return None
    score = existing or Score(cycle=cycle, village=village, indicator=indicator, version=next_version(Score, lookup))
    score.value = value
    score.entered_by = actor
    score._history_user = actor
    full_clean_or_raise(score, validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            score.save()
    except IntegrityError as exc:  # entered by someone else between the check and the insert
        raise concurrent_edit_error(Score, lookup, 0) from exc
    return score


@dataclass(frozen=True)
class Entry:
    """One cell of an upload: where it came from (row, column label) and what it says."""

    row: int
    village_code: str
    indicator_code: str
    raw: object


@transaction.atomic
def scores_bulk_enter(*, actor, cycle: Cycle, entries: list[Entry]) -> int:
    """Enter many cells at once, all or nothing. Blank cells are skipped (left as they are).

    Every bad cell is reported with its row; if there is any, nothing is stored
    (BulkEntryError). Returns the number of cells stored. A fixed number of queries.

    The upload is the department's whole sheet: a cell someone changed after the file was
    downloaded is overwritten by the file's value (its history keeps the earlier one). Each
    changed cell's version goes up, so a grid left open on the old value is refused.
    """
    require_state(cycle, CycleStatus.SCORING, doing=_("录入部门评分"))
    indicators = {i.code: i for i in assessment_scope.scorable_indicators(actor, cycle)}
    all_codes = set(cycle.indicators.values_list("code", flat=True))
    villages = dict(
        assessment_scope.grid_villages(actor)
        .filter(code__in={e.village_code for e in entries})
        .values_list("code", "pk")
    )
    errors, values = [], {}
    for entry in entries:
        indicator = indicators.get(entry.indicator_code)
        if indicator is None:
            if entry.indicator_code in all_codes:
                errors.append(
                    _("第 %(row)s 行 %(code)s：您无权填报该指标") % {"row": entry.row, "code": entry.indicator_code}
                )
            else:
                errors.append(_("第 %(row)s 行：没有指标 %(code)s") % {"row": entry.row, "code": entry.indicator_code})
            continue
        village_id = villages.get(str(entry.village_code).strip())
        if village_id is None:
            errors.append(_("第 %(row)s 行：没有编码为 %(code)s 的村") % {"row": entry.row, "code": entry.village_code})
            continue
        try:
            value = parse_entry(indicator, entry.raw)
        except DomainError as exc:
            errors.append(
                _("第 %(row)s 行 %(code)s：%(message)s")
                % {"row": entry.row, "code": indicator.code, "message": exc.message}
            )
            continue
        if value is not None:
            values[(village_id, indicator.pk)] = value
    if errors:
        raise BulkEntryError(errors)
    existing = {
        (s.village_id, s.indicator_id): s
        for s in Score.objects.filter(
            cycle=cycle, indicator_id__in=[i.pk for i in indicators.values()], village_id__in=set(villages.values())
        )
    }
    now = timezone.now()
    to_create, to_update = [], []
    for (village_id, indicator_id), value in values.items():
        score = existing.get((village_id, indicator_id))
        if score is None:
            score = Score(
                cycle=cycle,
                village_id=village_id,
                indicator_id=indicator_id,
                value=value,
                entered_by=actor,
                entered_at=now,
            )
            to_create.append(score)
        elif score.value != value:
            score.value, score.entered_by, score.entered_at = value, actor, now
            score.version += 1  # an open grid cell showing the old value is refused after this
            to_update.append(score)
    for score in to_create + to_update:
        full_clean_or_raise(
            score,
            exclude=["cycle", "village", "indicator", "entered_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    if to_create:
        bulk_create_with_history(to_create, Score, batch_size=5000, default_user=actor)
    if to_update:
        bulk_update_with_history(
            to_update, Score, ["value", "entered_by", "entered_at", "version"], batch_size=2000, default_user=actor
        )
    return len(to_create) + len(to_update)


GRID_CODE_COLUMN = "村编码"


def grid_entries(header: list[str], rows) -> list[Entry]:
    """The cells of a filled grid (the downloaded score sheet: a 村编码 column and one column per
    indicator headed "<code> <name>…"), as entries; a header of another sheet is refused."""
    if GRID_CODE_COLUMN not in header:
        raise DomainError(_("表头缺少“村编码”列，请使用下载的评分表"), field="file")
    code_column = header.index(GRID_CODE_COLUMN)
    columns = [
        (index, label.split(" ")[0].strip())
        for index, label in enumerate(header)
        if label and label[0] in "ABCDE" and " " in label
    ]
    if not columns:
        raise DomainError(_("表头没有指标列，请使用下载的评分表"), field="file")
    entries = []
    for number, values in rows:
        code = values[code_column]
        code = str(int(code)) if isinstance(code, float) and code.is_integer() else str(code).strip()
        entries.extend(Entry(number, code, indicator_code, values[index]) for index, indicator_code in columns)
    return entries


@transaction.atomic
def scores_upload(*, actor, cycle: Cycle, upload) -> int:
    """Enter a filled grid uploaded as xlsx: every cell checked, all stored or none (BulkEntryError
    names each bad row). Returns the number of cells stored."""
    try:
        header, rows = read_rows(upload)
    except UnreadableWorkbook as exc:
        raise DomainError(str(exc), field="file") from exc
    return scores_bulk_enter(actor=actor, cycle=cycle, entries=grid_entries(header, rows))
