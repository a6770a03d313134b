from django.urls import reverse

from households.models import Household, Member
from villages.models import Village


def member_edit_data(household: Household, member: Member, new_name: str) -> dict:
    record = household.income_records.get()
    return {
        "group": household.group.code,
        "head_name": household.head_name,
        "head_id_number": household.head_id_number,
        "phone": "",
        "address": "",
        "resident_count": "3",
        "labour_count": "2",
        "hardship": "",
        "category_override": "",
        "category_override_reason": "",
        "version": str(household.version),
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "1",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-id": str(member.pk),
        "members-0-name": new_name,
        "members-0-id_number": member.id_number,
        "members-0-relation": "head",
        "members-0-version": str(member.version),
        "incomes-TOTAL_FORMS": "1",
        "incomes-INITIAL_FORMS": "1",
        "incomes-MIN_NUM_FORMS": "0",
        "incomes-MAX_NUM_FORMS": "1000",
        "incomes-0-id": str(record.pk),
        "incomes-0-year": "2009",
        "incomes-0-total_income": "12000",
        "incomes-0-business_expenses": "3000",
        "incomes-0-taxes_and_fees": "0",
        "incomes-0-depreciation": "0",
        "incomes-0-gifts_outside": "0",
        "incomes-0-version": str(record.version),
    }


def test_member_edit_shows_in_household_history_with_user_and_old_and_new_value(world):
    household = world.own_household
    member = household.members.get()
    client = world.client_for("clerk_chengguan")
    response = client.post(
        reverse("households:household_edit", args=[household.number]), member_edit_data(household, member, "王建民")
    )
    assert response.status_code == 302
    history = client.get(reverse("audit:object_history", args=["households.household", household.pk]))
    entries = history.context["entries"]
    change = next(e for e in entries if e.subject.startswith("家庭成员") and e.action == "修改")
    assert change.who == "clerk_chengguan"
    assert [(c.field, c.old, c.new) for c in change.changes] == [("姓名", "王建国", "王建民")]


def test_village_edit_is_recorded_with_its_old_value(world):
    client = world.client_for("clerk_chengguan")
    response = client.post(
        reverse("villages:village_edit", args=[world.wufeng.code]),
        {"name": "五丰新村", "terrain": "plain", "leading_industries": "生猪"},
    )
    assert response.status_code == 302
    assert Village.objects.get(pk=world.wufeng.pk).name == "五丰新村"
    entries = client.get(reverse("audit:object_history", args=["villages.village", world.wufeng.pk])).context["entries"]
    changed = {(c.field, c.old, c.new) for c in entries[0].changes}
    assert ("村名", "五丰村", "五丰新村") in changed


def test_history_of_an_unregistered_model_is_404(world):
    response = world.client_for("admin").get(reverse("audit:object_history", args=["accounts.user", 1]))
    assert response.status_code == 404


def test_history_entries_name_a_child_row_by_household_number_and_year_not_by_id(world):
    household = world.own_household
    record = household.income_records.get()
    record.total_income += 100
    record.save()
    url = reverse("audit:object_history", args=["households.household", household.pk])
    entries = world.client_for("admin").get(url).context["entries"]
    subjects = {e.subject for e in entries if e.subject.startswith("收入记录")}
    assert subjects == {f"收入记录 {household.number} {record.year}"}


def test_a_save_that_changed_nothing_shown_leaves_no_empty_row(world):
    village = world.wufeng
    village.save()  # a new history row whose only differences are skipped fields
    entries = world.client_for("admin").get(
        reverse("audit:object_history", args=["villages.village", village.pk])).context["entries"]
    assert [e.action for e in entries] == ["新建"]
    assert all(e.changes or e.action != "修改" for e in entries)
