"""Cycle list and page, administrator actions and the catalogue page: happy paths and permissions."""

import pytest
from django.urls import reverse

from assessment.forms import IndicatorFormSet
from assessment.models import Cycle, Indicator

pytestmark = pytest.mark.django_db

CYCLES = reverse("assessment:cycle_list")
CATALOGUE = reverse("assessment:catalogue")
ACTION = reverse("assessment:cycle_action", args=[2009])
WUFENG = "610724100201"


def test_anonymous_visitor_is_sent_to_login(scoring_cycle):
    for url in [
        CYCLES,
        reverse("assessment:cycle_detail", args=[2009]),
        CATALOGUE,
        *(reverse(f"assessment:{name}", args=[2009]) for name in ("grid", "results", "statistics")),
    ]:
        response = scoring_cycle.client_for("anonymous").get(url)
        assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={url}"


def test_cycle_list_shows_cycles_and_admin_opens_a_new_one(scoring_cycle):
    client = scoring_cycle.client_for("admin")
    body = client.get(CYCLES).content.decode()
    assert f'<tr><td><a href="{reverse("assessment:cycle_detail", args=[2009])}">2009</a></td><td>部门打分</td>' in body
    response = client.post(CYCLES, {"year": 2010})
    assert response.status_code == 302 and response["Location"] == reverse("assessment:cycle_detail", args=[2010])
    assert Cycle.objects.get(year=2010).indicators.count() == 15


def test_opening_a_cycle_twice_shows_the_message_next_to_the_year(scoring_cycle):
    response = scoring_cycle.client_for("admin").post(CYCLES, {"year": 2009})
    assert "2009 年度考核周期已存在" in response.content.decode()


def test_helper_has_no_assessment_pages(scoring_cycle):
    client = scoring_cycle.client_for("helper1")
    assert client.get(CYCLES).status_code == 403
    assert client.get(reverse("assessment:cycle_detail", args=[2009])).status_code == 403


def test_leader_cannot_open_a_cycle(scoring_cycle):
    assert scoring_cycle.client_for("leader").post(CYCLES, {"year": 2010}).status_code == 403
    assert not Cycle.objects.filter(year=2010).exists()


