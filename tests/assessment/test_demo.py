"""The demo: the article's 2009 result comes out of the engine, and moves when inputs move.

The county is seeded once for the run (`demo_county` in tests/conftest.py); each test's writes are undone."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from assessment import selectors, services
from assessment.models import Cycle, Score, SurveyResponse, VillageResult
from villages.models import VillageGrade
from xixiang.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_county, db):
    return demo_county


def test_demo_2009_reproduces_the_article_and_2010_is_open_for_scoring(demo, capsys):
    call_command("grade_summary", "--year", "2009", "--json")
    assert json.loads(capsys.readouterr().out) == {
        "year": 2009,
        "villages": 267,
        "grades": {"1": 1, "2": 12, "3": 133, "4": 121},
        "previous": {"1": 0, "2": 0, "3": 9, "4": 258},
        "new_grade_1": 1,
        "new_grade_2": 12,
    }
    cycle = Cycle.objects.get(year=2009)
    assert cycle.status == "finalised"
    assert VillageGrade.objects.filter(year=2009, source="2009 年度考核").count() == 267
    best = sorted(VillageResult.objects.filter(cycle=cycle, grade__lte=2).values_list("grade", "village__name"))
    assert best == [(1, "五丰村")] + [
        (2, name)
        for name in sorted(
            [
                "余家山村",
                "李河村",
                "江榜村",
                "枣园村",
                "夏家梁村",
                "曾家湾村",
                "柏树坪村",
                "桃树坪村",
                "桑树沟村",
                "汤家岭村",
                "茶树坝村",
                "马家湾村",
            ]
        )
    ]
    # Every 2008 grade-3 village stays in grade 3 or rises.
    assert not VillageResult.objects.filter(cycle=cycle, previous_grade=3, grade=4).exists()
    # The entries were made by the departments, surveyors and inspection teams.
    assert Score.objects.filter(cycle=cycle).exclude(entered_by__role="scorer").count() == 0
    assert SurveyResponse.objects.filter(draw__cycle=cycle).exclude(entered_by__role="surveyor").count() == 0
    reason = "实地抽查发现房前屋后垃圾未清运，环境卫生整治得分核减"
    assert sorted(cycle.adjustments.values_list("village__name", "indicator__code", "points", "reason")) == [
        ("杉树沟村", "C3", Decimal("2.60"), reason),
        ("沈家庄村", "C3", Decimal("2.30"), reason),
    ]
    assert Cycle.objects.get(year=2010).status == "scoring"
    assert Cycle.objects.get(year=2010).draws.count() == 267


def test_changing_one_villages_survey_responses_moves_its_score_and_grade(demo):
    admin = User.objects.get(username="admin")
    cycle = Cycle.objects.get(year=2009)
    services.cycle_reopen(actor=admin, cycle=cycle, reason="复核余家山村收入调查")
    before = VillageResult.objects.select_related("village").get(cycle=cycle, village__name="余家山村")
    # its survey follows its households' registry records: about 3,064 yuan a head, 12 points
    assert before.grade == 2 and before.scores["A1"][2] == "12.00"
    draw = cycle.draws.get(village=before.village)
    rows = [
        {
            "household_number": r.household_number,
            "total_income": "900",
            "business_expenses": "300",
            "resident_members": r.resident_members,
        }
        for r in draw.responses.all()
    ]
    services.survey_responses_bulk_save(actor=User.objects.get(username="surveyor1"), draw=draw, rows=rows)
    services.cycle_compute(actor=admin, cycle=cycle)
    after = VillageResult.objects.get(cycle=cycle, village=before.village)
    assert after.scores["A1"][2] == "0.00"
    assert after.total == before.total - Decimal(before.scores["A1"][2])
    assert after.grade == 3
    assert selectors.grade_summary(cycle)["grades"] == {1: 1, 2: 11, 3: 134, 4: 121}
