"""The plan as an xlsx: one row per village (village code, name, township, the target grade of
each plan year, measures, responsible people). `targets.exports` writes these columns, so an
export imports again unchanged.

The import is all or nothing: every row is checked first (village known and in the plan, in the
importer's township, grades 1–4 and not worse than the village's current grade or the year
before, a reason for changes to approved plans); one bad row and nothing is stored, and every
bad row is listed with its spreadsheet row number in Chinese.
"""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from villages.models import Village
from xixiang.core.errors import DomainError
from xixiang.lib.excel import read_rows
from xixiang.lib.xlsx_container import UnreadableWorkbook

from . import rules, services
from . import scope as target_scope
from .models import Plan, VillagePlan

CODE, NAME, TOWNSHIP = "村编码", "村名", "乡镇"
PEOPLE = {"工作措施": "measures", "乡镇包抓领导": "township_leader", "村党支部书记": "party_secretary",
          "联系领导": "contact_leader"}
STATUS = "状态"
YEAR_HEADER = re.compile(r"^(\d{4})\s*年?\s*目标级类$")
MAX_REPORTED_ERRORS = 200


def year_header(year: int) -> str:
    return f"{year}年目标级类"


def columns(plan: Plan) -> list[str]:
    return [CODE, NAME, TOWNSHIP, *(year_header(y) for y in plan.years), *PEOPLE, STATUS]


class ImportFailed(DomainError):
    """The import stored nothing; `errors` lists every bad row."""

    def __init__(self, errors: list[str]):
        super().__init__(_("导入失败，未保存任何目标：共 %(n)s 处错误") % {"n": len(errors)})
        self.errors = errors[:MAX_REPORTED_ERRORS]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _years(header: list[str], plan: Plan) -> tuple[dict[int, int], list[str]]:
    """{year: column index} of the target columns, and the errors of columns outside the plan."""
    found, errors = {}, []
    for index, name in enumerate(header):
        match = YEAR_HEADER.match(name)
        if not match:
            continue
        year = int(match.group(1))
        if year not in plan.years:
            errors.append(_("列“%(col)s”：年度 %(year)s 不在规划期内（%(first)s–%(last)s 年）") % {
                "col": name, "year": year, "first": plan.first_year, "last": plan.last_year})
        else:
            found[year] = index
    return found, errors


@transaction.atomic
def plan_import(*, actor, plan: Plan, data, reason: str = "") -> int:
    """Import village targets into `plan` from an xlsx (an uploaded file, a path or bytes); all
    rows or none. Returns the number of villages whose plan changed or was created."""
    if not target_scope.can_propose(actor):
        raise DomainError(_("您无权导入目标任务"))
    try:
        header, numbered = read_rows(data)
    except UnreadableWorkbook as exc:
        raise DomainError(str(exc), field="file") from exc
    if CODE not in header:
        raise ImportFailed([_("缺少列：%(cols)s") % {"cols": CODE}])
    year_columns, errors = _years(header, plan)
    if not year_columns and not errors:
        raise ImportFailed([_("缺少目标级类列（如“%(col)s”）") % {"col": year_header(plan.first_year)}])
    people_columns = {field: header.index(name) for name, field in PEOPLE.items() if name in header}
    if not numbered:
        raise ImportFailed([*errors, _("文件中没有数据行")])
    code_index = header.index(CODE)
    codes = {_text(values[code_index]) for _n, values in numbered}
    villages = {v.code: v for v in Village.objects.filter(code__in=codes).select_related("township")}
    editable = set(target_scope.editable_villages(actor).filter(code__in=codes).values_list("code", flat=True))
    grades = services.current_grades([v.pk for v in villages.values()])
    stored = {vp.village.code: vp for vp in VillagePlan.objects.filter(plan=plan, village__code__in=codes)
              .select_related("village").prefetch_related("targets")}
    seen: dict[str, int] = {}
    rows = []
    for number, values in numbered:
        problems = []
        code = _text(values[code_index])
        village = villages.get(code)
        if not code:
            problems.append(_("村编码不能为空"))
        elif village is None:
            problems.append(_("找不到村编码为 %(code)s 的行政村（不在本规划中）") % {"code": code})
        elif code not in editable:
            problems.append(_("行政村 %(code)s（%(name)s）不在您负责的乡镇") % {"code": code, "name": village.name})
        elif code in seen:
            problems.append(_("村编码 %(code)s 与第 %(row)s 行重复") % {"code": code, "row": seen[code]})
        targets = {}
        for year, index in year_columns.items():
            parsed = rules.parse_grade(values[index])
            if isinstance(parsed, str):
                problems.append(_("%(year)s 年目标级类必须是 1 到 4 的整数，而不是“%(value)s”") % {
                    "year": year, "value": parsed})
            else:
                targets[year] = parsed
        people = {field: _text(values[index]) for field, index in people_columns.items()}
        if village is not None and not problems:
            problems += [message for _year, message in services.target_problems(plan, targets,
                                                                                  grades.get(village.pk, {}))]
            existing = stored.get(code)
            if existing is not None and not problems:
                kept = {f: getattr(existing, f) for f in people_columns}
                changed = ({t.year: t.grade for t in existing.targets.all()}
                           != {y: g for y, g in targets.items() if g is not None}
                           or kept != people)
                if changed and existing.is_approved and not reason.strip():
                    problems.append(_("该村规划已审定，修改必须填写修改理由"))
        if code and code not in seen:
            seen[code] = number
        if problems:
            errors += [_("第 %(row)s 行：%(message)s") % {"row": number, "message": p} for p in problems]
        else:
            rows.append((village, targets, people))
    if errors:
        raise ImportFailed(errors)
    changed = 0
    for village, targets, people in rows:
        existing = stored.get(village.code)
        values = {f: people.get(f, getattr(existing, f) if existing else "") for f in PEOPLE.values()}
        if existing is not None:
            # a year column left out of the file keeps its stored target
            kept = {t.year: t.grade for t in existing.targets.all() if t.year not in year_columns}
            targets = {**kept, **targets}
        before = existing.history.count() if existing else 0
        row = services.village_plan_save(actor=actor, plan=plan, village=village, targets=targets, reason=reason,
                                         **values)
        changed += existing is None or row.history.count() != before
    return changed
