"""factory_boy factories for the registry. Codes are strings; ID numbers are valid."""

import datetime
import itertools
from decimal import Decimal

import factory

from households.models import Household, IncomeRecord, Member
from villages.models import County, Department, Group, Township, Village
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User
from xixiang.lib.id_numbers import make_id_number

_id_sequence = itertools.count(1)


def next_id_number(sex_odd: bool = True) -> str:
    """A fresh valid ID number: the sequence walks birth dates and the 3-digit serial."""
    n = next(_id_sequence)
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=n // 400)
    serial = (n % 400) * 2 + (1 if sex_odd else 0)
    return make_id_number("610724", birth, serial)


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ["code"]

    code = "610724"
    name = "西乡县"


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township
        django_get_or_create = ["code"]

    county = factory.SubFactory(CountyFactory)
    code = factory.Sequence(lambda n: f"610724{300 + n % 700:03d}")  # stays 9 digits
    name = factory.Sequence(lambda n: f"测试乡{n}")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    township = factory.SubFactory(TownshipFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.township.code}{200 + n % 800:03d}")
    name = factory.Sequence(lambda n: f"测试{n}村")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    village = factory.SubFactory(VillageFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.village.code}{n % 100:02d}")
    name = factory.Sequence(lambda n: f"{n}组")


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    group = factory.SubFactory(GroupFactory)
    village = factory.LazyAttribute(lambda o: o.group.village)
    township = factory.LazyAttribute(lambda o: o.group.village.township)
    # 100–999: hand-written tests use 0xx numbers in the same group (roster rows …050 and so on)
    number = factory.LazyAttributeSequence(lambda o, n: f"{o.group.code}{100 + n % 900:03d}")
    head_name = factory.Sequence(lambda n: f"王{n}")
    head_id_number = factory.LazyFunction(next_id_number)
    resident_count = 3
    labour_count = 2


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    household = factory.SubFactory(HouseholdFactory)
    name = factory.Sequence(lambda n: f"李{n}")
    id_number = factory.LazyFunction(next_id_number)
    relation = "son"


class IncomeRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomeRecord

    household = factory.SubFactory(HouseholdFactory)
    year = 2009
    total_income = Decimal("12000.00")
    business_expenses = Decimal("3000.00")
    resident_members = 3
    net_income = Decimal("9000.00")
    per_capita_net_income = Decimal("3000.00")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"测试部门{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.LEADER
    password = factory.django.Password("xixiang2009")


def unsaved_households(group, numbers) -> list[Household]:
    """Unsaved households of `group` numbered `numbers`, their values varying with the number
    (parity and remainder by 3), for tests of bulk writers."""
    return [
        Household(number=f"{group.code}{n:03d}", group=group, village_id=group.village_id,
                  township_id=group.village.township_id, head_name=f"王{n % 3}", head_id_number=next_id_number(),
                  phone="" if n % 2 else "13800000000", resident_count=3, labour_count=n % 3,
                  industry_tea=bool(n % 2), hardship="" if n % 2 else "serious_illness",
                  latest_income_year=2009 if n % 2 else None,
                  latest_per_capita_income=Decimal("2345.60") if n % 2 else None,
                  computed_category="care" if n % 2 else "", category="care" if n % 2 else "")
        for n in numbers
    ]
