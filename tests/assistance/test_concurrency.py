"""Two users act on one pairing or plan at once: the later save is refused, nothing is lost (issue 11, 16)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assistance import services
from assistance.models import HouseholdPlan, UnitPairing
from tests.formdata import posted
from xixiang.core.errors import ConcurrentEditError

pytestmark = pytest.mark.django_db


def open_form(client, url):
    return posted(client.get(url).context["form"])


def test_ending_a_pairing_opened_before_someone_else_ended_it_is_refused_with_what_changed(world, assist):
    pairing = assist.own_unit_pairing
    url = reverse("assistance:pairing_end", args=["unit", pairing.pk])
    clerk, admin = world.client_for("clerk_chengguan"), world.client_for("admin")
    clerk_data, admin_data = open_form(clerk, url), open_form(admin, url)

    assert clerk.post(url, {**clerk_data, "end_date": "2009-12-31", "note": "任务完成"}).status_code == 302
    response = admin.post(url, {**admin_data, "end_date": "2009-11-30", "note": "单位调整"})

    assert response.status_code == 200
    message = response.context["form"].non_field_errors()[0]
    assert "clerk_chengguan" in message and "结束日期：— → 2009-12-31" in message and "备注：— → 任务完成" in message
    pairing.refresh_from_db()
    assert (pairing.end_date, pairing.note, pairing.version) == (datetime.date(2009, 12, 31), "任务完成", 2)
    rebased = posted(response.context["form"])
    assert (rebased["end_date"], rebased["note"], rebased["version"]) == ("2009-11-30", "单位调整", "2")
    # re-based, the admin's save reaches the rules: an ended line is never reopened
    again = admin.post(url, rebased)
    assert again.context["form"].errors["end_date"] == ["该结对已于 2009-12-31 结束"]


def test_handing_over_a_pairing_opened_before_another_hand_over_is_refused(world, assist):
    from tests.assistance.factories import CadreFactory

    pairing = assist.own_pairing
    url = reverse("assistance:pairing_change", args=["household", pairing.pk])
    clerk, admin = world.client_for("clerk_chengguan"), world.client_for("admin")
    clerk_data, admin_data = open_form(clerk, url), open_form(admin, url)
    first, second = CadreFactory(name="周红"), CadreFactory(name="吴刚")

    assert clerk.post(url, {**clerk_data, "partner": first.pk, "change_date": "2009-07-01"}).status_code == 302
    response = admin.post(url, {**admin_data, "partner": second.pk, "change_date": "2009-08-01"})

    assert response.status_code == 200
    assert "结束日期：— → 2009-06-30" in response.context["form"].non_field_errors()[0]
    assert list(pairing.__class__.objects.filter(household=world.own_household).order_by("start_date")
                .values_list("cadre__name", "end_date")) == [("张志强", datetime.date(2009, 6, 30)), ("周红", None)]


def test_a_stale_plan_is_refused_and_the_first_change_kept_then_saved_again_on_the_new_version(world, assist):
    plan = HouseholdPlan.objects.create(household=world.own_household, year=2010, target_income=Decimal("3000"))
    url = reverse("assistance:plan_edit", args=[world.own_household.number, 2010])
    helper, clerk = world.client_for("helper1"), world.client_for("clerk_chengguan")
    helper_data, clerk_data = open_form(helper, url), open_form(clerk, url)

    assert helper.post(url, {**helper_data, "target_income": "3450"}).status_code == 302
    response = clerk.post(url, {**clerk_data, "measure_training": "茶叶修剪培训"})

    assert response.status_code == 200
    message = response.context["form"].non_field_errors()[0]
    assert "helper1" in message and "目标人均纯收入（元）：3000.00 → 3450.00" in message
    plan.refresh_from_db()
    assert (plan.target_income, plan.measure_training, plan.version) == (Decimal("3450.00"), "", 2)
    rebased = posted(response.context["form"])
    assert (rebased["measure_training"], rebased["version"]) == ("茶叶修剪培训", "2")

    assert clerk.post(url, {**rebased, "target_income": "3450.00"}).status_code == 302
    plan.refresh_from_db()
    assert (plan.target_income, plan.measure_training, plan.version) == (Decimal("3450.00"), "茶叶修剪培训", 3)


def test_a_new_plan_entered_by_someone_else_meanwhile_is_not_overwritten(world, assist):
    url = reverse("assistance:plan_edit", args=[world.own_household.number, 2010])
    helper, clerk = world.client_for("helper1"), world.client_for("clerk_chengguan")
    helper_data, clerk_data = open_form(helper, url), open_form(clerk, url)

    assert helper.post(url, {**helper_data, "target_income": "3450"}).status_code == 302
    response = clerk.post(url, {**clerk_data, "target_income": "5000"})

    assert response.status_code == 200
    assert "目标人均纯收入（元）：— → 3450.00" in response.context["form"].non_field_errors()[0]
    assert HouseholdPlan.objects.get(household=world.own_household, year=2010).target_income == Decimal("3450.00")


def test_the_pairing_service_refuses_an_opened_version_that_moved_on(world, assist):
    pairing = assist.own_unit_pairing
    UnitPairing.objects.filter(pk=pairing.pk).update(note="改过")
    services.pairing_end(actor=world.users["admin"], pairing=pairing, end_date=datetime.date(2009, 12, 31), version=1)
    with pytest.raises(ConcurrentEditError):
        services.pairing_end(actor=world.users["admin"], pairing=pairing, end_date=datetime.date(2009, 12, 30),
                             version=1)
