"""Each role's home (待办, `/`): what the person must do now in the working year, each item with a
count and a link to where it is done; a fixed number of queries per role whatever the data; the
county overview one click away (`/overview/`) for the roles that read it."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from archives.models import ArchiveCategory, ArchiveMedium, ArchiveRecord
from assessment import services
from assessment.models import Cycle, SpotCheck
from assistance.models import HouseholdPlan
from home import todo
from households.models import ImportBatch
from targets.models import Commitment
from tests.assistance.factories import CadreFactory, HouseholdPairingFactory, HouseholdRecordFactory

from ..factories import GroupFactory, HouseholdFactory, VillageFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home:dashboard")
OVERVIEW = reverse("home:overview")


def _batch(township, status, days_ago):
    batch = ImportBatch.objects.create(township=township, status=status, file="roster/x.xlsx", original_name="x.xlsx")
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return batch


@pytest.fixture
def todo_world(scoring_cycle):
    """The open 2009 cycle over the `world`, with something left for every role."""
    aw, cycle = scoring_cycle, scoring_cycle.cycle
    services.score_set(
        actor=aw.users["scorer_shuili"], cycle=cycle, village=aw.wufeng, indicator=aw.indicator("B1"), raw="80"
    )
    SpotCheck.objects.create(
        cycle=cycle, village=aw.wufeng, date=datetime.date(2010, 3, 5), households_visited=5, findings="台账齐全",
        inspector=aw.users["inspector1"], visit_done=True, site_done=True, records_done=True,
    )
    ArchiveRecord.objects.create(
        village=aw.wufeng, year=2009, category=ArchiveCategory.objects.get(code="W1"),
        medium=ArchiveMedium.objects.first(), title="上级文件汇编", uploaded_by=aw.users["admin"])
    # a key household of 五丰村 without a 2009 income record and without a cadre
    aw.key_household = HouseholdFactory(group=aw.wufeng_group, category="subsistence", computed_category="subsistence")
    # batches of 城关镇: an invalid one corrected by a later import, then a failed one to correct
    _batch(aw.chengguan, ImportBatch.Status.INVALID, 3)
    _batch(aw.chengguan, ImportBatch.Status.IMPORTED, 2)
    _batch(aw.chengguan, ImportBatch.Status.INVALID, 1)
    _batch(aw.xiakou, ImportBatch.Status.INVALID, 1)  # another township's
    # helper1's cadre: 王建国 (visited this quarter) and a second household (not visited), a 2009
    # plan without its result; a 五丰村 cadre without households (under 2)
    cadre = CadreFactory(name="张志强", unit=aw.tongji, user=aw.users["helper1"])
    visited = HouseholdPairingFactory(cadre=cadre, household=aw.own_household)
    aw.unvisited = HouseholdPairingFactory(cadre=cadre, household=HouseholdFactory(group=aw.wufeng_group))
    HouseholdRecordFactory(household_pairing=visited, date=timezone.localdate(), year=timezone.localdate().year)
    HouseholdPlan.objects.create(household=aw.own_household, year=2009, target_income=Decimal("3000"))
    CadreFactory(name="村文书", village=aw.wufeng)
    return aw


def items(response) -> dict:
    return {item.key: item for item in response.context["items"]}


def counts(response) -> dict:
    return {key: item.count for key, item in items(response).items()}


def test_the_working_year_is_the_open_cycles_year(todo_world):
    response = todo_world.client_for("clerk_chengguan").get(HOME)
    assert (response.context["year"], response.context["cycle"].status) == (2009, "scoring")
    assert "2009 年度待办" in response.content.decode()


def test_after_the_only_cycle_is_finalised_the_working_year_is_the_next(todo_world):
    Cycle.objects.filter(pk=todo_world.cycle.pk).update(status="finalised")
    response = todo_world.client_for("clerk_chengguan").get(HOME)
    assert (response.context["year"], response.context["cycle"].status) == (2010, "finalised")


def test_the_township_clerks_home_lists_the_townships_work(todo_world):
    response = todo_world.client_for("clerk_chengguan").get(HOME)
    assert response.status_code == 200
    assert counts(response) == {
        "households-without-income": 2,  # the key household and the helper's second household
        "archive-gaps": 1,
        "batches-to-correct": 1,
        "key-households-without-cadre": 1,
        "cadres-below-minimum": 1,
        "targets-at-risk": 0,
    }
    found = items(response)
    assert found["archive-gaps"].note == "共缺 17 项（村 × 类）"
    assert found["households-without-income"].url == f"{reverse('households:household_list')}?without_income=2009"
    assert found["batches-to-correct"].url == reverse("households:roster:batch_list")
    assert found["key-households-without-cadre"].url == reverse(
        "assistance:check_list", args=["key-households-without-cadre"])
    body = response.content.decode()
    assert 'data-count="batches-to-correct">1<' in body and f'href="{OVERVIEW}"' in body


def test_the_household_list_link_lists_the_households_without_the_years_income(todo_world):
    url = f"{reverse('households:household_list')}?without_income=2009"
    response = todo_world.client_for("clerk_chengguan").get(url)
    numbers = {row.record.number for row in response.context["table"].page.object_list}
    assert numbers == {todo_world.key_household.number, todo_world.unvisited.household.number}


def test_the_village_cadres_home_links_each_missing_category_to_its_upload_form(todo_world):
    response = todo_world.client_for("cadre_wufeng").get(HOME)
    found = items(response)
    assert counts(response) == {"archive-gaps": 17, "commitment": 1}
    first = found["archive-gaps"].rows[0]
    assert (first.label, first.url) == (
        "W2 本级文件", f"{reverse('archives:record_create')}?village=610724100201&year=2009&category=W2")
    assert found["commitment"].url == reverse("targets:village_commitment", args=[2009, "610724100201"])


def test_a_signed_commitment_leaves_nothing_to_sign(todo_world):
    Commitment.objects.create(year=2009, township=todo_world.chengguan, village=todo_world.wufeng, text="承诺",
                              signer="村支书", signed_on=datetime.date(2009, 3, 1))
    found = items(todo_world.client_for("cadre_wufeng").get(HOME))
    assert (found["commitment"].count, found["commitment"].note) == (0, "已签订")


def test_a_scorer_sees_the_empty_cells_of_each_indicator_and_the_grid(todo_world):
    found = items(todo_world.client_for("scorer_shuili").get(HOME))
    assert list(found) == ["empty-cells"]
    cells = found["empty-cells"]
    assert (cells.count, cells.url) == (1, reverse("assessment:grid", args=[2009]))
    assert [(r.label, r.count) for r in cells.rows] == [("B1 安全饮水普及率", 1)]


def test_the_statistics_bureau_sees_the_surveys_progress(todo_world):
    found = items(todo_world.client_for("scorer_tongji").get(HOME))
    assert list(found) == ["survey"]
    assert found["survey"].count == 2
    assert [(r.label, r.count) for r in found["survey"].rows] == [("城关镇 五丰村", 1), ("峡口镇 江榜村", 1)]


def test_a_surveyor_sees_the_sampled_households_left_per_village(todo_world):
    found = items(todo_world.client_for("surveyor1").get(HOME))
    assert found["survey"].count == 1
    assert [(r.label, r.count, r.url) for r in found["survey"].rows] == [
        ("城关镇 五丰村", 1, reverse("assessment:survey_village", args=[2009, "610724100201"]))]


def test_an_inspection_group_sees_the_villages_and_methods_left(todo_world):
    response = todo_world.client_for("inspector1").get(HOME)
    assert counts(response) == {"villages-to-verify": 1, "methods-missing": 2}
    row = items(response)["villages-to-verify"].rows[0]
    assert (row.label, row.count, row.url) == (
        "城关镇 五丰村", 2, reverse("assessment:inspection_village", args=[2009, "610724100201"]))


def test_an_assisting_cadre_sees_households_not_visited_this_quarter_and_plans_without_result(todo_world):
    response = todo_world.client_for("helper1").get(HOME)
    assert counts(response) == {"not-visited": 1, "plans-without-result": 1}
    plan = items(response)["plans-without-result"].rows[0]
    number = todo_world.own_household.number
    assert (plan.label, plan.url) == (f"2009 王建国（{number}）", reverse("assistance:plan_edit", args=[number, 2009]))
    assert items(response)["not-visited"].url == reverse("assistance:my_households")


def test_the_leader_sees_the_county_summary_and_what_is_overdue(todo_world):
    response = todo_world.client_for("leader").get(HOME)
    found = items(response)
    assert counts(response) == {
        "county-summary": None,
        "overdue-departments": 12 * 2 - 1,
        "overdue-townships": 2 + 17 + 18,  # households without income, archive gaps (村 × 类)
        "overdue-survey": 2,
        "overdue-inspection": 1,
        "targets-at-risk": 0,
    }
    assert found["county-summary"].url == todo.url_or("documents:county_summary", [2009], "documents:charts")
    assert found["overdue-survey"].url == reverse("home:checklist", args=[2009]) + "#checklist-survey"


def test_the_administrator_sees_the_cycle_what_blocks_finalising_tasks_and_archives(todo_world):
    response = todo_world.client_for("admin").get(HOME)
    found = items(response)
    assert counts(response) == {
        "cycle": None, "finalise-blockers": 23, "failed-tasks": 0, "queued-tasks": 0, "workers": 0,
        "archive-verification": None,
    }
    assert found["cycle"].label == "2009 年度考核：部门打分"
    assert found["finalise-blockers"].url == reverse("assessment:cycle_finalise", args=[2009])
    assert sum(r.count for r in found["finalise-blockers"].rows) == 23
    assert found["workers"].url == reverse("tasks_health:workers")
    assert found["archive-verification"].url == reverse("archives:verification")


@pytest.mark.parametrize("name", [
    "admin", "leader", "clerk_chengguan", "cadre_wufeng", "scorer_tongji", "scorer_shuili", "inspector1",
    "surveyor1", "helper1",
])
def test_every_link_of_every_home_resolves(todo_world, name):
    for item in todo_world.client_for(name).get(HOME).context["items"]:
        for url in [item.url, *(row.url for row in item.rows)]:
            resolve(url.split("?")[0].split("#")[0])


def test_anonymous_visitors_are_sent_to_login(client):
    for url in (HOME, OVERVIEW):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("name,status", [
    ("admin", 200), ("leader", 200), ("clerk_chengguan", 200), ("cadre_wufeng", 200), ("inspector1", 200),
    ("surveyor1", 200), ("scorer_tongji", 403), ("helper1", 403),
])
def test_the_overview_is_one_click_away_for_those_who_read_it(todo_world, name, status):
    client = todo_world.client_for(name)
    assert client.get(OVERVIEW).status_code == status
    assert (f'href="{OVERVIEW}"' in client.get(HOME).content.decode()) == (status == 200)


def _more_data(aw):
    """More of everything each home counts: villages, households, batches, cadres, pairings, plans."""
    for township in (aw.chengguan, aw.xiakou):
        village = VillageFactory(township=township)
        group = GroupFactory(village=village)
        HouseholdFactory.create_batch(3, group=group, category="care", computed_category="care")
        aw.users["inspector1"].assigned_villages.add(village)
        aw.users["surveyor1"].assigned_villages.add(village)
        _batch(township, ImportBatch.Status.FAILED, 0)
        CadreFactory(village=village)
    cadre = aw.unvisited.cadre
    for _n in range(3):
        pairing = HouseholdPairingFactory(cadre=cadre, household=HouseholdFactory(group=aw.wufeng_group))
        HouseholdPlan.objects.create(household=pairing.household, year=2009, target_income=Decimal("2000"))
    SpotCheck.objects.create(cycle=aw.cycle, village=aw.jiangbang, date=datetime.date(2010, 3, 6),
                             households_visited=3, findings="-", visit_done=True)


#: Queries of each home: the session and the user (2), the working cycle (1), then the role's items;
#: (computing the cached figures, reading them stored). The first two requests compute them (the
#: data changed between them): the leader's and the clerk's include one read of the generations per
#: cached figure (xixiang.core.figures) and the villages' ids the year's progress is keyed by; a third
#: request, with nothing changed, reads them stored.
QUERIES = {
    "admin": (13, 13),
    "leader": (19, 15),
    "clerk_chengguan": (21, 15),
    "cadre_wufeng": (7, 7),  # may-sign answered without a query
    "scorer_tongji": (8, 8),
    "scorer_shuili": (7, 7),
    "inspector1": (5, 5),
    "surveyor1": (5, 5),
    "helper1": (6, 6),
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_each_home_runs_a_fixed_number_of_queries_whatever_the_data(todo_world, name):
    client = todo_world.client_for(name)
    with CaptureQueriesContext(connection) as before:
        assert client.get(HOME).status_code == 200
    _more_data(todo_world)
    with CaptureQueriesContext(connection) as after:
        assert client.get(HOME).status_code == 200
    with CaptureQueriesContext(connection) as stored:
        assert client.get(HOME).status_code == 200
    computing, reading = QUERIES[name]
    assert (len(before), len(after), len(stored)) == (computing, computing, reading)


def test_an_item_lists_ten_rows_and_says_how_many_more_its_link_lists():
    rows = [todo.Row(f"村{n}", 1, "/") for n in range(12)]
    item = todo.Item("survey", "样本户", 12, "/assessment/2009/survey/", rows)
    assert (len(item.rows), item.more) == (10, 2)


def test_no_running_worker_is_flagged_when_tasks_go_to_the_database_queue(todo_world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    workers = items(todo_world.client_for("admin").get(HOME))["workers"]
    assert (workers.count, workers.done) == (0, False)
