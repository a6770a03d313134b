"""Inspection groups (检查验收组, domain.md §11): a check records a re-derivable random draw of the
households to visit and the five methods done or not with findings; a group sees its progress
(villages verified / assigned) and only its villages."""

import datetime
import re

import pytest
from django.urls import reverse

from assessment import sampling, selectors, services
from assessment.models import SpotCheck
from assessment.services.survey import frames
from households.models import Household
from villages.models import Village
from xixiang.core.errors import DomainError

from ..factories import HouseholdFactory

WUFENG, JIANGBANG = "610724100201", "610724108201"
ALL_DONE = {m: (True, f"{m}：情况属实") for m in ["visit", "site", "records", "report", "evaluation"]}


def test_the_visit_draw_is_distinct_positions_in_frame_order_rederived_from_the_seed():
    drawn = sampling.visit_positions(40, 5, 1234)
    assert drawn == sampling.visit_positions(40, 5, 1234)
    assert list(drawn) == sorted(set(drawn)) and len(drawn) == 5 and all(0 <= p < 40 for p in drawn)
    assert drawn != sampling.visit_positions(40, 5, 1235)
    assert sampling.visit_positions(3, 5, 1) == (0, 1, 2)  # a village smaller than the draw: every household
    assert sampling.visit_positions(0, 5, 1) == ()


@pytest.fixture
def village_of_twelve(scoring_cycle):
    for n in range(50, 61):
        HouseholdFactory(group=scoring_cycle.wufeng_group, number=f"{scoring_cycle.wufeng_group.code}{n:03d}")
    return scoring_cycle


def _check(aw, **kwargs):
    arguments = {"actor": aw.users["inspector1"], "cycle": aw.cycle, "village": aw.wufeng,
                 "date": datetime.date(2010, 3, 5), "households_visited": 5, "findings": "总体情况良好",
                 "methods": ALL_DONE, "seed": 77, **kwargs}
    return services.spot_check_add(**arguments)


@pytest.mark.django_db
def test_a_check_stores_its_draw_of_households_and_the_five_methods(village_of_twelve):
    check = _check(village_of_twelve)
    frame = frames([village_of_twelve.wufeng.pk])[village_of_twelve.wufeng.pk]  # the households today
    assert frame == sorted(Household.objects.filter(village=village_of_twelve.wufeng).values_list("number", flat=True))
    assert (check.frame, check.population, check.seed) == (frame, 12, 77)
    assert check.positions == list(sampling.visit_positions(12, 5, 77))
    assert check.household_numbers == [frame[p] for p in check.positions]
    assert check.rederive() == tuple(check.positions)
    assert [(m, done, findings) for m, _label, done, findings in check.methods()] == [
        (m, True, f"{m}：情况属实") for m in ["visit", "site", "records", "report", "evaluation"]]
    labels = [label for _m, label, _d, _f in check.methods()]
    assert labels == ["实地随机到户抽查", "察看现场", "查阅资料", "听取汇报", "民主测评"]
    assert check.complete is True
    assert check.history.latest().history_user.username == "inspector1"


@pytest.mark.django_db
def test_a_method_marked_done_without_findings_is_refused_and_nothing_stored(village_of_twelve):
    with pytest.raises(DomainError) as exc:
        _check(village_of_twelve, methods={**ALL_DONE, "site": (True, "  ")})
    assert (exc.value.message, exc.value.field) == ("请填写“察看现场”的发现", "site_findings")
    with pytest.raises(DomainError) as exc:
        _check(village_of_twelve, methods={"walk": (True, "x")})
    assert exc.value.message == "未知的检查方式：walk"
    with pytest.raises(DomainError) as exc:
        _check(village_of_twelve, visit_size=0)
    assert exc.value.message == "抽取户数至少为 1 户"
    assert SpotCheck.objects.count() == 0


