"""Cycle list and page, administrator actions and the catalogue page: happy paths and permissions."""

import pytest

from assessment.forms import IndicatorFormSet
from assessment.models import Cycle, Indicator

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(scoring_cycle):
    for url in ["/assessment/", "/assessment/2009/", "/assessment/catalogue/", "/assessment/2009/grid/",
                "/assessment/2009/results/", "/assessment/2009/statistics/"]:
        response = scoring_cycle.client_for("anonymous").get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_cycle_list_shows_cycles_and_admin_opens_a_new_one(scoring_cycle):
    client = scoring_cycle.client_for("admin")
    assert "2009" in client.get("/assessment/").content.decode()
    response = client.post("/assessment/", {"year": 2010})
    assert response.status_code == 302 and response["Location"] == "/assessment/2010/"
    assert Cycle.objects.get(year=2010).indicators.count() == 15


def test_opening_a_cycle_twice_shows_the_message_next_to_the_year(scoring_cycle):
    response = scoring_cycle.client_for("admin").post("/assessment/", {"year": 2009})
    assert "2009 年度考核周期已存在" in response.content.decode()


def test_helper_has_no_assessment_pages(scoring_cycle):
    client = scoring_cycle.client_for("helper1")
    assert client.get("/assessment/").status_code == 403
    assert client.get("/assessment/2009/").status_code == 403


def test_leader_cannot_open_a_cycle(scoring_cycle):
    assert scoring_cycle.client_for("leader").post("/assessment/", {"year": 2010}).status_code == 403
    assert not Cycle.objects.filter(year=2010).exists()


