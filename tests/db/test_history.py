"""record_history: the history rows simple-history would write, copied by the database."""

import datetime
from decimal import Decimal

import pytest

from households.models import Household, IncomeRecord, Member
from tests.factories import GroupFactory, UserFactory, next_id_number, unsaved_households
from xixiang.db.history import (
    CHANGED,
    CREATED,
    create_with_history,
    record_history,
    tracked_fields,
    update_with_history,
)

REASON = "导入批次 #7"
WHEN = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.UTC)
HISTORY_ONLY = ("history_id", "history_date", "history_change_reason", "history_type", "history_user_id")


@pytest.fixture
def group(db):
    return GroupFactory(code="61072410020101", village__code="610724100201", village__township__code="610724100")


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk")


def new_households(group, count: int) -> list[Household]:
    """Households stored with bulk_create: rows without any history."""
    return Household.objects.bulk_create(unsaved_households(group, range(1, count + 1)))


def tracked_names(model) -> list[str]:
    return [own.attname for own, _history in tracked_fields(model)]


def history_rows(model, **filters) -> list[dict]:
    return list(model.history.filter(**filters).order_by("id", "history_id").values())


def test_tracked_columns_are_the_model_columns_the_history_keeps():
    assert set(tracked_names(Household)) == {f.attname for f in Household.history.model.tracked_fields}
    assert "updated_at" not in tracked_names(Household)  # excluded_fields
    assert {"id", "group_id", "created_at"} <= set(tracked_names(Household))
    assert not {name for name in tracked_names(Household) if name.startswith("history_")}
    assert set(tracked_names(Member)) == {f.attname for f in Member._meta.concrete_fields}


def test_created_rows_get_one_plus_entry_each_with_the_stored_values(group, clerk):
    households = new_households(group, 3)
    written = record_history(Household, [h.pk for h in households], history_type=CREATED, user=clerk,
                             reason=REASON, date=WHEN)
    assert written == 3
    entries = history_rows(Household)
    assert len(entries) == 3
    stored = {values["id"]: values for values in Household.objects.values()}
    for entry in entries:
        assert (entry["history_type"], entry["history_user_id"], entry["history_change_reason"],
                entry["history_date"]) == ("+", clerk.pk, REASON, WHEN)
        assert {name: entry[name] for name in tracked_names(Household)} == {
            name: stored[entry["id"]][name] for name in tracked_names(Household)}
        assert "updated_at" not in entry
    assert [e["history_id"] for e in entries] == sorted(e["history_id"] for e in entries)


def test_changed_rows_get_a_tilde_entry_with_the_values_after_the_update(group, clerk):
    households = new_households(group, 2)
    for household in households:
        household.head_name = "改名"
        household.latest_per_capita_income = Decimal("9999.99")
    Household.objects.bulk_update(households, ["head_name", "latest_per_capita_income"])
    record_history(Household, [h.pk for h in households], history_type=CHANGED, user=None, reason=REASON, date=WHEN)
    entries = history_rows(Household)
    assert [(e["history_type"], e["history_user_id"], e["head_name"], e["latest_per_capita_income"])
            for e in entries] == [("~", None, "改名", Decimal("9999.99"))] * 2


@pytest.mark.parametrize("history_type", [CREATED, CHANGED])
def test_the_rows_are_those_simple_history_writes(group, clerk, history_type):
    """Same rows as simple-history's bulk_history_create for the same objects, for each model."""
    households = new_households(group, 2)
    members = Member.objects.bulk_create([
        Member(household=households[0], name="李一", id_number=next_id_number(), relation="head", sex="m",
               birth_date=datetime.date(1960, 2, 29), health="serious"),
        Member(household=households[1], name="李二", id_number=next_id_number(), relation="son"),
    ])
    records = IncomeRecord.objects.bulk_create([
        IncomeRecord(household=h, year=2009, total_income=Decimal("12000.50"), business_expenses=Decimal("3000"),
                     resident_members=3, net_income=Decimal("9000.50"), per_capita_net_income=Decimal("3000.17"))
        for h in households
    ])
    for model, objs in ((Household, households), (Member, members), (IncomeRecord, records)):
        model.history.bulk_history_create(objs, update=history_type == CHANGED, default_user=clerk,
                                          default_change_reason="simple-history", default_date=WHEN)
        record_history(model, [o.pk for o in objs], history_type=history_type, user=clerk, reason=REASON, date=WHEN)
        theirs = history_rows(model, history_change_reason="simple-history")
        ours = history_rows(model, history_change_reason=REASON)
        assert len(ours) == len(objs)
        for row in theirs + ours:
            del row["history_id"], row["history_change_reason"]
        assert ours == theirs


def test_the_keys_go_in_chunks_one_statement_each_and_missing_rows_are_skipped(group, clerk,
                                                                                django_assert_num_queries):
    households = new_households(group, 5)
    pks = [h.pk for h in households] + [max(h.pk for h in households) + 100]
    with django_assert_num_queries(3):
        written = record_history(Household, pks, history_type=CREATED, user=clerk, reason=REASON, date=WHEN, chunk=2)
    assert written == 5
    assert sorted(Household.history.values_list("id", flat=True)) == sorted(h.pk for h in households)


def test_no_keys_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert record_history(Household, [], history_type=CREATED, user=None, reason=REASON, date=WHEN) == 0


def test_history_switched_off_writes_nothing(group, settings):
    settings.SIMPLE_HISTORY_ENABLED = False
    households = new_households(group, 1)
    assert record_history(Household, [households[0].pk], history_type=CREATED, date=WHEN) == 0
    assert not Household.history.exists()


def test_an_unknown_history_type_is_refused(db):
    with pytest.raises(ValueError, match="history_type"):
        record_history(Household, [1], history_type="*", date=WHEN)


def test_create_with_history_sets_the_keys_and_writes_one_insert_and_one_copy_per_batch(group, clerk,
                                                                                     django_assert_num_queries):
    members = [Member(household=h, name=f"李{h.pk}", id_number=next_id_number(), relation="head")
               for h in new_households(group, 3)]
    with django_assert_num_queries(2):
        created = create_with_history(Member, members, batch_size=1000, user=clerk, reason=REASON, date=WHEN)
    assert created == members and all(m.pk for m in members)
    assert sorted(Member.history.values_list("id", "history_type", "name")) == sorted(
        (m.pk, "+", m.name) for m in members)


def test_update_with_history_copies_the_values_after_the_update(group, clerk):
    households = new_households(group, 2)
    for household in households:
        household.category = "key"
    assert update_with_history(Household, households, ["category"], user=clerk, reason=REASON, date=WHEN) == 2
    assert update_with_history(Household, [], ["category"], user=clerk, reason=REASON, date=WHEN) == 0
    assert list(Household.history.values_list("history_type", "category", "history_user_id")) == [
        ("~", "key", clerk.pk)] * 2
