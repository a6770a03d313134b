"""The import engine's instance construction: the same objects as the model's constructor."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import signals

from households.models import Household, IncomeRecord, Member
from households.roster.model_columns import new_instance

VALUES = {
    Household: {
        "number": "61072410020101050",
        "head_name": "张三丰",
        "head_id_number": "610724195001010011",
        "resident_count": 3,
        "labour_count": 2,
        "industry_tea": True,
        "group_id": 4,
        "village_id": 5,
        "latest_per_capita_income": Decimal("2000.00"),
        "category": "care",
    },
    IncomeRecord: {
        "year": 2009,
        "total_income": Decimal("9000.00"),
        "business_expenses": Decimal("3000.00"),
        "resident_members": 3,
    },
    Member: {
        "name": "张小明",
        "id_number": "610724200001010012",
        "relation": "son",
        "sex": "m",
        "birth_date": datetime.date(2000, 1, 1),
        "health": "serious",
    },
}


@pytest.mark.parametrize("model", [Household, IncomeRecord, Member])
def test_new_instance_equals_what_the_constructor_makes(model):
    ours, theirs = new_instance(model, VALUES[model]), model(**VALUES[model])
    assert type(ours) is model and ours.pk is None and ours._state.adding and ours._state.db is None
    assert {k: v for k, v in vars(ours).items() if k != "_state"} == {
        k: v for k, v in vars(theirs).items() if k != "_state"
    }
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
