"""insert_objects stores exactly what bulk_create stores, and sets the primary keys; update_rows stores what
bulk_update stores."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.choices import Health, Relation, Sex
from households.models import Household, IncomeRecord, Member
from tests.factories import GroupFactory, next_id_number, unsaved_households
from xixiang.db.bulk import insert_objects, insert_rows, update_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return GroupFactory(code="61072410020101", village__code="610724100201", village__township__code="610724100")


def households(group, first: int, count: int = 3) -> list[Household]:
    return unsaved_households(group, range(first, first + count))


def stored(model, pks, skip=("id",)) -> list[tuple]:
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
    rows = {row[0]: row[1:] for row in model.objects.filter(pk__in=pks).values_list("pk", *names)}
    return [rows[pk] for pk in pks]


def test_households_are_stored_as_bulk_create_stores_them(group):
    ours = insert_objects(Household, households(group, 1))
    theirs = Household.objects.bulk_create(households(group, 7))  # same pattern of values as 1–3
    assert [h._state.adding for h in ours] == [False, False, False]
    assert [h.number for h in Household.objects.filter(pk__in=[h.pk for h in ours]).order_by("pk")] == [
        "61072410020101001", "61072410020101002", "61072410020101003"]
    skip = ("id", "number", "head_id_number", "created_at", "updated_at")
    assert stored(Household, [h.pk for h in ours], skip) == stored(Household, [h.pk for h in theirs], skip)
    created = Household.objects.get(pk=ours[0].pk)
    assert created.created_at is not None and created.created_at == ours[0].created_at  # auto_now_add


def test_members_and_income_records_keep_dates_decimals_and_choice_members(group):
    household = insert_objects(Household, households(group, 1, 1))[0]

    def members(sequence):
        return [Member(household=household, name="李秀兰", id_number=next_id_number(), relation=Relation.SPOUSE,
                       sex=Sex.FEMALE, birth_date=datetime.date(1970, 2, 1) if sequence else None,
                       labour_ability="full", health=Health.SERIOUS) for _ in range(2)] + [
            Member(household=household, name="王", id_number=next_id_number(), relation="son", sex="M")]

    def records(first_year):
        return [IncomeRecord(household_id=household.pk, year=year, total_income=Decimal("15000.50"),
                             business_expenses=Decimal("3000.25"), resident_members=3,
                             net_income=Decimal("12000.25"), per_capita_net_income=Decimal("4000.08"))
                for year in (first_year, first_year + 1)]

    ours, theirs = insert_objects(Member, members(1)), Member.objects.bulk_create(members(1))
    skip = ("id", "id_number")
    assert stored(Member, [m.pk for m in ours], skip) == stored(Member, [m.pk for m in theirs], skip)
    assert stored(Member, [ours[0].pk], ("id", "id_number", "household_id", "name", "relation", "sex", "labour_ability",
                                         "schooling", "health", "version")) == [(datetime.date(1970, 2, 1),)]
    ours, theirs = insert_objects(IncomeRecord, records(2008)), IncomeRecord.objects.bulk_create(records(2010))
    skip = ("id", "year")
    assert stored(IncomeRecord, [r.pk for r in ours], skip) == stored(IncomeRecord, [r.pk for r in theirs], skip)
    assert IncomeRecord.objects.get(pk=ours[1].pk).per_capita_net_income == Decimal("4000.08")


def test_one_statement_per_batch_and_keys_in_order(group):
    objs = households(group, 1, 5)
    with CaptureQueriesContext(connection) as queries:
        insert_objects(Household, objs, batch_size=2)
    assert [q["sql"].count("INSERT INTO") for q in queries.captured_queries] == [1, 1, 1]
    unnest = ["FROM UNNEST(" in q["sql"] for q in queries.captured_queries]
    assert unnest == [connection.vendor == "postgresql"] * 3  # SQLite: INSERT … VALUES (…), (…)
    assert [Household.objects.get(pk=h.pk).number[-3:] for h in objs] == ["001", "002", "003", "004", "005"]


def test_objects_with_primary_keys_go_through_bulk_create(group):
    objs = households(group, 1, 2)
    objs[0].pk, objs[1].pk = 9001, 9002
    insert_objects(Household, objs)
    assert list(Household.objects.order_by("pk").values_list("pk", "number")) == [
        (9001, "61072410020101001"), (9002, "61072410020101002")]


def test_nothing_to_insert_sends_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert insert_objects(Household, []) == []
    assert queries.captured_queries == []


UPDATED = ("resident_count", "latest_income_year", "latest_per_capita_income", "computed_category",
           "category_override", "category_override_reason", "category", "hardship", "industry_tea", "updated_at")
WHEN = datetime.datetime(2009, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.UTC)


def new_values(n: int) -> tuple:
    """Per-row values of UPDATED: a NULL, decimals, text, a boolean and an aware datetime."""
    return (n + 3, None if n % 2 else 2008, Decimal("1234.56") if n % 2 else None, "key", "care" if n % 3 else "",
            "导入时指定" if n % 3 else "", "care", "", not n % 2, WHEN + datetime.timedelta(days=n))


def test_update_rows_stores_what_bulk_update_stores(group):
    ours = Household.objects.bulk_create(households(group, 1, 4))
    theirs = Household.objects.bulk_create(households(group, 7, 4))  # same pattern of values as 1–4
    update_rows(Household, "id", UPDATED, {h.pk: new_values(n) for n, h in enumerate(ours)}, chunk=3)
    for n, household in enumerate(theirs):
        for name, value in zip(UPDATED, new_values(n), strict=True):
            setattr(household, name, value)
    Household.objects.bulk_update(theirs, UPDATED)
    skip = ("id", "number", "head_id_number", "created_at")
    assert stored(Household, [h.pk for h in ours], skip) == stored(Household, [h.pk for h in theirs], skip)
    assert Household.objects.values_list("category", "latest_income_year", "updated_at").get(pk=ours[2].pk) == (
        "care", 2008, WHEN + datetime.timedelta(days=2))


def test_update_rows_sends_one_statement_per_chunk_and_leaves_other_rows(group):
    rows = Household.objects.bulk_create(households(group, 1, 5))
    with CaptureQueriesContext(connection) as queries:
        update_rows(Household, "id", ("head_name",), {h.pk: (f"改{n}",) for n, h in enumerate(rows[:4])}, chunk=2)
    assert [q["sql"].startswith('UPDATE "households_household"') for q in queries.captured_queries] == [True, True]
    assert list(Household.objects.order_by("number").values_list("head_name", flat=True)) == [
        "改0", "改1", "改2", "改3", "王2"]


def test_insert_rows_stores_what_insert_objects_stores_and_gives_the_keys_in_order(group):
    household = insert_objects(Household, households(group, 1, 1))[0]
    columns = ("household_id", "year", "total_income", "business_expenses", "resident_members", "net_income",
               "per_capita_net_income")

    def row(year):
        return (household.pk, year, Decimal("15000.50"), Decimal("3000.25"), 3, Decimal("12000.25"),
                Decimal("4000.08"))

    with CaptureQueriesContext(connection) as queries:
        pks = insert_rows(IncomeRecord, columns, [row(2001), row(2002), row(2003)])
    theirs = insert_objects(IncomeRecord, [IncomeRecord(**dict(zip(columns, row(y), strict=True)))
                                           for y in (2011, 2012, 2013)])
    skip = ("id", "year")
    assert stored(IncomeRecord, pks, skip) == stored(IncomeRecord, [r.pk for r in theirs], skip)
    assert [IncomeRecord.objects.get(pk=pk).year for pk in pks] == [2001, 2002, 2003]
    kinds = [q["sql"].split(" ", 1)[0] for q in queries.captured_queries]
    assert kinds == (["SELECT", "COPY"] if connection.vendor == "postgresql" else ["INSERT"])


def test_insert_rows_of_nothing_sends_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert insert_rows(IncomeRecord, ("year",), []) == []
    assert queries.captured_queries == []


def test_insert_rows_refuses_a_model_whose_fields_make_their_own_value(group):
    with pytest.raises(ValueError, match="make their own value"):
        insert_rows(Household, ("number",), [("61072410020101009",)])