def test_cycle_page_shows_the_copied_indicators(scoring_cycle):
    response = scoring_cycle.client_for("scorer_tongji").get(reverse("assessment:cycle_detail", args=[2009]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "农民人均纯收入" in body and "部门打分" in body and "4500:20, 3500:16, 2800:12, 2000:8, 1196:4" in body


def test_unknown_year_is_not_found(scoring_cycle):
    assert scoring_cycle.client_for("admin").get(reverse("assessment:cycle_detail", args=[1999])).status_code == 404


def test_admin_moves_the_cycle_on_and_reopens_with_a_reason(scoring_cycle):
    client = scoring_cycle.client_for("admin")
    client.post(ACTION, {"action": "start_verification"})
    client.post(reverse("assessment:cycle_finalise", args=[2009]), {"reason": "测试：未评分也定案"})
    assert Cycle.objects.get(year=2009).status == "finalised"
    response = client.post(ACTION, {"action": "reopen", "reason": ""}, follow=True)
    assert "重新打开已定案的考核周期必须写明理由" in response.content.decode()
    client.post(ACTION, {"action": "reopen", "reason": "复核"})
    assert Cycle.objects.get(year=2009).status == "verification"


def test_only_the_admin_acts_on_a_cycle(scoring_cycle):
    assert scoring_cycle.client_for("leader").post(ACTION, {"action": "start_verification"}).status_code == 403
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
    data.update(
        {
            "settings-grade1_min": "85",
            "settings-grade2_min": "70",
            "settings-grade3_min": "55",
            "settings-sample_rate": "10",
            "settings-sample_min": "10",
            "settings-county_reward_amount": "29000",
            "settings-county_reward_count": "5",
            "settings-township_reward_amount": "23000",
        }
    )
    return data


def test_admin_edits_the_catalogue_page(scoring_cycle):
    client = scoring_cycle.client_for("admin")
    response = client.post(CATALOGUE, _catalogue_post({"B1": {"max_points": "8"}, "B2": {"max_points": "6"}}))
    assert response.status_code == 302
    assert Indicator.objects.get(code="B1").max_points == 8


def test_catalogue_page_refuses_maxima_not_adding_up_to_one_hundred(scoring_cycle):
    response = scoring_cycle.client_for("admin").post(CATALOGUE, _catalogue_post({"B1": {"max_points": "9"}}))
    assert response.status_code == 200
    assert "各指标满分合计为 102 分，应为 100 分" in response.content.decode()
    assert Indicator.objects.get(code="B1").max_points == 7


def test_leader_reads_the_catalogue_but_cannot_change_it(scoring_cycle):
    client = scoring_cycle.client_for("leader")
    response = client.get(CATALOGUE)
    body = response.content.decode()
    codes = [form.instance.code for form in response.context["formset"].forms if form.instance.pk]
    assert codes == "A1 A2 A3 B1 B2 B3 C1 C2 C3 D1 D2 D3 E1 E2 E3".split()
    assert "满分合计 100.0 分" in body and "保存目录和参数" not in body
    assert client.post(CATALOGUE, _catalogue_post({})).status_code == 403


def test_clerk_has_no_catalogue_page(scoring_cycle):
    assert scoring_cycle.client_for("clerk_chengguan").get(CATALOGUE).status_code == 403


ALL_PAGES = [
    ("get", reverse("assessment:grid_export", args=[2009]), "clerk_chengguan"),
    ("post", reverse("assessment:grid_upload", args=[2009]), "leader"),
    ("post", reverse("assessment:ballot_save", args=[2009, WUFENG]), "scorer_tongji"),
    ("post", reverse("assessment:spot_check_save", args=[2009, WUFENG]), "surveyor1"),
    ("post", reverse("assessment:adjustment_save", args=[2009, WUFENG]), "clerk_chengguan"),
    ("get", reverse("assessment:survey_village", args=[2009, WUFENG]), "inspector1"),
    ("get", reverse("assessment:results_export", args=[2009]), "helper1"),
    ("get", reverse("assessment:score_sheet", args=[2009, WUFENG]), "scorer_tongji"),
    ("get", reverse("assessment:score_sheet_export", args=[2009, WUFENG]), "helper1"),
    ("get", reverse("assessment:statistics_export", args=[2009]), "clerk_chengguan"),
    ("get", reverse("assessment:rewards", args=[2009]), "cadre_wufeng"),
    ("get", reverse("assessment:rewards_export", args=[2009]), "cadre_wufeng"),
    ("get", reverse("assessment:whatif", args=[2009]), "clerk_chengguan"),
    ("get", reverse("assessment:survey_report", args=[2009]), "leader"),
    ("get", reverse("assessment:survey_report_export", args=[2009]), "surveyor1"),
]


@pytest.mark.parametrize(("method", "url", "user"), ALL_PAGES)
def test_a_role_without_the_right_gets_403(scoring_cycle, method, url, user):
    assert getattr(scoring_cycle.client_for(user), method)(url).status_code == 403


@pytest.mark.parametrize(("method", "url", "_user"), ALL_PAGES)
def test_anonymous_is_sent_to_login_everywhere(scoring_cycle, method, url, _user):
    response = getattr(scoring_cycle.client_for("anonymous"), method)(url)
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    ("user", "method", "url"),
    [
        ("clerk_xiakou", "get", reverse("assessment:score_sheet_export", args=[2009, WUFENG])),
        ("inspector1", "post", reverse("assessment:ballot_save", args=[2009, "610724108201"])),  # 江榜村: not assigned
    ],
)
def test_a_village_of_another_township_is_not_found(scoring_cycle, user, method, url):
    data = {"satisfied": 1, "basically_satisfied": 1, "unsatisfied": 1} if method == "post" else {}
    assert getattr(scoring_cycle.client_for(user), method)(url, data).status_code == 404


def test_a_refused_step_of_the_cycle_is_a_message_not_a_403(scoring_cycle):
    response = scoring_cycle.client_for("admin").post(
        reverse("assessment:cycle_action", args=[2009]), {"action": "publish"}, follow=True
    )
    assert response.redirect_chain == [(reverse("assessment:cycle_detail", args=[2009]), 302)]
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith("2009 年度考核处于“部门打分”阶段")
    assert Cycle.objects.get(year=2009).status == "scoring"


def test_an_unknown_action_is_a_message(scoring_cycle):
    response = scoring_cycle.client_for("admin").post(
        reverse("assessment:cycle_action", args=[2009]), {"action": "explode"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["未知操作"]


def test_the_catalogue_page_loads_the_search_box_script_and_shows_the_sample_rate_as_a_percentage(scoring_cycle):
    response = scoring_cycle.client_for("admin").get(CATALOGUE)
    page = response.content.decode()
    assert 'src="/static/js/searchable-select.js"' in page and 'data-searchable="true"' in page
    assert "抽样比例（%）" in page and response.context["settings_form"]["sample_rate"].value() == "10"
    assert "<script>" not in page  # CSP: no inline scripts


def test_the_catalogue_page_runs_seven_queries_however_many_departments_and_indicators(scoring_cycle):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from villages.models import Department

    client = scoring_cycle.client_for("admin")
    client.get(CATALOGUE)  # the session and the user's first queries out of the way

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CATALOGUE).status_code == 200
        return len(captured)

    assert count() == 7  # session, user, indicators, settings, total, the two department lists (once for all forms)
    for i in range(5):
        Department.objects.create(code=f"9{i:02d}", name=f"测试局{i}")
    template = Indicator.objects.get(code="E3")
    template.pk, template.code, template.order = None, "E4", 99
    template.save()
    assert count() == 7
