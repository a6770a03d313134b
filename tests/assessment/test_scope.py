"""What the assessment scope gives each role: households to survey, grids to switch to."""

import pytest

from assessment import scope as assessment_scope
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def test_a_surveyor_surveys_the_households_of_their_assigned_villages_only(scoring_cycle):
    HouseholdFactory(group=scoring_cycle.wufeng_group)
    households = assessment_scope.survey_households(scoring_cycle.users["surveyor1"])
    assert set(households.values_list("village__name", flat=True)) == {"五丰村"} and households.count() == 2


def test_the_administrator_surveys_every_household(scoring_cycle):
    assert assessment_scope.survey_households(scoring_cycle.users["admin"]).count() == 2


@pytest.mark.parametrize("user", ["inspector1", "clerk_chengguan", "leader", "scorer_tongji", "helper1"])
def test_other_roles_survey_no_household(scoring_cycle, user):
    # the inspector sees their village's households, but surveys none
    assert not assessment_scope.survey_households(scoring_cycle.users[user]).exists()


def test_only_the_administrator_switches_between_department_grids(scoring_cycle):
    departments = assessment_scope.grid_departments(scoring_cycle.users["admin"], scoring_cycle.cycle)
    assert {"县水利局", "县民政局"} <= set(departments.values_list("name", flat=True))
    assert "县扶贫开发局" not in set(departments.values_list("name", flat=True))  # it only co-operates
    assert not assessment_scope.grid_departments(scoring_cycle.users["scorer_shuili"], scoring_cycle.cycle).exists()


def test_the_administrators_grid_of_a_department_has_the_indicators_it_leads(scoring_cycle):
    minzheng = scoring_cycle.departments["县民政局"]
    cycle, users = scoring_cycle.cycle, scoring_cycle.users
    admin_columns = assessment_scope.grid_indicators(users["admin"], cycle, minzheng)
    scorer_columns = assessment_scope.grid_indicators(users["scorer_minzheng"], cycle, None)
    assert list(admin_columns.values_list("code", flat=True)) == ["D2", "D3", "E2"]
    assert list(scorer_columns.values_list("code", flat=True)) == ["D2", "D3", "E2"]