@pytest.mark.django_db
def test_a_method_not_done_keeps_its_reason_and_the_village_is_not_verified(village_of_twelve):
    check = _check(village_of_twelve, methods={**ALL_DONE, "report": (False, "村干部外出，未能听取汇报")})
    assert (check.report_done, check.report_findings, check.complete) == (False, "村干部外出，未能听取汇报", False)
    villages = Village.objects.filter(pk=village_of_twelve.wufeng.pk)
    assert selectors.inspection_progress(village_of_twelve.cycle, villages) == (0, 1)
    _check(village_of_twelve)
    assert selectors.inspection_progress(village_of_twelve.cycle, villages) == (1, 1)


@pytest.mark.django_db
def test_a_group_cannot_check_a_village_it_is_not_assigned(village_of_twelve):
    with pytest.raises(DomainError) as exc:
        _check(village_of_twelve, village=village_of_twelve.jiangbang)
    assert exc.value.message == "您无权检查该村"


def _compact(html: str) -> str:
    return re.sub(r">\s+<", "><", html)


@pytest.mark.django_db
def test_the_group_sees_its_progress_and_verified_villages(village_of_twelve):
    client = village_of_twelve.client_for("inspector1")
    page = reverse("assessment:inspection_list", args=[2009])
    assert "已验收 0 / 1 个村（五种检查方式均已完成）" in client.get(page).content.decode()
    _check(village_of_twelve)
    body = _compact(client.get(page).content.decode())
    assert "已验收 1 / 1 个村（五种检查方式均已完成）" in body
    assert "<td>—</td><td>—</td><td>已验收</td></tr>" in body
    assert "江榜村" not in body


@pytest.mark.django_db
def test_the_village_page_posts_a_check_and_shows_the_households_to_visit(village_of_twelve):
    client = village_of_twelve.client_for("inspector1")
    post = {"date": "2010-03-05", "visit_size": "4", "households_visited": "4", "findings": "台账齐全",
            "visit_done": "on", "visit_findings": "抽查 4 户，与台账一致",
            "site_done": "on", "site_findings": "道路已硬化"}
    response = client.post(reverse("assessment:spot_check_save", args=[2009, WUFENG]), post)
    assert response.status_code == 302
    check = SpotCheck.objects.get()
    assert (len(check.household_numbers), check.visit_done, check.records_done) == (4, True, False)
    assert check.complete is False
    body = client.get(reverse("assessment:inspection_village", args=[2009, WUFENG])).content.decode()
    assert f'<span class="visit-households">{"、".join(check.household_numbers)}</span>' in body
    assert "实地随机到户抽查：已完成，抽查 4 户，与台账一致" in body
    assert "查阅资料：未开展" in body


@pytest.mark.django_db
def test_a_posted_method_done_without_findings_is_shown_beside_the_field(village_of_twelve):
    client = village_of_twelve.client_for("inspector1")
    post = {"date": "2010-03-05", "households_visited": "4", "findings": "台账齐全", "site_done": "on"}
    response = client.post(reverse("assessment:spot_check_save", args=[2009, WUFENG]), post)
    assert response.status_code == 200
    assert "请填写“察看现场”的发现" in response.content.decode()
    assert SpotCheck.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "status"), [("inspector1", 404), ("admin", 302)])
def test_a_check_of_a_village_outside_the_group_is_not_found(village_of_twelve, name, status):
    post = {"date": "2010-03-05", "households_visited": "1", "findings": "x"}
    response = village_of_twelve.client_for(name).post(
        reverse("assessment:spot_check_save", args=[2009, JIANGBANG]), post)
    assert response.status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["surveyor1", "scorer_tongji", "leader", "clerk_chengguan", "helper1"])
def test_roles_that_do_not_inspect_get_403_on_the_group_pages(village_of_twelve, name):
    client = village_of_twelve.client_for(name)
    assert client.get(reverse("assessment:inspection_list", args=[2009])).status_code == 403
    assert client.get(reverse("assessment:inspection_village", args=[2009, WUFENG])).status_code == 403
    post = {"date": "2010-03-05", "households_visited": "1", "findings": "x"}
    assert client.post(reverse("assessment:spot_check_save", args=[2009, WUFENG]), post).status_code == 403
