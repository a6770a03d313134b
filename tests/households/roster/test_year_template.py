"""A year's roster template: last year's households of the importer's scope, each with one row of
the year and blank amounts, and its members; streamed from a write-only workbook."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import GroupFactory, HouseholdFactory, IncomeRecordFactory, MemberFactory

pytestmark = pytest.mark.django_db

TEMPLATE = reverse("households:roster:template")


def rows_of(response, sheet="农户"):
    assert response.streaming
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book[sheet].iter_rows(min_row=2, values_only=True))


def test_the_2010_template_lists_the_clerks_2009_households_with_blank_amounts(world):
    IncomeRecordFactory(household=world.own_household, year=2010)  # already entered: still blank in the template
    newcomer = HouseholdFactory(group=world.wufeng_group)  # no 2009 record: not one of last year's households
    IncomeRecordFactory(household=newcomer, year=2010)
    response = world.client_for("clerk_chengguan").get(TEMPLATE, {"year": "2010"})
    assert "filename*=UTF-8''%E5%86%9C%E6%88%B7%E4%BF%A1%E6%81%AF%E8%A1%A8_2010" in response["Content-Disposition"]
    rows = rows_of(response)
    assert [(r[0], r[1], r[9]) for r in rows] == [(world.own_household.number, "王建国", 2010)]
    assert rows[0][10:15] == (None, None, None, None, None)
    assert rows[0][2] == world.own_household.head_id_number  # a clerk sees and re-imports full ID numbers
    members = rows_of(world.client_for("clerk_chengguan").get(TEMPLATE, {"year": "2010"}), "家庭成员")
    assert [(m[0], m[1]) for m in members] == [(world.own_household.number, "王建国")]


def test_the_administrators_template_covers_the_county(world):
    rows = rows_of(world.client_for("admin").get(TEMPLATE, {"year": "2010"}))
    assert sorted(r[0] for r in rows) == sorted([world.own_household.number, world.other_household.number])
    assert rows_of(world.client_for("admin").get(TEMPLATE, {"year": "2009"})) == []  # nobody had a 2008 record


def test_the_year_template_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client_for("admin")
    with CaptureQueriesContext(connection) as few:
        b"".join(client.get(TEMPLATE, {"year": "2010"}).streaming_content)
    for index in range(5):
        household = HouseholdFactory(group=GroupFactory(village=world.wufeng, code=f"610724100201{index + 2:02d}"))
        IncomeRecordFactory(household=household, year=2009)
        MemberFactory(household=household, id_number=household.head_id_number, relation="head")
    with CaptureQueriesContext(connection) as many:
        rows = rows_of(client.get(TEMPLATE, {"year": "2010"}))
    assert len(rows) == 7
    assert len(many) == len(few)


@pytest.mark.parametrize("user, status", [("leader", 403), ("helper1", 403), ("cadre_wufeng", 403), ("anonymous", 302)])
def test_the_year_template_is_for_importers_only(world, user, status):
    assert world.client_for(user).get(TEMPLATE, {"year": "2010"}).status_code == status


def test_a_year_that_is_not_one_is_not_found(world):
    assert world.client_for("admin").get(TEMPLATE, {"year": "20x0"}).status_code == 404


def test_the_import_page_offers_the_year_template(world):
    html = world.client_for("clerk_chengguan").get(reverse("households:roster:import")).content.decode()
    assert 'id="year-template-form"' in html
