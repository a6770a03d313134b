"""key_set gives exactly the rows of a plain `__in`, with the keys as one parameter; select_by_keys gives
the rows of `filter(__in).values_list`."""

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL

from households.models import Household, Member
from tests.factories import GroupFactory, unsaved_households
from xixiang.db.bulk import insert_objects
from xixiang.db.keys import key_condition, key_set, select_by_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored():
    group = GroupFactory(code="61072410020101", village__code="610724100201", village__township__code="610724100")
    return insert_objects(Household, unsaved_households(group, range(1, 31)))


def numbers_of(queryset) -> list[str]:
    return sorted(queryset.values_list("number", flat=True))


def test_string_keys_travel_as_one_parameter_and_find_the_same_rows(stored):
    keys = [household.number for household in stored[::3]] + ["61072410020101999", "中文键"]
    rhs = key_set(keys)
    assert isinstance(rhs, RawSQL) and len(rhs.params) == 1
    found = numbers_of(Household.objects.filter(number__in=rhs))
    assert found == numbers_of(Household.objects.filter(number__in=keys)) == sorted(keys[:10])


def test_integer_keys_find_the_same_rows(stored):
    keys = [household.pk for household in stored[:7]] + [10**9]
    rhs = key_set(keys)
    assert isinstance(rhs, RawSQL)
    assert numbers_of(Household.objects.filter(pk__in=rhs)) == sorted(h.number for h in stored[:7])


def test_keys_the_fast_form_cannot_carry_are_passed_as_the_list(stored):
    with_comma = [stored[0].number, "a,b"]
    rhs = key_set(with_comma)
    if connection.vendor == "postgresql":
        assert rhs == with_comma
    assert numbers_of(Household.objects.filter(number__in=rhs)) == [stored[0].number]
    mixed = [stored[0].pk, "x"]
    assert key_set(mixed) == mixed
    assert key_set([]) == []


def test_key_condition_for_a_hand_written_query(stored):
    condition, params = key_condition("number", [stored[1].number, stored[2].number])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM households_household WHERE {condition} ORDER BY number", params)
        assert [row[0] for row in cursor.fetchall()] == [stored[1].number, stored[2].number]


def test_select_by_keys_gives_the_rows_of_values_list(stored):
    numbers = [h.number for h in stored[:4]] + ["61072410020101999"]
    ours = select_by_keys(Household, "number", numbers, ("number", "id", "head_id_number"))
    theirs = Household.objects.filter(number__in=numbers).values_list("number", "id", "head_id_number")
    assert sorted(ours) == sorted(theirs) and len(ours) == 4
    ids = [h.pk for h in stored[5:8]]
    assert sorted(select_by_keys(Household, "id", ids, ("id", "number"))) == sorted(
        Household.objects.filter(pk__in=ids).values_list("id", "number"))


def test_select_by_keys_reads_foreign_keys_by_their_column_and_sends_one_query(stored, django_assert_num_queries):
    members = Member.objects.bulk_create([
        Member(household=household, name="李", id_number=household.head_id_number, relation="head")
        for household in stored[:3]])
    ids = [m.id_number for m in members] + [stored[4].head_id_number]
    with django_assert_num_queries(1):
        ours = select_by_keys(Member, "id_number", ids, ("id_number", "household_id"))
    assert sorted(ours) == sorted(Member.objects.filter(id_number__in=ids).values_list("id_number", "household_id"))
    with django_assert_num_queries(0):
        assert select_by_keys(Member, "id_number", [], ("id_number",)) == []
