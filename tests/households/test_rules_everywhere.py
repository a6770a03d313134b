"""Each household rule of households/rules.py refuses the same bad household with the same message
through every entry point: the household form (the page), the service (household_save) and the
roster import (a workbook through the engine)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from households.models import Household, IncomeRecord, Member
from households.roster.engine import RosterImport
from households.services import HouseholdChanges, household_save
from tests.factories import next_id_number
from xixiang.core.errors import DomainError

from .roster.conftest import GROUP, household_row, member_row, write_workbook
from .test_household_form import management, new_household_data

NUMBER = f"{GROUP}555"  # the number new_household_data registers


def form_response(world, **data):
    """POST a new household through the page; it must be refused and store nothing."""
    response = world.client_for("clerk_chengguan").post(reverse("households:household_create"),
                                                        new_household_data(world, **data))
    assert response.status_code == 200
    assert not Household.objects.filter(number=NUMBER).exists()
    return response.context


def service_refusal(world, *, members=(), records=(), **values) -> DomainError:
    """household_save of a new household of 五丰村 with `values`; it must be refused and store nothing."""
    head_id = values.pop("head_id_number", next_id_number())
    household = Household(**{"number": NUMBER, "group": world.wufeng_group, "head_name": "张志强",
                             "head_id_number": head_id, "resident_count": 2, "labour_count": 1, **values})
    with pytest.raises(DomainError) as refusal:
        household_save(actor=world.users["clerk_chengguan"], household=household,
                       changes=HouseholdChanges(list(members), [], list(records), []))
    assert not Household.objects.filter(number=NUMBER).exists()
    return refusal.value


def import_errors(tmp_path, world, households, members=None) -> list:
    """Commit a workbook as the clerk of 城关镇; it must be refused and store nothing."""
    before = Household.objects.count(), Member.objects.count(), IncomeRecord.objects.count()
    outcome = RosterImport(write_workbook(tmp_path / "r.xlsx", households, members),
                           actor=world.users["clerk_chengguan"], commit=True, batch_id=1).run()
    assert not outcome.committed
    assert (Household.objects.count(), Member.objects.count(), IncomeRecord.objects.count()) == before
    return [tuple(problem) for problem in outcome.problems.errors]


def test_labour_above_residents_is_refused_with_one_message_by_the_form_the_service_and_the_import(tmp_path, world):
    message = "劳动力人数不能超过家庭人口"
    assert form_response(world, resident_count="2", labour_count="3")["form"].errors["labour_count"] == [message]
    refusal = service_refusal(world, resident_count=2, labour_count=3)
    assert (refusal.message, refusal.field) == (message, "labour_count")
    rows = [household_row(NUMBER, next_id_number(), 家庭人口=2, 劳动力人数=3)]
    assert import_errors(tmp_path, world, rows) == [("农户", 2, "劳动力人数", message)]


def test_labour_above_the_residents_a_stored_later_year_gives_is_refused_with_the_same_message(tmp_path, world):
    """The row alone is fine (4 of 5); the household's 家庭人口 is that of its latest year, here
    the stored 2009 record's household (3)."""
    own = world.own_household
    assert (own.resident_count, own.income_records.get().year) == (3, 2009)
    rows = [household_row(own.number, own.head_id_number, 户主姓名=own.head_name, 年度=2008, 家庭人口=5, 劳动力人数=4)]
    assert import_errors(tmp_path, world, rows) == [("农户", 2, "劳动力人数", "劳动力人数不能超过家庭人口")]


def test_members_outnumbering_the_residents_are_refused_with_one_message(tmp_path, world):
    message = "登记的家庭成员（2 人）多于家庭人口（1 人）"
    head, son = next_id_number(), next_id_number()
    context = form_response(world, head_id_number=head, resident_count="1", labour_count="1",
                            **management("members", 2, 0), **{"members-1-name": "张二", "members-1-id_number": son,
                                                               "members-1-relation": "son"})
    assert context["form"].errors["resident_count"] == [message]
    refusal = service_refusal(world, head_id_number=head, resident_count=1, labour_count=1, members=[
        Member(name="张志强", id_number=head, relation="head"), Member(name="张二", id_number=son, relation="son")])
    assert (refusal.message, refusal.field) == (message, "resident_count")
    errors = import_errors(tmp_path, world, [household_row(NUMBER, head, 家庭人口=1, 劳动力人数=1)],
                           [member_row(NUMBER, head, 姓名="张志强", 与户主关系="户主"), member_row(NUMBER, son)])
    assert errors == [("家庭成员", 3, "户编号", message)]


def test_a_second_head_is_refused_with_one_message(tmp_path, world):
    message = "登记了 2 名户主，一户只能有一名户主"
    head, second = next_id_number(), next_id_number()
    context = form_response(world, head_id_number=head, **management("members", 2, 0), **{
        "members-1-name": "张二", "members-1-id_number": second, "members-1-relation": "head"})
    assert context["form"].non_field_errors() == [message]
    refusal = service_refusal(world, head_id_number=head, members=[
        Member(name="张志强", id_number=head, relation="head"), Member(name="张二", id_number=second, relation="head")])
    assert (refusal.message, refusal.field) == (message, "members")
    # In a workbook a 户主 row must carry the household's head ID number, so a second head comes
    # from a new head beside the stored one.
    own = world.own_household
    errors = import_errors(tmp_path, world, [household_row(own.number, second, 户主姓名="张二")],
                           [member_row(own.number, second, 姓名="张二", 与户主关系="户主")])
    assert errors == [("家庭成员", 2, "与户主关系", message)]


