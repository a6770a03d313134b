"""Each role's home (待办): what this person must do now, each item with a count and a link to the
place where it is done. Every role's list is a fixed number of queries, whatever the number of
villages, households, pairings or tasks (tests/home/test_todo.py pins them per role).

The working year is xixiang.core.working_year's (the open cycle's year, not today's date); the
cycle shown is the open one, else the latest.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from archives import selectors as archive_selectors
from archives.models import ArchiveCategory, ArchiveRecord
from assessment import completeness
from assessment import scope as assessment_scope
from assessment import selectors as assessment_selectors
from assessment.choices import InspectionMethod
from assessment.models import Cycle, SpotCheck
from assessment.models.cycle import OPEN_STATES
from assistance import scope as assistance_scope
from assistance import selectors as assistance_selectors
from assistance.choices import RecordKind
from assistance.models import AssistanceRecord, Cadre, HouseholdPairing
from households import scope as household_scope
from households.models import Household, ImportBatch
from targets import progress as target_progress
from targets import scope as target_scope
from targets.models import Commitment
from villages import scope as village_scope
from villages.models import Township
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User
from xixiang.core import figures
from xixiang.tasks_health import conf as tasks_conf
from xixiang.tasks_health import selectors as tasks_selectors

from . import scope as home_scope
from . import selectors

#: Import batches whose errors the clerk corrects and hands in again (nothing of them was imported).
BATCHES_TO_CORRECT = (ImportBatch.Status.INVALID, ImportBatch.Status.FAILED, ImportBatch.Status.INTERRUPTED)
#: How many rows an item lists under its count (the link behind the count lists them all).
ROW_LIMIT = 10


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None
    url: str


@dataclass
class Item:
    """One thing to do: what, how many (None: a state, not a count), where it is done."""

    key: str
    label: str
    count: int | None
    url: str
    rows: list[Row] = field(default_factory=list)
    note: str = ""
    wanted: bool = False  # a count that should not be 0 (workers running)
    more: int = 0  # rows left off the list (the link lists them)

    def __post_init__(self):
        if len(self.rows) > ROW_LIMIT:
            self.rows, self.more = self.rows[:ROW_LIMIT], self.more + len(self.rows) - ROW_LIMIT

    @property
    def done(self) -> bool:
        return self.count != 0 if self.wanted else self.count == 0


def working_cycle_and_year() -> tuple[Cycle | None, int]:
    """The cycle the home shows (the open one, else the latest) and the working year
    (assessment.selectors.working_year_of, today's year without cycles), in one query."""
    cycles = list(Cycle.objects.order_by("-year")[:20])
    cycle = next((c for c in cycles if c.status in OPEN_STATES), cycles[0] if cycles else None)
    year = assessment_selectors.working_year_of((c.year, c.status) for c in cycles)
    return cycle, year if year is not None else timezone.localdate().year


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _minute(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def url_or(name: str, args: list, fallback: str) -> str:
    """`name` reversed, or `fallback` while the page does not exist yet (another app's page)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return reverse(fallback)


# --- the parts several roles share -----------------------------------------------------


def archive_gaps(year: int, villages) -> tuple[int, int]:
    """(villages lacking an active category of `year`, missing (village, category) cells) (three queries)."""
    categories = ArchiveCategory.objects.filter(is_active=True).count()
    present = dict(
        ArchiveRecord.objects.live()
        .filter(year=year, category__is_active=True, village__in=villages)
        .values_list("village_id")
        .annotate(n=Count("category_id", distinct=True))
        .order_by()
    )
    ids = list(villages.values_list("pk", flat=True))
    gaps = [categories - present.get(pk, 0) for pk in ids]
    return sum(1 for g in gaps if g), sum(gaps)


def targets_at_risk(user, year: int, villages) -> Item | None:
    """The planned upgrades of `year` among `villages` at risk in the open cycle (seven queries)."""
    if not target_scope.can_read_plan(user):
        return None
    progress = target_progress.year_progress(year, villages, with_coverage=False)
    rows = [Row(f"{v.township_name} {v.name}", None, reverse("targets:village", args=[v.code]))
            for v in progress.villages if v.at_risk]
    return Item("targets-at-risk", _("有完不成目标风险的村"), progress.at_risk,
                f"{reverse('targets:village_list')}?year={year}", rows)


# --- per role ----------------------------------------------------------------------------


def clerk_items(user, cycle: Cycle | None, year: int) -> list[Item]:
    villages = village_scope.villages(user)
    part = selectors.township_part(year, home_scope.checklist_townships(user))
    without_income = sum(r.without_income for r in part.rows)
    gap_villages, gap_cells = archive_gaps(year, villages)
    batches = household_scope.import_batches(user)
    last_imported = batches.filter(status=ImportBatch.Status.IMPORTED).order_by("-created_at").values("created_at")[:1]
    to_correct = batches.filter(status__in=BATCHES_TO_CORRECT).filter(
        Q(~Exists(last_imported)) | Q(created_at__gt=Subquery(last_imported))).count()
    # the dashboard's rule-check counts, cached the same way (assistance.views.dashboard.CHECKS)
    key = figures.cached_count("check", assistance_selectors.key_households_without_cadre(
        household_scope.households(user)), (Household, HouseholdPairing))
    below = figures.cached_count("check", assistance_selectors.cadres_below_minimum(
        assistance_scope.township_cadres(user)), (Cadre, HouseholdPairing))
    checks = reverse("assistance:check_list", args=["key-households-without-cadre"])
    items = [
        Item("households-without-income", _("未登记 %(year)s 年收入的农户") % {"year": year}, without_income,
             f"{reverse('households:household_list')}?without_income={year}"),
        Item("archive-gaps", _("档案有缺项的村"), gap_villages, f"{reverse('archives:completeness')}?year={year}",
             note=_("共缺 %(n)s 项（村 × 类）") % {"n": gap_cells} if gap_cells else ""),
        Item("batches-to-correct", _("有错误待改正的导入批次"), to_correct, reverse("households:roster:batch_list")),
        Item("key-households-without-cadre", _("无帮扶干部的重点户"), key, checks),
        Item("cadres-below-minimum", _("联系农户不足 2 户的干部"), below,
             reverse("assistance:check_list", args=["cadres-below-minimum"])),
    ]
    at_risk = targets_at_risk(user, year, villages)
    return items + ([at_risk] if at_risk else [])


def village_cadre_items(user, cycle: Cycle | None, year: int) -> list[Item]:
    village = village_scope.villages(user).select_related("township").first()
    if village is None:
        return []
    present = set(
        ArchiveRecord.objects.live().filter(village=village, year=year).values_list("category_id", flat=True))
    missing = [c for c in archive_selectors.active_categories() if c.pk not in present]
    upload = reverse("archives:record_create")
    rows = [Row(f"{c.code} {c.name}", None, f"{upload}?village={village.code}&year={year}&category={c.code}")
            for c in missing]
    items = [Item("archive-gaps", _("本村 %(year)s 年档案缺少的类别") % {"year": year}, len(missing),
                  f"{reverse('archives:completeness')}?year={year}", rows)]
    if target_scope.can_sign_for(user, village):
        signed = Commitment.objects.filter(year=year, village=village).exists()
        items.append(Item("commitment", _("%(year)s 年目标承诺待签订") % {"year": year}, 0 if signed else 1,
                          reverse("targets:village_commitment", args=[year, village.code]),
                          note=_("已签订") if signed else ""))
    return items


def scorer_items(user, cycle: Cycle | None, year: int) -> list[Item]:
    if cycle is None or cycle.status not in OPEN_STATES:
        return []
    items = []
    grid = reverse("assessment:grid", args=[cycle.year])
    part = selectors.department_part(cycle, home_scope.checklist_indicators(user, cycle))
    if part.rows:
        rows = [Row(f"{r.indicator.code} {r.indicator.name}", r.empty, grid) for r in part.rows]
        items.append(Item("empty-cells", _("本部门指标尚未填报的村"), part.left, grid, rows))
    if assessment_scope.can_read_survey(user, cycle):
        items.append(survey_item(cycle, assessment_scope.survey_progress_villages(user, cycle),
                                 reverse("assessment:survey_list", args=[cycle.year])))
    return items


def survey_item(cycle: Cycle, villages, url: str) -> Item:
    """Sampled households still without income items, per village (two queries)."""
    part = selectors.survey_part(cycle, villages)
    rows = [Row(f"{r.village.township.name} {r.village.name}", r.without_items if r.drawn else None,
                reverse("assessment:survey_village", args=[cycle.year, r.village.code])) for r in part.rows]
    undrawn = sum(1 for r in part.rows if not r.drawn)
    return Item("survey", _("尚未录入收入的样本户"), part.left, url, rows,
                note=_("%(n)s 个村尚未抽样") % {"n": undrawn} if undrawn else "")


def surveyor_items(user, cycle: Cycle | None, year: int) -> list[Item]:
    if cycle is None or cycle.status not in OPEN_STATES:
        return []
    return [survey_item(cycle, assessment_scope.survey_villages(user),
                        reverse("assessment:survey_list", args=[cycle.year]))]


def inspector_items(user, cycle: Cycle | None, year: int) -> list[Item]:
    """Villages not verified yet, and the methods not recorded in each (two queries)."""
    if cycle is None or cycle.status not in OPEN_STATES:
        return []
    villages = list(assessment_scope.inspection_villages(user).select_related("township").order_by("code"))
    fields = [f"{m.value}_done" for m in InspectionMethod]
    done = {row[0]: sum(row[1:]) for row in SpotCheck.objects.filter(
        cycle=cycle, village__in=[v.pk for v in villages]).values_list("village_id", *fields)}
    methods = len(fields)
    left = [(v, methods - done.get(v.pk, 0)) for v in villages if done.get(v.pk, 0) < methods]
    rows = [Row(f"{v.township.name} {v.name}", n, reverse("assessment:inspection_village", args=[cycle.year, v.code]))
            for v, n in left]
    url = reverse("assessment:inspection_list", args=[cycle.year])
    return [
        Item("villages-to-verify", _("尚未验收的村"), len(left), url, rows),
        Item("methods-missing", _("尚未记录的检查方法（村 × 方法）"), sum(n for _v, n in left), url),
    ]


def helper_items(user, cycle: Cycle | None, year: int) -> list[Item]:
    """Paired households not visited this quarter, plans up to the working year without a result."""
    since = quarter_start(timezone.localdate())
    visited = AssistanceRecord.objects.filter(household_id=OuterRef("household_id"), kind=RecordKind.VISIT,
                                              date__gte=since)
    pairings = assistance_scope.recordable_household_pairings(user)
    not_visited = pairings.exclude(Exists(visited)).values("household_id").distinct().count()
    plans = assistance_scope.plans(user).filter(
        household__in=pairings.values("household_id"), year__lte=year, result_income__isnull=True)
    count = plans.count()
    rows = [Row(f"{p.year} {p.household.head_name}（{p.household.number}）", None,
                reverse("assistance:plan_edit", args=[p.household.number, p.year]))
            for p in plans.select_related("household").order_by("year", "household__number")[:ROW_LIMIT]]
    mine = reverse("assistance:my_households")
    return [
        Item("not-visited", _("本季度（%(since)s 起）尚未走访的联系户") % {"since": since.isoformat()}, not_visited,
             mine),
        Item("plans-without-result", _("尚未填写年末结果的增收计划"), count, mine, rows, more=count - len(rows)),
    ]


def overdue_items(cycle: Cycle | None, year: int) -> list[Item]:
    """What is overdue county-wide: the cycle checklist's parts, each linking to its section."""
    if cycle is None or cycle.status not in OPEN_STATES:
        return []
    checklist = reverse("home:checklist", args=[cycle.year])
    departments = selectors.department_part(cycle, cycle.indicators.all())
    townships = selectors.township_part(cycle.year, Township.objects.all())
    survey_left = selectors.survey_left(cycle)
    inspection = selectors.inspection_part(cycle, User.objects.filter(role=Role.INSPECTOR, is_active=True))
    return [
        Item("overdue-departments", _("各部门尚未填报的评分（村 × 指标）"), departments.left,
             f"{checklist}#checklist-departments"),
        Item("overdue-townships", _("各乡镇未登记收入的农户和档案缺项"), townships.left,
             f"{checklist}#checklist-townships"),
        Item("overdue-survey", _("尚未录入收入的样本户"), survey_left, f"{checklist}#checklist-survey"),
        Item("overdue-inspection", _("尚未验收的村"), inspection.left, f"{checklist}#checklist-inspection"),
    ]


def leader_items(user, cycle: Cycle | None, year: int) -> list[Item]:
    summary = url_or("documents:county_summary", [year], "documents:charts")
    items = [Item("county-summary", _("%(year)s 年全县汇总（含图表）") % {"year": year}, None, summary)]
    return items + overdue_items(cycle, year) + [
        i for i in [targets_at_risk(user, year, village_scope.villages(user))] if i]


def admin_items(user, cycle: Cycle | None, year: int) -> list[Item]:
    items = []
    if cycle is not None:
        detail = reverse("assessment:cycle_detail", args=[cycle.year])
        items.append(Item("cycle", _("%(year)s 年度考核：%(status)s") % {
            "year": cycle.year, "status": cycle.get_status_display()}, None, detail))
        if cycle.status in OPEN_STATES:
            groups = completeness.by_department(assessment_selectors.missing_scores(cycle))
            finalise = reverse("assessment:cycle_finalise", args=[cycle.year])
            items.append(Item("finalise-blockers", _("定案前尚缺的评分（村 × 指标）"), sum(g.count for g in groups),
                              finalise, [Row(g.department, g.count, finalise) for g in groups]))
    else:
        items.append(Item("cycle", _("尚未开启考核周期"), None, reverse("assessment:cycle_list")))
    health = tasks_selectors.overview(limit=20)
    workers = reverse("tasks_health:workers")
    stale = sum(1 for row in health.workers if row.state == "stale")
    items += [
        Item("failed-tasks", _("24 小时内失败的后台任务"), health.failed_last_day, workers),
        Item("queued-tasks", _("排队等待的后台任务"), health.queued, workers,
             note=_("最早排队于 %(at)s") % {"at": _minute(health.oldest_queued_at)} if health.oldest_queued_at else ""),
        Item("workers", _("在运行的任务进程"), health.alive_count, workers,
             note=_("%(n)s 个进程失去心跳") % {"n": stale} if stale else "", wanted=tasks_conf.uses_worker_queue()),
    ]
    verification = archive_selectors.last_verification()
    verify = reverse("archives:verification")
    if verification is None:
        items.append(Item("archive-verification", _("尚未核验过档案文件"), None, verify))
    else:
        problems = verification.missing_count + verification.altered_count
        items.append(Item("archive-verification", _("最近一次档案核验（%(at)s，%(status)s）发现的问题文件") % {
            "at": _minute(verification.started_at),
            "status": verification.get_status_display()}, problems, verify))
    return items


BUILDERS = {
    Role.ADMIN: admin_items,
    Role.LEADER: leader_items,
    Role.CLERK: clerk_items,
    Role.VILLAGE_CADRE: village_cadre_items,
    Role.SCORER: scorer_items,
    Role.INSPECTOR: inspector_items,
    Role.SURVEYOR: surveyor_items,
    Role.HELPER: helper_items,
}


def items_for(user, role: str | None, cycle: Cycle | None, year: int) -> list[Item]:
    builder = BUILDERS.get(role)
    return builder(user, cycle, year) if builder else []
