"""The roster workbook layout (spec/roster.md): sheet names, headers and the Chinese values of
coded columns. Pure data; the codes are those of households/choices.py (a test checks that the
Chinese values here are the labels there)."""

from dataclasses import dataclass

HOUSEHOLD_SHEET = "农户"
MEMBER_SHEET = "家庭成员"
INSTRUCTIONS_SHEET = "填写说明"
#: The template's list of the importer's villages and groups (not read by the importer).
CODES_SHEET = "村组编码"
CODES_HEADERS = ("乡镇", "行政村编码", "行政村", "村民小组编码", "村民小组")
CODES_GROUP_COLUMN = "D"  # 村民小组编码: the 户编号 column's drop-down lists this column


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool
    width: int = 12
    text: bool = False  # formatted as text in the template (codes, ID numbers)
    choices: tuple[str, ...] = ()  # drop-down list in the template
    note: str = ""


INDUSTRIES = {"茶叶": "tea", "生猪": "pigs", "烤烟": "tobacco", "转移就业": "migration", "其他": "other"}
YES_NO = {"是": True, "否": False}
HARDSHIPS = {"无劳动能力": "cannot_work", "重病": "serious_illness", "残疾": "disability", "无": ""}
CATEGORIES = {
    "示范户": "demonstration",
    "殷实户": "well_off",
    "温饱户": "subsistence",
    "帮扶户": "needs_help",
    "关怀户": "care",
}
RELATIONS = {
    "户主": "head",
    "配偶": "spouse",
    "子": "son",
    "女": "daughter",
    "父": "father",
    "母": "mother",
    "孙子": "grandson",
    "孙女": "granddaughter",
    "其他": "other",
}
SEXES = {"男": "M", "女": "F"}
LABOUR_ABILITIES = {"有": "full", "弱": "weak", "无": "none"}
HEALTHS = {"健康": "healthy", "慢性病": "chronic", "重病": "serious", "残疾": "disabled"}


def labels(mapping: dict) -> dict:
    """code → Chinese value, the reverse of one of the maps above."""
    return {code: label for label, code in mapping.items()}


CATEGORY_LABELS = labels(CATEGORIES)

HOUSEHOLD_COLUMNS = (
    Column("户编号", "number", True, 20, text=True, note="17 位数字：村编码（12 位）+ 组（2 位）+ 户序号（3 位）"),
    Column("户主姓名", "head_name", True, 10, note="2–20 个字"),
    Column("户主身份证号", "head_id_number", True, 21, text=True, note="18 位，末位 X 大写；请设为文本格式"),
    Column("联系电话", "phone", False, 14, text=True, note="11 位手机号，或带区号的固定电话（如 0916-1234567）"),
    Column("家庭人口", "resident_count", True, 9, note="该年度常住人口，1–30 的整数"),
    Column("劳动力人数", "labour_count", True, 10, note="0 到家庭人口之间的整数"),
    Column("主导产业", "industries", False, 16, choices=tuple(INDUSTRIES), note="可填多个，用“、”或“,”分隔"),
    Column("有增收项目", "has_income_project", False, 10, choices=tuple(YES_NO), note="是 / 否，空白为否"),
    Column("特殊困难", "hardship", False, 11, choices=tuple(HARDSHIPS), note="空白为无"),
    Column("年度", "year", True, 7, note="收入数据所属年度，四位数字"),
    Column("家庭总收入", "total_income", True, 12, note="元，≥ 0"),
    Column("家庭经营费用支出", "business_expenses", True, 14, note="元，≥ 0"),
    Column("税费支出", "taxes_and_fees", False, 10, note="元，≥ 0，空白为 0"),
    Column("生产性固定资产折旧", "depreciation", False, 16, note="元，≥ 0，空白为 0"),
    Column("赠送农村内部亲友支出", "gifts_outside", False, 18, note="元，≥ 0，空白为 0"),
    Column(
        "户类别",
        "category",
        False,
        9,
        choices=tuple(CATEGORIES),
        note="空白时按收入自动计算；与计算结果不同时作为调整类别保存",
    ),
    Column("产业大户", "is_large_producer", False, 9, choices=tuple(YES_NO), note="是 / 否；空白时保留系统中的值"),
    Column("大户产业规模", "large_producer_scale", False, 18,
           note="如 茶园 50 亩、年出栏生猪 200 头；产业大户为“是”时必填"),
)

MEMBER_COLUMNS = (
    Column("户编号", "number", True, 20, text=True, note="须是“农户”表或系统中已有的户编号"),
    Column("姓名", "name", True, 10, note="1–20 个字"),
    Column("身份证号", "id_number", True, 21, text=True, note="18 位，全县唯一；请设为文本格式"),
    Column("与户主关系", "relation", True, 10, choices=tuple(RELATIONS)),
    Column(
        "性别",
        "sex",
        False,
        7,
        choices=tuple(SEXES),
        note="填写时须与身份证号一致；新成员空白时按身份证号填写，已有成员空白时不变",
    ),
    Column("劳动能力", "labour_ability", False, 9, choices=tuple(LABOUR_ABILITIES)),
    Column("健康状况", "health", False, 9, choices=tuple(HEALTHS)),
)

SHEETS = {HOUSEHOLD_SHEET: HOUSEHOLD_COLUMNS, MEMBER_SHEET: MEMBER_COLUMNS}
