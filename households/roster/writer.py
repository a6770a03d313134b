"""Writing roster workbooks with openpyxl: the export (write-only, streamed from the database in
chunks), the blank template and the workbook of a dry run's errors.

The export has the layout the importer reads (spec/roster.md), so importing it again changes
nothing: one 农户 row per household and income year (a household without income records gets
one row with blank income cells), one 家庭成员 row per member.
"""

from django.utils.translation import gettext as _

from xixiang.db.keys import key_set
from xixiang.lib.excel import header_cells, list_validation, safe_row, set_widths, write_only_workbook
from xixiang.lib.id_numbers import mask_id_number

from ..models import INDUSTRY_FIELDS, IncomeRecord, Member
from .columns import (
    CATEGORIES,
    CODES_GROUP_COLUMN,
    CODES_HEADERS,
    CODES_SHEET,
    HARDSHIPS,
    HEALTHS,
    HOUSEHOLD_COLUMNS,
    HOUSEHOLD_SHEET,
    INDUSTRIES,
    INSTRUCTIONS_SHEET,
    LABOUR_ABILITIES,
    MEMBER_COLUMNS,
    MEMBER_SHEET,
    RELATIONS,
    SEXES,
    labels,
)

CHUNK = 2000
INDUSTRY_LABELS = labels(INDUSTRIES)
HARDSHIP_LABELS = labels(HARDSHIPS)
CATEGORY_LABELS = labels(CATEGORIES)
RELATION_LABELS = labels(RELATIONS)
SEX_LABELS = labels(SEXES)
LABOUR_LABELS = labels(LABOUR_ABILITIES)
HEALTH_LABELS = labels(HEALTHS)
HOUSEHOLD_VALUES = (
    "id",
    "number",
    "head_name",
    "head_id_number",
    "phone",
    "resident_count",
    "labour_count",
    *INDUSTRY_FIELDS.values(),
    "has_income_project",
    "hardship",
    "category",
    "is_large_producer",
    "large_producer_scale",
)
INCOME_VALUES = (
    "household_id",
    "year",
    "resident_members",
    "total_income",
    "business_expenses",
    "taxes_and_fees",
    "depreciation",
    "gifts_outside",
)
MEMBER_VALUES = ("household_id", "name", "id_number", "relation", "sex", "labour_ability", "health")

INSTRUCTIONS = [
    "农户信息表填写说明",
    "",
    "1. 本工作簿有“农户”和“家庭成员”两张表；表头文字不能修改，列的顺序可以调整，多余的列会被忽略。",
    "2. “农户”表每户每个年度一行：同一户的多行除“年度”、“家庭人口”和收入各项外必须完全相同。",
    "3. 户编号为 17 位数字（村编码 12 位 + 组 2 位 + 户序号 3 位）；户编号和身份证号请设为“文本”格式，"
    "否则 Excel 会把它们变成科学计数法，末尾几位会丢失。",
    "4. 金额以元为单位，不能为负数；税费、折旧、赠送亲友支出空白时按 0 计算。",
    "5. 户类别空白时按人均纯收入自动计算；填写且与计算结果不同时，作为调整类别保存（理由“导入时指定”）。",
    "6. “家庭成员”表每人一行；户编号须在“农户”表或系统中已有；身份证号全县唯一。",
    "7. 导入只新增和修改，不删除；乡镇文书只能导入本乡镇的农户。",
    "8. 导入前会先检查整个文件并列出全部错误（工作表、行号、列和原因）；有任何错误时什么也不保存。",
    "",
    "各列说明：",
]


def _instructions(ws) -> None:
    set_widths(ws, [22, 10, 70])
    for line in INSTRUCTIONS:
        ws.append([line])
    for sheet, columns in ((HOUSEHOLD_SHEET, HOUSEHOLD_COLUMNS), (MEMBER_SHEET, MEMBER_COLUMNS)):
        ws.append([])
        ws.append(header_cells(ws, [f"“{sheet}”表", "必填", "说明"]))
        for column in columns:
            ws.append([column.header, "是" if column.required else "否", column.note or "、".join(column.choices)])


