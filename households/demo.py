"""Demo households: members, 2008–2009 income records and categories, township by township.

Written with bulk_create_with_history, so every seeded row has its first history entry and
later edits show old and new values.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from villages.models import Group, Township
from xixiang.core.demo import wipe
from xixiang.lib.id_numbers import make_id_number

from . import categories
from .choices import Hardship, Health, LabourAbility, Relation, Schooling, Sex
from .models import INDUSTRY_FIELDS, Household, IncomeRecord, Member
from .selectors import thresholds_for_year

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许沈彭吕苏蒋蔡魏叶余杜汪田任")
GIVEN = list("建国明华军平志强红英秀兰芳玉梅海林文德清成全福光春云峰刚勇俊丽娟霞燕桂珍凤金银富贵德宝顺安")
INDUSTRY_WEIGHTS = {"tea": 0.55, "pigs": 0.30, "tobacco": 0.10, "migration": 0.35, "other": 0.08}
YEARS = (2008, 2009)
BATCH = 5000


class IdNumbers:
    """Unique, valid ID numbers for the county (region 610724)."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def make(self, birth: datetime.date, sex: str) -> str:
        while True:
            sequence = self.rng.randrange(0, 500) * 2 + (1 if sex == Sex.MALE else 0)
            number = make_id_number("610724", birth, sequence)
            if number not in self.used:
                self.used.add(number)
                return number


def _name(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def _birth(rng, age_low: int, age_high: int) -> datetime.date:
    year = 2009 - rng.randint(age_low, age_high)
    return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))


def _per_capita_2009(rng) -> Decimal:
    """Mostly 1,000–6,000 yuan, with all five categories present (demo-data.md)."""
    bucket = rng.random()
    if bucket < 0.12:
        value = rng.uniform(500, 1195)
    elif bucket < 0.50:
        value = rng.uniform(1196, 2999)
    elif bucket < 0.88:
        value = rng.uniform(3000, 4999)
    else:
        value = rng.uniform(5000, 9000)
    return Decimal(str(round(value, 2)))


def _members(rng, ids: IdNumbers, head_name: str, size: int) -> list[Member]:
    head_sex = Sex.MALE if rng.random() < 0.85 else Sex.FEMALE
    head_birth = _birth(rng, 28, 75)
    members = [
        Member(
            name=head_name,
            relation=Relation.HEAD,
            sex=head_sex,
            birth_date=head_birth,
            id_number=ids.make(head_birth, head_sex),
        )
    ]
    plan = [
        Relation.SPOUSE,
        Relation.SON,
        Relation.DAUGHTER,
        Relation.FATHER,
        Relation.MOTHER,
        Relation.GRANDSON,
        Relation.GRANDDAUGHTER,
    ]
    for relation in plan[: size - 1]:
        sex = {
            Relation.SPOUSE: Sex.FEMALE if head_sex == Sex.MALE else Sex.MALE,
            Relation.SON: Sex.MALE,
            Relation.FATHER: Sex.MALE,
            Relation.GRANDSON: Sex.MALE,
        }.get(relation, Sex.FEMALE)
        age = {
            Relation.SPOUSE: (25, 72),
            Relation.SON: (1, 40),
            Relation.DAUGHTER: (1, 40),
            Relation.FATHER: (60, 90),
            Relation.MOTHER: (58, 90),
        }.get(relation, (0, 12))
        birth = _birth(rng, *age)
        members.append(
            Member(
                name=head_name[0] + rng.choice(GIVEN) + rng.choice(GIVEN),
                relation=relation,
                sex=sex,
                birth_date=birth,
                id_number=ids.make(birth, sex),
            )
        )
    for member in members:
        age = 2009 - member.birth_date.year
        member.labour_ability = (
            LabourAbility.FULL if 18 <= age <= 60 else (LabourAbility.WEAK if 16 <= age <= 70 else LabourAbility.NONE)
        )
        member.health = (
            Health.HEALTHY
            if rng.random() < 0.9
            else rng.choice([Health.CHRONIC, Health.CHRONIC, Health.SERIOUS, Health.DISABLED])
        )
        member.schooling = rng.choice(
            [Schooling.PRIMARY, Schooling.JUNIOR, Schooling.JUNIOR, Schooling.SENIOR, Schooling.NONE]
        )
    return members


def _income(rng, household: Household, year: int, per_capita: Decimal) -> IncomeRecord:
    net = per_capita * household.resident_count
    expenses = (net * Decimal(str(round(rng.uniform(0.25, 0.6), 2)))).quantize(Decimal("0.01"))
    taxes = Decimal(rng.randrange(0, 200))
    depreciation = Decimal(rng.randrange(0, 500))
    gifts = Decimal(rng.randrange(0, 800))
    record = IncomeRecord(
        household=household,
        year=year,
        business_expenses=expenses,
        taxes_and_fees=taxes,
        depreciation=depreciation,
        gifts_outside=gifts,
        resident_members=household.resident_count,
        total_income=(net + expenses + taxes + depreciation + gifts).quantize(Decimal("0.01")),
    )
    record.net_income = categories.net_income(record.items())
    record.per_capita_net_income = categories.per_capita_net_income(record.items(), record.resident_members)
    return record


