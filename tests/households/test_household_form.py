"""Household create/edit through the page: members inline, income records, bad input."""

from decimal import Decimal

import pytest
from django.urls import reverse

from households.models import Household, IncomeRecord, Member
from tests.factories import next_id_number


def management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_household_data(world, **overrides):
    head_id = overrides.pop("head_id_number", next_id_number())
    data = {
        "number": "61072410020101555",
        "group": world.wufeng_group.code,
        "head_name": "张志强",
        "head_id_number": head_id,
        "phone": "13912345678",
        "address": "五丰村一组",
        "resident_count": "2",
        "labour_count": "1",
        "industries": ["tea", "pigs"],
        "has_income_project": "on",
        "hardship": "",
        "category_override": "",
        "category_override_reason": "",
        **management("members", 1, 0),
        **management("incomes", 1, 0),
        "members-0-name": "张志强",
        "members-0-id_number": head_id,
        "members-0-relation": "head",
        "members-0-sex": "M",
        "members-0-labour_ability": "full",
        "incomes-0-year": "2009",
        "incomes-0-total_income": "12000",
        "incomes-0-business_expenses": "3000",
        "incomes-0-taxes_and_fees": "0",
        "incomes-0-depreciation": "500",
        "incomes-0-gifts_outside": "500",
    }
    data.update(overrides)
    return data


def test_clerk_registers_a_household_with_member_and_income(world):
    response = world.client_for("clerk_chengguan").post(
        reverse("households:household_create"), new_household_data(world)
    )
    assert response.status_code == 302
    household = Household.objects.get(number="61072410020101555")
    assert (household.village, household.township) == (world.wufeng, world.chengguan)
    assert household.industries == ["tea", "pigs"]
    record = household.income_records.get()
    assert (record.net_income, record.per_capita_net_income) == (Decimal("8000.00"), Decimal("4000.00"))
    assert (household.latest_per_capita_income, household.category) == (Decimal("4000.00"), "well_off")
    assert household.members.get().relation == "head"


def test_household_form_rejects_invalid_id_number_and_stores_nothing(world):
    data = new_household_data(world, head_id_number="610724198001011230")
    response = world.client_for("clerk_chengguan").post(reverse("households:household_create"), data)
    assert response.status_code == 200
    assert "身份证号校验码错误" in response.context["form"].errors["head_id_number"][0]
    assert not Household.objects.filter(number="61072410020101555").exists()


def test_household_form_rejects_duplicate_id_number(world):
    data = new_household_data(world, head_id_number=world.other_household.head_id_number)
    response = world.client_for("clerk_chengguan").post(reverse("households:household_create"), data)
    assert response.context["form"].errors["head_id_number"] == ["具有 户主身份证号 的 农户 已存在。"]
    assert Household.objects.count() == 2


def test_household_form_rejects_duplicate_household_number(world):
    data = new_household_data(world, number=world.own_household.number)
    response = world.client_for("clerk_chengguan").post(reverse("households:household_create"), data)
    assert response.context["form"].errors["number"] == ["具有 户编号 的 农户 已存在。"]


def test_household_form_rejects_negative_money(world):
    data = new_household_data(world, **{"incomes-0-total_income": "-5"})
    response = world.client_for("clerk_chengguan").post(reverse("households:household_create"), data)
    assert response.context["incomes"].forms[0].errors["total_income"] == ["金额不能为负数"]
    assert not Household.objects.filter(number="61072410020101555").exists()


def test_household_form_rejects_zero_members(world):
    data = new_household_data(world, resident_count="0", labour_count="0")
    response = world.client_for("clerk_chengguan").post(reverse("households:household_create"), data)
    assert response.context["form"].errors["resident_count"] == ["家庭人口必须在 1 到 30 人之间"]
    assert not Household.objects.filter(number="61072410020101555").exists()


def test_household_number_must_extend_its_group_code(world):
    data = new_household_data(world, number="61072410020102001")
    response = world.client_for("clerk_chengguan").post(reverse("households:household_create"), data)
    assert response.context["form"].errors["number"] == ["户编号必须以所属小组编码 61072410020101 开头"]


def test_clerk_cannot_move_a_household_to_a_township_they_do_not_hold(world):
    household = world.own_household
    member = household.members.get()
    income = household.income_records.get()
    data = {
        "group": world.jiangbang_group.code,
        "head_name": household.head_name,
        "head_id_number": household.head_id_number,
        "resident_count": "3",
        "labour_count": "2",
        "hardship": "",
        **management("members", 1, 1),
        **management("incomes", 1, 1),
        "members-0-id": str(member.pk),
        "members-0-name": member.name,
        "members-0-id_number": member.id_number,
        "members-0-relation": "head",
        "incomes-0-id": str(income.pk),
        "incomes-0-year": "2009",
        "incomes-0-total_income": "12000",
        "incomes-0-business_expenses": "3000",
        "incomes-0-taxes_and_fees": "0",
        "incomes-0-depreciation": "0",
        "incomes-0-gifts_outside": "0",
    }
    response = world.client_for("clerk_chengguan").post(
        reverse("households:household_edit", args=[household.number]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors["group"] == ["该村民小组不存在或不在您负责的乡镇"]
    household.refresh_from_db()
    assert household.group == world.wufeng_group


def test_category_override_needs_a_reason(world):
    data = new_household_data(world, category_override="needs_help")
    response = world.client_for("clerk_chengguan").post(reverse("households:household_create"), data)
    assert response.context["form"].errors["category_override_reason"] == ["调整户类别必须写明理由"]


def test_category_override_with_reason_keeps_computed_category_beside_it(world):
    data = new_household_data(world, category_override="needs_help", category_override_reason="家中突发重大变故")
    world.client_for("clerk_chengguan").post(reverse("households:household_create"), data)
    household = Household.objects.get(number="61072410020101555")
    assert (household.computed_category, household.category) == ("well_off", "needs_help")
    assert household.category_override_reason == "家中突发重大变故"


def test_duplicate_member_id_numbers_in_one_form_are_refused(world):
    data = new_household_data(world, **management("members", 2, 0))
    data.update({"members-1-name": "张二", "members-1-id_number": data["head_id_number"], "members-1-relation": "son"})
    response = world.client_for("clerk_chengguan").post(reverse("households:household_create"), data)
    assert response.context["members"].forms[1].errors["id_number"] == ["身份证号在本户中重复"]
    assert Member.objects.count() == 2 and IncomeRecord.objects.count() == 2


@pytest.mark.parametrize("phone", ["12345", "2391234567", "0916-12"])
def test_bad_phone_numbers_are_refused(world, phone):
    response = world.client_for("clerk_chengguan").post(
        reverse("households:household_create"), new_household_data(world, phone=phone)
    )
    assert response.context["form"].errors["phone"] == [
        "联系电话应为 11 位手机号（1 开头）或带区号的固定电话，如 0916-1234567"
    ]


def test_household_page_shows_each_years_per_capita_income_and_category(world):
    from tests.factories import IncomeRecordFactory

    IncomeRecordFactory(household=world.own_household, year=2008, per_capita_net_income=Decimal("1000.00"))
    response = world.client_for("leader").get(reverse("households:household_detail", args=[world.own_household.number]))
    assert [(r.year, r.per_capita_net_income, r.year_category) for r in response.context["income_records"]] == [
        (2009, Decimal("3000.00"), "殷实户"),
        (2008, Decimal("1000.00"), "帮扶户"),
    ]
