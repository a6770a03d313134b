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

from households.models import IncomeRecord
from villages.models import Department, Village, VillageGrade
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User
from xixiang.core.demo import DEMO_PASSWORD

from . import demo_plan, sampling, selectors, services
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
# The surveyors of the villages outside 城关镇 (surveyor1 works in 城关镇).
EXTRA_TEAMS = [("surveyor2", Role.SURVEYOR, "县统计局调查队")]
# 10 inspection groups (检查验收组, domain.md §11): inspector1 (home.demo_users) covers 城关镇, inspector2 …
# inspector10 the other 22 townships in code order, in nine runs of two or three townships.
INSPECTION_GROUPS = 10
GROUP_NUMBERS = "一二三四五六七八九十"
CHENGGUAN = "610724100"
FINDINGS = [
    "走访农户，收入台账与抽样调查数据基本一致。",
    "村务公开栏按季度更新，群众知晓率较高。",
    "环境卫生整治有死角，已要求限期整改。",
    "档案资料齐全，增收明白卡已发放到户。",
]
METHOD_FINDINGS = {
    "visit": ["抽查户家庭人口、收入与台账一致", "抽查户均已发放增收明白卡", "个别户收入台账未及时更新，已当场纠正"],
    "site": ["通组道路已硬化，饮水工程运行正常", "沼气池使用正常，村容整洁", "个别组垃圾未及时清运"],
    "records": ["十八类档案齐全，归档及时", "会议记录、公开栏照片齐全", "部分帮扶记录缺签字，要求补齐"],
    "report": ["听取村两委汇报，目标任务清楚", "听取驻村干部汇报，帮扶措施落实", "汇报材料与实际情况相符"],
    "evaluation": ["召开群众代表会议进行民主测评", "测评票当场统计并公示", "群众对村务公开满意度较高"],
}


def inspection_group_townships(codes: list[str]) -> list[list[str]]:
    """The townships of each inspection group: 城关镇 for the first, the others in code order in
    nine runs as even as can be (pure)."""
    others = [c for c in sorted(codes) if c != CHENGGUAN]
    groups, start, count = [[CHENGGUAN]], 0, INSPECTION_GROUPS - 1
    for index in range(count):
        size = len(others) // count + (1 if index < len(others) % count else 0)
        groups.append(others[start : start + size])
        start += size
    return groups


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
    codes = sorted(set(Village.objects.values_list("township__code", flat=True)))
    for number, townships in enumerate(inspection_group_townships(codes)[1:], start=2):
        username = f"inspector{number}"
        if username not in users:
            users[username] = User.objects.create(
                username=username, role=Role.INSPECTOR, password=password,
                first_name=f"检查验收{GROUP_NUMBERS[number - 1]}组",
            )
            users[username].assigned_villages.set(Village.objects.filter(township__code__in=townships))
    return users


def inspection_teams(users) -> dict[int, User]:
    """village id → the inspection group assigned to it (one query)."""
    names = [f"inspector{n}" for n in range(1, INSPECTION_GROUPS + 1)]
    teams = {u.pk: u for u in users.values() if u.username in names}
    through = User.assigned_villages.through.objects.filter(user_id__in=teams)
    return {village_id: teams[user_id] for user_id, village_id in through.values_list("user_id", "village_id")}


def _methods(rng, done: set[str] | None = None) -> dict:
    """The five methods, each done (all by default) with a finding."""
    return {
        method: (done is None or method in done, rng.choice(texts) if done is None or method in done else "")
        for method, texts in METHOD_FINDINGS.items()
    }


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


def _registry(year: int) -> dict[str, demo_plan.RegistryIncome]:
    """household number → its registry income record for `year` (one query)."""
    fields = ["net_income", "resident_members", "business_expenses", "taxes_and_fees", "depreciation", "gifts_outside"]
    return {
        number: demo_plan.RegistryIncome(*values)
        for number, *values in IncomeRecord.objects.filter(year=year).values_list("household__number", *fields)
    }


