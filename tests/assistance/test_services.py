import datetime
from decimal import Decimal

import pytest

from assistance import services
from assistance.models import AssistanceRecord, HouseholdPairing, HouseholdPlan
from xixiang.core.errors import DomainError

from .factories import CadreFactory

D = datetime.date


def _pairing(assist, world, **kwargs):
    values = {"cadre": assist.helper_cadre, "household": world.own_household, "year": None, "start_date": D(2010, 1, 1)}
    values.update(kwargs)
    return HouseholdPairing(**values)


def test_clerk_pairs_a_cadre_with_a_household_of_their_township(world, assist):
    cadre = CadreFactory(name="孙明")
    pairing = services.pairing_create(
        actor=world.users["clerk_chengguan"], pairing=_pairing(assist, world, cadre=cadre)
    )
    assert (pairing.year, pairing.township_id, pairing.village_id) == (2010, world.chengguan.pk, world.wufeng.pk)
    assert pairing.history.count() == 1


def test_a_pairing_that_ends_before_it_starts_is_refused(world, assist):
    before = HouseholdPairing.objects.count()
    with pytest.raises(DomainError) as error:
        services.pairing_create(
            actor=world.users["admin"],
            pairing=_pairing(assist, world, cadre=CadreFactory(), start_date=D(2010, 5, 1), end_date=D(2010, 4, 30)),
        )
    assert (error.value.message, error.value.field) == ("结束日期不能早于开始日期", "end_date")
    assert HouseholdPairing.objects.count() == before


def test_a_household_paired_twice_with_the_same_cadre_over_the_same_dates_is_refused(world, assist):
    before = HouseholdPairing.objects.count()
    with pytest.raises(DomainError) as error:
        services.pairing_create(actor=world.users["admin"], pairing=_pairing(assist, world, start_date=D(2009, 6, 1)))
    assert error.value.message == "该干部与该户在这段时间已经结对"
    assert HouseholdPairing.objects.count() == before


def test_a_household_outside_the_clerks_township_is_refused(world, assist):
    before = HouseholdPairing.objects.count()
    with pytest.raises(DomainError) as error:
        services.pairing_create(
            actor=world.users["clerk_xiakou"], pairing=_pairing(assist, world, cadre=CadreFactory())
        )
    assert error.value.message == "该农户不在您的管辖范围内"
    assert HouseholdPairing.objects.count() == before


def test_a_unit_pairs_only_with_a_poor_village(world, assist):
    from assistance.models import UnitPairing

    world.wufeng.is_poor = False
    world.wufeng.save()
    with pytest.raises(DomainError) as error:
        services.pairing_create(
            actor=world.users["admin"],
            pairing=UnitPairing(unit=world.tongji, village=world.wufeng, start_date=D(2010, 1, 1)),
        )
    assert error.value.message == "部门联村只结对贫困村"


def test_a_change_ends_the_old_line_and_adds_a_new_one(world, assist):
    new_cadre = CadreFactory(name="周红")
    successor = services.pairing_change(
        actor=world.users["clerk_chengguan"], pairing=assist.own_pairing, partner=new_cadre, change_date=D(2009, 7, 1)
    )
    assist.own_pairing.refresh_from_db()
    assert assist.own_pairing.end_date == D(2009, 6, 30)
    assert (successor.cadre, successor.start_date, successor.end_date) == (new_cadre, D(2009, 7, 1), None)
    assert HouseholdPairing.objects.filter(household=world.own_household).count() == 2
    assert list(assist.own_pairing.history.values_list("end_date", flat=True)) == [D(2009, 6, 30), None]


def test_an_ended_pairing_is_never_ended_again(world, assist):
    services.pairing_end(actor=world.users["admin"], pairing=assist.own_pairing, end_date=D(2009, 12, 31))
    assist.own_pairing.refresh_from_db()  # a stale copy is refused as a concurrent edit (test_concurrency)
    with pytest.raises(DomainError) as error:
        services.pairing_end(actor=world.users["admin"], pairing=assist.own_pairing, end_date=D(2010, 1, 31))
    assert error.value.message == "该结对已于 2009-12-31 结束"