def test_an_override_without_a_reason_is_refused_with_one_message_by_the_form_and_the_service(world):
    """(An import never lacks one: a 户类别 it keeps as an override gets the reason “导入时指定”.)"""
    message = "调整户类别必须写明理由"
    context = form_response(world, category_override="needs_help", category_override_reason="  ")
    assert context["form"].errors["category_override_reason"] == [message]
    refusal = service_refusal(world, category_override="needs_help", category_override_reason="  ")
    assert (refusal.message, refusal.field) == (message, "category_override_reason")


@pytest.mark.parametrize(("field", "form_value", "value", "header", "cell", "message"), [
    ("resident_count", "0", 0, "家庭人口", 0, "家庭人口必须在 1 到 30 人之间"),
    ("resident_count", "31", 31, "家庭人口", 31, "家庭人口必须在 1 到 30 人之间"),
    ("phone", "0916-12", "0916-12", "联系电话", "0916-12",
     "联系电话应为 11 位手机号（1 开头）或带区号的固定电话，如 0916-1234567"),
])
def test_a_bad_household_value_is_refused_with_one_message(tmp_path, world, field, form_value, value, header, cell,
                                                          message):
    extra = {"labour_count": "0"} if field == "resident_count" else {}
    assert form_response(world, **{field: form_value, **extra})["form"].errors[field] == [message]
    refusal = service_refusal(world, **{field: value, **({"labour_count": 0} if extra else {})})
    assert (refusal.message, refusal.field) == (message, field)
    row = household_row(NUMBER, next_id_number(), **{header: cell, **({"劳动力人数": 0} if extra else {})})
    assert import_errors(tmp_path, world, [row]) == [("农户", 2, header, message)]


def test_a_household_number_that_is_not_17_digits_is_refused_with_one_message(tmp_path, world):
    message, number = "户编号必须是 17 位数字", f"{GROUP}55A"
    assert form_response(world, number=number)["form"].errors["number"] == [message]
    refusal = service_refusal(world, number=number)
    assert (refusal.message, refusal.field) == (message, "number")
    assert import_errors(tmp_path, world, [household_row(number, next_id_number())]) == [("农户", 2, "户编号", message)]


@pytest.mark.parametrize(("field", "value", "header", "message"), [
    ("year", 1999, "年度", "年度必须在 2000 到 2100 之间"),
    ("total_income", -5, "家庭总收入", "金额不能为负数"),
    ("gifts_outside", -0.5, "赠送农村内部亲友支出", "金额不能为负数"),
])
def test_a_bad_income_record_is_refused_with_one_message(tmp_path, world, field, value, header, message):
    context = form_response(world, **{f"incomes-0-{field}": str(value)})
    assert context["incomes"].forms[0].errors[field] == [message]
    items = {"year": 2009, "total_income": Decimal("12000"), "business_expenses": Decimal("3000"),
             "taxes_and_fees": Decimal("0"), "depreciation": Decimal("0"), "gifts_outside": Decimal("0")}
    record = IncomeRecord(**{**items, field: value if field == "year" else Decimal(str(value))})
    refusal = service_refusal(world, records=[record])
    assert (refusal.message, refusal.field) == (message, field)
    row = household_row(NUMBER, next_id_number(), **{header: value})
    assert import_errors(tmp_path, world, [row]) == [("农户", 2, header, message)]


@pytest.mark.parametrize(("values", "message"), [
    ({"number": f"{GROUP}55A"}, "户编号必须是 17 位数字"),
    ({"resident_count": 31, "labour_count": 0}, "家庭人口必须在 1 到 30 人之间"),
    ({"resident_count": 2, "labour_count": 3}, "劳动力人数不能超过家庭人口"),
    ({"category_override": "care"}, "调整户类别必须写明理由"),
])
def test_the_database_constraints_refuse_with_the_rules_messages(world, values, message):
    household = Household(**{"number": NUMBER, "group": world.wufeng_group, "village": world.wufeng,
                             "township": world.chengguan, "head_name": "张志强", "head_id_number": next_id_number(),
                             "resident_count": 2, "labour_count": 1, **values})
    with pytest.raises(ValidationError) as refusal:
        household.validate_constraints()
    assert refusal.value.messages == [message]


def test_the_income_constraint_refuses_with_the_rules_message(world):
    record = IncomeRecord(household=world.own_household, year=2008, total_income=Decimal("-1"),
                          business_expenses=Decimal("0"), resident_members=3)
    with pytest.raises(ValidationError) as refusal:
        record.validate_constraints()
    assert refusal.value.messages == ["金额不能为负数"]
