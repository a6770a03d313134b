"""The import engine's instance construction: the same objects as the model's constructor."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import signals

from households.models import Household, IncomeRecord, Member
from households.roster.fields import new_instance

VALUES = {
    Household: {"number": "61072410020101050", "head_name": "张三丰", "head_id_number": "610724195001010011",
                "resident_count": 3, "labour_count": 2, "industry_tea": True, "group_id": 4, "village_id": 5,
                "latest_per_capita_income": Decimal("2000.00"), "category": "care"},
    IncomeRecord: {"year": 2009, "total_income": Decimal("9000.00"), "business_expenses": Decimal("3000.00"),
                   "resident_members": 3},
    Member: {"name": "张小明", "id_number": "610724200001010012", "relation": "son", "sex": "m",
             "birth_date": datetime.date(2000, 1, 1), "health": "serious"},
}


@pytest.mark.parametrize("model", [Household, IncomeRecord, Member])
def test_new_instance_equals_what_the_constructor_makes(model):
    ours, theirs = new_instance(model, VALUES[model]), model(**VALUES[model])
    assert type(ours) is model and ours.pk is None and ours._state.adding and ours._state.db is None
    assert {k: v for k, v in vars(ours).items() if k != "_state"} == {k: v for k, v in vars(theirs).items() if k != "_state"}
    assert list(vars(ours)) == list(vars(theirs))


def test_new_instance_sends_the_init_signals_when_something_listens():
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance)

    signals.post_init.connect(listener, sender=Member)
    try:
        member = new_instance(Member, VALUES[Member])
    finally:
        signals.post_init.disconnect(listener, sender=Member)
    assert seen == [member] and member.name == "张小明"


def test_new_instance_refuses_a_name_that_is_not_a_field():
    with pytest.raises(ValueError, match="group"):
        new_instance(Household, {"group": object()})


@pytest.mark.django_db
def test_stored_values_are_those_of_values_list_with_the_same_decimal_places(world):
    from households.roster.fields import INCOME_COLUMNS_DB, stored_values
    from tests.factories import HouseholdFactory

    household = HouseholdFactory(group=world.wufeng_group)
    amounts = [Decimal("78.00"), Decimal("11824.75"), Decimal("0.10"), Decimal("9999999999.99")]
    for year, amount in enumerate(amounts, start=2006):
        IncomeRecord.objects.create(household=household, year=year, total_income=amount, business_expenses=amount,
                                    resident_members=3, net_income=Decimal("5.00"), per_capita_net_income=Decimal("1.67"))
    Household.objects.filter(pk=household.pk).update(latest_per_capita_income=None)
    queryset = IncomeRecord.objects.filter(household=household).order_by("year")
    ours, django = list(stored_values(queryset, INCOME_COLUMNS_DB)), list(queryset.values_list(*INCOME_COLUMNS_DB))
    assert ours == django
    assert [str(row[4]) for row in ours] == ["78.00", "11824.75", "0.10", "9999999999.99"]  # the places, too
    households = Household.objects.filter(pk=household.pk)
    assert list(stored_values(households, ("number", "latest_per_capita_income"))) == [(household.number, None)]
