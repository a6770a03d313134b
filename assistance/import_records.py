"""Import of assistance records from xlsx (one sheet; the columns assistance.exports writes,
so an export reads back).

The import is atomic: every row is resolved and checked first; one bad row and nothing is
stored, and every bad row is reported with its spreadsheet row number in Chinese.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from assistance import scope as assistance_scope
from households import scope as household_scope
from households.models import Household
from villages import scope as village_scope
from villages.models import Department, Village
from xixiang.core import figures
from xixiang.core.errors import DomainError
from xixiang.lib.excel import read_rows
from xixiang.lib.money import InvalidAmount, to_yuan
from xixiang.lib.xlsx_container import UnreadableWorkbook

from .choices import RecordKind
from .models import AssistanceRecord
from .services import record_prepare

COLUMNS = [
    "日期",
    "类别",
    "台账",
    "户编号",
    "户主",
    "村编码",
    "干部",
    "单位",
    "金额（元）",
    "数量",
    "计量单位",
    "培训人次",
    "备注",
]
REQUIRED = ["日期", "类别"]
KINDS = {str(label): code for code, label in RecordKind.choices} | {code: code for code in RecordKind.values}
MAX_REPORTED_ERRORS = 50


class ImportFailed(DomainError):
    """The import stored nothing; `errors` lists every bad row."""

    def __init__(self, errors: list[str]):
        super().__init__(_("导入失败，未保存任何记录：共 %(n)s 处错误") % {"n": len(errors)})
        self.errors = errors[:MAX_REPORTED_ERRORS]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise DomainError(_("日期“%(v)s”无效，应为 2009-05-01 这样的日期") % {"v": _text(value)}) from exc


def _number(value, label: str, *, integer=False):
    text = _text(value)
    if not text:
        return None
    try:
        amount = to_yuan(value if isinstance(value, (int, float)) else text, allow_negative=True)
    except InvalidAmount as exc:
        raise DomainError(_("%(label)s“%(v)s”不是数字") % {"label": label, "v": text}) from exc
    if amount < 0:
        raise DomainError(_("%(label)s不能为负数") % {"label": label})
    if integer:
        if amount != amount.to_integral_value():
            raise DomainError(_("%(label)s必须是整数") % {"label": label})
        return int(amount)
    return amount


class _Resolver:
    """Looks up households, villages, units and pairings for all rows in a few queries."""

    def __init__(self, actor, rows):
        numbers = {_text(r.get("户编号")) for r in rows} - {""}
        codes = {_text(r.get("村编码")) for r in rows} - {""}
        self.known_households = set(Household.objects.filter(number__in=numbers).values_list("number", flat=True))
        self.households = {h.number: h for h in household_scope.households(actor).filter(number__in=numbers)}
        self.villages = {v.code: v for v in Village.objects.filter(code__in=codes)}
        self.units = {d.name: d for d in Department.objects.all()}
        self.cadre_names = set()
        self.by_household = defaultdict(list)
        for p in (
            assistance_scope.recordable_household_pairings(actor)
            .filter(household__number__in=numbers)
            .select_related("cadre", "household")
        ):
            self.by_household[p.household.number].append(p)
        self.by_village_unit = defaultdict(list)
        for p in (
            assistance_scope.editable_unit_pairings(actor)
            .filter(village__code__in=codes)
            .select_related("unit", "village")
        ):
            self.by_village_unit[p.village.code].append(p)
        self.by_village_leader = defaultdict(list)
        for p in (
            assistance_scope.editable_leader_pairings(actor)
            .filter(village__code__in=codes)
            .select_related("leader", "village")
        ):
            self.by_village_leader[p.village.code].append(p)
        from .models import Cadre

        names = {_text(r.get("干部")) for r in rows} - {""}
        self.cadre_names = set(Cadre.objects.filter(name__in=names).values_list("name", flat=True))
        self.editable_villages = set(
            village_scope.editable_villages(actor).filter(code__in=codes).values_list("code", flat=True)
        )

    @staticmethod
    def _covering(pairings, date, match):
        for p in pairings:
            if match(p) and p.start_date <= date and (p.end_date is None or date <= p.end_date):
                return p
        candidates = [p for p in pairings if match(p)]
        if candidates:  # paired, but not on that date: let record_prepare say why
            return max(candidates, key=lambda p: p.start_date)
        return None

    def pairing(self, row, date):
        number, code = _text(row.get("户编号")), _text(row.get("村编码"))
        cadre, unit = _text(row.get("干部")), _text(row.get("单位"))
        if cadre and cadre not in self.cadre_names:
            raise DomainError(_("找不到干部“%(name)s”") % {"name": cadre})
        if number:
            if number not in self.known_households:
                raise DomainError(_("找不到户编号为 %(n)s 的农户") % {"n": number})
            if number not in self.households:
                raise DomainError(_("农户 %(n)s 不在您的管辖范围内") % {"n": number})
            found = self._covering(self.by_household[number], date, lambda p: not cadre or p.cadre.name == cadre)
            if found is None:
                raise DomainError(
                    _("农户 %(n)s 没有%(who)s的结对") % {"n": number, "who": f"与干部“{cadre}”" if cadre else ""}
                )
            return found
        if not code:
            raise DomainError(_("须填写户编号，或填写村编码及单位（部门联村）或干部（领导联点）"))
        if code not in self.villages:
            raise DomainError(_("找不到村编码为 %(c)s 的行政村") % {"c": code})
        if code not in self.editable_villages:
            raise DomainError(_("行政村 %(c)s 不在您的管辖范围内") % {"c": code})
        if unit:
            if unit not in self.units:
                raise DomainError(_("找不到单位“%(name)s”") % {"name": unit})
            found = self._covering(self.by_village_unit[code], date, lambda p: p.unit.name == unit)
            if found is None:
                raise DomainError(_("单位“%(u)s”没有结对行政村 %(c)s") % {"u": unit, "c": code})
            return found
        if cadre:
            found = self._covering(self.by_village_leader[code], date, lambda p: p.leader.name == cadre)
            if found is None:
                raise DomainError(_("领导“%(name)s”没有联系行政村 %(c)s") % {"name": cadre, "c": code})
            return found
        raise DomainError(_("须填写单位（部门联村）或干部（领导联点）"))


def _record(row) -> AssistanceRecord:
    kind_text = _text(row.get("类别"))
    if kind_text not in KINDS:
        raise DomainError(
            _("类别“%(v)s”无效，应为：%(all)s")
            % {"v": kind_text, "all": "、".join(str(label) for label in RecordKind.labels)}
        )
    return AssistanceRecord(
        date=_date(row.get("日期")),
        kind=KINDS[kind_text],
        amount=_number(row.get("金额（元）"), _("金额")) or 0,
        quantity=_number(row.get("数量"), _("数量")),
        quantity_unit=_text(row.get("计量单位")),
        people_trained=_number(row.get("培训人次"), _("培训人次"), integer=True) or 0,
        note=_text(row.get("备注"))[:200],
    )


@transaction.atomic
def records_import(*, actor, data) -> int:
    """Import assistance records from an xlsx file (an uploaded file, a path or bytes; checked
    by xixiang.lib.excel.read_rows before it is parsed); all rows or none. Returns the count.
    A file that is no readable workbook is refused on the form's `file` field; ImportFailed
    lists the bad rows."""
    if not assistance_scope.can_record(actor):
        raise DomainError(_("您无权导入帮扶记录"))
    try:
        header, numbered = read_rows(data)
    except UnreadableWorkbook as exc:
        raise DomainError(str(exc), field="file") from exc
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFailed([_("缺少列：%(cols)s") % {"cols": "、".join(missing)}])
    rows = [(number, dict(zip(header, values, strict=False))) for number, values in numbered]
    if not rows:
        raise ImportFailed([_("文件中没有数据行")])
    resolver = _Resolver(actor, [row for _, row in rows])
    records, errors = [], []
    for number, row in rows:
        try:
            record = _record(row)
            record_prepare(record, resolver.pairing(row, record.date))
        except DomainError as error:
            errors.append(_("第 %(row)s 行：%(message)s") % {"row": number, "message": error.message})
            continue
        record.created_by = actor
        records.append(record)
    if errors:
        raise ImportFailed(errors)
    bulk_create_with_history(records, AssistanceRecord, batch_size=2000, default_user=actor)
    figures.bump(AssistanceRecord)  # bulk_create sends no post_save
    return len(records)