def _codes_sheet(wb, households_ws, groups) -> None:
    """Sheet 村组编码: (township, village code, village, group code, group) of each group the
    importer may import, and on the 户编号 column of sheet 农户 a drop-down of those group codes
    (the first 14 digits; the 3-digit household sequence is typed after it). Not strict: a
    full 户编号 is not in the list. The importer reads only 农户 and 家庭成员."""
    ws = wb.create_sheet(CODES_SHEET)
    set_widths(ws, [12, 16, 14, 18, 12])
    ws.append(header_cells(ws, list(CODES_HEADERS)))
    count = 0
    for row in groups:
        ws.append(safe_row(ws, list(row)))
        count += 1
    if not count:
        return
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(
        type="list",
        formula1=f"'{CODES_SHEET}'!${CODES_GROUP_COLUMN}$2:${CODES_GROUP_COLUMN}${count + 1}",
        allow_blank=True,
        showErrorMessage=False,
        showInputMessage=True,
        promptTitle="户编号",
        prompt="可从下拉列表选择村民小组编码（14 位，见“村组编码”表），再在后面补 3 位户序号",
    )
    validation.add("A2:A1048576")
    households_ws.data_validations.append(validation)


def _prepare_sheet(ws, columns) -> None:
    set_widths(ws, [column.width for column in columns])
    ws.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        if column.choices:
            list_validation(ws, index, column.choices, strict=column.key != "industries")
    ws.append(header_cells(ws, [c.header for c in columns], required={c.header for c in columns if c.required}))


def _household_row(household, income, mask: bool) -> list:
    (
        _pk,
        number,
        head_name,
        head_id,
        phone,
        residents,
        labour,
        tea,
        pigs,
        tobacco,
        migration,
        other,
        project,
        hardship,
        category,
        large_producer,
        scale,
    ) = household
    industries = "、".join(
        INDUSTRY_LABELS[code]
        for code, flag in zip(INDUSTRY_FIELDS, (tea, pigs, tobacco, migration, other), strict=True)
        if flag
    )
    if income is None:
        year, residents_year, money = None, residents, (None,) * 5
    else:
        year, residents_year, money = income[1], income[2], income[3:]
    return [
        number,
        head_name,
        mask_id_number(head_id) if mask else head_id,
        phone,
        residents_year,
        labour,
        industries,
        "是" if project else "否",
        HARDSHIP_LABELS.get(hardship, "无"),
        year,
        *money,
        CATEGORY_LABELS.get(category, ""),
        "是" if large_producer else "否",
        scale,
    ]


def _member_row(number: str, member, mask: bool) -> list:
    _household, name, id_number, relation, sex, labour, health = member
    return [
        number,
        name,
        mask_id_number(id_number) if mask else id_number,
        RELATION_LABELS.get(relation, ""),
        SEX_LABELS.get(sex, ""),
        LABOUR_LABELS.get(labour, ""),
        HEALTH_LABELS.get(health, ""),
    ]


