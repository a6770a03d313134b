"""Inspection and survey pages: happy paths, bad input shown next to the field, permissions."""

import re

import pytest
from django.urls import reverse

from assessment.models import Adjustment, Ballot, SampleDraw, SpotCheck, SurveyResponse

pytestmark = pytest.mark.django_db

WUFENG, JIANGBANG = "610724100201", "610724108201"
INSPECTION = reverse("assessment:inspection_list", args=[2009])
SURVEY = reverse("assessment:survey_list", args=[2009])


def url(name, code=WUFENG):
    return reverse(f"assessment:{name}", args=[2009, code])


def compact(html: str) -> str:
    """The page without the whitespace between tags (templates wrap long rows over lines)."""
    return re.sub(r">\s+<", "><", html)


def test_inspector_lists_only_assigned_villages(scoring_cycle):
    body = compact(scoring_cycle.client_for("inspector1").get(INSPECTION).content.decode())
    assert (
        f'<tr><td>城关镇</td><td><a href="{url("inspection_village")}">五丰村</a></td>'
        "<td>—</td><td>—</td><td>—</td></tr>" in body
    )
    assert "江榜村" not in body


def test_inspector_village_page_and_other_village_not_found(scoring_cycle):
    client = scoring_cycle.client_for("inspector1")
    body = client.get(url("inspection_village")).content.decode()
    assert '<h1 class="h4">城关镇 五丰村 <small class="text-muted">检查验收</small></h1>' in body
    forms = [("ballot-form", "ballot_save"), ("spot-form", "spot_check_save"), ("adjust-form", "adjustment_save")]
    for form, action in forms:
        assert f'action="{url(action)}" novalidate id="{form}"' in body
    assert client.get(url("inspection_village", JIANGBANG)).status_code == 404


def test_roles_without_inspection_get_403(scoring_cycle):
    for name in ["scorer_tongji", "surveyor1", "leader"]:
        assert scoring_cycle.client_for(name).get(INSPECTION).status_code == 403


def test_inspector_records_ballots_and_spot_checks(scoring_cycle):
    client = scoring_cycle.client_for("inspector1")
    response = client.post(url("ballot_save"), {"satisfied": "30", "basically_satisfied": "8", "unsatisfied": "2"})
    assert response.status_code == 302
    assert Ballot.objects.get().satisfied == 30
    client.post(url("spot_check_save"), {"date": "2009-12-05", "households_visited": "6", "findings": "台账齐全"})
    assert SpotCheck.objects.get().findings == "台账齐全"


def test_negative_ballots_are_shown_and_not_stored(scoring_cycle):
    response = scoring_cycle.client_for("inspector1").post(
        url("ballot_save"), {"satisfied": "30", "basically_satisfied": "-8", "unsatisfied": "2"}
    )
    assert response.status_code == 200
    assert "票数不能为负数" in response.content.decode()
    assert not Ballot.objects.exists()


def test_adjustment_without_reason_is_shown_and_not_stored(verification_cycle):
    response = verification_cycle.client_for("inspector1").post(
        url("adjustment_save"), {"indicator": "C3", "points": "2", "reason": ""}
    )
    assert "调整分数必须写明理由" in response.content.decode()
    assert not Adjustment.objects.exists()


def test_adjustment_shows_original_beside_final(verification_cycle):
    client = verification_cycle.client_for("inspector1")
    client.post(url("adjustment_save"), {"indicator": "C3", "points": "2", "reason": "卫生死角"})
    body = client.get(url("inspection_village")).content.decode()
    assert Adjustment.objects.get().points == 2
    assert "inspector1：卫生死角" in body


def test_surveyor_lists_assigned_villages_with_their_draws(scoring_cycle):
    body = compact(scoring_cycle.client_for("surveyor1").get(SURVEY).content.decode())
    assert f'<tr><td>城关镇</td><td><a href="{url("survey_village")}">五丰村</a></td>' in body
    assert '<td class="text-end">1</td><td class="text-end">1</td><td class="text-end">0</td>' in body  # N, n, entered
    assert "江榜村" not in body


