"""A roster import bumps the version of every row it updates, so a household form opened before
the import is refused after it (issue 11, 16)."""

from households.models import Household
from households.roster.engine import RosterImport
from tests.households.test_concurrency import open_form

from .conftest import GROUP, household_row, member_row, write_workbook


def test_a_household_form_opened_before_an_import_is_refused_after_it(tmp_path, world, new_ids):
    head, son = new_ids(), new_ids()
    number = f"{GROUP}050"
    households = [household_row(number, head, 户主姓名="张三丰")]
    members = [
        member_row(number, head, 姓名="张三丰", 与户主关系="户主"),
        member_row(number, son, 姓名="张小明", 与户主关系="子"),
    ]
    clerk_user = world.users["clerk_chengguan"]
    RosterImport(
        write_workbook(tmp_path / "a.xlsx", households, members), actor=clerk_user, commit=True, batch_id=1
    ).run()
    household = Household.objects.get(number=number)
    clerk = world.client_for("clerk_chengguan")
    url, data = open_form(clerk, household)

    households[0].update({"联系电话": "0916-6212345", "家庭总收入": 9000})
    members[1].update({"健康状况": "重病"})
    RosterImport(
        write_workbook(tmp_path / "b.xlsx", households, members), actor=world.users["admin"], commit=True, batch_id=2
    ).run()
    household.refresh_from_db()
    son_row = household.members.get(id_number=son)
    record = household.income_records.get()
    # sheet 农户 changed the household, the members' health re-derived its category: two writes
    assert (household.version, son_row.version, record.version) == (3, 2, 2)
    assert household.history.first().version == 3

    response = clerk.post(url, {**data, "address": "五丰村一组"})
    assert response.status_code == 200
    message = response.context["form"].non_field_errors()[0]
    assert "admin" in message and "联系电话：13912345678 → 0916-6212345" in message
    household.refresh_from_db()
    assert (household.address, household.phone) == ("", "0916-6212345")
