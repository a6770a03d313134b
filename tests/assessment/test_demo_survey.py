"""The demo's survey follows the registry (survey and registry agree within noise, three made-up
villages stand out in the survey report) and its ten inspection groups cover the county."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from assessment import demo_plan, selectors
from assessment.models import Cycle, SpotCheck, SurveyResponse
from households.models import IncomeRecord
from villages.models import Village
from xixiang.accounts.models import User
from xixiang.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_county, db):
    return demo_county


def _report():
    return selectors.survey_report(Cycle.objects.get(year=2009), Village.objects.all())


def test_every_sampled_households_survey_lies_near_its_registry_record_except_in_three_villages(demo):
    registry = {(r.household_id): r for r in IncomeRecord.objects.filter(year=2009)}
    off = set()
    responses = SurveyResponse.objects.filter(draw__cycle__year=2009).select_related("draw__village")
    assert responses.count() == IncomeRecord.objects.filter(
        year=2009, household__survey_responses__draw__cycle__year=2009).count()
    for response in responses:
        record = registry[response.household_id]
        assert response.resident_members == record.resident_members
        ratio = response.net_income / record.net_income
        if not Decimal("0.9199") <= ratio <= Decimal("1.0801"):  # ±8 %, rounded to the fen
            off.add(response.draw.village.name)
    rows = {r.village.name: r for r in _report()}
    made_up = {name for name, r in rows.items() if r.estimate >= r.registry_sampled * Decimal("1.39")}
    assert len(made_up) == demo_plan.FABRICATED_VILLAGES
    assert off == made_up
    assert all(rows[name].flagged for name in made_up)
    for name, row in rows.items():
        if name not in made_up:
            assert abs(row.estimate - row.registry_sampled) <= row.registry_sampled * Decimal("0.0801")


def test_five_feng_households_survey_is_within_a_few_percent_of_the_registry(demo):
    """The issue's example: 五丰村's first household, 2,507 yuan a head in the registry, ~5,400 in the
    old survey; now its survey figure is the registry's within the recall error."""
    response = SurveyResponse.objects.filter(draw__cycle__year=2009, draw__village__name="五丰村").first()
    record = IncomeRecord.objects.get(household=response.household, year=2009)
    assert abs(response.per_capita - record.per_capita_net_income) <= record.per_capita_net_income * Decimal("0.08")


def test_the_survey_report_command_reads_the_demo(demo):
    out = io.StringIO()
    call_command("survey_report", "--year", "2009", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["year"], len(data["villages"])) == (2009, 267)
    first = data["villages"][0]
    assert set(first) == {"code", "name", "n", "estimate", "standard_error", "registry_sampled",
                          "registry_village", "flagged"}
    assert all(isinstance(v["estimate"], str) and len(v["estimate"].split(".")[1]) == 2 for v in data["villages"])


def test_ten_inspection_groups_cover_all_267_villages_once_inspector1_covering_chengguan(demo):
    groups = {f"inspector{n}": User.objects.get(username=f"inspector{n}") for n in range(1, 11)}
    assigned = {name: set(user.assigned_villages.values_list("pk", flat=True)) for name, user in groups.items()}
    assert sum(len(v) for v in assigned.values()) == Village.objects.count() == 267
    assert set().union(*assigned.values()) == set(Village.objects.values_list("pk", flat=True))
    chengguan = Village.objects.filter(township__code="610724100").values_list("pk", flat=True)
    assert assigned["inspector1"] == set(chengguan)
    townships = {name: set(u.assigned_villages.values_list("township__code", flat=True)) for name, u in groups.items()}
    assert sorted(len(t) for name, t in townships.items() if name != "inspector1") == [2, 2, 2, 2, 2, 3, 3, 3, 3]
    for user in groups.values():
        assert (user.role, user.check_password(DEMO_PASSWORD)) == ("inspector", True)


def test_every_village_is_verified_in_2009_with_a_rederivable_draw_and_2010_has_begun(demo):
    cycle = Cycle.objects.get(year=2009)
    assert len(selectors.verified_villages(cycle, Village.objects.all())) == 267
    for check in SpotCheck.objects.filter(cycle=cycle):
        assert check.rederive() == tuple(check.positions)
        assert check.household_numbers == [check.frame[p] for p in check.positions]
    inspector1 = User.objects.get(username="inspector1")
    chengguan = Village.objects.filter(township__code="610724100")
    assert selectors.inspection_progress(Cycle.objects.get(year=2010), chengguan) == (2, chengguan.count())
    client = Client()
    client.force_login(inspector1)
    body = client.get("/assessment/2010/inspection/").content.decode()
    assert f"已验收 2 / {chengguan.count()} 个村" in body