def _plan_2009(cycle: Cycle, rng) -> dict[int, demo_plan.Plan]:
    grades_2008 = dict(VillageGrade.objects.filter(year=2008).values_list("village_id", "grade"))
    facts = [
        demo_plan.VillageFacts(pk, township, name, terrain, poor, grades_2008.get(pk))
        for pk, township, name, terrain, poor in Village.objects.order_by("code").values_list(
            "pk", "township__name", "name", "terrain", "is_poor"
        )
    ]
    draws = {d.village_id: d for d in SampleDraw.objects.filter(cycle=cycle)}
    registry = _registry(cycle.year)
    # The surveyors' answers follow the sampled households' registry records (a small recall error) …
    surveys = {pk: demo_plan.survey_rows(draw.household_numbers, registry, rng) for pk, draw in sorted(draws.items())}
    incomes = {pk: demo_plan.survey_estimate(rows, draws[pk].population) for pk, rows in surveys.items()}
    targets = demo_plan.assign_grades(facts, rng, incomes)
    # … except in a few grade-4 villages outside 城关镇 whose answers were made up (the survey report flags them).
    named = set(demo_plan.DEMONSTRATION)
    candidates = [v.pk for v in facts if targets[v.pk] == 4 and v.township != "城关镇"
                  and (v.township, v.name) not in named and v.pk in draws]
    for pk in rng.sample(candidates, min(demo_plan.FABRICATED_VILLAGES, len(candidates))):
        surveys[pk] = demo_plan.survey_rows(draws[pk].household_numbers, registry, rng, fabricated=True)
    indicators = list(cycle.indicators.all())
    rules = [i.rule() for i in indicators]
    units = {i.code: i.unit for i in indicators}
    shares = registry_shares()
    plans = {}
    chengguan = [v.pk for v in facts if v.township == "城关镇"][2:4]
    c3_max = next(i.max_points for i in indicators if i.code == "C3")
    for village in facts:
        grade = targets[village.pk]
        draw = draws.get(village.pk)
        survey = surveys.get(village.pk, [])
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
    """Ballots and a complete check (all five methods) for every village by its inspection group;
    in 城关镇 the inspection team corrects C3."""
    villages = {v.pk: v for v in Village.objects.select_related("township")}
    c3 = cycle.indicators.get(code="C3")
    teams = inspection_teams(users)
    for village_id, plan in sorted(plans.items()):
        village = villages[village_id]
        team = teams[village_id]
        services.ballot_record(
            actor=team,
            cycle=cycle,
            village=village,
            satisfied=plan.ballots[0],
            basically_satisfied=plan.ballots[1],
            unsatisfied=plan.ballots[2],
        )
        services.spot_check_add(
            actor=team,
            cycle=cycle,
            village=village,
            date=datetime.date(2009, 12, rng.randint(1, 20)),
            households_visited=5,
            findings=rng.choice(FINDINGS),
            methods=_methods(rng),
            seed=sampling.new_seed(rng),
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
    # The 2010 inspection has begun in 城关镇: two villages checked in full, a third in part.
    chengguan = list(Village.objects.filter(township__code=CHENGGUAN).order_by("code")[:3])
    for index, village in enumerate(chengguan):
        services.spot_check_add(
            actor=users["inspector1"], cycle=cycle, village=village, date=datetime.date(2010, 3, 2 + index),
            households_visited=5, findings=rng.choice(FINDINGS), seed=sampling.new_seed(rng),
            methods=_methods(rng, None if index < 2 else {"visit", "site"}),
        )


def reset(ctx) -> None:
    from .models import Adjustment, Ballot, Score, SpotCheck, SurveyResponse

    sources = list(Cycle.objects.values_list("year", flat=True))
    VillageGrade.objects.filter(source__in=[f"{y} 年度考核" for y in sources]).delete()
    Cycle.objects.all().delete()
    for model in (Cycle, Score, Adjustment, Ballot, SpotCheck, SampleDraw, SurveyResponse):
        model.history.all().delete()
    inspectors = [f"inspector{n}" for n in range(2, INSPECTION_GROUPS + 1)]
    extra = [u for u, _ in EXTRA_SCORERS] + [u for u, _, _ in EXTRA_TEAMS] + inspectors
    User.objects.filter(username__in=extra).delete()
