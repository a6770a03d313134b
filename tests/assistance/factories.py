"""Factories of the assistance app; the copied township/village columns follow the target."""

import datetime
from decimal import Decimal

import factory

from assistance.models import AssistanceRecord, Cadre, HouseholdPairing, HouseholdPlan, LeaderPairing, UnitPairing
from tests.factories import DepartmentFactory, HouseholdFactory, VillageFactory


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre

    name = factory.Sequence(lambda n: f"干部{n}")
    level = "staff"
    unit = factory.SubFactory(DepartmentFactory)
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class HouseholdPairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdPairing

    cadre = factory.SubFactory(CadreFactory)
    household = factory.SubFactory(HouseholdFactory)
    village = factory.LazyAttribute(lambda o: o.household.village)
    township = factory.LazyAttribute(lambda o: o.household.township)
    year = 2009
    start_date = datetime.date(2009, 1, 1)


class UnitPairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitPairing

    unit = factory.SubFactory(DepartmentFactory)
    village = factory.SubFactory(VillageFactory, is_poor=True)
    township = factory.LazyAttribute(lambda o: o.village.township)
    year = 2009
    start_date = datetime.date(2009, 1, 1)


class LeaderPairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeaderPairing

    leader = factory.SubFactory(CadreFactory, level="county")
    level = factory.LazyAttribute(lambda o: o.leader.level)
    village = factory.SubFactory(VillageFactory)
    township = factory.LazyAttribute(lambda o: o.village.township)
    year = 2009
    start_date = datetime.date(2009, 1, 1)


class HouseholdRecordFactory(factory.django.DjangoModelFactory):
    """A record on a cadre–household pairing."""

    class Meta:
        model = AssistanceRecord

    household_pairing = factory.SubFactory(HouseholdPairingFactory)
    ledger = "household"
    date = datetime.date(2009, 5, 1)
    year = 2009
    kind = "visit"
    amount = Decimal("0")
    township = factory.LazyAttribute(lambda o: o.household_pairing.township)
    village = factory.LazyAttribute(lambda o: o.household_pairing.village)
    household = factory.LazyAttribute(lambda o: o.household_pairing.household)
    cadre = factory.LazyAttribute(lambda o: o.household_pairing.cadre)
    unit = factory.LazyAttribute(lambda o: o.household_pairing.cadre.unit)


class UnitRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssistanceRecord

    unit_pairing = factory.SubFactory(UnitPairingFactory)
    ledger = "unit"
    date = datetime.date(2009, 6, 1)
    year = 2009
    kind = "project_funds"
    amount = Decimal("10000")
    township = factory.LazyAttribute(lambda o: o.unit_pairing.township)
    village = factory.LazyAttribute(lambda o: o.unit_pairing.village)
    unit = factory.LazyAttribute(lambda o: o.unit_pairing.unit)


class HouseholdPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdPlan

    household = factory.SubFactory(HouseholdFactory)
    year = 2010
    target_income = Decimal("3450.00")
    measure_industry = "茶园提质增效 2 亩"
    measure_training = "茶叶栽培技术培训"
