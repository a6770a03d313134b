"""The import engine against the `world`: what a dry run reports, what a commit stores (all or
nothing), and the rules that need other rows or the database."""

from decimal import Decimal

import pytest

from households.models import Household, IncomeRecord, Member
from households.roster.engine import RosterImport
from households.roster.reader import NO_VALUE_MESSAGE

from .conftest import GROUP, OTHER_GROUP, household_row, member_row, rewrite_member, write_workbook


def run(path, world, user="clerk_chengguan", *, commit=True, batch_id=12):
    return RosterImport(path, actor=world.users[user] if user else None, commit=commit, batch_id=batch_id).run()


def stored():
    return Household.objects.count(), IncomeRecord.objects.count(), Member.objects.count()


def errors(outcome):
    return [tuple(problem) for problem in outcome.problems.errors]


@pytest.fixture
def family(new_ids):
    """A new household of 五丰村 with its head and a son."""
    head, son = new_ids(), new_ids()
    number = f"{GROUP}050"
    return {
        "number": number,
        "head": head,
        "son": son,
        "households": [household_row(number, head, 户主姓名="张三丰")],
        "members": [
            member_row(number, head, 姓名="张三丰", 与户主关系="户主"),
            member_row(number, son, 姓名="张小明", 与户主关系="子"),
        ],
    }


def test_a_new_household_is_created_with_income_and_members_and_history_naming_the_batch(tmp_path, world, family):
    path = write_workbook(tmp_path / "r.xlsx", family["households"], family["members"])
    outcome = run(path, world)
    assert (outcome.ok, outcome.committed) == (True, True)
    assert outcome.counts == {
        "households": {"created": 1, "updated": 0, "unchanged": 0},
        "income_records": {"created": 1, "updated": 0, "unchanged": 0},
        "members": {"created": 2, "updated": 0, "unchanged": 0},
    }
    household = Household.objects.get(number=family["number"])
    assert (household.head_name, household.head_id_number, household.village, household.township) == (
        "张三丰",
        family["head"],
        world.wufeng,
        world.chengguan,
    )
    assert (household.industry_tea, household.industry_pigs, household.has_income_project) == (True, True, True)
    record = household.income_records.get()
    assert (record.year, record.net_income, record.per_capita_net_income) == (
        2009,
        Decimal("12000.00"),
        Decimal("4000.00"),
    )
    assert (household.latest_per_capita_income, household.computed_category, household.category) == (
        Decimal("4000.00"),
        "well_off",
        "well_off",
    )
    assert sorted(household.members.values_list("name", "relation", "sex")) == [
        ("张三丰", "head", "M"),
        ("张小明", "son", "M"),
    ]
    clerk = world.users["clerk_chengguan"]
    for history in (
        household.history.all(),
        IncomeRecord.history.filter(household_id=household.pk),
        Member.history.filter(household_id=household.pk),
    ):
        assert {(h.history_change_reason, h.history_user_id, h.history_type) for h in history} == {
            ("导入批次 #12", clerk.pk, "+")
        }
    assert household.history.count() == 1