def test_the_survey_list_links_each_village_as_reverse_does_in_a_fixed_number_of_queries(scoring_cycle):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessment import selectors
    from villages.models import Township, Village

    client = scoring_cycle.client_for("admin")
    client.get(SURVEY)

    def page() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as captured:
            body = client.get(SURVEY).content.decode()
        return body, len(captured)

    body, queries = page()
    villages = list(Village.objects.order_by("code"))
    links = re.findall(r'<a href="([^"]+)">', body.split('id="survey-table"')[1])
    assert links == [reverse("assessment:survey_village", args=[2009, v.code]) for v in villages]
    assert queries == 7  # session, user, cycle, villages, draws, estimates, progress
    township = Township.objects.first()
    for i in range(3):
        Village.objects.create(township=township, code=f"61072410099{i}", name=f"测试{i}村")
    body, queries = page()
    assert queries == 7 and body.count('href="/assessment/2009/survey/6') == len(villages) + 3
    # the draws read without their frame: the same N and n as the whole draw
    cycle = scoring_cycle.cycle
    overview = selectors.survey_overview(cycle, Village.objects.all())
    whole = {d.village_id: d for d in SampleDraw.objects.filter(cycle=cycle)}
    assert [(v.pk, d and (d.population, d.size)) for v, d, _e in overview] == [
        (v.pk, (whole[v.pk].population, whole[v.pk].size) if v.pk in whole else None) for v, _d, _e in overview]
    assert any(d is not None for _v, d, _e in overview)


def test_surveyor_enters_income_items_of_sampled_households(scoring_cycle):
    client = scoring_cycle.client_for("surveyor1")
    number = scoring_cycle.own_household.number
    page = client.get(url("survey_village")).content.decode()
    assert number in page and "N = 1，n = 1" in page
    response = client.post(
        url("survey_village"),
        {f"{number}-total_income": "15000", f"{number}-business_expenses": "3000", f"{number}-resident_members": "3"},
    )
    assert response.status_code == 302
    assert SurveyResponse.objects.get().net_income == 12000
    assert "<strong>4000.00</strong>" in client.get(url("survey_village")).content.decode()


def test_bad_income_items_are_shown_and_not_stored(scoring_cycle):
    number = scoring_cycle.own_household.number
    response = scoring_cycle.client_for("surveyor1").post(
        url("survey_village"),
        {f"{number}-total_income": "很多", f"{number}-business_expenses": "0", f"{number}-resident_members": "3"},
    )
    assert f"户 {number}：“很多”不是有效的金额" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_surveyor_gets_404_outside_assigned_villages_and_others_403(scoring_cycle):
    assert scoring_cycle.client_for("surveyor1").get(url("survey_village", JIANGBANG)).status_code == 404
    assert scoring_cycle.client_for("inspector1").get(SURVEY).status_code == 403


def test_only_the_admin_redraws(scoring_cycle):
    response = scoring_cycle.client_for("surveyor1").post(url("survey_redraw"), {"reason": "x"})
    assert response.status_code == 403
    seed = SampleDraw.objects.get(village=scoring_cycle.wufeng).seed
    scoring_cycle.client_for("admin").post(url("survey_redraw"), {"reason": "农户迁出", "seed": "99"})
    assert SampleDraw.objects.get(village=scoring_cycle.wufeng).seed == 99 != seed


def test_the_survey_page_names_only_households_the_surveyor_may_see(scoring_cycle):
    """A sampled number whose household is outside the surveyor's villages (say, it moved since the
    draw) is listed by its number, without the household's name."""
    own, other = scoring_cycle.own_household, scoring_cycle.other_household
    SampleDraw.objects.filter(village=scoring_cycle.wufeng).update(household_numbers=[own.number, other.number])
    body = scoring_cycle.client_for("surveyor1").get("/assessment/2009/survey/610724100201/").content.decode()
    assert own.head_name in body and other.number in body and other.head_name not in body
    admin = scoring_cycle.client_for("admin").get("/assessment/2009/survey/610724100201/").content.decode()
    assert other.head_name in admin


