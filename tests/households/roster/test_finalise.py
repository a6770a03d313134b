"""The final step of a commit writes history rows once and never updates one: a household the
batch creates gets its one "+" entry with the values the final step derived, the batch and the
user; a stored household the final step re-categorises gets a "~" entry."""

import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.models import Household, IncomeRecord
from households.roster.engine import RosterImport
from households.services import household_categorise
from tests.factories import MemberFactory

from .conftest import GROUP, household_row, member_row, write_workbook

HISTORY_UPDATE = re.compile(r'^\s*UPDATE\s+"?\w*historical', re.IGNORECASE)
HISTORY_INSERT = re.compile(r'^\s*INSERT\s+INTO\s+"?\w*historical', re.IGNORECASE)


def commit(path, world, batch_id=12):
    with CaptureQueriesContext(connection) as queries:
        outcome = RosterImport(path, actor=world.users["clerk_chengguan"], commit=True, batch_id=batch_id).run()
    assert (outcome.ok, outcome.committed) == (True, True), outcome.problems.errors
    return [query["sql"] for query in queries.captured_queries]


def test_a_created_household_gets_one_plus_entry_with_the_final_category_and_no_history_row_is_updated(
    tmp_path, world, new_ids
):
    head, son = new_ids(), new_ids()
    number = f"{GROUP}050"
    path = write_workbook(
        tmp_path / "r.xlsx",
        [household_row(number, head, 家庭总收入=9000)],
        [member_row(number, head, 姓名="张三丰", 与户主关系="户主"), member_row(number, son, 健康状况="残疾")],
    )
    statements = commit(path, world)
    assert [sql for sql in statements if HISTORY_UPDATE.match(sql)] == []
    assert any(HISTORY_INSERT.match(sql) and "households_historicalhousehold" in sql for sql in statements)
    household = Household.objects.get(number=number)
    assert (household.computed_category, household.category) == ("care", "care")  # decided by the final step
    assert [
        (h.history_type, h.category, h.history_user_id, h.history_change_reason) for h in household.history.all()
    ] == [("+", "care", world.users["clerk_chengguan"].pk, "导入批次 #12")]


def test_a_stored_household_the_final_step_recategorises_gets_a_tilde_entry_and_no_history_row_is_updated(
    tmp_path, world, new_ids
):
    own = world.own_household
    IncomeRecord.objects.filter(household=own).update(
        total_income=Decimal("9000.00"), net_income=Decimal("6000.00"), per_capita_net_income=Decimal("2000.00")
    )
    household_categorise(own, own.income_records.get(), members=own.members.all())
    own.save()
    assert own.category != "care"
    before = own.history.count()
    son = MemberFactory(household=own, name="王小", id_number=new_ids(), relation="son")
    path = write_workbook(
        tmp_path / "r.xlsx", members=[member_row(own.number, son.id_number, 姓名="王小", 健康状况="残疾")]
    )
    statements = commit(path, world, batch_id=13)
    assert [sql for sql in statements if HISTORY_UPDATE.match(sql)] == []
    own.refresh_from_db()
    assert own.category == "care"
    latest = own.history.first()
    assert (own.history.count(), latest.history_type, latest.category, latest.history_change_reason) == (
        before + 1,
        "~",
        "care",
        "导入批次 #13",
    )