def test_a_dry_run_counts_what_would_change_and_stores_nothing(tmp_path, world, family):
    path = write_workbook(tmp_path / "r.xlsx", family["households"], family["members"])
    before = stored()
    outcome = run(path, world, commit=False)
    assert outcome.ok and not outcome.committed
    assert outcome.counts["households"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert outcome.counts["members"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert stored() == before


def test_importing_the_same_file_again_changes_nothing_and_writes_no_history(tmp_path, world, family):
    path = write_workbook(tmp_path / "r.xlsx", family["households"], family["members"])
    run(path, world, batch_id=1)
    histories = Household.history.count(), IncomeRecord.history.count(), Member.history.count()
    outcome = run(path, world, batch_id=2)
    assert outcome.counts == {
        "households": {"created": 0, "updated": 0, "unchanged": 1},
        "income_records": {"created": 0, "updated": 0, "unchanged": 1},
        "members": {"created": 0, "updated": 0, "unchanged": 2},
    }
    assert (Household.history.count(), IncomeRecord.history.count(), Member.history.count()) == histories


def test_changed_values_update_the_stored_household_income_and_member(tmp_path, world, family):
    run(write_workbook(tmp_path / "a.xlsx", family["households"], family["members"]), world, batch_id=1)
    family["households"][0].update({"联系电话": "0916-6212345", "家庭总收入": 9000})
    family["members"][1].update({"健康状况": "重病"})
    outcome = run(write_workbook(tmp_path / "b.xlsx", family["households"], family["members"]), world, batch_id=2)
    assert outcome.counts["households"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert outcome.counts["income_records"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert outcome.counts["members"] == {"created": 0, "updated": 1, "unchanged": 1}
    household = Household.objects.get(number=family["number"])
    # 9000 − 3000 = 6000 for 3 people: 2000 a head; a seriously ill member makes it 关怀户.
    assert (household.phone, household.latest_per_capita_income, household.category) == (
        "0916-6212345",
        Decimal("2000.00"),
        "care",
    )
    latest = household.history.first()
    assert (latest.history_change_reason, latest.history_type, latest.category) == ("导入批次 #2", "~", "care")


def test_the_history_of_an_update_holds_every_stored_value_after_it(tmp_path, world, family):
    run(write_workbook(tmp_path / "a.xlsx", family["households"], family["members"]), world, batch_id=1)
    family["households"][0].update({"联系电话": "0916-6212345", "家庭总收入": 9000})
    family["members"][1].update({"健康状况": "重病"})
    run(write_workbook(tmp_path / "b.xlsx", family["households"], family["members"]), world, batch_id=2)
    household = Household.objects.get(number=family["number"])
    clerk = world.users["clerk_chengguan"]
    for model, pks in (
        (Household, [household.pk]),
        (IncomeRecord, [r.pk for r in household.income_records.all()]),
        (Member, [m.pk for m in household.members.all()]),
    ):
        names = [f.attname for f in model.history.model.tracked_fields]
        entries = model.history.filter(id__in=pks, history_change_reason="导入批次 #2")
        assert {e.history_type for e in entries} == {"~"} and {e.history_user_id for e in entries} == {clerk.pk}
        for pk in {e.id for e in entries}:
            latest = model.history.filter(id=pk).latest("history_id")
            assert [getattr(latest, n) for n in names] == [getattr(model.objects.get(pk=pk), n) for n in names]
    # Household: sheet 农户 changed it, then the members' health re-derived its category.
    assert list(household.history.values_list("history_type", "category")) == [
        ("~", "care"),
        ("~", "subsistence"),
        ("+", "well_off"),
    ]


def test_a_file_with_errors_stores_nothing_and_reports_every_error_with_sheet_row_and_header(
    tmp_path, world, family, new_ids
):
    rows = family["households"] + [
        household_row(f"{GROUP}051", new_ids(), 户主姓名=""),
        household_row(f"{GROUP}052", new_ids(), 家庭人口=2, 劳动力人数=5),
    ]
    members = family["members"] + [member_row(f"{GROUP}099", new_ids())]
    before = stored()
    outcome = run(write_workbook(tmp_path / "r.xlsx", rows, members), world)
    assert not outcome.committed
    assert stored() == before
    assert errors(outcome) == [
        ("农户", 3, "户主姓名", "不能为空"),
        ("农户", 4, "劳动力人数", "劳动力人数不能超过家庭人口"),
        ("家庭成员", 4, "户编号", f"户编号“{GROUP}099”在“农户”表和系统中都找不到"),
    ]


def test_duplicates_inside_the_file_are_errors(tmp_path, world, family, new_ids):
    number, head = family["number"], family["head"]
    rows = family["households"] + [
        household_row(number, head, 户主姓名="张三丰"),  # same household and year again
        household_row(number, head, 户主姓名="张三", 年度=2008),  # same household, other values
        household_row(f"{GROUP}060", head),  # another household, same head
    ]
    members = family["members"] + [member_row(number, family["son"], 姓名="张小明")]
    outcome = run(write_workbook(tmp_path / "r.xlsx", rows, members), world)
    assert errors(outcome) == [
        ("农户", 3, "年度", f"户编号 {number} 的 2009 年度已在第 2 行填写"),
        ("农户", 4, "户主姓名", "与第 2 行（同一户编号）的户主姓名不一致；同一户的各行必须相同"),
        ("农户", 5, "户主身份证号", f"户主身份证号与第 2 行（户编号 {number}）的户主重复"),
        ("家庭成员", 4, "身份证号", "身份证号与第 3 行重复"),
    ]
    assert not Household.objects.filter(number=number).exists()


def test_id_numbers_of_other_stored_households_are_errors(tmp_path, world, family):
    other = world.other_household
    member_of_other = other.members.get()
    rows = [household_row(family["number"], other.head_id_number)]
    members = [member_row(family["number"], world.own_household.head_id_number, 与户主关系="子")]
    outcome = run(write_workbook(tmp_path / "r.xlsx", rows, members), world, "admin")
    assert errors(outcome) == [
        ("农户", 2, "户主身份证号", f"该身份证号已是系统中户编号 {other.number} 的户主"),
        ("农户", 2, "户主身份证号", f"该身份证号已登记为系统中户编号 {other.number} 的家庭成员"),
        ("家庭成员", 2, "身份证号", f"该身份证号已登记为系统中户编号 {world.own_household.number} 的家庭成员"),
        ("家庭成员", 2, "身份证号", f"该身份证号已是系统中户编号 {world.own_household.number} 的户主"),
    ]
    assert member_of_other.id_number == other.head_id_number


def test_a_clerk_cannot_import_rows_of_another_township(tmp_path, world, new_ids):
    number = f"{OTHER_GROUP}050"
    path = write_workbook(tmp_path / "r.xlsx", [household_row(number, new_ids())], [member_row(number, new_ids())])
    outcome = run(path, world, "clerk_chengguan")
    assert errors(outcome) == [("农户", 2, "户编号", f"户编号“{number}”属于峡口镇，您只能导入本乡镇（城关镇）的农户")]
    assert not Household.objects.filter(number=number).exists()
    assert run(path, world, "admin").committed is True
    assert Household.objects.get(number=number).township == world.xiakou


def test_a_household_number_whose_group_does_not_exist_is_an_error(tmp_path, world, new_ids):
    outcome = run(write_workbook(tmp_path / "r.xlsx", [household_row("61072410020199001", new_ids())]), world)
    assert errors(outcome) == [
        ("农户", 2, "户编号", "户编号“61072410020199001”的前 14 位“61072410020199”不是系统中的村民小组")
    ]


def test_members_may_join_a_household_that_is_only_in_the_system(tmp_path, world, new_ids):
    own = world.own_household
    path = write_workbook(
        tmp_path / "r.xlsx", [], [member_row(own.number, new_ids(sex_odd=False), 姓名="王小红", 与户主关系="女")]
    )
    outcome = run(path, world)
    assert outcome.committed
    assert outcome.counts["households"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert own.members.filter(name="王小红", relation="daughter", sex="F").exists()


def test_a_category_that_differs_from_the_computed_one_is_kept_as_an_override_and_reported(tmp_path, world, family):
    family["households"][0]["户类别"] = "帮扶户"
    outcome = run(write_workbook(tmp_path / "r.xlsx", family["households"]), world)
    household = Household.objects.get(number=family["number"])
    assert (
        household.computed_category,
        household.category_override,
        household.category_override_reason,
        household.category,
    ) == ("well_off", "needs_help", "导入时指定", "needs_help")
    assert [tuple(w) for w in outcome.problems.warnings] == [
        ("农户", 2, "户类别", "户类别“帮扶户”与按收入计算的“殷实户”不同，作为调整类别保存（理由：导入时指定）")
    ]


def test_a_category_equal_to_the_computed_one_is_no_override(tmp_path, world, family):
    family["households"][0]["户类别"] = "殷实户"
    run(write_workbook(tmp_path / "r.xlsx", family["households"]), world)
    household = Household.objects.get(number=family["number"])
    assert (household.category_override, household.category) == ("", "well_off")


def test_members_may_not_outnumber_the_residents(tmp_path, world, family, new_ids):
    number = family["number"]
    members = family["members"] + [
        member_row(number, new_ids(), 与户主关系="户主"),
        member_row(number, new_ids()),
        member_row(number, new_ids()),
    ]
    outcome = run(write_workbook(tmp_path / "r.xlsx", family["households"], members), world)
    assert errors(outcome) == [
        ("家庭成员", 4, "与户主关系", "与户主关系为“户主”，但身份证号与该户的户主身份证号不一致"),
        ("家庭成员", 6, "户编号", "登记的家庭成员（4 人）多于家庭人口（3 人）"),
    ]


def test_a_new_head_beside_the_stored_head_makes_two_heads(tmp_path, world, new_ids):
    own = world.own_household
    new_head = new_ids()
    rows = [household_row(own.number, new_head, 户主姓名="王新")]
    members = [member_row(own.number, new_head, 姓名="王新", 与户主关系="户主")]
    outcome = run(write_workbook(tmp_path / "r.xlsx", rows, members), world)
    assert errors(outcome) == [("家庭成员", 2, "与户主关系", "登记了 2 名户主，一户只能有一名户主")]
    own.refresh_from_db()
    assert own.head_name == "王建国"


def test_a_seriously_ill_member_makes_a_new_household_a_care_household_in_one_history_entry(tmp_path, world, family):
    family["households"][0].update({"家庭总收入": 9000})  # 2,000 a head
    family["members"][1]["健康状况"] = "残疾"
    run(write_workbook(tmp_path / "r.xlsx", family["households"], family["members"]), world)
    household = Household.objects.get(number=family["number"])
    assert (household.computed_category, household.category) == ("care", "care")
    assert [(h.history_type, h.category) for h in household.history.all()] == [("+", "care")]
    assert household.updated_at >= household.created_at  # a datetime, not the year (SQLite CAST AS datetime)


def test_rows_of_one_household_need_not_be_adjacent(tmp_path, world, family, new_ids):
    number, head = family["number"], family["head"]
    rows = [
        household_row(number, head, 户主姓名="张三丰", 年度=2008, 家庭人口=4, 家庭总收入=10000),
        household_row(f"{GROUP}051", new_ids()),
        household_row(number, head, 户主姓名="张三丰", 年度=2009, 家庭人口=3),
    ]
    assert run(write_workbook(tmp_path / "r.xlsx", rows), world).committed
    household = Household.objects.get(number=number)
    assert (household.resident_count, household.latest_income_year, household.latest_per_capita_income) == (
        3,
        2009,
        Decimal("4000.00"),
    )
    assert list(household.income_records.values_list("year", "resident_members")) == [(2009, 3), (2008, 4)]


def test_missing_required_headers_are_named(tmp_path, world, family):
    headers = ["户编号", "户主姓名", "家庭人口", "劳动力人数", "家庭总收入", "家庭经营费用支出"]
    outcome = run(write_workbook(tmp_path / "r.xlsx", family["households"], household_headers=headers), world)
    assert errors(outcome) == [("农户", 1, "户主身份证号、年度", "缺少必填的列：户主身份证号、年度")]


def test_a_header_row_below_title_rows_is_found_and_unknown_columns_are_a_warning(tmp_path, world, family):
    from .conftest import HOUSEHOLD_HEADERS

    headers = ["备注", *reversed(HOUSEHOLD_HEADERS)]
    headers[1] = f" {headers[1]}　"  # spaces around a header, full-width too
    rows = [dict(row, **{headers[1]: row[headers[1].strip()]}) for row in family["households"]]
    path = write_workbook(
        tmp_path / "r.xlsx", rows, household_headers=headers, title_rows=["西乡县农户信息表", "城关镇"]
    )
    outcome = run(path, world)
    assert outcome.committed
    assert [tuple(w) for w in outcome.problems.warnings] == [("农户", 3, "备注", "未识别的列“备注”已忽略")]
    assert Household.objects.filter(number=family["number"]).exists()


def test_a_header_given_twice_is_an_error(tmp_path, world, family):
    from .conftest import HOUSEHOLD_HEADERS

    outcome = run(
        write_workbook(tmp_path / "r.xlsx", family["households"], household_headers=[*HOUSEHOLD_HEADERS, "年度"]), world
    )
    assert errors(outcome) == [("农户", 1, "年度", "列“年度”出现了两次")]


def test_more_rows_than_the_cap_store_nothing(tmp_path, world, new_ids, settings):
    settings.ROSTER_MAX_ROWS = 2
    rows = [household_row(f"{GROUP}{index:03d}", new_ids()) for index in (50, 51, 52)]
    before = stored()
    outcome = run(write_workbook(tmp_path / "r.xlsx", rows), world)
    assert errors(outcome) == [("农户", None, "", "工作表“农户”超过 2 行的上限，请分成几个文件导入")]
    assert stored() == before


def test_blank_rows_are_skipped(tmp_path, world, family, new_ids):
    rows = [family["households"][0], {}, {"户主姓名": "  "}, household_row(f"{GROUP}051", new_ids())]
    outcome = run(write_workbook(tmp_path / "r.xlsx", rows), world)
    assert outcome.committed and outcome.counts["households"]["created"] == 2


def test_a_formula_without_a_cached_value_is_an_error(tmp_path, world, family):
    family["households"][0]["户主姓名"] = '=CONCAT("张","三丰")'
    before = stored()
    outcome = run(write_workbook(tmp_path / "r.xlsx", family["households"]), world)
    assert errors(outcome) == [("农户", 2, "户主姓名", NO_VALUE_MESSAGE)]
    assert stored() == before


def test_a_formula_in_a_text_cell_gives_its_cached_value(tmp_path, world, family):
    family["households"][0]["户主姓名"] = '=CONCAT("张","三丰")'
    path = write_workbook(tmp_path / "r.xlsx", family["households"])
    rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda data: data.replace(
            b'<c r="B2"><f>CONCAT("\xe5\xbc\xa0","\xe4\xb8\x89\xe4\xb8\xb0")</f><v /></c>',
            '<c r="B2" t="str"><f>CONCAT("张","三丰")</f><v>张三丰</v></c>'.encode(),
        ),
    )
    outcome = run(path, world)
    assert outcome.committed
    assert Household.objects.get(number=family["number"]).head_name == "张三丰"


def test_an_id_number_excel_turned_into_a_float_stores_nothing(tmp_path, world, family):
    family["households"][0]["户主身份证号"] = float(family["head"][:15] + "000")
    before = stored()
    outcome = run(write_workbook(tmp_path / "r.xlsx", family["households"]), world)
    assert errors(outcome) == [
        ("农户", 2, "户主身份证号", "身份证号被 Excel 存成了数字，末尾几位已经丢失；请把该列设为“文本”格式后重新填写")
    ]
    assert stored() == before


def test_a_workbook_without_sheet_households_is_an_error(tmp_path, world):
    path = write_workbook(tmp_path / "r.xlsx", sheets=[("Sheet1", ["a"], [])])
    assert errors(run(path, world)) == [("农户", None, "", "找不到工作表“农户”（工作簿中的工作表：Sheet1）")]


def test_a_system_import_may_write_every_township_and_has_no_history_user(tmp_path, world, new_ids):
    number = f"{OTHER_GROUP}050"
    outcome = run(write_workbook(tmp_path / "r.xlsx", [household_row(number, new_ids())]), world, None, batch_id=None)
    assert outcome.committed
    entry = Household.objects.get(number=number).history.get()
    assert (entry.history_user, entry.history_change_reason) == (None, "导入农户信息表")


def test_rows_with_field_errors_still_take_part_in_the_duplicate_checks(tmp_path, world, family, new_ids):
    """A row with a bad phone or a blank name is still compared with the rows above and below it:
    its head's ID number, its 户编号 and year, its member's ID number (issue 17)."""
    number, head, son = family["number"], family["head"], family["son"]
    other = f"{GROUP}060"
    rows = family["households"] + [
        household_row(other, head, 联系电话="12"),  # bad phone, head of row 2
        household_row(number, head, 户主姓名=""),  # blank name, same household and year as row 2
        household_row(f"{GROUP}061", new_ids(), 联系电话="12", 年度=2008),  # bad phone…
        household_row(f"{GROUP}061", new_ids(), 年度=2008),  # …then its 户编号 and year again, valid
    ]
    members = family["members"] + [
        member_row(number, son, 姓名="", 与户主关系="子"),  # blank name, ID of row 3
        member_row(number, new_ids(), 与户主关系="亲戚"),  # bad relation…
    ]
    members.append(member_row(number, members[-1]["身份证号"], 与户主关系="子"))  # …its ID again
    outcome = run(write_workbook(tmp_path / "r.xlsx", rows, members), world)
    phone = "联系电话应为 11 位手机号（1 开头）或带区号的固定电话，如 0916-1234567"
    assert errors(outcome) == [
        ("农户", 3, "联系电话", phone),
        ("农户", 3, "户主身份证号", f"户主身份证号与第 2 行（户编号 {number}）的户主重复"),
        ("农户", 4, "户主姓名", "不能为空"),
        ("农户", 4, "年度", f"户编号 {number} 的 2009 年度已在第 2 行填写"),
        ("农户", 5, "联系电话", phone),
        ("农户", 6, "年度", f"户编号 {GROUP}061 的 2008 年度已在第 5 行填写"),
        ("家庭成员", 4, "姓名", "不能为空"),
        ("家庭成员", 4, "身份证号", "身份证号与第 3 行重复"),
        ("家庭成员", 5, "与户主关系", "“亲戚”不是可选值（户主、配偶、子、女、父、母、孙子、孙女、其他）"),
        ("家庭成员", 6, "身份证号", "身份证号与第 5 行重复"),
    ]
    assert not Household.objects.filter(number__in=[number, other]).exists()


def test_a_valid_row_above_a_broken_one_in_the_same_chunk_is_the_first_occurrence(tmp_path, world, family, settings):
    """Rows are compared in their order even within one chunk: the later row is the duplicate."""
    settings.ROSTER_CHUNK_ROWS = 1000
    number, head = family["number"], family["head"]
    rows = family["households"] + [household_row(f"{GROUP}060", head, 户主姓名="")]
    members = [member_row(number, head, 与户主关系="户主", 姓名="张三丰"), member_row(f"{GROUP}060", head, 姓名="")]
    outcome = run(write_workbook(tmp_path / "r.xlsx", rows, members), world, commit=False)
    assert errors(outcome) == [
        ("农户", 3, "户主姓名", "不能为空"),
        ("农户", 3, "户主身份证号", f"户主身份证号与第 2 行（户编号 {number}）的户主重复"),
        ("家庭成员", 3, "姓名", "不能为空"),
        ("家庭成员", 3, "身份证号", "身份证号与第 2 行重复"),
    ]


def test_errors_are_listed_by_sheet_then_row(tmp_path, world, family, new_ids):
    """The final step's errors (more members than 家庭人口) are found last but listed in row order."""
    number = family["number"]
    rows = [household_row(number, family["head"], 家庭人口=1, 劳动力人数=1),
            household_row(f"{GROUP}051", new_ids(), 户主姓名="")]
    members = family["members"] + [member_row(f"{GROUP}099", new_ids())]
    outcome = run(write_workbook(tmp_path / "r.xlsx", rows, members), world, commit=False)
    assert [(sheet, row, header) for sheet, row, header, _message in errors(outcome)] == [
        ("农户", 3, "户主姓名"),
        ("家庭成员", 3, "户编号"),
        ("家庭成员", 4, "户编号"),
    ]
    assert errors(outcome)[1][3] == "登记的家庭成员（2 人）多于家庭人口（1 人）"


def test_a_committed_import_bumps_the_cached_figures_over_households_and_a_dry_run_does_not(tmp_path, world, family):
    from villages.models import Group
    from xixiang.core import figures

    models = [Household, IncomeRecord, Group]
    households = Household.objects.all()
    assert figures.cached_count("t", households, [Household]) == households.count()  # stored
    start = figures.generations(models)
    path = write_workbook(tmp_path / "r.xlsx", family["households"], family["members"])
    assert run(path, world, commit=False).ok
    assert figures.generations(models) == start
    assert run(path, world).committed
    assert figures.generations(models) == tuple(n + 1 for n in start)
    assert figures.cached_count("t", households, [Household]) == households.count() == stored()[0]