def test_a_redraw_without_a_reason_is_refused_with_a_message(scoring_cycle):
    seed = SampleDraw.objects.get(village=scoring_cycle.wufeng).seed
    response = scoring_cycle.client_for("admin").post(
        "/assessment/2009/survey/610724100201/redraw/", {"reason": "", "seed": "99"}, follow=True
    )
    assert response.redirect_chain == [("/assessment/2009/survey/610724100201/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["重新抽样必须写明理由"]
    assert SampleDraw.objects.get(village=scoring_cycle.wufeng).seed == seed


def test_a_redraw_with_a_negative_seed_is_refused_with_a_message(scoring_cycle):
    seed = SampleDraw.objects.get(village=scoring_cycle.wufeng).seed
    response = scoring_cycle.client_for("admin").post(
        "/assessment/2009/survey/610724100201/redraw/", {"reason": "农户迁出", "seed": "-1"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["随机种子必须是非负整数"]
    assert SampleDraw.objects.get(village=scoring_cycle.wufeng).seed == seed


def test_an_adjustment_outside_verification_is_shown_on_the_page_not_forbidden(scoring_cycle):
    response = scoring_cycle.client_for("inspector1").post(
        "/assessment/2009/inspection/610724100201/adjust/", {"indicator": "C3", "points": "2", "reason": "卫生死角"}
    )
    assert response.status_code == 200
    assert response.context["adjust_form"].non_field_errors() == [
        "2009 年度考核处于“部门打分”阶段，只有“检查验收”阶段可以调整分数"
    ]
    assert not Adjustment.objects.exists()


_SURVEY_LOOP = "".join([  # the survey list's rows as templates/assessment/survey_list.html looped over them
    '{% for village, draw, estimate in rows %}\n<tr><td>{{ village.township.name }}</td>\n<td>{% if can_enter %}',
    '<a href="{{ village_path }}{{ village.code }}/">{{ village.name }}</a>',
    '{% else %}{{ village.name }}{% endif %}</td>\n',
    '<td class="text-end">{{ draw.population|default:"—" }}</td>',
    '<td class="text-end">{{ draw.size|default:"—" }}</td>\n',
    '<td class="text-end">{{ estimate.households|default:0 }}</td>',
    '<td class="text-end">{{ estimate.per_capita|default_if_none:"—" }}</td>\n',
    '<td class="text-end">{{ estimate.standard_error|default_if_none:"—" }}</td></tr>{% endfor %}',
])


@pytest.mark.parametrize("can_enter", [True, False])
def test_the_survey_list_rows_are_what_the_template_loop_rendered(scoring_cycle, can_enter):
    from decimal import Decimal

    from django.template import Context, Template

    from assessment import sampling, selectors
    from assessment.survey_html import survey_list_body
    from villages.models import Village

    rows = selectors.survey_overview(scoring_cycle.cycle, Village.objects.all())
    village, draw, _estimate = next(r for r in rows if r[1] is not None)
    estimate = sampling.Estimate(per_capita=Decimal("3321.64"), households=12, persons=40,
                                 standard_error=Decimal("416.97"))
    rows += [(village, draw, estimate), (village, None, None),
             (village, draw, sampling.Estimate(per_capita=None, households=0, persons=0, standard_error=None))]
    context = {"rows": rows, "can_enter": can_enter, "village_path": "/assessment/2009/survey/"}
    assert {d is None for _v, d, _e in rows} == {True, False}
    from xixiang.core.links import url_per_key

    village_url = url_per_key("assessment:survey_village", 2009)
    assert str(survey_list_body(rows, can_enter=can_enter, village_url=village_url)) == (
        Template(_SURVEY_LOOP).render(Context(context)))
