"""The cycle's checklist (待办清单): what each department, township, the survey and each inspection
group still has to do, with counts; who reads which part; a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from archives.models import ArchiveCategory
from assessment import services
from assessment.choices import InspectionMethod
from assessment.models import SpotCheck
from xixiang.accounts.choices import Role

from ..factories import GroupFactory, HouseholdFactory, IncomeRecordFactory, UserFactory, VillageFactory

pytestmark = pytest.mark.django_db

CHECKLIST = reverse("home:checklist", args=[2009])


@pytest.fixture
def checklist(scoring_cycle):
    aw, cycle = scoring_cycle, scoring_cycle.cycle
    services.score_set(
        actor=aw.users["scorer_shuili"], cycle=cycle, village=aw.wufeng, indicator=aw.indicator("B1"), raw="80"
    )
    draw = cycle.draws.get(village=aw.wufeng)
    services.survey_response_save(
        actor=aw.users["surveyor1"], draw=draw, household_number=draw.household_numbers[0],
        total_income="15000", business_expenses="3000", resident_members=3,
    )
    SpotCheck.objects.create(
        cycle=cycle, village=aw.wufeng, date=datetime.date(2010, 3, 5), households_visited=5, findings="台账齐全",
        inspector=aw.users["inspector1"],
        **{f"{m.value}_done": True for m in InspectionMethod},
        **{f"{m.value}_findings": "已完成" for m in InspectionMethod},
    )
    HouseholdFactory(group=aw.wufeng_group)  # no 2009 income record yet
    inspector2 = UserFactory(username="inspector2", role=Role.INSPECTOR, first_name="检查验收二组")
    inspector2.assigned_villages.set([aw.jiangbang])
    aw.users["inspector2"] = inspector2
    return aw


def parts(response):
    return response.context["parts"]


def test_the_administrator_sees_what_everyone_still_has_to_do(checklist):
    response = checklist.client_for("admin").get(CHECKLIST)
    assert response.status_code == 200
    found = parts(response)
    assert list(found) == ["departments", "townships", "survey", "inspection"]
    departments = found["departments"]
    assert len(departments.rows) == 12  # the 15 indicators but A1, A2 and E3, which the system computes
    assert [(r.indicator.code, r.entered, r.empty) for r in departments.rows][:3] == [
        ("A3", 0, 2),
        ("B1", 1, 1),
        ("B2", 0, 2),
    ]
    assert departments.left == 12 * 2 - 1
    categories = ArchiveCategory.objects.filter(is_active=True).count()
    assert categories == 18
    townships = found["townships"].rows
    assert [(r.township.name, r.households, r.without_income, r.villages, r.archive_gaps) for r in townships] == [
        ("城关镇", 2, 1, 1, 18),
        ("峡口镇", 1, 0, 1, 18),
    ]
    assert found["townships"].left == 1 + 36
    survey = found["survey"].rows
    assert [(r.village.name, r.drawn, r.sampled, r.without_items) for r in survey] == [("江榜村", True, 1, 1)]
    assert [(r.group.username, r.assigned, r.verified, r.not_verified) for r in found["inspection"].rows] == [
        ("inspector1", 1, 1, 0),
        ("inspector2", 1, 0, 1),
    ]
    body = response.content.decode()
    assert 'data-left="departments">23<' in body and 'data-left="survey">1<' in body


def test_the_leader_reads_every_part(checklist):
    found = parts(checklist.client_for("leader").get(CHECKLIST))
    assert list(found) == ["departments", "townships", "survey", "inspection"]


def test_a_scorer_sees_only_the_indicators_of_the_department(checklist):
    found = parts(checklist.client_for("scorer_shuili").get(CHECKLIST))
    assert list(found) == ["departments"]
    assert [(r.indicator.code, r.empty) for r in found["departments"].rows] == [("B1", 1)]


def test_a_clerk_sees_only_the_own_township(checklist):
    found = parts(checklist.client_for("clerk_chengguan").get(CHECKLIST))
    assert list(found) == ["townships"]
    assert [r.township.name for r in found["townships"].rows] == ["城关镇"]


def test_a_surveyor_sees_only_the_assigned_villages(checklist):
    found = parts(checklist.client_for("surveyor1").get(CHECKLIST))
    assert list(found) == ["survey"]
    assert (found["survey"].rows, found["survey"].left) == ([], 0)  # 五丰村's one sampled household is in


def test_an_inspection_group_sees_its_own_progress(checklist):
    found = parts(checklist.client_for("inspector2").get(CHECKLIST))
    assert list(found) == ["inspection"]
    assert [(r.group.username, r.not_verified) for r in found["inspection"].rows] == [("inspector2", 1)]


@pytest.mark.parametrize("user, status", [("cadre_wufeng", 403), ("helper1", 403), ("anonymous", 302)])
def test_other_roles_do_not_read_the_checklist(checklist, user, status):
    assert checklist.client_for(user).get(CHECKLIST).status_code == status


def test_a_year_without_a_cycle_is_not_found(checklist):
    assert checklist.client_for("admin").get(reverse("home:checklist", args=[2030])).status_code == 404


def test_the_cycle_page_links_to_the_checklist(checklist):
    body = checklist.client_for("clerk_chengguan").get(reverse("assessment:cycle_detail", args=[2009])).content.decode()
    assert f'href="{CHECKLIST}"' in body
    body = checklist.client_for("cadre_wufeng").get(reverse("assessment:cycle_detail", args=[2009])).content.decode()
    assert 'id="checklist-link"' not in body


#: session, user, cycle; parts: 3 (departments) + 4 (townships: the cached household counts, and
#: the read of their generations, when stored) + 2 (survey) + 1 (inspection)
CHECKLIST_QUERIES = 13
#: ... and when the household counts are computed (the data changed): one more
CHECKLIST_QUERIES_COMPUTING = 14


def test_the_checklist_takes_a_fixed_number_of_queries(checklist, django_assert_num_queries):
    client = checklist.client_for("admin")
    client.get(CHECKLIST)
    with django_assert_num_queries(CHECKLIST_QUERIES):
        client.get(CHECKLIST)
    for index in range(3):
        village = VillageFactory(township=checklist.xiakou, code=f"61072410830{index}")
        household = HouseholdFactory(group=GroupFactory(village=village, code=f"{village.code}01"))
        IncomeRecordFactory(household=household, year=2009)
        UserFactory(username=f"inspector{index + 3}", role=Role.INSPECTOR).assigned_villages.set([village])
    services.samples_draw_all(actor=checklist.users["admin"], cycle=checklist.cycle)
    with django_assert_num_queries(CHECKLIST_QUERIES_COMPUTING):
        response = client.get(CHECKLIST)
    assert len(parts(response)["inspection"].rows) == 5
    assert len(parts(response)["survey"].rows) == 4


def test_a_spot_check_with_a_method_not_done_leaves_its_village_to_verify(checklist):
    SpotCheck.objects.filter(village=checklist.wufeng).update(evaluation_done=False)
    found = parts(checklist.client_for("admin").get(CHECKLIST))
    assert [(r.group.username, r.verified) for r in found["inspection"].rows] == [("inspector1", 0), ("inspector2", 0)]


def test_the_survey_count_alone_equals_the_survey_parts(checklist):
    from home import selectors
    from villages.models import Village

    cycle = checklist.cycle
    for villages in (None, Village.objects.all(), Village.objects.filter(pk=checklist.wufeng.pk)):
        part = selectors.survey_part(cycle, Village.objects.all() if villages is None else villages)
        assert selectors.survey_left(cycle, villages) == part.left
    assert selectors.survey_left(cycle) == 2 * checklist.cycle.draws.get(village=checklist.wufeng).size - 1
