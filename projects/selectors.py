"""Shared reads of projects and funds (other apps and the commands use these; scope is the
caller's business, see projects/scope.py).

    village_allocations(village, year=None)   [{"project", "level", "amount", "outputs", "status", …}]
    village_totals(village, year=None)        {"allocations", "projects", "amount", "outputs"}
    programme_figures(year)                   the programme_report JSON without "demonstration_villages"
    cached_programme_figures(year)            the same, cached until a model it reads changes (the summary)
    funds_report(year, by, allocations=None)  funds and outputs by year/level/department/township/village
    funds_by_level_and_direction(year, allocations=None)   the year's funds per direction × level
    tilt(year)                                funds and villages targeted to upgrade that year, and their shares
    construction_tasks(year)                  the three-year tasks per village: planned, completed, progress

outputs are [(name, unit, quantity)].

Every figure is a sum over allocations (a fixed number of queries whatever the data).
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from targets.selectors import TARGETED_MODELS, villages_targeted_to_upgrade
from villages.models import Village
from xixiang.core import figures

from .choices import AllocationStatus, Level
from .models import Allocation, AllocationOutput, ConstructionTask, ConstructionTaskItem, OutputKind, Project
from .rules import quantity_text, share, task_progress

ZERO = Decimal("0")
DIMENSIONS = ("year", "level", "department", "township", "village")


def targeted_villages(year: int):
    """Villages targeted to upgrade in `year` (the targets app's approved plan)."""
    return villages_targeted_to_upgrade(year)


def _money_text(value: Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def _outputs_by_allocation(allocation_ids) -> dict[int, list[tuple[str, str, Decimal]]]:
    outputs = defaultdict(list)
    rows = (AllocationOutput.objects.filter(allocation_id__in=allocation_ids)
            .order_by("kind__order", "kind_id").values_list("allocation_id", "kind__name", "kind__unit", "quantity"))
    for allocation_id, name, unit, quantity in rows:
        outputs[allocation_id].append((name, unit, quantity))
    return outputs


def village_allocations(village, year: int | None = None, *, allocations=None) -> list[dict]:
    """The village's allocations (of `year`, or all years; of `allocations`, a scoped queryset,
    when given), newest first: two queries."""
    allocations = (Allocation.objects.all() if allocations is None else allocations).filter(village=village)
    if year is not None:
        allocations = allocations.filter(year=year)
    rows = list(allocations.order_by("-year", "project__name", "id").values(
        "id", "year", "project_id", "project__name", "project__level", "amount", "status"))
    outputs = _outputs_by_allocation([row["id"] for row in rows])
    levels, statuses = dict(Level.choices), dict(AllocationStatus.choices)
    return [
        {"id": row["id"], "year": row["year"], "project_id": row["project_id"], "project": row["project__name"],
         "level": str(levels[row["project__level"]]), "amount": row["amount"],
         "outputs": outputs.get(row["id"], []), "status": str(statuses[row["status"]]), "status_code": row["status"]}
        for row in rows
    ]


def village_allocations_and_totals(village, *, allocations=None) -> tuple[list[dict], dict]:
    """`village_allocations(village, allocations=allocations)` and `yearly_totals` of the same
    allocations, from the same two queries (the village page's section: two queries fewer)."""
    allocations = (Allocation.objects.all() if allocations is None else allocations).filter(village=village)
    rows = list(allocations.order_by("-year", "project__name", "id").values(
        "id", "year", "project_id", "project__name", "project__level", "amount", "status"))
    outputs = defaultdict(list)
    kinds, by_year = {}, defaultdict(lambda: defaultdict(lambda: ZERO))
    year_of = {row["id"]: row["year"] for row in rows}
    for allocation_id, kind_id, name, unit, order, quantity in (
            AllocationOutput.objects.filter(allocation_id__in=list(year_of)).order_by("kind__order", "kind_id")
            .values_list("allocation_id", "kind_id", "kind__name", "kind__unit", "kind__order", "quantity")):
        outputs[allocation_id].append((name, unit, quantity))
        kinds[kind_id] = (order, name, unit)
        by_year[year_of[allocation_id]][kind_id] += quantity
    levels, statuses = dict(Level.choices), dict(AllocationStatus.choices)
    listed = [
        {"id": row["id"], "year": row["year"], "project_id": row["project_id"], "project": row["project__name"],
         "level": str(levels[row["project__level"]]), "amount": row["amount"],
         "outputs": outputs.get(row["id"], []), "status": str(statuses[row["status"]]), "status_code": row["status"]}
        for row in rows
    ]
    years = {}
    for row in rows:
        entry = years.setdefault(row["year"], {"projects": set(), "n": 0, "amount": ZERO})
        entry["projects"].add(row["project_id"])
        entry["n"] += 1
        entry["amount"] += row["amount"]
    ordered = sorted(kinds, key=lambda k: (kinds[k][0], k))
    totals = {
        "kinds": [(kinds[k][1], kinds[k][2]) for k in ordered],
        "years": [{"year": year, "projects": len(e["projects"]), "allocations": e["n"], "amount": e["amount"],
                   "outputs": [by_year[year].get(k, ZERO) for k in ordered]}
                  for year, e in sorted(years.items(), reverse=True)],
    }
    return listed, totals


def _output_totals(outputs_qs) -> list[tuple[str, str, Decimal]]:
    return [
        (row["kind__name"], row["kind__unit"], row["total"])
        for row in outputs_qs.values("kind_id", "kind__name", "kind__unit", "kind__order")
        .annotate(total=Sum("quantity")).order_by("kind__order", "kind_id")
    ]


def allocation_totals(allocations, *, outputs=None) -> dict:
    """Counts, funds and outputs of a queryset of allocations (`outputs`: the same allocations'
    outputs when the caller can say it with a join): two queries."""
    sums = allocations.order_by().aggregate(
        allocations=Count("id"), projects=Count("project_id", distinct=True), amount=Coalesce(Sum("amount"), ZERO))
    if outputs is None:
        outputs = AllocationOutput.objects.filter(allocation__in=allocations.order_by().values("pk"))
    outputs = _output_totals(outputs)
    return {**sums, "outputs": outputs}


def village_totals(village, year: int | None = None, *, allocations=None) -> dict:
    """{"allocations", "projects", "amount", "outputs": [(name, unit, quantity)]} of the village."""
    allocations = (Allocation.objects.all() if allocations is None else allocations).filter(village=village)
    if year is not None:
        allocations = allocations.filter(year=year)
    return allocation_totals(allocations)


def funds_report(year: int | None, by: str, allocations=None) -> dict:
    """Funds and outputs grouped by `by` (one of DIMENSIONS), for `year` or all years:
    {"kinds": [(name, unit)], "rows": [{"key", "label", "projects", "allocations", "amount",
    "outputs": [quantity per kind]}], "total": {…}}. Three queries whatever the data."""
    if by not in DIMENSIONS:
        raise ValueError(by)
    qs = Allocation.objects.all() if allocations is None else allocations
    if year is not None:
        qs = qs.filter(year=year)
    group = {
        "year": ("year", None),
        "level": ("project__level", None),
        "department": ("project__department_id", "project__department__name"),
        "township": ("township_id", "township__name"),
        "village": ("village_id", "village__name"),
    }[by]
    key, label = group
    fields = [key] + ([label] if label else []) + (["township__name", "village__code"] if by == "village" else [])
    money = {row[key]: row for row in qs.order_by().values(*fields).annotate(
        n_projects=Count("project_id", distinct=True), n_allocations=Count("id"), total=Sum("amount"))}
    kinds = list(OutputKind.objects.order_by("order", "id").values_list("id", "name", "unit"))
    quantities = defaultdict(dict)
    # From the allocations' side: their own filters and one join to the outputs (as a subquery,
    # `allocation__in=…`, the allocations were read twice: 0.56–1.4 s at 50,000 allocations).
    for row in (qs.order_by().filter(outputs__isnull=False).values(key, "outputs__kind_id")
                .annotate(total=Sum("outputs__quantity")).order_by()):
        quantities[row[key]][row["outputs__kind_id"]] = row["total"]
    levels = dict(Level.choices)
    rows = []
    for value, row in money.items():
        if by == "level":
            text = str(levels.get(value, value))
        elif by == "village":
            text = f"{row['township__name']} {row[label]}"
        elif label:
            text = row[label]
        else:
            text = str(value)
        rows.append({"key": value, "label": text, "code": row.get("village__code", ""),
                     "projects": row["n_projects"], "allocations": row["n_allocations"], "amount": row["total"],
                     "outputs": [quantities[value].get(kind_id, ZERO) for kind_id, _n, _u in kinds]})
    order = list(levels) if by == "level" else None
    if order:
        rows.sort(key=lambda r: order.index(r["key"]) if r["key"] in order else len(order))
    elif by == "year":
        rows.sort(key=lambda r: r["key"])
    elif by == "village":
        rows.sort(key=lambda r: r["code"])
    else:
        rows.sort(key=lambda r: (-r["amount"], r["label"]))
    total = {
        "projects": sum(r["projects"] for r in rows) if by == "department" else None,
        "allocations": sum(r["allocations"] for r in rows),
        "amount": sum((r["amount"] for r in rows), ZERO),
        "outputs": [sum((r["outputs"][i] for r in rows), ZERO) for i in range(len(kinds))],
    }
    return {"kinds": [(name, unit) for _id, name, unit in kinds], "rows": rows, "total": total}


def funds_by_level_and_direction(year: int, allocations=None) -> dict:
    """The year's funds per investment direction (rows, in the directions' order) and level
    (columns, 中央 省 市 县), of `allocations` (a scoped queryset) when given: one query.
    {"levels": [(key, label)], "rows": [{"direction", "amounts": [per level], "amount"}],
    "total": {"amounts": [per level], "amount"}}; only directions with funds are listed."""
    qs = (Allocation.objects.all() if allocations is None else allocations).filter(year=year)
    levels = list(Level.choices)
    cells: dict[tuple, Decimal] = {}
    directions: dict[int, tuple] = {}
    for direction_id, name, order, level, amount in (
            qs.order_by().values("project__direction_id", "project__direction__name", "project__direction__order",
                                 "project__level").annotate(total=Sum("amount"))
            .values_list("project__direction_id", "project__direction__name", "project__direction__order",
                         "project__level", "total")):
        directions[direction_id] = (order, direction_id, name)
        cells[(direction_id, level)] = amount
    rows = []
    for _order, direction_id, name in sorted(directions.values()):
        amounts = [cells.get((direction_id, key), ZERO) for key, _label in levels]
        rows.append({"direction": name, "amounts": amounts, "amount": sum(amounts, ZERO)})
    totals = [sum((r["amounts"][i] for r in rows), ZERO) for i in range(len(levels))]
    return {"levels": [(key, str(label)) for key, label in levels], "rows": rows,
            "total": {"amounts": totals, "amount": sum(totals, ZERO)}}


def tilt(year: int) -> dict:
    """The share of the year's funds that went to the villages targeted to upgrade that year,
    beside their share of the villages (重点向当年升级晋档的村倾斜): three queries."""
    targeted = list(targeted_villages(year).values_list("pk", flat=True))  # at most the county's villages
    sums = Allocation.objects.filter(year=year).order_by().aggregate(
        total=Coalesce(Sum("amount"), ZERO),
        targeted=Coalesce(Sum("amount", filter=Q(village_id__in=targeted)), ZERO),
    )
    villages = {"all": Village.objects.count(), "targeted": len(targeted)}
    return {
        "year": year,
        "funds": sums["total"],
        "targeted_funds": sums["targeted"],
        "villages": villages["all"],
        "targeted_villages": villages["targeted"],
        "targeted_share_of_funds": share(sums["targeted"], sums["total"]),
        "targeted_share_of_villages": share(villages["targeted"], villages["all"]),
        "targeted_ids": targeted,
    }


def construction_tasks(year: int) -> dict:
    """The three-year construction tasks running in `year`: per village the planned outputs of
    the whole task, what was completed from its first year up to `year` (completed allocations
    whose completion date falls in those years), and progress. Three queries."""
    tasks = list(ConstructionTask.objects.filter(start_year__lte=year, end_year__gte=year)
                 .select_related("village__township").order_by("programme", "village__code"))
    items = defaultdict(dict)
    kinds = {}
    for item in ConstructionTaskItem.objects.filter(task__in=[t.pk for t in tasks]).select_related("kind"):
        items[item.task_id][item.kind_id] = item.planned
        kinds[item.kind_id] = item.kind
    done = defaultdict(lambda: ZERO)
    first_year = min((t.start_year for t in tasks), default=year)
    for row in (AllocationOutput.objects.filter(
            allocation__village__in=[t.village_id for t in tasks], allocation__status=AllocationStatus.COMPLETED,
            allocation__year__gte=first_year, allocation__completion_date__year__lte=year)
            .values("allocation__village_id", "allocation__year", "kind_id").annotate(total=Sum("quantity"))
            .order_by()):
        done[(row["allocation__village_id"], row["allocation__year"], row["kind_id"])] += row["total"]
    kind_order = sorted(kinds.values(), key=lambda k: (k.order, k.pk))
    rows, planned_all, completed_all, pairs = [], defaultdict(lambda: ZERO), defaultdict(lambda: ZERO), []
    for task in tasks:
        planned = items.get(task.pk, {})
        completed = {
            kind_id: sum((done[(task.village_id, y, kind_id)] for y in range(task.start_year, year + 1)), ZERO)
            for kind_id in planned
        }
        task_pairs = [(completed[k], planned[k]) for k in planned]
        pairs.extend(task_pairs)
        for kind_id in planned:
            planned_all[kind_id] += planned[kind_id]
            completed_all[kind_id] += completed[kind_id]
        rows.append({
            "village": task.village, "programme": task.get_programme_display(), "programme_code": task.programme,
            "planned": [planned.get(k.pk) for k in kind_order],
            "completed": [completed.get(k.pk) if k.pk in planned else None for k in kind_order],
            "progress": task_progress(task_pairs),
        })
    return {
        "year": year,
        "kinds": [(k.name, k.unit) for k in kind_order],
        "rows": rows,
        "villages": len({t.village_id for t in tasks}),
        "planned": {k.name: planned_all[k.pk] for k in kind_order},
        "completed": {k.name: completed_all[k.pk] for k in kind_order},
        "progress": task_progress(pairs),
    }


def programme_figures(year: int) -> dict:
    """What `programme_report --year Y --json` prints, without "demonstration_villages" (the
    demonstration app adds it): decimal strings for yuan and quantities, fractions 0–1."""
    projects = Project.objects.filter(year=year).count()
    totals = allocation_totals(Allocation.objects.filter(year=year),
                               outputs=AllocationOutput.objects.filter(allocation__year=year))
    tilted = tilt(year)
    tasks = construction_tasks(year)
    return {
        "year": year,
        "projects": projects,
        "allocated_yuan": _money_text(totals["amount"]),
        "outputs": {name: {"unit": unit, "quantity": quantity_text(q)} for name, unit, q in totals["outputs"]},
        "tilt": {"targeted_share_of_funds": tilted["targeted_share_of_funds"],
                 "targeted_share_of_villages": tilted["targeted_share_of_villages"]},
        "construction_task": {
            "villages": tasks["villages"],
            "planned": {name: quantity_text(q) for name, q in tasks["planned"].items()},
            "completed": {name: quantity_text(q) for name, q in tasks["completed"].items()},
            "progress": tasks["progress"],
        },
    }


#: What programme_figures reads: this app's models (projects/apps.py bumps them on every save and
#: delete, the workbook import and the project's year change explicitly) and the targeted villages.
PROGRAMME_MODELS = (Project, Allocation, AllocationOutput, ConstructionTask, ConstructionTaskItem, OutputKind,
                    *TARGETED_MODELS)


def cached_programme_figures(year: int) -> dict:
    """`programme_figures(year)`, cached (xixiang.core.figures) until a project, allocation,
    output, construction task or targeted village changes: the tilt's targeted villages and the
    construction tasks are two thirds of the county summary's reads. One query when stored."""
    return figures.cached("programme-figures", str(year), PROGRAMME_MODELS, lambda: programme_figures(year))


def village_figures(village_ids, year: int) -> dict[int, dict]:
    """{village id: {"projects", "allocated_yuan" (Decimal)}} of `year`, for the demonstration
    board and lists: one query."""
    rows = (Allocation.objects.filter(village_id__in=village_ids, year=year).order_by().values("village_id")
            .annotate(projects=Count("project_id", distinct=True), amount=Sum("amount")))
    return {row["village_id"]: {"projects": row["projects"], "allocated_yuan": row["amount"]} for row in rows}


def yearly_totals(allocations) -> dict:
    """Funds and outputs per year of a queryset of allocations (a township's, the county's),
    newest first: {"year", "projects", "allocations", "amount", "outputs": [quantity per kind]}
    with the kinds that occur. Two queries."""
    money = list(allocations.order_by().values("year").annotate(
        projects=Count("project_id", distinct=True), n=Count("id"), amount=Sum("amount")).order_by("-year"))
    outputs = defaultdict(dict)
    kinds = {}
    for row in (AllocationOutput.objects.filter(allocation__in=allocations.order_by().values("pk"))
                .values("allocation__year", "kind_id", "kind__name", "kind__unit", "kind__order")
                .annotate(total=Sum("quantity")).order_by()):
        outputs[row["allocation__year"]][row["kind_id"]] = row["total"]
        kinds[row["kind_id"]] = (row["kind__order"], row["kind__name"], row["kind__unit"])
    ordered = sorted(kinds, key=lambda k: (kinds[k][0], k))
    return {
        "kinds": [(kinds[k][1], kinds[k][2]) for k in ordered],
        "years": [{"year": r["year"], "projects": r["projects"], "allocations": r["n"], "amount": r["amount"],
                   "outputs": [outputs[r["year"]].get(k, ZERO) for k in ordered]} for r in money],
    }


def allocation_outputs(allocation_ids) -> dict[int, list[tuple[str, str, Decimal]]]:
    """{allocation id: [(name, unit, quantity)]}: one query."""
    return _outputs_by_allocation(allocation_ids)


def years() -> list[int]:
    """The years that have projects, newest first."""
    return list(Project.objects.order_by("-year").values_list("year", flat=True).distinct())


def targeted_village_funds(year: int, targeted_ids: list[int] | None = None) -> list[dict]:
    """The villages targeted to upgrade in `year` with the funds allocated to each: two queries.
    `targeted_ids` (from `tilt`) saves evaluating the targets' subqueries twice more, as
    subqueries of both (on the full county they were most of the tilt page's SQL)."""
    targeted = targeted_villages(year).values("pk") if targeted_ids is None else targeted_ids
    amounts = dict(Allocation.objects.filter(year=year, village__in=targeted).order_by()
                   .values("village_id").annotate(total=Sum("amount")).values_list("village_id", "total"))
    villages = (Village.objects.filter(pk__in=targeted).order_by("code")
                .values_list("pk", "code", "name", "township__name"))  # plain values: ~200 rows a year
    return [{"code": code, "name": name, "township": township, "amount": amounts.get(pk, ZERO)}
            for pk, code, name, township in villages]
