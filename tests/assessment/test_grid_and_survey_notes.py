"""The smaller fixes of issue 13: a grid cell refused shows the stored value and no tick; the
statistics bureau's grid explains A1 and links the survey's progress; the survey page shows the
draw's frame positions."""

import re

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Score

from ..factories import HouseholdFactory

pytestmark = pytest.mark.django_db

GRID = reverse("assessment:grid", args=[2009])
CELL = reverse("assessment:grid_cell", args=[2009])
SURVEY = reverse("assessment:survey_list", args=[2009])
WUFENG = "610724100201"


def _cell(client, value, indicator="B1"):
    return client.post(CELL, {"village": WUFENG, "indicator": indicator, "value": value}, HTTP_HX_REQUEST="true")


@pytest.mark.parametrize(("typed", "message"), [
    ("120", "百分比必须在 0 到 100 之间"), ("abc", "“abc”不是数字"), ("-5", "百分比必须在 0 到 100 之间")])
def test_a_refused_cell_shows_its_error_and_the_stored_value_and_no_tick(scoring_cycle, typed, message):
    client = scoring_cycle.client_for("scorer_shuili")
    saved = _cell(client, "80").content.decode()
    assert f'<td class="text-center" id="done-{WUFENG}" hx-swap-oob="true">✓</td>' in saved
    body = _cell(client, typed).content.decode()
    assert message in body and "is-invalid" in body and f'value="{typed}"' in body
    assert "已保存的值：80.00" in body
    assert f'<td class="text-center" id="done-{WUFENG}" hx-swap-oob="true"></td>' in body and "✓" not in body
    assert Score.objects.get().value == 80


def test_a_refused_first_entry_says_nothing_is_stored(scoring_cycle):
    body = _cell(scoring_cycle.client_for("scorer_shuili"), "120").content.decode()
    assert "尚未保存任何值" in body and "✓" not in body


def test_the_grid_marks_a_village_done_in_its_row(scoring_cycle):
    client = scoring_cycle.client_for("scorer_shuili")
    _cell(client, "80")
    body = client.get(GRID).content.decode()
    assert f'<td class="text-center" id="done-{WUFENG}">✓</td>' in body
    assert '<td class="text-center" id="done-610724108201"></td>' in body


def test_the_statistics_bureaus_grid_explains_a1_and_shows_the_surveys_progress(scoring_cycle):
    draw = scoring_cycle.cycle.draws.get(village=scoring_cycle.wufeng)
    scoring_cycle.client_for("surveyor1").post(
        reverse("assessment:survey_village", args=[2009, WUFENG]),
        {f"{draw.household_numbers[0]}-total_income": "9000", f"{draw.household_numbers[0]}-business_expenses": "0",
         f"{draw.household_numbers[0]}-resident_members": "3"})
    body = scoring_cycle.client_for("scorer_tongji").get(GRID).content.decode()
    assert "A1 农民人均纯收入由收入抽样调查计算（等距定点、随机起点抽样，比率估计），不在此填写。" in body
    assert "抽样调查进度：1 / 2 个村样本户已全部录入（已录入 1 / 2 户）。" in body
    assert f'<a href="{SURVEY}">查看收入抽样调查</a>' in body
    assert "grid-progress" not in body  # no "已完成 0 / 2" for a grid with nothing to type
    assert "grid-upload" not in body and "grid/export.xlsx" not in body


def test_a_grid_with_cells_to_type_keeps_its_progress_and_no_survey_note(scoring_cycle):
    body = scoring_cycle.client_for("scorer_shuili").get(GRID).content.decode()
    assert '<span id="grid-progress">0 / 2</span>' in body and "survey-note" not in body


def test_the_statistics_bureau_reads_the_surveys_progress_without_entering_it(scoring_cycle):
    response = scoring_cycle.client_for("scorer_tongji").get(SURVEY)
    body = response.content.decode()
    assert response.status_code == 200
    assert "收入抽样调查进度" in body and "0 / 2 个村样本户已全部录入（已录入 0 / 2 户）。" in body
    assert "<td>五丰村</td>" in body and "<td>江榜村</td>" in body
    assert reverse("assessment:survey_village", args=[2009, WUFENG]) not in body
    assert scoring_cycle.client_for("scorer_tongji").get(
        reverse("assessment:survey_village", args=[2009, WUFENG])).status_code == 403


def test_a_surveyor_still_opens_own_villages_from_the_survey_page(scoring_cycle):
    body = scoring_cycle.client_for("surveyor1").get(SURVEY).content.decode()
    assert reverse("assessment:survey_village", args=[2009, WUFENG]) in body and "江榜村" not in body


@pytest.mark.parametrize("user", ["scorer_shuili", "clerk_chengguan", "leader", "inspector1"])
def test_other_roles_have_no_survey_page(scoring_cycle, user):
    assert scoring_cycle.client_for(user).get(SURVEY).status_code == 403


def test_the_survey_page_shows_the_frame_positions_of_the_draw(scoring_cycle):
    HouseholdFactory.create_batch(11, group=scoring_cycle.wufeng_group)  # 五丰村: N = 12, n = 10, k = 1.2
    draw = services.sample_redraw(actor=scoring_cycle.users["admin"], cycle=scoring_cycle.cycle,
                                  village=scoring_cycle.wufeng, reason="农户迁入", seed=7)
    assert (draw.population, draw.size) == (12, 10) and draw.positions != list(range(10))
    body = scoring_cycle.client_for("admin").get(reverse("assessment:survey_village", args=[2009, WUFENG]))
    table = body.content.decode().split('id="sample-table"')[1]
    assert [int(p) for p in re.findall(r"<tr>\s*<td>(\d+)</td><td>", table)] == draw.positions