def write_roster(
    out, households, *, year: int | None = None, blank: bool = False, mask_ids: bool = False, progress=None,
    groups=None,
) -> dict:
    """Write the roster of `households` (a queryset, already scoped and filtered) to `out`.

    With `year`, only that year's income records are written; households without one get a
    row with that year and blank amounts, ready to be filled in. With `blank` (and a year), every
    household gets that blank row and no income record is read (a year's template). Returns
    the row counts. With `groups` (rows of households.selectors.roster_group_codes), sheet
    村组编码 and the 户编号 drop-down of its group codes are added (the year's template).
    """
    wb = write_only_workbook()
    _instructions(wb.create_sheet(INSTRUCTIONS_SHEET))
    sheet = wb.create_sheet(HOUSEHOLD_SHEET)
    _prepare_sheet(sheet, HOUSEHOLD_COLUMNS)
    members_sheet = wb.create_sheet(MEMBER_SHEET)
    _prepare_sheet(members_sheet, MEMBER_COLUMNS)
    if groups is not None:
        _codes_sheet(wb, sheet, groups)
    counts = {"households": 0, "rows": 0, "members": 0}
    ordered = households.order_by("number").values_list(*HOUSEHOLD_VALUES)
    chunk = []
    for household in ordered.iterator(chunk_size=CHUNK):
        chunk.append(household)
        if len(chunk) >= CHUNK:
            _write_chunk(chunk, sheet, members_sheet, year, mask_ids, counts, blank=blank)
            chunk = []
            if progress:
                progress(counts)
    if chunk:
        _write_chunk(chunk, sheet, members_sheet, year, mask_ids, counts, blank=blank)
    wb.save(out)
    if progress:
        progress(counts)
    return counts


def _write_chunk(chunk, sheet, members_sheet, year, mask, counts, *, blank: bool = False) -> None:
    pks = [household[0] for household in chunk]
    by_household = {}
    if not blank:
        incomes = IncomeRecord.objects.filter(household_id__in=key_set(pks))
        if year is not None:
            incomes = incomes.filter(year=year)
        for income in incomes.order_by("household_id", "year").values_list(*INCOME_VALUES):
            by_household.setdefault(income[0], []).append(income)
    members = {}
    for member in (
        Member.objects.filter(household_id__in=key_set(pks)).order_by("household_id", "id").values_list(*MEMBER_VALUES)
    ):
        members.setdefault(member[0], []).append(member)
    append, append_member = sheet.append, members_sheet.append
    for household in chunk:
        records = by_household.get(household[0])
        if records is None:
            records = [None] if year is None else [(household[0], year, household[5], None, None, None, None, None)]
        for income in records:
            append(safe_row(sheet, _household_row(household, income, mask)))
            counts["rows"] += 1
        for member in members.get(household[0], ()):
            append_member(safe_row(members_sheet, _member_row(household[1], member, mask)))
            counts["members"] += 1
        counts["households"] += 1


def write_template(out, groups=()) -> None:
    """The blank roster: instructions, both sheets' headers, drop-down lists, text columns, and
    sheet 村组编码 listing `groups` (rows of households.selectors.roster_group_codes)."""
    from openpyxl import Workbook  # imported here: processes that write no roster do not load it

    wb = Workbook()
    _instructions(wb.active)
    wb.active.title = INSTRUCTIONS_SHEET
    for name, columns in ((HOUSEHOLD_SHEET, HOUSEHOLD_COLUMNS), (MEMBER_SHEET, MEMBER_COLUMNS)):
        ws = wb.create_sheet(name)
        _prepare_sheet(ws, columns)
        for index, column in enumerate(columns, start=1):
            if column.text:
                for (cell,) in ws.iter_rows(min_row=2, max_row=1000, min_col=index, max_col=index):
                    cell.number_format = "@"
    _codes_sheet(wb, wb[HOUSEHOLD_SHEET], groups)
    wb.save(out)


def write_problems(out, errors: list[dict], warnings: list[dict]) -> None:
    """A dry run's errors and warnings: sheet, Excel row, header and the message (stored in the
    language of the import). Its sheet titles and headers are in the active language."""
    wb = write_only_workbook()
    for title, items in ((_("错误"), errors), (_("提示"), warnings)):
        ws = wb.create_sheet(title)
        set_widths(ws, [12, 8, 18, 80])
        ws.append(header_cells(ws, [_("工作表"), _("行号"), _("列"), _("说明")]))
        for item in items:
            ws.append(safe_row(ws, [item["sheet"], item["row"], item["header"], item["message"]]))
    wb.save(out)
