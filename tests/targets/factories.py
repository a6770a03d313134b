"""Factories for the plan: a 2009–2011 plan, approved village plans with targets, commitments."""

import datetime

import factory

from targets.choices import PlanStatus
from targets.models import Commitment, Plan, TownshipPlan, VillagePlan, VillageTarget
from tests.factories import VillageFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ["first_year"]

    name = "西乡县升级晋档实施方案（2009—2011年）"
    first_year = 2009
    last_year = 2011


class VillagePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VillagePlan

    plan = factory.SubFactory(PlanFactory)
    village = factory.SubFactory(VillageFactory)
    status = PlanStatus.APPROVED
    measures = "发展茶叶产业，硬化通组道路"
    township_leader = "王建国"
    party_secretary = "李明"
    contact_leader = "张华"


class VillageTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VillageTarget

    village_plan = factory.SubFactory(VillagePlanFactory)
    year = 2009
    grade = 3


class TownshipPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TownshipPlan

    plan = factory.SubFactory(PlanFactory)
    status = PlanStatus.APPROVED
    measures = "整合项目资金，重点扶持升级村"
    township_leader = "赵刚"
    contact_leader = "孙强"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    year = 2009
    village = factory.SubFactory(VillageFactory)
    township = factory.LazyAttribute(lambda o: o.village.township)
    target_grade = 3
    text = "确保本年度晋升一个档次"
    signer = "李明"
    signed_on = datetime.date(2009, 3, 1)


def plan_village(village, targets: dict[int, int], *, status=PlanStatus.APPROVED, **fields) -> VillagePlan:
    """A village plan with its targets by year."""
    vp = VillagePlanFactory(village=village, status=status, **fields)
    for year, grade in targets.items():
        VillageTargetFactory(village_plan=vp, year=year, grade=grade)
    return vp
