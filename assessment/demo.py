"""Demo assessment: the 2009 cycle, finalised, and the 2010 cycle open for scoring.

Everything is entered the way the county enters it: departments upload their cells
(scores_bulk_enter, the path of the xlsx upload), surveyors save the sampled households'
income items, inspection teams record ballots, spot checks and adjustments, and the
administrator finalises. The article's 2009 result (1 / 12 / 133 / 121 against 2008's
0 / 0 / 9 / 258) then comes out of the engine; the seeder checks it and stops loudly if not.
"""

import datetime
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.db import transaction

from households.models import Household
from villages.models import Department, Village, VillageGrade
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User
from xixiang.core.demo import DEMO_PASSWORD

from . import demo_plan, selectors, services
from .models import Cycle, SampleDraw
from .services.engine import registry_shares
from .services.scores import Entry

# Scorers for the lead departments without a demo user (scorer_tongji and scorer_shuili exist).
EXTRA_SCORERS = [
    ("scorer_nongye", "县农业局"),
    ("scorer_caizheng", "县财政局"),
    ("scorer_jiaotong", "县交通运输局"),
    ("scorer_weisheng", "县卫生局"),
    ("scorer_zhujian", "县住房和城乡建设局"),
    ("scorer_jiaoyu", "县教育局"),
    ("scorer_minzheng", "县民政局"),
    ("scorer_zuzhi", "县委组织部"),
]
# The teams for the villages outside 城关镇 (inspector1 and surveyor1 work in 城关镇).
EXTRA_TEAMS = [("inspector2", Role.INSPECTOR, "检查验收二组"), ("surveyor2", Role.SURVEYOR, "县统计局调查队")]
CHENGGUAN = "610724100"
FINDINGS = [
    "走访农户，收入台账与抽样调查数据基本一致。",
    "村务公开栏按季度更新，群众知晓率较高。",
    "环境卫生整治有死角，已要求限期整改。",
    "档案资料齐全，增收明白卡已发放到户。",
]


def _users() -> dict[str, User]:
    password = make_password(DEMO_PASSWORD)
    departments = {d.name: d for d in Department.objects.all()}
    users = {
        u.username: u for u in User.objects.filter(role__in=[Role.ADMIN, Role.SCORER, Role.INSPECTOR, Role.SURVEYOR])
    }
    for username, department in EXTRA_SCORERS:
        if username not in users:
            users[username] = User.objects.create(
                username=username,
                role=Role.SCORER,
                password=password,
                first_name=f"{department}考评员",
                department=departments[department],
            )
    others = Village.objects.exclude(township__code=CHENGGUAN)
    for username, role, name in EXTRA_TEAMS:
        if username not in users:
            users[username] = User.objects.create(username=username, role=role, password=password, first_name=name)
            users[username].assigned_villages.set(others)
    return users


def _scorer_for(users, department_id):
    return next(u for u in users.values() if u.role == Role.SCORER and u.department_id == department_id)


def seed(ctx) -> None:
    rng = ctx.rng_for("assessment")
    users = _users()
    admin = users["admin"]
    with transaction.atomic():
        cycle = services.cycle_open(actor=admin, year=2009)
        services.cycle_start_scoring(actor=admin, cycle=cycle, seed_rng=rng)
    plans = _plan_2009(cycle, rng)
    _enter_departments(cycle, plans, users)
    _enter_survey(cycle, plans, users)
    services.cycle_start_verification(actor=admin, cycle=cycle)
    _enter_inspection(cycle, plans, users, rng)
    services.cycle_finalise(actor=admin, cycle=cycle)
    summary = selectors.grade_summary(cycle)
    wanted = dict(demo_plan.TARGET_COUNTS)
    if summary["grades"] != wanted:
        raise RuntimeError(f"2009 年度考核结果 {summary['grades']} 与文章 {wanted} 不符")
    g, p = summary["grades"], summary["previous"]
    ctx.progress(
        f"2009 年度考核已定案：一类 {g[1]}、二类 {g[2]}、三类 {g[3]}、四类 {g[4]}"
        f"（2008 年 {p[1]}/{p[2]}/{p[3]}/{p[4]}）"
    )
    _open_2010(admin, users, rng)
    ctx.progress("2010 年度考核已开启（部门打分阶段）")