def test_a_clerk_cannot_end_a_pairing_of_another_township(world, assist):
    with pytest.raises(DomainError) as error:
        services.pairing_end(actor=world.users["clerk_xiakou"], pairing=assist.own_pairing, end_date=D(2009, 12, 31))
    assert error.value.message == "您无权修改该结对"
    assist.own_pairing.refresh_from_db()
    assert assist.own_pairing.end_date is None


def _record(**kwargs):
    values = {"date": D(2009, 8, 1), "kind": "money", "amount": Decimal("300")}
    values.update(kwargs)
    return AssistanceRecord(**values)


def test_a_helper_records_money_on_their_own_pairing(world, assist):
    record = services.record_create(actor=world.users["helper1"], pairing=assist.own_pairing, record=_record())
    assert (record.ledger, record.year, record.household, record.cadre, record.unit, record.township) == (
        "household",
        2009,
        world.own_household,
        assist.helper_cadre,
        world.tongji,
        world.chengguan,
    )
    assert record.created_by == world.users["helper1"]


def test_a_negative_amount_is_refused(world, assist):
    before = AssistanceRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.record_create(
            actor=world.users["admin"], pairing=assist.own_pairing, record=_record(amount=Decimal("-5"))
        )
    assert (error.value.message, error.value.field) == ("金额不能为负数", "amount")
    assert AssistanceRecord.objects.count() == before


def test_a_quantity_without_a_unit_is_refused(world, assist):
    before = AssistanceRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.record_create(
            actor=world.users["admin"],
            pairing=assist.own_pairing,
            record=_record(kind="goods", quantity=Decimal("600000")),
        )
    assert (error.value.message, error.value.field) == ("填写数量时必须填写计量单位", "quantity_unit")
    assert AssistanceRecord.objects.count() == before


def test_a_record_after_the_pairing_ended_is_refused(world, assist):
    services.pairing_end(actor=world.users["admin"], pairing=assist.own_pairing, end_date=D(2009, 6, 30))
    assist.own_pairing.refresh_from_db()
    before = AssistanceRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.record_create(
            actor=world.users["admin"], pairing=assist.own_pairing, record=_record(date=D(2009, 7, 1))
        )
    assert error.value.message == "该结对已于 2009-06-30 结束，不能登记此后的帮扶记录"
    assert AssistanceRecord.objects.count() == before


def test_a_helper_cannot_record_on_another_cadres_household(world, assist):
    before = AssistanceRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.record_create(actor=world.users["helper1"], pairing=assist.other_pairing, record=_record())
    assert error.value.message == "您无权在该结对上登记帮扶记录"
    assert AssistanceRecord.objects.count() == before


def test_an_income_card_record_counts_one_card_by_default(world, assist):
    record = services.record_create(
        actor=world.users["admin"], pairing=assist.own_pairing, record=_record(kind="income_card", amount=None)
    )
    assert (record.quantity, record.quantity_unit, record.amount) == (Decimal("1"), "张", Decimal("0"))


def test_a_plan_with_a_negative_target_is_refused(world, assist):
    plan = HouseholdPlan(household=world.own_household, year=2010, target_income=Decimal("-1"))
    with pytest.raises(DomainError) as error:
        services.plan_save(actor=world.users["helper1"], plan=plan)
    assert error.value.message == "收入不能为负数"
    assert HouseholdPlan.objects.count() == 0


def test_a_helper_cannot_plan_for_a_household_outside_their_pairings(world, assist):
    plan = HouseholdPlan(household=world.other_household, year=2010, target_income=Decimal("3000"))
    with pytest.raises(DomainError) as error:
        services.plan_save(actor=world.users["helper1"], plan=plan)
    assert error.value.message == "该农户不在您的管辖范围内"
    assert HouseholdPlan.objects.count() == 0


def test_only_a_helper_login_links_to_a_cadre(world, assist):
    with pytest.raises(DomainError) as error:
        services.cadre_link_user(cadre=assist.other_cadre, user=world.users["clerk_xiakou"])
    assert error.value.message == "只有角色为帮扶干部的用户可以关联干部"
