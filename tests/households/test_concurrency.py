"""Two clerks edit one household at once: the later save is refused, nothing is lost (issue 11, 16),
and one save writes one history row per changed row, with the user (issue 11, 17)."""

from django.urls import reverse

from households.models import Household, IncomeRecord, Member
from tests.formdata import posted


def open_form(client, household):
    """The edit form as the clerk opened it: (url, the data the page would post unchanged)."""
    url = reverse("households:household_edit", args=[household.number])
    response = client.get(url)
    body, context = response.content.decode(), response.context
    for name in ("version", "members-0-version", "incomes-0-version"):  # the page carries them, hidden
        assert f'type="hidden" name="{name}"' in body
    return url, posted(context["form"], context["members"], context["incomes"])


def test_second_clerk_saving_a_stale_household_form_is_refused_with_what_changed_and_nothing_is_lost(world):
    household = world.own_household
    clerk, admin = world.client_for("clerk_chengguan"), world.client_for("admin")
    url, clerk_data = open_form(clerk, household)
    _url, admin_data = open_form(admin, household)

    assert clerk.post(url, {**clerk_data, "phone": "13900000001"}).status_code == 302
    response = admin.post(url, {**admin_data, "address": "五丰村二组 8 号"})

    assert response.status_code == 200
    message = response.context["form"].non_field_errors()[0]
    assert "clerk_chengguan" in message
    assert "联系电话：— → 13900000001" in message
    household.refresh_from_db()
    assert (household.phone, household.address, household.version) == ("13900000001", "", 2)
    # the admin's input is still on the form, re-based on the stored version
    rebased = posted(response.context["form"], response.context["members"], response.context["incomes"])
    assert (rebased["address"], rebased["version"]) == ("五丰村二组 8 号", "2")

    again = admin.post(url, {**rebased, "phone": "13900000001"})
    assert again.status_code == 302
    household.refresh_from_db()
    assert (household.phone, household.address, household.version) == ("13900000001", "五丰村二组 8 号", 3)


def test_a_stale_member_row_refuses_the_whole_household_save(world):
    household = world.own_household
    member = household.members.get()
    clerk, admin = world.client_for("clerk_chengguan"), world.client_for("admin")
    url, clerk_data = open_form(clerk, household)
    _url, admin_data = open_form(admin, household)

    assert clerk.post(url, {**clerk_data, "members-0-name": "王建民"}).status_code == 302
    response = admin.post(url, {**admin_data, "phone": "13900000002", "members-0-health": "serious"})

    assert response.status_code == 200
    message = response.context["form"].non_field_errors()[0]
    assert "家庭成员“王建民”" in message and "姓名：王建国 → 王建民" in message
    household.refresh_from_db()
    member.refresh_from_db()
    assert (household.phone, household.version) == ("", 1)  # the household part was not stored either
    assert (member.name, member.health, member.version) == ("王建民", "", 2)


def test_a_stale_income_record_is_refused_and_the_other_change_kept(world):
    household = world.own_household
    record = household.income_records.get()
    clerk, admin = world.client_for("clerk_chengguan"), world.client_for("admin")
    url, clerk_data = open_form(clerk, household)
    _url, admin_data = open_form(admin, household)

    assert clerk.post(url, {**clerk_data, "incomes-0-total_income": "15000.00"}).status_code == 302
    response = admin.post(url, {**admin_data, "incomes-0-total_income": "9000.00"})

    assert response.status_code == 200
    message = response.context["form"].non_field_errors()[0]
    assert "人均纯收入：3000.00 → 4000.00" in message and "家庭总收入：12000.00 → 15000.00" in message
    record.refresh_from_db()
    assert (record.total_income, record.version) == (15000, 2)


def test_one_household_form_save_writes_one_history_row_for_the_household_and_none_for_unchanged_rows(world):
    household = world.own_household
    member, record = household.members.get(), household.income_records.get()
    before = (household.history.count(), member.history.count(), record.history.count())
    clerk = world.client_for("clerk_chengguan")
    url, data = open_form(clerk, household)

    assert clerk.post(url, {**data, "phone": "13900000004"}).status_code == 302

    assert household.history.count() == before[0] + 1
    assert (Member.history.filter(id=member.pk).count(), IncomeRecord.history.filter(id=record.pk).count()) == before[
        1:
    ]
    latest = household.history.first()
    assert (latest.history_type, latest.history_user, latest.phone, latest.version) == (
        "~",
        world.users["clerk_chengguan"],
        "13900000004",
        2,
    )
    entries = clerk.get(reverse("audit:object_history", args=["households.household", household.pk])).context["entries"]
    change = next(e for e in entries if e.subject.startswith("农户") and e.action == "修改")
    assert (change.who, [(c.field, c.old, c.new) for c in change.changes]) == (
        "clerk_chengguan",
        [("联系电话", "—", "13900000004")],
    )


def test_registering_a_household_writes_one_history_row_for_it_with_the_category(world):
    from tests.households.test_household_form import new_household_data

    clerk = world.client_for("clerk_chengguan")
    assert clerk.post(reverse("households:household_create"), new_household_data(world)).status_code == 302
    household = Household.objects.get(number="61072410020101555")
    rows = list(household.history.all())
    assert [(r.history_type, r.category, r.history_user) for r in rows] == [
        ("+", "well_off", world.users["clerk_chengguan"])
    ]


def test_a_household_form_without_its_version_is_refused(world):
    household = world.own_household
    clerk = world.client_for("clerk_chengguan")
    url, data = open_form(clerk, household)
    del data["version"]
    response = clerk.post(url, {**data, "phone": "13900000005"})
    assert response.context["form"].non_field_errors() == ["表单缺少版本号，请重新打开后再保存"]
    household.refresh_from_db()
    assert household.phone == ""


def test_an_admin_site_change_moves_the_version_on_so_an_open_form_is_refused(world):
    household = world.own_household
    member = household.members.get()
    world.users["admin"].__class__.objects.filter(pk=world.users["admin"].pk).update(is_staff=True, is_superuser=True)
    clerk, admin = world.client_for("clerk_chengguan"), world.client_for("admin")
    url, clerk_data = open_form(clerk, household)
    admin_url = reverse("admin:households_household_change", args=[household.pk])
    context = admin.get(admin_url).context
    admin_data = posted(context["adminform"].form, *[inline.formset for inline in context["inline_admin_formsets"]])
    member_prefix = context["inline_admin_formsets"][0].formset.prefix

    response = admin.post(admin_url, {**admin_data, "phone": "13900000006", f"{member_prefix}-0-name": "王建民"})
    assert response.status_code == 302
    household.refresh_from_db()
    member.refresh_from_db()
    assert (household.phone, household.version, member.name, member.version) == ("13900000006", 2, "王建民", 2)

    response = clerk.post(url, {**clerk_data, "address": "一组"})
    message = response.context["form"].non_field_errors()[0]
    assert (
        "联系电话：— → 13900000006" in message and "家庭成员“王建民”" in message and "姓名：王建国 → 王建民" in message
    )
    household.refresh_from_db()
    assert household.address == ""
