"""Demo projects and funds (spec/demo-data.md, domain.md §6 and §9), the same at every scale.

2009: county programmes of roads, biogas and drinking water whose allocations add up exactly to
the article's 242 km of cement road, 2,854 biogas digesters and 56 water works; industry,
housing and training projects; and in the five demonstration villages 98 projects and
74,380,000 yuan. The 8 new-countryside demonstration villages (the five and three more) and the 23 key
poverty villages get a three-year task (2009–2011), 60 % of every planned output completed in
2009. Funds go mostly to the villages targeted to upgrade that year (projects.selectors.
targeted_villages, the targets app's plan). 2010: a second catalogue, partly under way.
Every figure the reports show is a sum over these allocations.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from villages.models import Department, Village
from xixiang.core.demo import wipe

from .choices import AllocationStatus, Level, TaskProgramme
from .models import (
    Allocation,
    AllocationOutput,
    ConstructionTask,
    ConstructionTaskItem,
    Direction,
    OutputKind,
    Project,
)
from .selectors import targeted_villages

#: The five demonstration villages of 2009 (villages/demo.py names them) and how many projects
#: of their own each has; with the county's road and biogas programmes (two allocations each, as
#: task villages) that makes 98 projects and 74,380,000 yuan in the five.
DEMONSTRATION = [("城关镇", "五丰村", 19), ("城关镇", "余家山村", 18), ("杨河镇", "李河村", 17),
                 ("峡口镇", "江榜村", 17), ("沙河镇", "枣园村", 17)]
DEMONSTRATION_YUAN = Decimal("70300000")
#: Three more new-countryside demonstration villages (8 in all).
NEW_COUNTRYSIDE_MORE = [("柳树镇", "油房村"), ("罗镇", "马桑湾村"), ("罗镇", "三坪村")]
ROAD_KM, BIOGAS, WATER = 242, 2854, 56
# A task village's three-year plan: km of road, digesters; water works for the first ten.
TASK_ROAD, TASK_BIOGAS, TASK_WATER, TASK_WATER_VILLAGES = 5, 40, 5, 10
DONE_2009 = Decimal("0.6")
YUAN_PER_KM, YUAN_PER_DIGESTER, YUAN_PER_WATER_WORK = 260000, 1500, 180000

LEVELS = [Level.CENTRAL, Level.PROVINCE, Level.CITY, Level.COUNTY]
DEMO_PROJECT_KINDS = [
    ("产业", "县农业局", "产业基地建设"), ("产业", "县畜牧兽医局", "生猪养殖小区建设"),
    ("产业", "县茶叶局", "茶园建设"), ("住房", "县住房和城乡建设局", "农房改造"),
    ("道路", "县交通运输局", "村组道路硬化"), ("水利", "县水利局", "农田水利"),
    ("能源", "县能源办", "新能源示范"), ("培训", "县扶贫开发局", "农民技能培训"),
    ("其他", "县文化广电局", "文化广场建设"), ("其他", "县卫生局", "村卫生室建设"),
]
OTHER_PROJECTS = [
    ("产业", "县农业局", "现代农业产业基地", "产业基地"), ("产业", "县茶叶局", "茶叶基地扩建", "产业基地"),
    ("产业", "县畜牧兽医局", "生猪标准化养殖", "产业基地"), ("住房", "县住房和城乡建设局", "农村危房改造", "农房改造"),
    ("培训", "县扶贫开发局", "雨露计划培训", "技能培训"), ("培训", "县农业局", "阳光工程培训", "技能培训"),
]


def _split(total: int, parts: int, rng) -> list[int]:
    """`parts` positive integers adding up exactly to `total` (roughly even, shuffled)."""
    base, extra = divmod(total, parts)
    values = [base + (1 if i < extra else 0) for i in range(parts)]
    for _ in range(parts):  # move a little between neighbours, keeping every value ≥ 1
        i, j = rng.randrange(parts), rng.randrange(parts)
        move = rng.randint(0, max(0, values[i] // 3))
        if values[i] - move >= 1:
            values[i] -= move
            values[j] += move
    return values


def _village(township: str, name: str) -> Village:
    return Village.objects.get(township__name=township, name=name)


class _Plan:
    """What the seeder builds before it writes: projects and their allocations."""

    def __init__(self, rng, year):
        self.rng, self.year = rng, year
        self.departments = {d.name: d for d in Department.objects.all()}
        self.directions = {d.name: d for d in Direction.objects.all()}
        self.kinds = {k.name: k for k in OutputKind.objects.all()}
        self.projects: list[Project] = []
        self.allocations: list[tuple[int, Allocation, list]] = []  # (project index, allocation, outputs)

    def project(self, name, direction, department, *, level=None) -> int:
        self.projects.append(Project(
            year=self.year, name=name, level=level or self.rng.choice(LEVELS),
            department=self.departments[department], direction=self.directions[direction],
            scale="", requirements="", investment=Decimal(0),
            funding_sources=self.rng.choice(["中央专项资金", "省级补助、县级配套", "市级补助、群众自筹", "县级财政"])))
        return len(self.projects) - 1

    def allocate(self, index, village, amount, outputs=(), *, status=AllocationStatus.COMPLETED):
        start = datetime.date(self.year, self.rng.randint(3, 6), self.rng.randint(1, 28))
        done = datetime.date(self.year, self.rng.randint(9, 12), self.rng.randint(1, 28))
        allocation = Allocation(
            village=village, township_id=village.township_id, year=self.year, amount=Decimal(amount),
            status=status, start_date=start if status != AllocationStatus.PLANNED else None,
            completion_date=done if status == AllocationStatus.COMPLETED else None)
        self.allocations.append((index, allocation, [(self.kinds[k], Decimal(q)) for k, q in outputs if q]))

    def write(self) -> None:
        totals = [Decimal(0)] * len(self.projects)
        for index, allocation, _outputs in self.allocations:
            totals[index] += allocation.amount
        for project, total in zip(self.projects, totals, strict=True):
            # the catalogue's investment: what was allocated and a reserve not yet assigned
            project.investment = (total * Decimal("1.05")).quantize(Decimal(1000)) + 1000
            project.scale = f"涉及 {sum(1 for i, _a, _o in self.allocations if self.projects[i] is project)} 个村"
        bulk_create_with_history(self.projects, Project, batch_size=2000)
        stored = {p.name: p.pk for p in Project.objects.filter(year=self.year)}
        allocations = []
        for index, allocation, _outputs in self.allocations:
            allocation.project_id = stored[self.projects[index].name]
            allocations.append(allocation)
        bulk_create_with_history(allocations, Allocation, batch_size=2000)
        ids = {(a.project_id, a.village_id): a.pk for a in Allocation.objects.filter(year=self.year)}
        outputs = [AllocationOutput(allocation_id=ids[(a.project_id, a.village_id)], kind=kind, quantity=q)
                   for (_i, a, outs) in self.allocations for kind, q in outs]
        bulk_create_with_history(outputs, AllocationOutput, batch_size=2000)


def _recipients(rng, villages, count, targeted_ids, *, exclude=()) -> list[Village]:
    """`count` villages, four in five of them targeted to upgrade (as far as there are)."""
    pool = [v for v in villages if v.pk not in exclude]
    first = [v for v in pool if v.pk in targeted_ids]
    rest = [v for v in pool if v.pk not in targeted_ids]
    rng.shuffle(first)
    rng.shuffle(rest)
    want_first = min(len(first), round(count * 0.8))
    chosen = first[:want_first] + rest[:count - want_first]
    if len(chosen) < count:
        chosen += first[want_first:want_first + count - len(chosen)]
    return chosen


def _tasks(demonstration: list[Village]) -> list[ConstructionTask]:
    new_countryside = demonstration + [_village(t, n) for t, n in NEW_COUNTRYSIDE_MORE]
    key_poverty = list(Village.objects.filter(is_key_poverty=True).order_by("code"))
    tasks = [ConstructionTask(village=v, programme=TaskProgramme.NEW_COUNTRYSIDE) for v in new_countryside]
    tasks += [ConstructionTask(village=v, programme=TaskProgramme.KEY_POVERTY) for v in key_poverty]
    bulk_create_with_history(tasks, ConstructionTask)
    tasks = list(ConstructionTask.objects.select_related("village").order_by("programme", "village__code"))
    kinds = {k.name: k for k in OutputKind.objects.all()}
    items = []
    for position, task in enumerate(tasks):
        items.append(ConstructionTaskItem(task=task, kind=kinds["通村水泥路"], planned=TASK_ROAD))
        items.append(ConstructionTaskItem(task=task, kind=kinds["沼气池"], planned=TASK_BIOGAS))
        if position < TASK_WATER_VILLAGES:
            items.append(ConstructionTaskItem(task=task, kind=kinds["安全饮水工程"], planned=TASK_WATER))
    bulk_create_with_history(items, ConstructionTaskItem)
    return tasks


def _programme(plan: _Plan, rng, villages, targeted_ids, tasks, *, total: int, kind: str, per_task: int,
               task_villages, projects: list[tuple[str, str, str]], unit_yuan: int, recipients: int,
               status=lambda rng: AllocationStatus.COMPLETED) -> None:
    """Allocate `total` units of `kind`: `per_task` to each of `task_villages`, the rest over
    `recipients` other villages; the allocations spread over `projects`."""
    indexes = [plan.project(name, direction, department) for name, direction, department in projects]
    task_ids = {v.pk for v in task_villages}
    rest = total - per_task * len(task_villages)
    others = _recipients(rng, villages, recipients, targeted_ids, exclude={t.village_id for t in tasks})
    shares = [(v, per_task) for v in task_villages] + list(zip(others, _split(rest, len(others), rng), strict=True))
    for position, (village, quantity) in enumerate(shares):
        index = indexes[position % len(indexes)]
        state = AllocationStatus.COMPLETED if village.pk in task_ids else status(rng)
        plan.allocate(index, village, quantity * unit_yuan, [(kind, quantity)], status=state)


def _seed_year_2009(rng, villages, targeted_ids, tasks, demonstration) -> None:
    plan = _Plan(rng, 2009)
    task_villages = [t.village for t in tasks]
    water_villages = task_villages[:TASK_WATER_VILLAGES]
    road_done = int(TASK_ROAD * DONE_2009)
    biogas_done = int(TASK_BIOGAS * DONE_2009)
    water_done = int(TASK_WATER * DONE_2009)
    _programme(plan, rng, villages, targeted_ids, tasks, total=ROAD_KM, kind="通村水泥路", per_task=road_done,
               task_villages=task_villages, unit_yuan=YUAN_PER_KM, recipients=45, projects=[
                   ("2009年通村水泥路建设（中央车购税）", "道路", "县交通运输局"),
                   ("2009年通村水泥路建设（省补助）", "道路", "县交通运输局"),
                   ("2009年县乡道路改造", "道路", "县交通运输局"),
                   ("2009年以工代赈道路建设", "道路", "县扶贫开发局")])
    _programme(plan, rng, villages, targeted_ids, tasks, total=BIOGAS, kind="沼气池", per_task=biogas_done,
               task_villages=task_villages, unit_yuan=YUAN_PER_DIGESTER, recipients=95, projects=[
                   ("2009年农村户用沼气国债项目", "能源", "县能源办"),
                   ("2009年省级农村沼气建设", "能源", "县能源办"),
                   ("2009年沼气“一池三改”配套", "能源", "县农业局")])
    _programme(plan, rng, villages, targeted_ids, tasks, total=WATER, kind="安全饮水工程", per_task=water_done,
               task_villages=water_villages, unit_yuan=YUAN_PER_WATER_WORK, recipients=26, projects=[
                   ("2009年农村安全饮水工程", "水利", "县水利局"),
                   ("2009年人饮解困工程", "水利", "县水利局")])
    own = {v.pk for v in demonstration}  # the five count their own projects only (98 in all)
    for direction, department, name, kind in OTHER_PROJECTS:
        index = plan.project(f"2009年{name}", direction, department)
        for village in _recipients(rng, villages, 12, targeted_ids, exclude=own):
            quantity = rng.randint(20, 200)
            plan.allocate(index, village, quantity * rng.choice([800, 1000, 1200]), [(kind, quantity)])
    _demonstration_projects(plan, rng, demonstration)
    plan.write()


def _demonstration_projects(plan: _Plan, rng, demonstration) -> None:
    """88 projects, one village each, adding up to DEMONSTRATION_YUAN."""
    count = sum(n for _t, _v, n in DEMONSTRATION)
    amounts = [Decimal(a) * 10000 for a in _split(int(DEMONSTRATION_YUAN / 10000), count, rng)]
    position = 0
    for village, (_township, name, n) in zip(demonstration, DEMONSTRATION, strict=True):
        for k in range(n):
            direction, department, title = DEMO_PROJECT_KINDS[k % len(DEMO_PROJECT_KINDS)]
            index = plan.project(f"2009年{name}{title}（{k // len(DEMO_PROJECT_KINDS) + 1}）", direction, department)
            outputs = [("产业基地", rng.randint(50, 300))] if direction == "产业" else []
            if direction == "住房":
                outputs = [("农房改造", rng.randint(10, 40))]
            plan.allocate(index, village, amounts[position], outputs)
            position += 1


def _seed_year_2010(rng, villages, targeted_ids, tasks) -> None:
    """2010: the task villages' next share (planned and under way) and a smaller catalogue."""
    plan = _Plan(rng, 2010)
    task_villages = [t.village for t in tasks]

    def mixed(rng):
        return rng.choice([AllocationStatus.COMPLETED, AllocationStatus.UNDER_WAY, AllocationStatus.PLANNED])

    for kind, per_task, total, unit_yuan, projects, recipients in [
        ("通村水泥路", 1, 180, YUAN_PER_KM, [("2010年通村水泥路建设", "道路", "县交通运输局")], 40),
        ("沼气池", 8, 2100, YUAN_PER_DIGESTER, [("2010年农村户用沼气建设", "能源", "县能源办")], 80),
    ]:
        _programme(plan, rng, villages, targeted_ids, tasks, total=total, kind=kind, per_task=per_task,
                   task_villages=task_villages, unit_yuan=unit_yuan, recipients=recipients, projects=projects,
                   status=mixed)
    for direction, department, name, kind in OTHER_PROJECTS:
        index = plan.project(f"2010年{name}", direction, department)
        for village in _recipients(rng, villages, 10, targeted_ids):
            quantity = rng.randint(20, 200)
            plan.allocate(index, village, quantity * 1000, [(kind, quantity)], status=mixed(rng))
    plan.write()


@transaction.atomic
def seed(ctx) -> None:
    rng = ctx.rng_for("projects")
    villages = list(Village.objects.order_by("code"))
    demonstration = [_village(t, n) for t, n, _count in DEMONSTRATION]
    tasks = _tasks(demonstration)
    for year, builder in [(2009, _seed_year_2009), (2010, _seed_year_2010)]:
        targeted_ids = set(targeted_villages(year).values_list("pk", flat=True))
        if year == 2009:
            builder(rng, villages, targeted_ids, tasks, demonstration)
        else:
            builder(rng, villages, targeted_ids, tasks)
    ctx.progress(f"已生成 {Project.objects.count()} 个项目、{Allocation.objects.count()} 条项目安排、"
                 f"{len(tasks)} 个三年建设任务")


def reset(ctx) -> None:
    wipe(AllocationOutput, Allocation, ConstructionTaskItem, ConstructionTask, Project)
