"""The projects workbook (摸底统计): sheet 项目 (the catalogue) and sheet 项目安排 (one row per
allocation, with its village code, amount, status and one column per output kind, headed
“通村水泥路（公里）”). The export writes it, the template is it without rows, the import
reads it back.

The import is atomic: every row of both sheets is checked first; one bad row and nothing is
stored, and every bad row is reported with its sheet and row number in Chinese. Projects are
matched by year and name, allocations by project and village code: a row adds or changes,
never deletes. A dry run checks and counts, then rolls back.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from villages.models import Department, Village
from xixiang.accounts.roles import is_admin
from xixiang.core import figures
from xixiang.core.errors import DomainError
from xixiang.db.bulk import insert_rows
from xixiang.db.history import CREATED, DELETED, create_with_history, record_history, update_with_history
from xixiang.lib.excel import read_sheets
from xixiang.lib.money import InvalidAmount, round_yuan, to_yuan
from xixiang.lib.xlsx_container import Limits

from . import scope as project_scope
from .choices import AllocationStatus, Level
from .models import Allocation, AllocationOutput, Direction, OutputKind, Project

PROJECT_SHEET = "项目"
ALLOCATION_SHEET = "项目安排"
PROJECT_COLUMNS = [
    "年度", "项目名称", "级别", "主管部门", "投资方向", "建设规模", "项目要求", "总投资（元）", "资金来源",
]
PROJECT_REQUIRED = ["年度", "项目名称", "级别", "主管部门", "投资方向", "总投资（元）"]
ALLOCATION_COLUMNS = ["年度", "项目名称", "村编码", "村名", "安排资金（元）", "状态", "开工日期", "完工日期", "备注"]
ALLOCATION_REQUIRED = ["年度", "项目名称", "村编码", "安排资金（元）"]
LEVELS = {str(label): code for code, label in Level.choices} | {code: code for code in Level.values}
STATUSES = {str(label): code for code, label in AllocationStatus.choices} | {c: c for c in AllocationStatus.values}
MAX_REPORTED_ERRORS = 200
#: The command reads county-sized files (5,000 projects, 50,000 allocations); uploads keep the XLSX_* limits.
COMMAND_LIMITS = Limits(max_upload_bytes=100 * 1024 * 1024, max_uncompressed_bytes=1024 * 1024 * 1024,
                        max_cells=5_000_000)


def output_header(kind) -> str:
    return f"{kind.name}（{kind.unit}）"


def allocation_header(kinds) -> list[str]:
    return ALLOCATION_COLUMNS + [output_header(k) for k in kinds]


class ImportFailed(DomainError):
    """The import stored nothing; `errors` lists every bad row (the first MAX_REPORTED_ERRORS)."""

    def __init__(self, errors: list[str]):
        super().__init__(_("导入失败，未保存任何数据：共 %(n)s 处错误") % {"n": len(errors)})
        self.errors = errors[:MAX_REPORTED_ERRORS]
        self.count = len(errors)


@dataclass
class ImportResult:
    projects_created: int = 0
    projects_updated: int = 0
    allocations_created: int = 0
    allocations_updated: int = 0
    dry_run: bool = False


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(value, label: str, *, required: bool) -> Decimal | None:
    if value is None and not required:  # most output cells are empty: the common case first
        return None
    text = _text(value)
    if not text:
        if required:
            raise DomainError(_("%(label)s不能为空") % {"label": label})
        return None
    try:
        amount = to_yuan(value if isinstance(value, int | float) else text, allow_negative=True)
    except InvalidAmount as exc:
        raise DomainError(_("%(label)s“%(v)s”不是数字") % {"label": label, "v": text}) from exc
    if amount < 0:
        raise DomainError(_("%(label)s不能为负数") % {"label": label})
    return amount


def _year(value) -> int:
    text = _text(value)
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise DomainError(_("年度“%(v)s”无效，应为 2000 到 2100 的年份") % {"v": text})
    return int(text)


def _date(value, label: str) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise DomainError(_("%(label)s“%(v)s”无效，应为 2009-05-01 这样的日期") % {"label": label, "v": text}) from exc


def _row_error(errors, sheet, number, message) -> None:
    errors.append(_("“%(sheet)s”第 %(row)s 行：%(message)s") % {"sheet": sheet, "row": number, "message": message})


class _Importer:
    def __init__(self, actor, sheets):
        self.actor = actor
        self.errors: list[str] = []
        self.kinds = list(OutputKind.objects.order_by("order", "id"))
        self.departments = {d.name: d for d in Department.objects.all()}
        self.directions = {d.name: d for d in Direction.objects.all()}
        self.editable_departments = None if is_admin(actor) else {actor.department_id}
        # labels translated once, not once a row
        self.labels = {"amount": _("安排资金"), "start": _("开工日期"), "done": _("完工日期"),
                       "investment": _("总投资"), "planned": str(AllocationStatus.PLANNED.label)}
        self.project_rows = self._sheet(sheets, PROJECT_SHEET, PROJECT_REQUIRED, required=True)
        self.allocation_rows = self._sheet(sheets, ALLOCATION_SHEET, ALLOCATION_REQUIRED, required=False)

    def _sheet(self, sheets, name, required_columns, *, required):
        if name not in sheets:
            if required:
                self.errors.append(_("缺少工作表“%(sheet)s”") % {"sheet": name})
            return [], []
        header, rows = sheets[name]
        missing = [c for c in required_columns if c not in header]
        if missing:
            self.errors.append(_("工作表“%(sheet)s”缺少列：%(cols)s") % {"sheet": name, "cols": "、".join(missing)})
            return [], []
        return header, rows

    # --- projects -------------------------------------------------------------------------

    def projects(self) -> tuple[dict, list[Project], list[Project]]:
        header, rows = self.project_rows
        index = {name: i for i, name in enumerate(header)}
        keyed = {}
        for number, values in rows:
            row = {name: values[i] for name, i in index.items()}
            try:
                project = self._project(row)
            except DomainError as error:
                _row_error(self.errors, PROJECT_SHEET, number, error.message)
                continue
            key = (project.year, project.name)
            if key in keyed:
                _row_error(self.errors, PROJECT_SHEET, number,
                           _("项目“%(name)s”（%(year)s 年）重复") % {"name": project.name, "year": project.year})
                continue
            keyed[key] = (number, project)
        years = {y for y, _n in keyed}
        stored = {(p.year, p.name): p for p in Project.objects.filter(year__in=years, name__in={n for _y, n in keyed})}
        created, updated, projects = [], [], {}
        for key, (number, project) in keyed.items():
            existing = stored.get(key)
            if existing is not None:
                if self.editable_departments is not None and existing.department_id not in self.editable_departments:
                    _row_error(self.errors, PROJECT_SHEET, number, _("只能维护本部门的项目"))
                    continue
                for field in ("level", "department", "direction", "scale", "requirements", "investment",
                              "funding_sources"):
                    setattr(existing, field, getattr(project, field))
                updated.append(existing)
                projects[key] = existing
            else:
                project.created_by = self.actor
                created.append(project)
                projects[key] = project
        return projects, created, updated

    def _project(self, row) -> Project:
        name = _text(row.get("项目名称"))
        if not name:
            raise DomainError(_("项目名称不能为空"))
        if len(name) > 100:
            raise DomainError(_("项目名称不能超过 100 个字"))
        level = _text(row.get("级别"))
        if level not in LEVELS:
            raise DomainError(_("级别“%(v)s”无效，应为：%(all)s")
                              % {"v": level, "all": "、".join(map(str, Level.labels))})
        department_name = _text(row.get("主管部门"))
        department = self.departments.get(department_name)
        if department is None:
            raise DomainError(_("找不到主管部门“%(v)s”") % {"v": department_name})
        if self.editable_departments is not None and department.pk not in self.editable_departments:
            raise DomainError(_("只能维护本部门的项目"))
        direction_name = _text(row.get("投资方向"))
        direction = self.directions.get(direction_name)
        if direction is None:
            raise DomainError(_("投资方向“%(v)s”无效，应为：%(all)s")
                              % {"v": direction_name, "all": "、".join(self.directions)})
        return Project(
            year=_year(row.get("年度")), name=name, level=LEVELS[level], department=department, direction=direction,
            scale=_text(row.get("建设规模"))[:200], requirements=_text(row.get("项目要求"))[:2000],
            investment=_number(row.get("总投资（元）"), self.labels["investment"], required=True),
            funding_sources=_text(row.get("资金来源"))[:200],
        )

    # --- allocations ----------------------------------------------------------------------

    def _output_columns(self, header) -> dict[int, OutputKind]:
        by_header = {output_header(k): k for k in self.kinds}
        columns, self.unknown_columns = {}, {}
        for i, name in enumerate(header):
            if name in ALLOCATION_COLUMNS or not name:
                continue
            if name in by_header:
                columns[i] = by_header[name]
            else:
                self.unknown_columns[i] = name
        return columns

    def _unknown_column_message(self, name: str) -> str:
        kind_name, _sep, unit = name.partition("（")
        unit = unit.rstrip("）")
        known = {k.name: k for k in self.kinds}
        if kind_name in known:
            return _("建设内容“%(kind)s”的计量单位应为“%(unit)s”，不是“%(given)s”") % {
                "kind": kind_name, "unit": known[kind_name].unit, "given": unit}
        return _("未知的建设内容或计量单位“%(v)s”，应为：%(all)s") % {
            "v": name, "all": "、".join(output_header(k) for k in self.kinds)}

    def allocations(self, projects: dict) -> list[tuple]:
        header, rows = self.allocation_rows
        index = {name: i for i, name in enumerate(header)}
        outputs_at = self._output_columns(header)
        codes = {_text(values[index["村编码"]]) for _n, values in rows} if rows else set()
        villages = {v.code: v for v in Village.objects.filter(code__in=codes)}
        allowed = set(project_scope.allocatable_villages(self.actor).filter(code__in=codes)
                      .values_list("code", flat=True))
        parsed = []
        seen = set()
        for number, values in rows:
            row = {name: values[i] for name, i in index.items()}
            try:
                bad = [name for i, name in self.unknown_columns.items() if _text(values[i])]
                if bad:
                    raise DomainError("；".join(self._unknown_column_message(name) for name in bad))
                key, village, allocation, outputs = self._allocation(row, values, projects, villages, allowed,
                                                                     outputs_at)
            except DomainError as error:
                _row_error(self.errors, ALLOCATION_SHEET, number, error.message)
                continue
            if (key, village.code) in seen:
                _row_error(self.errors, ALLOCATION_SHEET, number,
                           _("项目“%(name)s”对行政村 %(code)s 的安排重复") % {"name": key[1], "code": village.code})
                continue
            seen.add((key, village.code))
            parsed.append((number, key, village, allocation, outputs))
        return parsed

    def _allocation(self, row, values, projects, villages, allowed, outputs_at):
        key = (_year(row.get("年度")), _text(row.get("项目名称")))
        project = projects.get(key)
        if project is None:
            stored = Project.objects.filter(year=key[0], name=key[1]).first()
            if stored is None:
                raise DomainError(_("找不到 %(year)s 年的项目“%(name)s”（须在“项目”表中或已登记）")
                                  % {"year": key[0], "name": key[1]})
            if self.editable_departments is not None and stored.department_id not in self.editable_departments:
                raise DomainError(_("只能为本部门的项目安排资金"))
            projects[key] = project = stored
        code = _text(row.get("村编码"))
        village = villages.get(code)
        if village is None:
            raise DomainError(_("找不到村编码为“%(c)s”的行政村") % {"c": code})
        if code not in allowed:
            raise DomainError(_("行政村 %(c)s（%(name)s）不在您的管辖范围内") % {"c": code, "name": village.name})
        status_text = _text(row.get("状态")) or self.labels["planned"]
        if status_text not in STATUSES:
            raise DomainError(_("状态“%(v)s”无效，应为：%(all)s")
                              % {"v": status_text, "all": "、".join(map(str, AllocationStatus.labels))})
        # (amount, status, start_date, completion_date, note): a tuple, not an Allocation (its
        # __init__ cost more than the rest of the row's checks)
        status = STATUSES[status_text]
        start, done = _date(row.get("开工日期"), self.labels["start"]), _date(row.get("完工日期"), self.labels["done"])
        allocation = (_number(row.get("安排资金（元）"), self.labels["amount"], required=True), status, start, done,
                      _text(row.get("备注"))[:200])
        if status == AllocationStatus.COMPLETED and done is None:
            raise DomainError(_("已完成的项目安排须填写完工日期"))
        if status != AllocationStatus.COMPLETED and done is not None:
            raise DomainError(_("未完成的项目安排不能填写完工日期"))
        if start and done and done < start:
            raise DomainError(_("完工日期不能早于开工日期"))
        outputs = []
        for i, kind in outputs_at.items():
            quantity = _number(values[i], kind.name, required=False)
            if quantity:
                outputs.append((kind, quantity))
        return key, village, allocation, outputs


@transaction.atomic
def projects_import(*, actor, data, dry_run: bool = False, limits: Limits | None = None) -> ImportResult:
    """Import the projects workbook (an uploaded file, a path or bytes); all rows or none.
    UnreadableWorkbook when the file is no readable workbook; ImportFailed lists the bad rows."""
    if not project_scope.can_edit_projects(actor):
        raise DomainError(_("您无权导入项目"))
    importer = _Importer(actor, read_sheets(data, limits=limits))
    if importer.errors:
        raise ImportFailed(importer.errors)
    if not importer.project_rows[1] and not importer.allocation_rows[1]:
        raise ImportFailed([_("文件中没有数据行")])
    projects, created, updated = importer.projects()
    parsed = importer.allocations(projects)
    _check_investments(importer, projects, parsed)
    if importer.errors:
        raise ImportFailed(importer.errors)
    stored_ids = [p.pk for p in projects.values() if p.pk]  # before the new ones get theirs
    if created:
        create_with_history(Project, created, user=actor)
    if updated:
        update_with_history(Project, updated, ["level", "department", "direction", "scale", "requirements",
                                               "investment", "funding_sources"], user=actor)
    result = ImportResult(projects_created=len(created), projects_updated=len(updated), dry_run=dry_run)
    _store_allocations(actor, projects, parsed, result, stored_ids)
    figures.bump(Project, Allocation, AllocationOutput)  # the bulk paths send no signals
    if dry_run:
        transaction.set_rollback(True)
    return result


def _check_investments(importer, projects, parsed) -> None:
    """Per project: the file's allocations plus the stored ones it does not replace stay within
    the investment (as the file sets it)."""
    stored_ids = [p.pk for p in projects.values() if p.pk]
    replaced = defaultdict(set)
    for _row, key, village, _a, _o in parsed:
        replaced[key].add(village.pk)
    stored = defaultdict(list)
    for project_id, village_id, amount in Allocation.objects.filter(project_id__in=stored_ids).values_list(
            "project_id", "village_id", "amount"):
        stored[project_id].append((village_id, amount))
    in_file = defaultdict(Decimal)
    first_row = {}
    for number, key, _village, allocation, _o in parsed:
        in_file[key] += allocation[0]
        first_row.setdefault(key, number)
    for key, amount in in_file.items():
        project = projects[key]
        kept = sum((a for v, a in stored.get(project.pk, []) if v not in replaced[key]), Decimal(0)) if project.pk \
            else Decimal(0)
        if kept + amount > project.investment:
            _row_error(importer.errors, ALLOCATION_SHEET, first_row[key], _(
                "项目“%(name)s”（%(year)s 年）总投资 %(investment)s 元，"
                "安排资金合计 %(total)s 元，超出 %(excess)s 元") % {
                "name": key[1], "year": key[0], "investment": round_yuan(project.investment),
                "total": round_yuan(kept + amount), "excess": round_yuan(kept + amount - project.investment)})
    # a project whose investment the file lowers below the allocations it keeps
    for key, project in projects.items():
        if key in in_file or not project.pk:
            continue
        kept = sum((a for _v, a in stored.get(project.pk, [])), Decimal(0))
        if kept > project.investment:
            importer.errors.append(_("“项目”表：项目“%(name)s”已安排资金 %(kept)s 元，总投资不能少于已安排资金")
                                   % {"name": key[1], "kept": round_yuan(kept)})


ALLOCATION_FIELDS = ("amount", "status", "start_date", "completion_date", "note")
NEW_ALLOCATION_COLUMNS = ("project_id", "village_id", "township_id", "year", "created_by_id") + ALLOCATION_FIELDS


def _store_allocations(actor, projects, parsed, result: ImportResult, stored_ids) -> None:
    """Allocations new to the database go in as plain rows (xixiang.db.bulk.insert_rows), with
    their outputs; those the file changes are updated and their outputs replaced."""
    if not parsed:
        return
    stored = {(a.project_id, a.village_id): a for a in Allocation.objects.filter(project_id__in=stored_ids)} \
        if stored_ids else {}
    new, changed, new_outputs, changed_outputs = [], [], [], []
    for _row, key, village, allocation, outputs in parsed:
        project = projects[key]
        existing = stored.get((project.pk, village.pk))
        if existing is not None:
            for field, value in zip(ALLOCATION_FIELDS, allocation, strict=True):
                setattr(existing, field, value)
            changed.append(existing)
            changed_outputs.append((existing.pk, outputs))
        else:
            new.append((project.pk, village.pk, village.township_id, key[0], actor.pk, *allocation))
            new_outputs.append(outputs)
    if changed:
        update_with_history(Allocation, changed, list(ALLOCATION_FIELDS), user=actor)
        stale = AllocationOutput.objects.filter(allocation__in=[a.pk for a in changed])
        record_history(AllocationOutput, list(stale.values_list("pk", flat=True)), history_type=DELETED, user=actor)
        stale._raw_delete(stale.db)
    pks = insert_rows(Allocation, NEW_ALLOCATION_COLUMNS, new)
    record_history(Allocation, pks, history_type=CREATED, user=actor)
    rows = [(pk, kind.pk, q) for pk, outputs in [*changed_outputs, *zip(pks, new_outputs, strict=True)]
            for kind, q in outputs]
    record_history(AllocationOutput, insert_rows(AllocationOutput, ("allocation_id", "kind_id", "quantity"), rows),
                   history_type=CREATED, user=actor)
    result.allocations_created, result.allocations_updated = len(new), len(changed)
