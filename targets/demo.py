"""Demo plan (demo-data.md): the 2009–2011 plan for every village, approved, with measures and
responsible people (the contact leader from the leader–village ledger), township plans, and the
township and village commitments of 2009 and 2010.

Runs after the assessment seeder: the 2009 targets are drawn against the engine's 2009 grades so
that the share reached is plausible — the county planned ambitiously, and most, not all, villages
that rose were targeted, with many targeted that did not rise. Targets follow the service's rules
(1–4, not worse than the grade before, nor than the year before's target).

Commitments are stored without rendering a PDF each (a few hundred PDFs would slow the seed);
where the archive demo already holds the village's G3 record of the year the commitment points to
it, and 五丰村's 2010 commitment is filed through the service like a real one (its PDF in G3).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from archives.models import ArchiveRecord
from assistance.models import LeaderPairing
from villages.models import Township, Village, VillageGrade
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User
from xixiang.core.demo import wipe

from . import services
from .choices import PlanStatus
from .models import Commitment, Plan, TownshipPlan, VillagePlan, VillageTarget

PLAN_NAME = "西乡县村级组织升级晋档实施方案和总体规划（2009—2011年）"
FIRST, LAST = 2009, 2011
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国明华强军伟平刚勇杰峰林波辉涛斌鹏宏志海春"
INDUSTRY_MEASURES = {"茶叶": "新建和改造茶园，扶持茶叶大户", "生猪": "建设标准化生猪养殖小区",
                     "烤烟": "扩大烤烟种植面积", "转移就业": "组织劳务输出和技能培训"}
COMMON_MEASURES = ["硬化通组道路", "建设沼气池，推广清洁能源", "实施安全饮水工程", "规范村级档案", "落实干部联户帮扶"]


def _person(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))


def _targets(rng, baseline: int, grade_2009: int | None) -> dict[int, int]:
    """2009–2011 targets of a village starting at `baseline` (its 2008 grade)."""
    rose = grade_2009 is not None and grade_2009 < baseline
    targets = {}
    if baseline > 1 and rng.random() < (0.9 if rose else 0.6):
        # ambitious: one grade up, two for a fifth of those that rose two or more
        step = 2 if rose and baseline - grade_2009 >= 2 and rng.random() < 0.2 else 1
        targets[2009] = max(1, baseline - step)
    current = grade_2009 if grade_2009 is not None else baseline  # the grade before 2010
    earlier = min(targets.get(2009, 4), current)
    t2010 = max(1, earlier - (1 if rng.random() < 0.7 else 0))
    targets[2010] = t2010
    t2011 = max(1, t2010 - (1 if rng.random() < 0.6 else 0))
    targets[2011] = t2011
    return targets


def _measures(rng, village: Village) -> str:
    own = [INDUSTRY_MEASURES[i] for i in village.leading_industries.split("、") if i in INDUSTRY_MEASURES]
    return "；".join([*own[:1], *rng.sample(COMMON_MEASURES, 3)])


@transaction.atomic
def seed(ctx) -> None:
    rng = ctx.rng_for("targets")
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    now = timezone.now()
    plan = Plan.objects.create(name=PLAN_NAME, first_year=FIRST, last_year=LAST)
    villages = list(Village.objects.select_related("township").order_by("code"))
    grades: dict[int, dict[int, int]] = {}
    for village_id, year, grade in VillageGrade.objects.filter(year__in=(2008, 2009)).values_list(
            "village_id", "year", "grade"):
        grades.setdefault(village_id, {})[year] = grade
    contact = {}
    for village_id, name in LeaderPairing.objects.order_by("year", "start_date").values_list("village_id",
                                                                                              "leader__name"):
        contact.setdefault(village_id, name)
    township_leaders = {t.pk: _person(rng) for t in Township.objects.all()}
    secretaries = {v.pk: _person(rng) for v in villages}
    plans, chosen = [], {}
    for village in villages:
        history = grades.get(village.pk, {})
        chosen[village.pk] = _targets(rng, history.get(2008, 4), history.get(2009))
        plans.append(VillagePlan(
            plan=plan, village=village, status=PlanStatus.APPROVED, approved_by=admin, approved_at=now,
            measures=_measures(rng, village), township_leader=township_leaders[village.township_id],
            party_secretary=secretaries[village.pk], contact_leader=contact.get(village.pk, ""),
        ))
    bulk_create_with_history(plans, VillagePlan, batch_size=1000, default_user=admin)
    by_village = {vp.village_id: vp for vp in VillagePlan.objects.filter(plan=plan)}
    targets = [VillageTarget(village_plan=by_village[vid], year=year, grade=grade)
               for vid, years in chosen.items() for year, grade in years.items()]
    bulk_create_with_history(targets, VillageTarget, batch_size=2000, default_user=admin)
    townships = list(Township.objects.order_by("code"))
    bulk_create_with_history([
        TownshipPlan(plan=plan, township=t, status=PlanStatus.APPROVED, approved_by=admin, approved_at=now,
                     measures="整合项目资金，重点向升级村倾斜；乡镇领导包村、干部包组；每月督查通报",
                     township_leader=township_leaders[t.pk], contact_leader=_person(rng))
        for t in townships], TownshipPlan, batch_size=100, default_user=admin)
    _commitments(rng, admin, villages, townships, chosen, grades, secretaries, township_leaders)
    planned = sum(1 for vid, years in chosen.items() if 2009 in years)
    reached = sum(1 for vid, years in chosen.items()
                  if 2009 in years and grades.get(vid, {}).get(2009, 5) <= years[2009])
    ctx.progress(f"升级晋档规划：{len(villages)} 个村，2009 年计划升级 {planned} 个，达到 {reached} 个")


def _commitments(rng, admin, villages, townships, chosen, grades, secretaries, township_leaders) -> None:
    g3_years = {(v, y): pk for v, y, pk in ArchiveRecord.objects.live().filter(category__code="G3").values_list(
        "village_id", "year", "pk")}
    rows = []
    for year in (2009, 2010):
        for village in villages:
            target = chosen[village.pk].get(year) or grades.get(village.pk, {}).get(2008, 4)
            income = Decimal(rng.randrange(1800, 5200, 50))
            rows.append(Commitment(
                year=year, township_id=village.township_id, village=village, target_grade=target,
                income_per_capita=income, road_km=Decimal(rng.randrange(5, 60)) / 10,
                biogas_digesters=rng.randrange(10, 80), water_works=rng.randrange(0, 3),
                archive_completeness=Decimal(rng.choice((80, 90, 100))),
                text=f"{year}年，{village.name}确保达到{target}类村标准：农民人均纯收入达到{income:.0f}元，"
                     "完成通组道路硬化和沼气池建设任务，村级档案规范齐全，接受党员群众监督。",
                signer=secretaries[village.pk], signed_on=datetime.date(year, 3, rng.randint(1, 28)),
                recorded_by=admin, archive_record_id=g3_years.get((village.pk, year)),
            ))
        for township in townships:
            rows.append(Commitment(
                year=year, township=township, village=None,
                text=f"{year}年，{township.name}确保完成县下达的升级晋档目标任务，"
                     "整合项目资金向升级村倾斜，按月督查，年底考核。",
                signer=township_leaders[township.pk], signed_on=datetime.date(year, 2, rng.randint(1, 28)),
                recorded_by=admin,
            ))
    bulk_create_with_history(rows, Commitment, batch_size=1000, default_user=admin)
    wufeng = next((v for v in villages if v.township.code == "610724100" and v.name == "五丰村"), None)
    if wufeng is not None and admin is not None:
        stored = Commitment.objects.get(year=2010, village=wufeng)
        services.commitment_save(
            actor=admin, year=2010, township=wufeng.township, village=wufeng, target_grade=stored.target_grade,
            text=stored.text, signer=stored.signer, signed_on=stored.signed_on,
            income_per_capita=stored.income_per_capita, road_km=stored.road_km,
            biogas_digesters=stored.biogas_digesters, water_works=stored.water_works,
            archive_completeness=stored.archive_completeness,
        )


def reset(ctx) -> None:
    wipe(Commitment, VillageTarget, VillagePlan, TownshipPlan, Plan)
