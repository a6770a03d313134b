"""Two users enter one score cell at once: the later entry is refused in the cell, nothing is lost
(issue 11, 16)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Score
from tests.assessment.test_views_grid import _upload

pytestmark = pytest.mark.django_db

WUFENG = "610724100201"


def opened_version(client, village, indicator, department=None) -> str:
    """The version the grid page gives the cell (what its htmx request will post); the
    administrator picks the department's grid."""
    query = {"department": department.pk} if department else {}
    body = client.get(reverse("assessment:grid", args=[2009]), query).content.decode()
    cell = re.search(rf'<td id="cell-{village}-{indicator}".*?</td>', body, re.S).group(0)
    return re.search(r'"version": "(\d+)"', cell).group(1)


def save_cell(client, value, version, village=WUFENG, indicator="B1"):
    return client.post(
        reverse("assessment:grid_cell", args=[2009]),
        {"village": village, "indicator": indicator, "value": value, "version": version},
        HTTP_HX_REQUEST="true",
    )


def test_a_stale_cell_entry_is_refused_in_the_cell_with_the_current_value_and_then_saved_on_it(scoring_cycle):
    services.score_set(
        actor=scoring_cycle.users["scorer_shuili"],
        cycle=scoring_cycle.cycle,
        village=scoring_cycle.wufeng,
        indicator=scoring_cycle.indicator("B1"),
        raw="80",
    )
    scorer, admin = scoring_cycle.client_for("scorer_shuili"), scoring_cycle.client_for("admin")
    scorer_version, admin_version = (
        opened_version(scorer, WUFENG, "B1"),
        opened_version(admin, WUFENG, "B1", scoring_cycle.departments["县水利局"]),
    )
    assert scorer_version == admin_version == "1"

    assert "table-success" in save_cell(scorer, "85", scorer_version).content.decode()
    response = save_cell(admin, "90", admin_version)

    assert response.status_code == 200
    body = response.content.decode()
    assert "table-danger" in body and 'value="85.00"' in body and '"version": "2"' in body
    assert "scorer_shuili" in body and "填报值：80.00 → 85.00" in body and "您填写的“90”未保存" in body
    assert Score.objects.get().value == Decimal("85.00")

    again = save_cell(admin, "90", "2").content.decode()
    assert "table-success" in again and 'value="90.00"' in again
    assert (Score.objects.get().value, Score.objects.get().version) == (Decimal("90.00"), 3)


def test_an_empty_cell_filled_meanwhile_is_not_overwritten(scoring_cycle):
    scorer, admin = scoring_cycle.client_for("scorer_shuili"), scoring_cycle.client_for("admin")
    assert opened_version(admin, WUFENG, "B1", scoring_cycle.departments["县水利局"]) == "0"
    save_cell(scorer, "85", "0")
    body = save_cell(admin, "90", "0").content.decode()
    assert "填报值：— → 85.00" in body and 'value="85.00"' in body
    assert Score.objects.get().value == Decimal("85.00")


def test_a_stale_clear_is_refused_and_a_cleared_cell_refuses_an_entry_opened_before(scoring_cycle):
    scorer, admin = scoring_cycle.client_for("scorer_shuili"), scoring_cycle.client_for("admin")
    save_cell(scorer, "80", "0")
    save_cell(scorer, "85", "1")
    assert "填报值：80.00 → 85.00" in save_cell(admin, "", "1").content.decode()
    assert Score.objects.get().value == Decimal("85.00")

    save_cell(scorer, "", "2")  # cleared
    body = save_cell(admin, "70", "2").content.decode()
    assert re.search(r"在您打开后已被 scorer_shuili 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 删除。", body)
    assert not Score.objects.exists()
    save_cell(scorer, "75", "0")  # entered again: its version goes on from the old one
    assert Score.objects.get().version == 4
    assert "table-danger" in save_cell(admin, "70", "1").content.decode()


def test_an_upload_raises_the_version_of_each_cell_it_changes(scoring_cycle):
    minzheng = scoring_cycle.client_for("scorer_minzheng")
    save_cell(minzheng, "4", "0", indicator="D2")
    version = opened_version(minzheng, WUFENG, "D2")
    _upload(minzheng, [[WUFENG, "城关镇", "五丰村", 3, ""]])
    assert Score.objects.get().version == 2
    body = save_cell(minzheng, "5", version, indicator="D2").content.decode()
    assert "填报值：4.00 → 3.00" in body
    assert Score.objects.get().value == Decimal("3.00")