def _household(rng, ids: IdNumbers, group: Group, sequence: int):
    size = rng.choices([1, 2, 3, 4, 5, 6, 7, 8], weights=[5, 14, 24, 26, 17, 8, 4, 2])[0]
    head_name = _name(rng)
    members = _members(rng, ids, head_name, size)
    labour = sum(1 for m in members if m.labour_ability == LabourAbility.FULL)
    hardship = rng.choices(
        [Hardship.NONE, Hardship.CANNOT_WORK, Hardship.SERIOUS_ILLNESS, Hardship.DISABILITY], weights=[91, 4, 3, 2]
    )[0]
    if hardship == Hardship.CANNOT_WORK:
        labour = 0
    household = Household(
        number=f"{group.code}{sequence:03d}",
        group=group,
        village_id=group.village_id,
        township_id=group.village.township_id,
        head_name=head_name,
        head_id_number=members[0].id_number,
        phone=f"1{rng.choice('358')}{rng.randrange(10**8, 10**9)}",
        address=f"{group.village.name}{group.name}",
        resident_count=size,
        labour_count=labour,
        hardship=hardship,
    )
    for code, field in INDUSTRY_FIELDS.items():
        setattr(household, field, rng.random() < INDUSTRY_WEIGHTS[code])
    return household, members


#: 产业大户 (组有大户, domain.md §6): the scale text of a large producer by its first industry.
LARGE_PRODUCER_SCALES = {
    "tea": "茶园 {n} 亩", "pigs": "年出栏生猪 {n} 头", "tobacco": "烤烟 {n} 亩", "migration": "劳务输出 {n} 人",
    "other": "食用菌 {n} 万袋",
}
LARGE_PRODUCER_SIZES = {"tea": (30, 120), "pigs": (100, 500), "tobacco": (20, 80), "migration": (10, 40),
                        "other": (2, 10)}


def _large_producer(rng, household: Household, per_capita: Decimal) -> None:
    """Flag a well-off household with an industry as 产业大户 now and then, with its scale. Its own
    generator, so the households' other draws (and the 2009 grades they lead to) stay as they were."""
    industries = household.industries
    chance = 0.3 if per_capita >= 4000 else 0.06
    if industries and industries[0] != "migration" and rng.random() < chance:
        low, high = LARGE_PRODUCER_SIZES[industries[0]]
        household.is_large_producer = True
        household.large_producer_scale = LARGE_PRODUCER_SCALES[industries[0]].format(n=rng.randint(low, high))


def seed(ctx) -> None:
    rng = ctx.rng_for("households")
    ctx.shared["large_producer_rng"] = ctx.rng_for("large_producers")
    ids = IdNumbers(rng)
    thresholds = thresholds_for_year(2009)
    total_households = total_people = 0
    for township in Township.objects.order_by("code"):
        groups = list(Group.objects.filter(village__township=township).select_related("village").order_by("code"))
        count, people = _seed_township(ctx, rng, ids, thresholds, groups)
        total_households += count
        total_people += people
        ctx.progress(f"{township.name}：{count:,} 户，{people:,} 人（累计 {total_households:,} 户）")
    ctx.progress(f"农户数据完成：{total_households:,} 户，{total_people:,} 人")


@transaction.atomic
def _seed_township(ctx, rng, ids, thresholds, groups) -> tuple[int, int]:
    households, members_of, incomes_of = [], {}, {}
    by_village: dict[int, list[Group]] = {}
    for group in groups:
        by_village.setdefault(group.village_id, []).append(group)
    for village_groups in by_village.values():
        target = max(1, round(ctx.households_per_village * rng.uniform(0.85, 1.15)))
        for index in range(target):
            group = village_groups[index % len(village_groups)]
            sequence = index // len(village_groups) + 1
            household, members = _household(rng, ids, group, sequence)
            pc2009 = _per_capita_2009(rng)
            household.has_income_project = rng.random() < (0.8 if pc2009 >= 5000 else 0.45)
            _large_producer(ctx.shared["large_producer_rng"], household, pc2009)
            pc2008 = (pc2009 * Decimal(str(round(rng.uniform(0.78, 0.95), 2)))).quantize(Decimal("0.01"))
            records = [_income(rng, household, 2008, pc2008), _income(rng, household, 2009, pc2009)]
            latest = records[-1]
            household.latest_income_year = latest.year
            household.latest_per_capita_income = latest.per_capita_net_income
            # The rule of services.household_categorise: members' health counts too.
            serious = household.hardship in {Hardship.SERIOUS_ILLNESS, Hardship.DISABILITY} or any(
                member.health in {Health.SERIOUS, Health.DISABLED} for member in members
            )
            household.computed_category = household.category = categories.household_category(
                latest.per_capita_net_income,
                has_income_project=household.has_income_project,
                labour_count=household.labour_count,
                has_serious_illness_or_disability=serious,
                thresholds=thresholds,
            )
            households.append(household)
            members_of[household.number] = members
            incomes_of[household.number] = records
    bulk_create_with_history(households, Household, batch_size=BATCH)
    members, incomes = [], []
    for household in households:
        for member in members_of[household.number]:
            member.household = household
            members.append(member)
        for record in incomes_of[household.number]:
            record.household = household
            incomes.append(record)
    bulk_create_with_history(members, Member, batch_size=BATCH)
    bulk_create_with_history(incomes, IncomeRecord, batch_size=BATCH)
    return len(households), len(members)


def reset(ctx) -> None:
    wipe(IncomeRecord, Member, Household)