def _plan_2009(cycle: Cycle, rng) -> dict[int, demo_plan.Plan]:
    grades_2008 = dict(VillageGrade.objects.filter(year=2008).values_list("village_id", "grade"))
    facts = [
        demo_plan.VillageFacts(pk, township, name, terrain, poor, grades_2008.get(pk))
        for pk, township, name, terrain, poor in Village.objects.order_by("code").values_list(
            "pk", "township__name", "name", "terrain", "is_poor"
        )
    ]
    targets = demo_plan.assign_grades(facts, rng)
    indicators = list(cycle.indicators.all())
    rules = [i.rule() for i in indicators]
    units = {i.code: i.unit for i in indicators}
    draws = {d.village_id: d for d in SampleDraw.objects.filter(cycle=cycle)}
    members = dict(Household.objects.values_list("number", "resident_count"))
    shares = registry_shares()
    plans = {}
    chengguan = [v.pk for v in facts if v.township == "城关镇"][2:4]
    c3_max = next(i.max_points for i in indicators if i.code == "C3")
    for village in facts:
        grade = targets[village.pk]
        draw = draws.get(village.pk)
        survey = demo_plan.survey_rows(draw.household_numbers, members, draw.population, grade, rng) if draw else []
        plans[village.pk] = demo_plan.plan_village(
            rules, units, grade, cycle.thresholds(), survey, draw.population if draw else 0, shares.get(village.pk), rng
        )
        planned = plans[village.pk].values["C3"]
        if village.pk in chengguan and planned < c3_max:
            # 县卫生局's first entry is too generous; the inspection team will correct it.
            plans[village.pk].first_entries["C3"] = min(c3_max, planned + 1)
    return plans


def _enter_departments(cycle: Cycle, plans, users) -> None:
    """Each lead department uploads its cells for every village (the xlsx upload's path)."""
    codes = dict(Village.objects.values_list("pk", "code"))
    by_department = defaultdict(list)
    for indicator in cycle.indicators.exclude(source__in=["survey", "registry", "ballots"]):
        by_department[indicator.lead_department_id].append(indicator.code)
    for department_id, indicator_codes in by_department.items():
        entries = [
            Entry(
                row=row,
                village_code=codes[village_id],
                indicator_code=code,
                raw=plan.first_entries.get(code, plan.values[code]),
            )
            for row, (village_id, plan) in enumerate(sorted(plans.items()), start=2)
            for code in indicator_codes
        ]
        services.scores_bulk_enter(actor=_scorer_for(users, department_id), cycle=cycle, entries=entries)


def _enter_survey(cycle: Cycle, plans, users) -> None:
    chengguan = set(Village.objects.filter(township__code=CHENGGUAN).values_list("pk", flat=True))
    for draw in SampleDraw.objects.filter(cycle=cycle).select_related("cycle"):
        surveyor = users["surveyor1"] if draw.village_id in chengguan else users["surveyor2"]
        rows = [{k: v for k, v in row.items() if k != "net_income"} for row in plans[draw.village_id].responses]
        services.survey_responses_bulk_save(actor=surveyor, draw=draw, rows=rows)


def _enter_inspection(cycle: Cycle, plans, users, rng) -> None:
    """Ballots for every village; spot checks; in 城关镇 the inspection team corrects C3."""
    villages = {v.pk: v for v in Village.objects.select_related("township")}
    c3 = cycle.indicators.get(code="C3")
    for village_id, plan in sorted(plans.items()):
        village = villages[village_id]
        team = users["inspector1"] if village.township.code == CHENGGUAN else users["inspector2"]
        services.ballot_record(
            actor=team,
            cycle=cycle,
            village=village,
            satisfied=plan.ballots[0],
            basically_satisfied=plan.ballots[1],
            unsatisfied=plan.ballots[2],
        )
        if village.township.code == CHENGGUAN or rng.random() < 0.05:
            services.spot_check_add(
                actor=team,
                cycle=cycle,
                village=village,
                date=datetime.date(2009, 12, rng.randint(1, 20)),
                households_visited=rng.randint(5, 12),
                findings=rng.choice(FINDINGS),
            )
    # 县卫生局 over-scored sanitation in a few 城关镇 villages; the inspection team corrects it.
    for village_id, plan in sorted(plans.items()):
        if "C3" not in plan.first_entries:
            continue
        planned = plan.values["C3"]
        services.adjustment_set(
            actor=users["inspector1"],
            cycle=cycle,
            village=villages[village_id],
            indicator=c3,
            points=planned,
            reason="实地抽查发现房前屋后垃圾未清运，环境卫生整治得分核减",
        )


def _open_2010(admin, users, rng) -> None:
    cycle = services.cycle_open(actor=admin, year=2010)
    services.cycle_start_scoring(actor=admin, cycle=cycle, seed_rng=rng)
    b1 = cycle.indicators.get(code="B1")
    entries = [
        Entry(row=row, village_code=code, indicator_code="B1", raw=str(round(rng.uniform(70, 100), 1)))
        for row, code in enumerate(
            Village.objects.filter(township__code=CHENGGUAN).values_list("code", flat=True), start=2
        )
    ]
    services.scores_bulk_enter(actor=_scorer_for(users, b1.lead_department_id), cycle=cycle, entries=entries)


def reset(ctx) -> None:
    from .models import Adjustment, Ballot, Score, SpotCheck, SurveyResponse

    sources = list(Cycle.objects.values_list("year", flat=True))
    VillageGrade.objects.filter(source__in=[f"{y} 年度考核" for y in sources]).delete()
    Cycle.objects.all().delete()
    for model in (Cycle, Score, Adjustment, Ballot, SpotCheck, SampleDraw, SurveyResponse):
        model.history.all().delete()
    User.objects.filter(username__in=[u for u, _ in EXTRA_SCORERS] + [u for u, _, _ in EXTRA_TEAMS]).delete()