def test_cycle_page_shows_the_copied_indicators(scoring_cycle):
    response = scoring_cycle.client_for("scorer_tongji").get("/assessment/2009/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "农民人均纯收入" in body and "部门打分" in body and "4500:20, 3500:16, 2800:12, 2000:8, 1196:4" in body


def test_unknown_year_is_not_found(scoring_cycle):
    assert scoring_cycle.client_for("admin").get("/assessment/1999/").status_code == 404


def test_admin_moves_the_cycle_on_and_reopens_with_a_reason(scoring_cycle):
    client = scoring_cycle.client_for("admin")
    client.post("/assessment/2009/action/", {"action": "start_verification"})
    client.post("/assessment/2009/action/", {"action": "finalise"})
    assert Cycle.objects.get(year=2009).status == "finalised"
    response = client.post("/assessment/2009/action/", {"action": "reopen", "reason": ""}, follow=True)
    assert "重新打开已定案的考核周期必须写明理由" in response.content.decode()
    client.post("/assessment/2009/action/", {"action": "reopen", "reason": "复核"})
    assert Cycle.objects.get(year=2009).status == "verification"


def test_only_the_admin_acts_on_a_cycle(scoring_cycle):
    assert scoring_cycle.client_for("leader").post("/assessment/2009/action/", {"action": "start_verification"}).status_code == 403
    assert Cycle.objects.get(year=2009).status == "scoring"


def _catalogue_post(changes: dict) -> dict:
    formset = IndicatorFormSet(queryset=Indicator.objects.order_by("order", "code"), prefix="indicators")
    data = {key: value for key, value in formset.management_form.initial.items()}
    data = {f"indicators-{k}": v for k, v in data.items()}
    for index, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            value = value() if callable(value) else value
            key = f"indicators-{index}-{name}"
            if name == "cooperating":
                data[key] = list(value or [])
            elif value is not None and name != "DELETE":
                data[key] = value
        for name, value in changes.get(form.instance.code, {}).items():
            data[f"indicators-{index}-{name}"] = value
    data.update({"settings-grade1_min": "85", "settings-grade2_min": "70", "settings-grade3_min": "55",
                 "settings-sample_rate": "0.1", "settings-sample_min": "10", "settings-county_reward_amount": "29000",
                 "settings-county_reward_count": "5", "settings-township_reward_amount": "23000"})
    return data


def test_admin_edits_the_catalogue_page(scoring_cycle):
    client = scoring_cycle.client_for("admin")
    response = client.post("/assessment/catalogue/", _catalogue_post({"B1": {"max_points": "8"}, "B2": {"max_points": "6"}}))
    assert response.status_code == 302
    assert Indicator.objects.get(code="B1").max_points == 8


def test_catalogue_page_refuses_maxima_not_adding_up_to_one_hundred(scoring_cycle):
    response = scoring_cycle.client_for("admin").post("/assessment/catalogue/", _catalogue_post({"B1": {"max_points": "9"}}))
    assert response.status_code == 200
    assert "各指标满分合计为 102 分，应为 100 分" in response.content.decode()
    assert Indicator.objects.get(code="B1").max_points == 7


def test_leader_reads_the_catalogue_but_cannot_change_it(scoring_cycle):
    client = scoring_cycle.client_for("leader")
    assert client.get("/assessment/catalogue/").status_code == 200
    assert client.post("/assessment/catalogue/", _catalogue_post({})).status_code == 403


def test_clerk_has_no_catalogue_page(scoring_cycle):
    assert scoring_cycle.client_for("clerk_chengguan").get("/assessment/catalogue/").status_code == 403


ALL_PAGES = [
    ("get", "/assessment/2009/grid/export.xlsx", "clerk_chengguan"),
    ("post", "/assessment/2009/grid/upload/", "leader"),
    ("post", "/assessment/2009/inspection/610724100201/ballots/", "scorer_tongji"),
    ("post", "/assessment/2009/inspection/610724100201/spot-check/", "surveyor1"),
    ("post", "/assessment/2009/inspection/610724100201/adjust/", "clerk_chengguan"),
    ("get", "/assessment/2009/survey/610724100201/", "inspector1"),
    ("get", "/assessment/2009/results/export.xlsx", "helper1"),
    ("get", "/assessment/2009/results/610724100201/", "scorer_tongji"),
    ("get", "/assessment/2009/results/610724100201/export.xlsx", "helper1"),
    ("get", "/assessment/2009/statistics/export.xlsx", "clerk_chengguan"),
    ("get", "/assessment/2009/rewards/", "cadre_wufeng"),
    ("get", "/assessment/2009/rewards/export.xlsx", "cadre_wufeng"),
    ("get", "/assessment/2009/whatif/", "clerk_chengguan"),
]


@pytest.mark.parametrize(("method", "url", "user"), ALL_PAGES)
def test_a_role_without_the_right_gets_403(scoring_cycle, method, url, user):
    assert getattr(scoring_cycle.client_for(user), method)(url).status_code == 403


@pytest.mark.parametrize(("method", "url", "_user"), ALL_PAGES)
def test_anonymous_is_sent_to_login_everywhere(scoring_cycle, method, url, _user):
    response = getattr(scoring_cycle.client_for("anonymous"), method)(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", [
    "/assessment/2009/results/610724100201/export.xlsx", "/assessment/2009/inspection/610724100201/ballots/",
])
def test_a_village_of_another_township_is_not_found(scoring_cycle, url):
    client = scoring_cycle.client_for("clerk_xiakou" if "results" in url else "inspector1")
    other = url.replace("610724100201", "610724108201") if "inspection" in url else url
    response = client.get(other) if "results" in url else client.post(other, {"satisfied": 1, "basically_satisfied": 1, "unsatisfied": 1})
    assert response.status_code == 404


def test_a_refused_step_of_the_cycle_is_a_message_not_a_403(scoring_cycle):
    response = scoring_cycle.client_for("admin").post("/assessment/2009/action/", {"action": "publish"}, follow=True)
    assert response.redirect_chain == [("/assessment/2009/", 302)]
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith("2009 年度考核处于“部门打分”阶段")
    assert Cycle.objects.get(year=2009).status == "scoring"


def test_an_unknown_action_is_a_message(scoring_cycle):
    response = scoring_cycle.client_for("admin").post("/assessment/2009/action/", {"action": "explode"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["未知操作"]

